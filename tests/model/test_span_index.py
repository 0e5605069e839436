"""The span index answers exactly what a scan of all spans would, after any edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import AnnotationSet, Document
from annotator.resources import labels_schema_path
from annotator.store.project import load_label_schema

SCHEMA = load_label_schema(labels_schema_path())
TEXT = "x" * 2000

edits = st.lists(
    st.tuples(
        st.booleans(),
        st.integers(0, 1999),
        st.integers(1, 700),
        st.sampled_from(SCHEMA.label_names),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(edits, st.integers(0, 1999), st.integers(1, 600))
def test_overlap_queries_match_a_full_scan(steps: list, start: int, length: int) -> None:
    aset = AnnotationSet(Document("d", TEXT), "a")
    _ = aset.index  # built early so the edits below update it incrementally
    for add, s, n, label in steps:
        if add or not aset.spans:
            e = min(s + n, len(TEXT))
            if aset.find(s, e, label) is None:
                aset, _ = aset.add_span(SCHEMA, label, s, e)
        else:
            aset = aset.remove_span(aset.spans[s % len(aset.spans)].id)
    end = min(start + length, len(TEXT))
    expected = [sp for sp in aset.spans if sp.start < end and start < sp.end]
    assert aset.spans_overlapping(start, end) == expected
    assert sorted(aset.spans_at(start), key=lambda sp: sp.sort_key) == [
        sp for sp in aset.spans if sp.start <= start < sp.end
    ]
