"""Cleaning an imported document's text before it meets the project, spans carried over.

``import --clean`` normalises given texts (hygiene.clean); readers that build the text from a
Doc (spaCy) take the invisible marks out. Either way every span and token is moved through the
exact offset map, so it covers the same visible characters; a span left with no characters is
a problem naming its place, never silently moved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from annotator.errors import Problem
from annotator.formats.base import ImportedDocument
from annotator.text.hygiene import clean


def clean_document(
    doc: ImportedDocument, *, only_marks: bool = False
) -> tuple[ImportedDocument, Counter[str], list[Problem]]:
    """``doc`` with its text cleaned and its spans and tokens remapped, what changed, and the
    spans that would be left empty (the document is returned unchanged if there are any)."""
    cleaned = clean(doc.text, only_marks=only_marks)
    if not cleaned.changed:
        return doc, Counter(), []
    problems = []
    spans = []
    for span in doc.spans:
        a, b = cleaned.remap(span.start, span.end)
        if a >= b:
            problems.append(
                Problem(
                    doc.span_place(span.id),
                    f"span {span.id} {span.label} {span.start}-{span.end} is only characters "
                    "that cleaning removes",
                )
            )
        spans.append(replace(span, start=a, end=b))
    if problems:
        return doc, Counter(), problems
    tokens = tuple(cleaned.remap(a, b) for a, b in doc.tokens)
    return (
        replace(doc, text=cleaned.text, spans=tuple(spans), tokens=tokens),
        cleaned.changes,
        [],
    )
