"""Our sets laid out the way spaCy holds a Doc: tokens, ``doc.ents`` and ``doc.spans["sc"]``.

Shared by the spaCy-shaped JSONL (``Doc.to_json``/``Doc.from_json``) and the DocBin writer, so
both cut the text the same way. Pure: no spaCy import here.

- Tokens are the export tokens (tokenization.py), plus the whitespace tokens spaCy itself keeps
  for any whitespace other than one space after a token.
- A span must start and end on token boundaries to exist in a spaCy Doc. One that does not is
  expanded to the tokens it touches or skipped (the alignment policy), and reported.
- ``doc.ents`` cannot overlap: the outermost, then leftmost, spans go there; every aligned span
  goes to the span group ``doc.spans["sc"]`` (which keeps overlaps and nesting). A span left out
  of ``ents`` is reported as changed, not dropped, since ``sc`` still has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.formats.base import ExportReport, ReportItem, WriteOptions
from annotator.formats.tokenization import (
    TokenIndex,
    merge_guarded,
    non_overlapping,
    sentence_ranges,
    spacy_words,
    tokens_for,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.model.span import Span

SPAN_KEY = "sc"


@dataclass(frozen=True, slots=True)
class SpacyLayout:
    words: list[tuple[int, int, bool]]  # start, end, space after
    ents: list[tuple[int, int, str]]
    spans: list[tuple[int, int, str]]
    sents: list[tuple[int, int]]


def spacy_layout(aset: AnnotationSet, options: WriteOptions, report: ExportReport) -> SpacyLayout:
    text = aset.text
    doc = aset.document.id
    tokens = tokens_for(text, options.split_clitics)
    index = TokenIndex(tokens)
    fitted: list[tuple[int, int, str, str]] = []
    seen: dict[tuple[int, int, str], Span] = {}
    for span in aset.spans:
        fit = index.fit(span.start, span.end)
        if fit.empty:
            report.dropped.append(_item(doc, span, "covers no token (only whitespace)"))
            continue
        a, b = index.extent(fit)
        if not fit.exact:
            if options.alignment == "skip":
                report.dropped.append(
                    _item(doc, span, f"does not line up with tokens (they cover {a}-{b}); skipped")
                )
                continue
            report.changed.append(
                _item(doc, span, f"does not line up with tokens; expanded to {a}-{b} {text[a:b]!r}")
            )
        twin = seen.get((a, b, span.label))
        if twin is not None:
            report.dropped.append(
                _item(doc, span, f"is the same as {twin.id} once expanded to tokens {a}-{b}")
            )
            continue
        seen[(a, b, span.label)] = span
        fitted.append((a, b, span.label, span.id))
    kept, collisions = non_overlapping(fitted)
    for k, other in collisions:
        span, winner = aset.span(fitted[k][3]), aset.span(fitted[other][3])
        report.changed.append(
            _item(
                doc,
                span,
                f"overlaps {winner.label} {winner.id} at {winner.start}-{winner.end}: only in "
                f'doc.spans["{SPAN_KEY}"], not in doc.ents',
            )
        )
    ents = sorted((fitted[k][0], fitted[k][1], fitted[k][2]) for k in kept)
    all_spans = [(a, b, label) for a, b, label, _ in fitted]
    token_of = {t.start: i for i, t in enumerate(tokens)}
    token_end = {t.end: i for i, t in enumerate(tokens)}
    guards = [(token_of[a], token_end[b]) for a, b, _ in ents]
    sents = [
        (tokens[i].start, tokens[j - 1].end)
        for i, j in merge_guarded(sentence_ranges(text, tokens), guards)
    ]
    report.spans += len(fitted)
    report.documents += 1
    return SpacyLayout(spacy_words(text, tokens), ents, all_spans, sents)


def _item(doc: str, span: Span, reason: str) -> ReportItem:
    return ReportItem(doc, span.id, span.label, span.start, span.end, reason)


def doc_json(aset: AnnotationSet, layout: SpacyLayout) -> dict[str, Any]:
    """The ``Doc.to_json()`` shape, loadable with ``Doc(vocab).from_json(...)``."""
    return {
        "id": aset.document.id,
        "text": aset.text,
        "ents": [{"start": a, "end": b, "label": label} for a, b, label in layout.ents],
        "sents": [{"start": a, "end": b} for a, b in layout.sents],
        "tokens": [{"id": i, "start": a, "end": b} for i, (a, b, _) in enumerate(layout.words)],
        "spans": {
            SPAN_KEY: [
                {"start": a, "end": b, "label": label, "kb_id": ""} for a, b, label in layout.spans
            ]
        },
    }
