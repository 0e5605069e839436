"""A suggestion's score and an accepted span's ``suggested_by`` survive save and load, on both
reading paths (canonical lines and the general YAML reader)."""

from __future__ import annotations

import pytest

from annotator.errors import AnnotatorError
from annotator.model import AnnotationSet, Document, Span
from annotator.model.labels import LabelSchema
from annotator.store.annotation_file import (
    _parse_general,
    check_annotation_file,
    dump_annotation_set,
    parse_annotation_text,
)

TEXT = "قال المرصد إن القوات دخلت دمشق"


def sample() -> AnnotationSet:
    spans = (
        Span("s1", "ACTOR", 4, 10, origin="imported:matcher", score=0.873),
        Span("s2", "ACTOR", 14, 20, suggested_by="matcher"),
        Span("s3", "LOCATION", 26, 30, origin="imported:model", score=1.0),
    )
    return AnnotationSet(Document("d", TEXT), "ann1", "in_progress", spans)


def test_round_trip_on_both_paths(schema: LabelSchema) -> None:
    aset = sample()
    content = dump_annotation_set(aset)
    assert "score: 0.873" in content and "suggested_by: matcher" in content
    for parsed in (parse_annotation_text(content, "f.yaml"), _parse_general(content, "f.yaml")):
        loaded, problems = check_annotation_file(parsed, aset.document, schema)
        assert problems == []
        assert loaded.spans == aset.spans


@pytest.mark.parametrize("bad", ["score: 1.5", "score: -0.1", 'suggested_by: ""'])
def test_bad_values_are_refused_with_the_line(bad: str) -> None:
    content = dump_annotation_set(sample()).replace("score: 0.873", bad)
    with pytest.raises(AnnotatorError) as err:
        parse_annotation_text(content, "f.yaml")
    assert "f.yaml" in str(err.value)
