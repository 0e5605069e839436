"""Putting a set's spans on tokens for the token formats, reporting each one that moves.

Shared by CoNLL/BIOES and spaCy so that both fit spans to tokens the same way (see
tokenization.py for the tokens and the alignment policy).
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.formats.base import Alignment, ExportReport, ReportItem
from annotator.formats.tokenization import non_overlapping
from annotator.model.annotation_set import AnnotationSet
from annotator.model.span import Span
from annotator.text.tokens import Token, TokenIndex


class Fitted(NamedTuple):
    """A span on tokens ``first`` .. ``stop - 1``, covering ``start`` .. ``end`` of the text.
    A named tuple: an export fits every span of every document."""

    first: int
    stop: int
    start: int
    end: int
    label: str
    span_id: str


def item(doc: str, span: Span, reason: str) -> ReportItem:
    return ReportItem(doc, span.id, span.label, span.start, span.end, reason)


def fit_spans(
    aset: AnnotationSet, tokens: list[Token], alignment: Alignment, report: ExportReport
) -> list[Fitted]:
    """Every span that can stand on tokens, expanded or skipped by the alignment policy.

    A span covering no token is dropped; one that becomes the same as an earlier span (same
    tokens and label) once expanded is dropped too. Each is listed in the report.
    """
    text = aset.text
    doc = aset.document.id
    index = TokenIndex(tokens)
    starts, ends = index.starts, index.ends
    fitted: list[Fitted] = []
    seen: dict[tuple[int, int, str], str] = {}
    for span in aset.spans:
        covered = index.covered(span.start, span.end)
        if not covered:
            report.dropped.append(item(doc, span, "covers no token (only whitespace)"))
            continue
        first, stop = covered.start, covered.stop
        a, b = starts[first], ends[stop - 1]
        if a != span.start or b != span.end:
            if alignment == "skip":
                report.dropped.append(
                    item(doc, span, f"does not line up with tokens (they cover {a}-{b}); skipped")
                )
                continue
            report.changed.append(
                item(doc, span, f"does not line up with tokens; expanded to {a}-{b} {text[a:b]!r}")
            )
        twin = seen.get((a, b, span.label))
        if twin is not None:
            report.dropped.append(
                item(doc, span, f"is the same as {twin} once expanded to tokens {a}-{b}")
            )
            continue
        seen[(a, b, span.label)] = span.id
        fitted.append(Fitted(first, stop, a, b, span.label, span.id))
    return fitted


def outermost(
    aset: AnnotationSet, fitted: list[Fitted]
) -> tuple[list[Fitted], list[tuple[Fitted, Span]]]:
    """The spans that do not overlap (outermost, then leftmost, first), and each other one
    with the kept span it collides with."""
    kept, collisions = non_overlapping([(f.start, f.end, f.label, f.span_id) for f in fitted])
    return (
        [fitted[k] for k in sorted(kept, key=lambda k: fitted[k].start)],
        [(fitted[k], aset.span(fitted[other].span_id)) for k, other in collisions],
    )
