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

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from annotator.metrics.bipartite import maximum_matching
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
    """Size of a maximum matching between overlapping spans (both lists: one label, sorted)."""
    if not first or not second:
        return 0
    starts = [s[0] for s in second]
    reach = list(accumulate((s[1] for s in second), max))  # furthest end up to each index
    adjacency: list[list[int]] = []
    for start, end, _ in first:
        edges = []
        k = bisect_left(starts, end) - 1  # the last span starting before this one ends
        while k >= 0 and reach[k] > start:
            if second[k][1] > start:
                edges.append(k)
            k -= 1
        adjacency.append(edges)
    # Start from a greedy matching (each span takes the first free one it overlaps): the
    # augmenting paths then only fix what greed got wrong, and the size is the maximum all
    # the same (bipartite.py).
    seed = []
    taken: set[int] = set()
    for u, edges in enumerate(adjacency):
        for v in edges:
            if v not in taken:
                taken.add(v)
                seed.append((u, v))
                break
    return sum(1 for v in maximum_matching(adjacency, len(second), seed) if v >= 0)


def compare_spans(first: Sequence[SpanKey], second: Sequence[SpanKey]) -> dict[str, SpanPairCounts]:
    """Counts per label of the spans of two annotators on one document."""
    by_label: dict[str, tuple[list[SpanKey], list[SpanKey]]] = {}
    for span in first:
        by_label.setdefault(span[2], ([], []))[0].append(span)
    for span in second:
        by_label.setdefault(span[2], ([], []))[1].append(span)
    result = {}
    for label, (a, b) in sorted(by_label.items()):
        a.sort()
        b.sort()
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
