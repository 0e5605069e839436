"""Scoring ``source`` relations (CLAIM -> ACTOR): who said what, against the gold.

A relation is compared by what it links, not by ids: ``(type, from span, to span)`` with each
span as (start, end, label). Two modes, each a one-to-one pairing of predicted with gold relations:

- **strict**: same type, and both end spans identical (offsets and label);
- **partial**: same type, the *to* span (the ACTOR) identical, and the *from* spans (the CLAIMs)
  with the same label and overlapping by at least one character. A claim drawn a little wider or
  narrower than the gold one still credits the attribution; a wrong actor never does. When several
  pairings are possible the largest number of pairs counts (maximum bipartite matching), so the
  result does not depend on the order relations are listed in. Every strict pair is also a
  partial pair, so partial >= strict.

Precision = correct / predicted relations, recall = correct / gold relations, F1 their harmonic
mean; zero division gives 0.0, as for spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.metrics.bipartite import maximum_matching
from annotator.metrics.matching import SpanKey
from annotator.metrics.prf import Scores, f1_score, ratio

#: (type, from span, to span).
RelationKey = tuple[str, SpanKey, SpanKey]
MODES: tuple[str, ...] = ("strict", "partial")


@dataclass(slots=True)
class RelationCounts:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def missed(self) -> int:
        return self.gold - self.correct

    @property
    def spurious(self) -> int:
        return self.predicted - self.correct

    def add(self, other: RelationCounts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct

    def scores(self) -> Scores:
        precision = ratio(self.correct, self.predicted)
        recall = ratio(self.correct, self.gold)
        return Scores(precision, recall, f1_score(precision, recall))


@dataclass(frozen=True, slots=True)
class RelationMatching:
    """For each predicted relation, the index of the gold relation it is paired with in each
    mode (-1 if none)."""

    strict: list[int]
    partial: list[int]

    def unmatched_gold(self, mode: str, gold_count: int) -> list[int]:
        taken = set(self.strict if mode == "strict" else self.partial)
        return [i for i in range(gold_count) if i not in taken]


def _overlap(a: SpanKey, b: SpanKey) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] == b[2]


def match_relations(gold: Sequence[RelationKey], pred: Sequence[RelationKey]) -> RelationMatching:
    """Pair predicted with gold relations in both modes (see the module doc)."""
    free: dict[RelationKey, list[int]] = {}
    for i in range(len(gold) - 1, -1, -1):
        free.setdefault(gold[i], []).append(i)
    strict = [-1] * len(pred)
    for j, rel in enumerate(pred):
        same = free.get(rel)
        if same:
            strict[j] = same.pop()
    groups: dict[tuple[str, SpanKey], tuple[list[int], list[int]]] = {}
    for i, (rtype, _, to) in enumerate(gold):
        groups.setdefault((rtype, to), ([], []))[0].append(i)
    for j, (rtype, _, to) in enumerate(pred):
        groups.setdefault((rtype, to), ([], []))[1].append(j)
    partial = [-1] * len(pred)
    for gold_ids, pred_ids in groups.values():
        if not gold_ids or not pred_ids:
            continue
        local = {g: k for k, g in enumerate(gold_ids)}
        adjacency = [
            [k for k, g in enumerate(gold_ids) if _overlap(pred[j][1], gold[g][1])]
            for j in pred_ids
        ]
        seed = [(n, local[strict[j]]) for n, j in enumerate(pred_ids) if strict[j] >= 0]
        for n, k in enumerate(maximum_matching(adjacency, len(gold_ids), seed)):
            if k >= 0:
                partial[pred_ids[n]] = gold_ids[k]
    return RelationMatching(strict, partial)


@dataclass(slots=True)
class RelationEvaluation:
    """Relation counts per mode, in total (micro) and per relation type, added over documents."""

    micro: dict[str, RelationCounts] = field(
        default_factory=lambda: {m: RelationCounts() for m in MODES}
    )
    types: dict[str, dict[str, RelationCounts]] = field(default_factory=dict)

    def add(
        self, gold: Sequence[RelationKey], pred: Sequence[RelationKey], matching: RelationMatching
    ) -> None:
        for mode, partners in (("strict", matching.strict), ("partial", matching.partial)):
            for rtype in {r[0] for r in gold} | {r[0] for r in pred}:
                counts = RelationCounts(
                    sum(1 for r in gold if r[0] == rtype),
                    sum(1 for r in pred if r[0] == rtype),
                    sum(1 for j, r in enumerate(pred) if r[0] == rtype and partners[j] >= 0),
                )
                per_type = self.types.setdefault(rtype, {m: RelationCounts() for m in MODES})
                per_type[mode].add(counts)
                self.micro[mode].add(counts)
