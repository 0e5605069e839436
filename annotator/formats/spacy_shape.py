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

from annotator.formats.base import ExportReport, WriteOptions
from annotator.formats.fitting import fit_spans, item, outermost
from annotator.formats.tokenization import (
    merge_guarded,
    sentence_ranges,
    spacy_words,
    tokens_for,
)
from annotator.model.annotation_set import AnnotationSet

SPAN_KEY = "sc"


@dataclass(frozen=True, slots=True)
class SpacyLayout:
    words: list[tuple[int, int, bool]]  # start, end, space after
    ents: list[tuple[int, int, str]]
    spans: list[tuple[int, int, str]]
    sents: list[tuple[int, int]]


def spacy_layout(
    aset: AnnotationSet, options: WriteOptions, report: ExportReport, *, with_sentences: bool
) -> SpacyLayout:
    """Tokens, ents and spans of one set (and its sentences, for the JSON shape)."""
    text = aset.text
    tokens = tokens_for(text, options.split_clitics)
    fitted = fit_spans(aset, tokens, options.alignment, report)
    kept, collisions = outermost(aset, fitted)
    for f, winner in collisions:
        report.changed.append(
            item(
                aset.document.id,
                aset.span(f.span_id),
                f"overlaps {winner.label} {winner.id} at {winner.start}-{winner.end}: only in "
                f'doc.spans["{SPAN_KEY}"], not in doc.ents',
            )
        )
    sents: list[tuple[int, int]] = []
    if with_sentences:
        guards = [(f.first, f.stop - 1) for f in kept]
        ranges = merge_guarded(sentence_ranges(text, tokens), guards)
        sents = [(tokens[i].start, tokens[j - 1].end) for i, j in ranges]
    report.spans += len(fitted)
    report.documents += 1
    return SpacyLayout(
        words=spacy_words(text, tokens),
        ents=[(f.start, f.end, f.label) for f in kept],
        spans=[(f.start, f.end, f.label) for f in fitted],
        sents=sents,
    )


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
