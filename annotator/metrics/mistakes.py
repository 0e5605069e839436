"""What went wrong, one item per error, so that a score can be explained span by span.

Span errors come from the *strict* matching (the one behind the headline figure), so their
numbers add up to its counts: spurious predictions are false positives, unmatched gold spans are
misses, and every ``incorrect`` pair is one of

- ``label``: same extent, another label;
- ``boundary``: same label, another extent (overlapping the gold span);
- ``label_boundary``: both differ.

Relation errors come from the strict relation pairing; each says whether the partial mode (claim
spans overlapping) credits it after all.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.metrics.evaluation import DocumentResult
from annotator.metrics.matching import INCORRECT, SPURIOUS, SpanKey
from annotator.metrics.relations import RelationKey, RelationMatching

SPAN_KINDS: tuple[str, ...] = ("spurious", "missed", "boundary", "label", "label_boundary")
RELATION_KINDS: tuple[str, ...] = ("relation_spurious", "relation_missed")
KIND_TITLES = {
    "spurious": "False positives (no gold span overlaps the prediction)",
    "missed": "Misses (gold spans no prediction matched)",
    "boundary": "Boundary errors (right label, different extent)",
    "label": "Label errors (right extent, different label)",
    "label_boundary": "Label and boundary errors",
    "relation_spurious": "Relations predicted but not in the gold",
    "relation_missed": "Gold relations not predicted",
}
#: One error of each kind, in a sentence ("3 boundary errors").
KIND_NOUNS = {
    "spurious": ("false positive", "false positives"),
    "missed": ("miss", "misses"),
    "boundary": ("boundary error", "boundary errors"),
    "label": ("label error", "label errors"),
    "label_boundary": ("label and boundary error", "label and boundary errors"),
    "relation_spurious": ("spurious relation", "spurious relations"),
    "relation_missed": ("missed relation", "missed relations"),
}


@dataclass(frozen=True, slots=True)
class SpanMistake:
    kind: str
    document: str
    gold: SpanKey | None
    pred: SpanKey | None

    @property
    def position(self) -> tuple[int, int]:
        span = self.pred or self.gold
        assert span is not None
        return (span[0], span[1])


@dataclass(frozen=True, slots=True)
class RelationMistake:
    kind: str
    document: str
    relation: RelationKey
    #: The relation on the other side that the partial mode pairs it with, if any.
    partial_partner: RelationKey | None


def incorrect_kind(gold: SpanKey, pred: SpanKey) -> str:
    if (gold[0], gold[1]) == (pred[0], pred[1]):
        return "label"
    return "boundary" if gold[2] == pred[2] else "label_boundary"


def span_mistakes(result: DocumentResult) -> list[SpanMistake]:
    """Every strict error of one document, in document order within each kind."""
    strict, gold, pred, doc = result.strict, result.gold, result.pred, result.id
    found: list[SpanMistake] = []
    for j, outcome in enumerate(strict.outcome):
        if outcome == SPURIOUS:
            found.append(SpanMistake("spurious", doc, None, pred[j]))
        elif outcome == INCORRECT:
            g = gold[strict.partner[j]]
            found.append(SpanMistake(incorrect_kind(g, pred[j]), doc, g, pred[j]))
    found.extend(SpanMistake("missed", doc, gold[i], None) for i in strict.missed_gold())
    return found


def relation_mistakes(
    doc: str,
    gold: tuple[RelationKey, ...],
    pred: tuple[RelationKey, ...],
    matching: RelationMatching,
) -> list[RelationMistake]:
    found: list[RelationMistake] = []
    for j, rel in enumerate(pred):
        if matching.strict[j] < 0:
            k = matching.partial[j]
            found.append(
                RelationMistake("relation_spurious", doc, rel, gold[k] if k >= 0 else None)
            )
    partial_of = {k: j for j, k in enumerate(matching.partial) if k >= 0}
    for i in matching.unmatched_gold("strict", len(gold)):
        j = partial_of.get(i, -1)
        found.append(RelationMistake("relation_missed", doc, gold[i], pred[j] if j >= 0 else None))
    return found


def sort_mistakes(
    spans: list[SpanMistake], relations: list[RelationMistake]
) -> tuple[list[SpanMistake], list[RelationMistake]]:
    """Grouped by kind (in the order of the kind lists), then by document and position."""
    span_rank = {k: i for i, k in enumerate(SPAN_KINDS)}
    rel_rank = {k: i for i, k in enumerate(RELATION_KINDS)}
    return (
        sorted(spans, key=lambda m: (span_rank[m.kind], m.document, m.position)),
        sorted(relations, key=lambda m: (rel_rank[m.kind], m.document, m.relation[1:])),
    )
