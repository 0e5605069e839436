"""Model -> format -> model: the identity for the lossless formats, and for the lossy ones
exactly what their report says they dropped or changed, nothing else."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.registry import get_format
from annotator.formats.tokenization import tokens_for
from annotator.model import AnnotationSet, LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.project import load_label_schema
from tests.formats.helpers import read_content, scratch, set_content
from tests.strategies import annotation_sets

SCHEMA: LabelSchema = load_label_schema(labels_schema_path())
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: What str.splitlines breaks lines at: brat cannot hold these inside a .ann line.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
EXPANDED = re.compile(r"expanded to (\d+)-(\d+) ")


def round_trip(
    name: str,
    aset: AnnotationSet,
    options: WriteOptions | None = None,
    read: ReadOptions | None = None,
):
    fmt = get_format(name)
    with scratch() as folder:
        target = folder / ("out" if fmt.folder else f"out{fmt.default_extension}")
        report = fmt.write([aset], target, options or WriteOptions(schema=SCHEMA), NO_PROGRESS)
        corpus = fmt.read(target, read or ReadOptions())
    assert len(corpus) == 1
    return report, corpus[0]


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_jsonl_in_our_shape_is_lossless(aset: AnnotationSet) -> None:
    report, doc = round_trip("jsonl", aset)
    assert read_content(doc) == set_content(aset)
    assert not report.dropped and not report.changed and not report.lost


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_labelstudio_is_lossless(aset: AnnotationSet) -> None:
    report, doc = round_trip("labelstudio", aset)
    assert read_content(doc) == set_content(aset)
    assert not report.dropped and not report.changed and not report.lost


def brat_expected(aset: AnnotationSet):
    """What brat must give back: spans as they are, except that line breaks at either end are
    trimmed (a brat span cannot start or end with one) and a span of only line breaks is gone
    with its relations."""
    text = aset.text
    spans, gone = [], set()
    for s in aset.spans:
        piece = text[s.start : s.end]
        inner = piece.strip(LINE_BREAKS)
        if not inner:
            gone.add(s.id)
            continue
        start = s.start + len(piece) - len(piece.lstrip(LINE_BREAKS))
        spans.append(s.with_changes(start=start, end=start + len(inner)))
    relations = [r for r in aset.relations if r.from_id not in gone and r.to_id not in gone]
    return spans, relations, gone


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_brat_keeps_everything_but_line_breaks_at_span_ends(aset: AnnotationSet) -> None:
    report, doc = round_trip("brat", aset)
    spans, relations, gone = brat_expected(aset)
    expected = replace(
        aset,
        spans=tuple(sorted(spans, key=lambda s: s.sort_key)),
        relations=tuple(relations),
        _by_id={},
    )
    assert read_content(doc) == set_content(expected)
    trimmed = {s.id for s in spans if s != aset.span(s.id)}
    assert {i.ident for i in report.changed} == trimmed
    lost_links = {r.id for r in aset.relations if r not in relations}
    assert {i.ident for i in report.dropped} == gone | lost_links


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_doccano_relations_shape_keeps_spans_ids_and_relations(aset: AnnotationSet) -> None:
    report, doc = round_trip("jsonl", aset, WriteOptions(jsonl_shape="doccano-rel"))
    ours = set_content(aset)
    got = read_content(doc)
    assert got[:2] == ours[:2]
    assert [s[:4] for s in got[2]] == [s[:4] for s in ours[2]]
    assert got[3] == ours[3]
    assert report.lost["attributes"] == sum(len(s.attributes) for s in aset.spans)
    assert report.lost["notes"] == sum(1 for s in aset.spans if s.note)


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_doccano_label_shape_keeps_offsets_and_labels(aset: AnnotationSet) -> None:
    report, doc = round_trip("jsonl", aset, WriteOptions(jsonl_shape="doccano"))
    assert doc.text == aset.text
    assert sorted(s.key for s in doc.spans) == sorted(s.key for s in aset.spans)
    assert doc.relations == ()
    assert report.lost["relations"] == len(aset.relations)


def token_expected(aset: AnnotationSet, report, split_clitics: bool) -> set[tuple[int, int, str]]:
    """The spans a token format must give back, from the report alone: every span not listed
    as dropped, at its expanded extent when listed as expanded."""
    dropped = {i.ident for i in report.dropped}
    expanded = {}
    for item in report.changed:
        match = EXPANDED.search(item.reason)
        if match:
            expanded[item.ident] = (int(match.group(1)), int(match.group(2)))
    out = set()
    for s in aset.spans:
        if s.id in dropped:
            continue
        start, end = expanded.get(s.id, (s.start, s.end))
        out.add((start, end, s.label))
    return out


@PROPERTY
@given(
    annotation_sets(SCHEMA),
    st.sampled_from(["conll", "bioes"]),
    st.booleans(),
    st.sampled_from(["expand", "skip"]),
)
def test_conll_gives_back_exactly_what_it_reports_keeping(
    aset: AnnotationSet, name: str, split_clitics: bool, alignment: str
) -> None:
    options = WriteOptions(split_clitics=split_clitics, alignment=alignment)  # type: ignore[arg-type]
    report, doc = round_trip(name, aset, options, ReadOptions(texts={aset.document.id: aset.text}))
    # The tokens match the text, so the reader maps them back onto it: exact id, text, offsets.
    assert (doc.id, doc.text, doc.text_exact) == (aset.document.id, aset.text, True)
    got = {(s.start, s.end, s.label) for s in doc.spans}
    assert got == token_expected(aset, report, split_clitics)
    assert len(got) == len(doc.spans) == report.spans
    # Every span written lines up with the export tokens and no two overlap.
    tokens = tokens_for(aset.text, split_clitics)
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    assert all(a in starts and b in ends for a, b, _ in got)
    ordered = sorted(got)
    assert all(x[1] <= y[0] for x, y in itertools.pairwise(ordered))
    assert report.lost["relations"] == len(aset.relations)
    assert report.lost["attributes"] == sum(len(s.attributes) for s in aset.spans)


@PROPERTY
@given(annotation_sets(SCHEMA), st.booleans())
def test_spacy_json_gives_back_exactly_what_it_reports_keeping(
    aset: AnnotationSet, split_clitics: bool
) -> None:
    options = WriteOptions(jsonl_shape="spacy", split_clitics=split_clitics)
    report, doc = round_trip("jsonl", aset, options)
    assert doc.text == aset.text
    got = {(s.start, s.end, s.label) for s in doc.spans}
    assert got == token_expected(aset, report, split_clitics)
