"""Greedy span matching with nervaluate 1.2.1's exact semantics, by sorting and sweeping.

nervaluate walks the predictions of a document in order and, for each, scans every gold span:
O(n·m) per document, per scheme and again per label. The result depends only on the order of the
two lists, so we fix that order (document order: start, end, label) and reproduce the same
decisions in one sweep:

- **Boundary schemes** (strict: extent and label; exact and partial: extent only). A prediction
  takes a gold span it matches *exactly* if one is still unmatched (a hash lookup); otherwise the
  first unmatched gold span, in document order, that it overlaps *enough* (an ``incorrect`` in
  strict and exact, a ``partial`` in partial); otherwise it is spurious.
- **Closest scheme** (type). Among the unmatched gold spans it overlaps enough, a prediction takes
  the one *with its label* whose boundaries are closest (smallest ``|Δstart| + |Δend|``, the
  earliest on ties): correct. Failing that, the first with another label: incorrect. Otherwise
  spurious.

Gold spans left unmatched are missed. "Overlaps enough" is nervaluate's test: the shared length is
at least ``min_overlap`` percent (1 to 100, default 1) *of the gold span's length*, computed as
``overlap / gold_length * 100.0`` in floating point exactly as nervaluate does. With the default,
a one-character overlap with a gold span longer than 100 characters does not count: a quirk we
reproduce.

The sweep visits predictions by increasing start. A gold span that ends at or before the current
prediction's start can never overlap this or any later prediction, so it is dropped; matched gold
spans are dropped too. The remaining ("alive") gold spans are kept in a next-alive index with path
compression, so a scan touches only gold spans that overlap the prediction (plus each dropped span
once): near-linear on real documents instead of quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A span as the metrics see it: start, end (exclusive), label. Tuples sort in document order.
SpanKey = tuple[int, int, str]

CORRECT = 0
INCORRECT = 1  # "partial" in the partial scheme
SPURIOUS = 2


@dataclass(frozen=True, slots=True)
class Matching:
    """The fate of every prediction of one document under one scheme.

    ``outcome[j]`` is CORRECT, INCORRECT or SPURIOUS for prediction ``j``; ``partner[j]`` is the
    index of the gold span it took (-1 when spurious). Gold spans nobody took are missed.
    """

    outcome: bytearray
    partner: list[int]
    gold_count: int

    @property
    def correct(self) -> int:
        return self.outcome.count(CORRECT)

    @property
    def incorrect(self) -> int:
        return self.outcome.count(INCORRECT)

    @property
    def spurious(self) -> int:
        return self.outcome.count(SPURIOUS)

    @property
    def missed(self) -> int:
        return self.gold_count - (len(self.outcome) - self.spurious)

    def missed_gold(self) -> list[int]:
        """Indices of the gold spans no prediction took, in document order."""
        taken = set(self.partner)
        return [i for i in range(self.gold_count) if i not in taken]


def check_min_overlap(min_overlap: float) -> float:
    if not 1.0 <= min_overlap <= 100.0:
        raise ValueError("min_overlap must be a percentage between 1 and 100")
    return float(min_overlap)


class _Alive:
    """Indices 0..n-1 of gold spans still available, as "next alive index" with path halving."""

    __slots__ = ("nxt",)

    def __init__(self, n: int) -> None:
        self.nxt = list(range(n + 1))

    def first_from(self, i: int) -> int:
        nxt = self.nxt
        while nxt[i] != i:
            nxt[i] = nxt[nxt[i]]
            i = nxt[i]
        return i

    def drop(self, i: int) -> None:
        self.nxt[i] = i + 1


def match_boundaries(
    gold: list[SpanKey], pred: list[SpanKey], *, with_label: bool, min_overlap: float = 1.0
) -> Matching:
    """The strict scheme (``with_label=True``) or the exact/partial scheme (``False``).

    Both lists must be sorted in document order (``sorted()`` of the tuples).
    """
    n = len(gold)
    exact: dict[object, list[int]] = {}
    for i in range(n - 1, -1, -1):  # descending, so the earliest gold span pops first
        s, e, label = gold[i]
        exact.setdefault((s, e, label) if with_label else (s, e), []).append(i)
    taken = bytearray(n)
    alive = _Alive(n)
    outcome = bytearray(len(pred))
    partner = [-1] * len(pred)
    thr = min_overlap
    for j, (s, e, label) in enumerate(pred):
        same = exact.get((s, e, label) if with_label else (s, e))
        if same:
            while same and taken[same[-1]]:
                same.pop()
            if same:
                i = same.pop()
                taken[i] = 1
                alive.drop(i)
                partner[j] = i  # outcome stays CORRECT (0)
                continue
        i = alive.first_from(0)
        while i < n:
            gs, ge, _ = gold[i]
            if gs >= e:
                break
            if ge <= s:  # ends before this and every later prediction starts
                alive.drop(i)
            elif ((e if e < ge else ge) - (s if s > gs else gs)) / (ge - gs) * 100.0 >= thr:
                taken[i] = 1
                alive.drop(i)
                partner[j] = i
                outcome[j] = INCORRECT
                break
            i = alive.first_from(i + 1)
        if partner[j] < 0:
            outcome[j] = SPURIOUS
    return Matching(outcome, partner, n)


def match_closest(
    gold: list[SpanKey], pred: list[SpanKey], *, min_overlap: float = 1.0
) -> Matching:
    """The type scheme (nervaluate's ``ent_type``). Both lists sorted in document order."""
    n = len(gold)
    alive = _Alive(n)
    outcome = bytearray(len(pred))
    partner = [-1] * len(pred)
    thr = min_overlap
    for j, (s, e, label) in enumerate(pred):
        best = -1
        best_distance = 0
        other = -1
        i = alive.first_from(0)
        while i < n:
            gs, ge, gl = gold[i]
            if gs >= e:
                break
            if ge <= s:
                alive.drop(i)
            elif ((e if e < ge else ge) - (s if s > gs else gs)) / (ge - gs) * 100.0 >= thr:
                if gl == label:
                    distance = abs(s - gs) + abs(e - ge)
                    if best < 0 or distance < best_distance:
                        best, best_distance = i, distance
                elif other < 0:
                    other = i
            i = alive.first_from(i + 1)
        chosen = best if best >= 0 else other
        if chosen < 0:
            outcome[j] = SPURIOUS
            continue
        alive.drop(chosen)
        partner[j] = chosen
        if best < 0:
            outcome[j] = INCORRECT
    return Matching(outcome, partner, n)
