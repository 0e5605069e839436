"""Counts of the SemEval-2013 task 9.1 scheme and the precision, recall and F1 made from them.

The formulas are nervaluate 1.2.1's, written in the same order of operations so that every
figure is the same float, not merely a close one:

- ``possible = correct + incorrect + partial + missed`` (what the gold holds),
- ``actual = correct + incorrect + partial + spurious`` (what was predicted),
- precision ``= correct / actual`` and recall ``= correct / possible``; in the ``partial`` and
  ``type`` schemes a partial match earns half a point: ``(correct + 0.5 * partial) / ...``,
- ``F1 = 2 * (precision * recall) / (precision + recall)``.

Zero division is defined, never NaN: a precision with nothing predicted, a recall with nothing in
the gold and an F1 whose precision and recall are both 0 are 0.0 (nervaluate's choice too).
"""

from __future__ import annotations

from dataclasses import dataclass


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0 (see the module doc)."""
    return numerator / denominator if denominator > 0 else 0.0


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    total = precision + recall
    return 2 * (precision * recall) / total if total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1, each in [0, 1]."""

    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0


@dataclass(slots=True)
class Counts:
    """How the predictions of one scheme fared against the gold; counts add across documents."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious

    def scores(self, partial_credit: bool) -> Scores:
        """P/R/F1; ``partial_credit`` gives partial matches half a point (partial, type)."""
        hits: float = self.correct + 0.5 * self.partial if partial_credit else self.correct
        precision = ratio(hits, self.actual)
        recall = ratio(hits, self.possible)
        return Scores(precision, recall, f1_score(precision, recall))


def macro_average(scores: list[Scores]) -> Scores:
    """Mean over labels of each label's precision, recall and F1 (F1 is the mean of the F1s,
    not the F1 of the mean precision and recall). No labels: all 0.0."""
    if not scores:
        return Scores()
    n = len(scores)
    return Scores(
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
    )
