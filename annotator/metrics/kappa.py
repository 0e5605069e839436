"""Chance-corrected agreement: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha (nominal).

Each statistic is a table that accumulates integer counts (so a corpus figure is exactly the
figure of all its items together, whatever order documents come in) and computes its value with
exact rational arithmetic, rounded once to the nearest float. The reference implementations
(scikit-learn ``cohen_kappa_score``, statsmodels ``fleiss_kappa``, the ``krippendorff`` package)
use floating-point sums, so they can differ from ours in the last bits (well under 1e-12).

Definitions where the references divide by zero (documented in docs/agreement.md):

- **no variation**: when every rating is the same single category (e.g. two annotators who both
  left a document unannotated, so every token is ``O``) the expected agreement is 1 and each
  formula is 0/0. We report **1.0**: the raters agree completely. (scikit-learn returns its
  ``replace_undefined_by``, NaN by default; statsmodels divides by zero; ``krippendorff`` raises
  or returns NaN.)
- **nothing to compare** (no item rated by two raters): the value is ``None``, shown as "–".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any


class CohenTable:
    """Two raters' categories on the same items (a confusion table)."""

    __slots__ = ("pairs",)

    def __init__(self) -> None:
        self.pairs: Counter[tuple[str, str]] = Counter()

    def add(self, first: Sequence[str], second: Sequence[str]) -> None:
        if len(first) != len(second):
            raise ValueError("both raters must rate the same items")
        self.pairs.update(zip(first, second, strict=True))

    def add_counts(self, pairs: Mapping[tuple[Any, ...], int]) -> None:
        """Add items already counted by their (first, second) categories."""
        self.pairs.update(pairs)

    def merge(self, other: CohenTable) -> None:
        self.pairs.update(other.pairs)

    @property
    def items(self) -> int:
        return sum(self.pairs.values())

    def kappa(self) -> float | None:
        """``(p_o - p_e) / (1 - p_e)``, computed as ``(n·agreed - S) / (n² - S)`` where
        ``S = Σ_k first_k · second_k`` over categories k."""
        n = agreed = 0
        first: dict[str, int] = {}
        second: dict[str, int] = {}
        for (x, y), c in self.pairs.items():  # one pass, plain dicts: agree runs this per document
            n += c
            if x == y:
                agreed += c
            first[x] = first.get(x, 0) + c
            second[y] = second.get(y, 0) + c
        if n == 0:
            return None
        chance = sum(c * second.get(k, 0) for k, c in first.items())
        denominator = n * n - chance
        if denominator == 0:
            return 1.0
        return (n * agreed - chance) / denominator  # int / int: correctly rounded


class FleissTable:
    """Items each rated by the same number of raters (statsmodels' ``fleiss_kappa`` input),
    counted by their tuple of ratings: repeated tuples (most tokens are ``O`` for everyone)
    are counted, not stored."""

    __slots__ = ("profiles", "raters")

    def __init__(self, raters: int) -> None:
        self.raters = raters
        self.profiles: Counter[tuple[str, ...]] = Counter()

    def add(self, ratings: Sequence[Sequence[str]]) -> None:
        """``ratings[r][i]``: rater r's category for item i (every rater rates every item)."""
        if len(ratings) != self.raters:
            raise ValueError(f"expected {self.raters} raters, got {len(ratings)}")
        self.profiles.update(zip(*ratings, strict=True))

    def add_counts(self, profiles: Mapping[tuple[Any, ...], int]) -> None:
        """Add items already counted by their tuple of ratings (one per rater)."""
        for profile in profiles:
            if len(profile) != self.raters:
                raise ValueError(f"expected {self.raters} raters, got {len(profile)}")
        self.profiles.update(profiles)

    def merge(self, other: FleissTable) -> None:
        self.profiles.update(other.profiles)

    @property
    def items(self) -> int:
        return sum(self.profiles.values())

    def kappa(self) -> float | None:
        """``(P̄ - P_e) / (1 - P_e)`` with ``P̄`` the mean pairwise agreement per item and
        ``P_e = Σ_j p_j²`` from the category shares over all ratings."""
        n_items, n = self.items, self.raters
        if n_items == 0 or n < 2:
            return None
        squares = 0
        totals: Counter[str] = Counter()
        for profile, count in self.profiles.items():
            per_item = Counter(profile)
            squares += count * sum(k * k for k in per_item.values())
            for category, k in per_item.items():
                totals[category] += count * k
        p_mean = Fraction(squares - n_items * n, n_items * n * (n - 1))
        p_expected = Fraction(sum(t * t for t in totals.values()), (n_items * n) ** 2)
        if p_expected == 1:
            return 1.0
        return float((p_mean - p_expected) / (1 - p_expected))


class AlphaTable:
    """Krippendorff's alpha for nominal data: units rated by any number of raters, with
    missing ratings allowed (a unit counts only if two or more raters rated it). Units are
    counted by their tuple of ratings, like FleissTable's items."""

    __slots__ = ("profiles",)

    def __init__(self) -> None:
        self.profiles: Counter[tuple[str, ...]] = Counter()

    def add(self, ratings: Sequence[Sequence[str | None]]) -> None:
        """``ratings[r][u]``: rater r's category for unit u, or None where r gave none."""
        self.profiles.update(zip(*ratings, strict=True))

    def add_counts(self, profiles: Mapping[tuple[Any, ...], int]) -> None:
        """Add units already counted by their tuple of ratings."""
        self.profiles.update(profiles)

    def merge(self, other: AlphaTable) -> None:
        self.profiles.update(other.profiles)

    def alpha(self) -> float | None:
        return alpha_of(self.profiles)


def alpha_of(profiles: Mapping[tuple[Any, ...], int]) -> float | None:
    """Krippendorff's alpha (nominal) of units counted by their tuple of ratings (None for
    a rating not given): ``1 - D_o / D_e`` from the coincidence matrix:
    ``D_o ∝ Σ_u (m_u² - Σ_c n_uc²) / (m_u - 1)`` and ``D_e ∝ (n² - Σ_c n_c²) / (n - 1)``."""
    observed = Fraction(0)
    totals: Counter[str] = Counter()
    by_size: Counter[int] = Counter()
    # Units rated by exactly two raters (every unit, with two annotators) without building
    # a Counter each: agreeing, they add 2 of their category and no disagreement; else one
    # of each category and m² - Σ n_uc² = 4 - 2 = 2.
    two_seen, two_disagreeing = False, 0
    for ratings, count in profiles.items():
        if len(ratings) == 2 and ratings[0] is not None and ratings[1] is not None:
            two_seen = True
            first, second = ratings
            if first == second:
                totals[first] += 2 * count
            else:
                totals[first] += count
                totals[second] += count
                two_disagreeing += 2 * count
            continue
        profile = [v for v in ratings if v is not None]
        m = len(profile)
        if m < 2:  # a unit counts only when two or more raters rated it
            continue
        per_unit = Counter(profile)
        by_size[m] += count * (m * m - sum(k * k for k in per_unit.values()))
        for category, k in per_unit.items():
            totals[category] += count * k
    if two_seen:
        by_size[2] += two_disagreeing
    n = sum(totals.values())
    if n == 0:
        return None
    expected = n * n - sum(t * t for t in totals.values())
    if expected == 0:
        return 1.0
    if len(by_size) == 1:
        # Every unit rated by the same number m of raters (two annotators: always): the
        # same rational, 1 - (n-1)·D/((m-1)·expected), as one int / int division, which
        # is rounded once like the Fraction's float (and costs far less per document).
        [(m, disagreeing)] = by_size.items()
        scale = (m - 1) * expected
        return (scale - (n - 1) * disagreeing) / scale
    for m, disagreeing in by_size.items():
        observed += Fraction(disagreeing, m - 1)
    return float(1 - (n - 1) * observed / expected)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    table = CohenTable()
    table.add(first, second)
    return table.kappa()


def fleiss_kappa(ratings: Sequence[Sequence[str]]) -> float | None:
    table = FleissTable(len(ratings))
    table.add(ratings)
    return table.kappa()


def krippendorff_alpha(ratings: Sequence[Sequence[str | None]]) -> float | None:
    table = AlphaTable()
    table.add(ratings)
    return table.alpha()
