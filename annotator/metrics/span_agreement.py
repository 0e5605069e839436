"""How far two annotators marked the same spans: F1 of one against the other, per label.

- **strict**: a pair is two spans with identical extent and label;
- **overlap**: a pair is two spans with the same label that share at least one character, each
  span in at most one pair, with as many pairs as possible (maximum bipartite matching, so the
  figure does not depend on the order spans are listed in).

``F1 = 2 · pairs / (spans of A + spans of B)``, which is symmetric: A against B is B against A
(precision one way is recall the other). When neither annotator marked anything, they agree
completely: F1 is 1.0.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from annotator.metrics.matching import SpanKey

SPAN_MODES: tuple[str, ...] = ("strict", "overlap")

#: The one definition of a document's span agreement, shown by ``agree`` (documents table) and
#: by the adjudication list, and named the same in both.
DOCUMENT_SPAN_F1 = (
    "span F1: strict (same start, end and label) F1 of each pair of annotators, mean over pairs"
)


@dataclass(slots=True)
class SpanPairCounts:
    first: int = 0  # spans of the first annotator
    second: int = 0
    strict: int = 0  # pairs
    overlap: int = 0

    def add(self, other: SpanPairCounts) -> None:
        self.first += other.first
        self.second += other.second
        self.strict += other.strict
        self.overlap += other.overlap

    def f1(self, mode: str) -> float:
        total = self.first + self.second
        if total == 0:
            return 1.0
        return 2 * (self.strict if mode == "strict" else self.overlap) / total


def _overlap_pairs(first: Sequence[SpanKey], second: Sequence[SpanKey]) -> int:
    """Size of a maximum matching between overlapping spans (both lists: one label).

    Greedy, which is exact for intervals: take the first list's spans by increasing end, each
    pairing with the free span of the second list that overlaps it and ends first. (Exchange
    argument: if ``a`` ends first and ``b`` is the overlapping span that ends first, any maximum
    matching can be changed to pair them: a span ``b2`` paired with ``a`` starts before ``a``
    ends, so before the partner ``a2`` of ``b`` ends, and it ends no earlier than ``b``, so
    after ``a2`` starts: ``a2`` and ``b2`` overlap and can be paired instead. What is left is the same
    problem, smaller.) A span [s, e) and [s2, e2) overlap when s < e2 and s2 < e.
    """
    if not first or not second:
        return 0
    by_start = sorted(second)
    waiting = len(by_start)
    free: list[int] = []  # ends of the free spans of ``second`` starting before the current end
    k = pairs = 0
    for start, end, _ in sorted(first, key=itemgetter(1)):
        while k < waiting and by_start[k][0] < end:
            insort(free, by_start[k][1])
            k += 1
        i = bisect_right(free, start)  # the first free span ending after this one starts
        if i < len(free):
            del free[i]
            pairs += 1
    return pairs


_LABEL = itemgetter(2)


def compare_spans(first: Sequence[SpanKey], second: Sequence[SpanKey]) -> dict[str, SpanPairCounts]:
    """Counts per label of the spans of two annotators on one document."""
    by_label: dict[str, tuple[list[SpanKey], list[SpanKey]]] = {}
    for side, spans in enumerate((first, second)):
        for label, group in groupby(sorted(spans, key=_LABEL), _LABEL):
            if label not in by_label:
                by_label[label] = ([], [])
            by_label[label][side].extend(group)
    result = {}
    for label, (a, b) in sorted(by_label.items()):
        set_a, set_b = set(a), set(b)
        if len(set_a) == len(a) and len(set_b) == len(b):  # a valid set never repeats a key
            strict = len(set_a & set_b)
        else:
            strict = (Counter(a) & Counter(b)).total()
        result[label] = SpanPairCounts(len(a), len(b), strict, _overlap_pairs(a, b))
    return result


def document_span_f1(spans: Sequence[Sequence[SpanKey]], mode: str = "strict") -> float | None:
    """DOCUMENT_SPAN_F1 for the annotators' spans of one document (None with fewer than two)."""
    pairs = [
        total(compare_spans(spans[i], spans[j])).f1(mode)
        for i in range(len(spans))
        for j in range(i + 1, len(spans))
    ]
    return sum(pairs) / len(pairs) if pairs else None


def total(counts: dict[str, SpanPairCounts]) -> SpanPairCounts:
    result = SpanPairCounts()
    for c in counts.values():
        result.add(c)
    return result
