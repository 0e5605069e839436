"""Fixtures for the format tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import AnnotationSet, Document, LabelSchema, Relation, Span, build_set

# The seed sentence of the sample corpus, with a CRLF, harakat, « » and a proclitic.
MIXED = (
    "قال المرصدُ السوري لحقوق الإنسان،\r\n"
    "إن «الطائرات» قصفت مواقع في دير الزور (شرق سوريا).\n"
    "والمرصد قال: إن القصف مستمر."
)


@pytest.fixture
def mixed_set(schema: LabelSchema) -> AnnotationSet:
    """A set with everything the model holds: nesting, attributes, a note, a relation."""
    text = MIXED
    doc = Document("mixed-1", text)

    def at(piece: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(piece, start + 1)
        return start, start + len(piece)

    spans = [
        Span(
            "s1",
            "ACTOR",
            *at("المرصدُ السوري لحقوق الإنسان"),
            {"kind": "monitor_ngo"},
            "note with\ta tab, a newline\nand a backslash \\",
        ),
        Span("s2", "ACTOR", *at("المرصدُ")),
        Span("s3", "WEAPON", *at("الطائرات"), {"kind": "aircraft"}),
        Span("s4", "CLAIM", *at("«الطائرات» قصفت مواقع في دير الزور"), {"stance": "reported"}),
        Span("s5", "LOCATION", *at("دير الزور"), {"kind": "city"}),
        Span("s6", "ACTOR", *at("المرصد", 1)),  # inside "والمرصد": not on a token boundary
    ]
    relations = [Relation("r1", "source", "s4", "s1")]
    aset, problems = build_set(doc, "ann1", schema, spans, relations, status="done")
    assert not problems
    return aset


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"
