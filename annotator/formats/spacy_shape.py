"""Our sets laid out the way spaCy holds a Doc: tokens, ``doc.ents`` and ``doc.spans["sc"]``.

Shared by the spaCy-shaped JSONL (``Doc.to_json``/``Doc.from_json``) and the DocBin writer, so
both cut the text the same way. Pure: no spaCy import here.

- Tokens are the export tokens (tokenization.py), plus the whitespace tokens spaCy itself keeps
  for any whitespace other than one space after a token.
- A span must start and end on token boundaries to exist in a spaCy Doc. One that does not is
  expanded to the tokens it touches or skipped (the alignment policy), and reported.
- ``doc.ents`` holds named entities only: by default every label but CLAIM (a claim is a
  statement, and putting it in ``ents`` pushes out every entity nested in it); ``ent_labels``
  in the options chooses others. ``doc.ents`` cannot overlap: of those spans, the outermost,
  then leftmost, go there. Every aligned span goes to the span group ``doc.spans["sc"]``
  (which keeps overlaps and nesting). An entity left out of ``ents`` by an overlap is reported
  as changed, not dropped, since ``sc`` still has it.
- Sentences are ``tokenization.sentence_ranges``, never breaking inside an entity of ``ents``.
"""

from __future__ import annotations

from collections.abc import Iterable
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
#: Labels kept out of ``doc.ents`` unless asked for: not named entities.
NOT_ENTITIES = ("CLAIM",)


def entity_labels(options: WriteOptions, present: Iterable[str] = ()) -> tuple[str, ...]:
    """The labels that go to ``doc.ents``: ``options.ent_labels`` when given, else the
    schema's labels (or, without a schema, the ``present`` ones) except NOT_ENTITIES."""
    if options.ent_labels is not None:
        return tuple(options.ent_labels)
    names = options.schema.label_names if options.schema is not None else tuple(present)
    return tuple(dict.fromkeys(n for n in names if n not in NOT_ENTITIES))


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
    wanted = set(entity_labels(options, (s.label for s in aset.spans)))
    kept, collisions = outermost(aset, [f for f in fitted if f.label in wanted])
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
