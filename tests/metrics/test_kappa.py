"""Cohen's kappa, Fleiss' kappa and Krippendorff's alpha against scikit-learn, statsmodels and
the krippendorff package, including missing values and the cases they leave undefined."""

from __future__ import annotations

import math
import warnings
from collections import Counter
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.metrics.kappa import (
    AlphaTable,
    CohenTable,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)

CATEGORIES = ("O", "ACTOR", "LOCATION", "WEAPON", "CLAIM")
TOLERANCE = 1e-12  # ours is exact; the references sum floats

categories = st.sampled_from(CATEGORIES[:3])
wide = st.sampled_from(CATEGORIES)


@st.composite
def ratings(draw: st.DrawFn, raters: int, missing: bool = False) -> list[list[str | None]]:
    """Correlated ratings: raters mostly copy a base category."""
    items = draw(st.integers(1, 30))
    pool = draw(st.sampled_from([categories, wide, st.just("O")]))
    base = [draw(pool) for _ in range(items)]
    rows: list[list[str | None]] = []
    for _ in range(raters):
        row: list[str | None] = [b if draw(st.booleans()) else draw(pool) for b in base]
        if missing:
            row = [None if draw(st.integers(0, 4)) == 0 else v for v in row]
        rows.append(row)
    return rows


def _nan_free(value: float | None) -> None:
    assert value is None or not math.isnan(value)


@pytest.mark.filterwarnings("ignore::UserWarning")  # scikit-learn on one-category input
@settings(max_examples=300, deadline=None)
@given(ratings(2))
def test_cohen_equals_scikit_learn(rows: list[list[str]]) -> None:
    ours = cohen_kappa(rows[0], rows[1])
    # Where scikit-learn's value is undefined (one shared category) ours is 1.0 by definition.
    reference = cohen_kappa_score(rows[0], rows[1], replace_undefined_by=1.0)
    assert ours is not None
    assert abs(ours - reference) < TOLERANCE


@settings(max_examples=300, deadline=None)
@given(st.integers(3, 6).flatmap(lambda n: ratings(n)))
def test_fleiss_equals_statsmodels(rows: list[list[str]]) -> None:
    ours = fleiss_kappa(rows)
    table, _ = aggregate_raters(np.array(rows, dtype=object).T)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        reference = statsmodels_fleiss(table)
    _nan_free(ours)
    if math.isnan(reference) or math.isinf(reference):  # no variation: 0/0 there, 1.0 here
        assert ours == 1.0 and len({v for row in rows for v in row}) == 1
    else:
        assert ours is not None and abs(ours - reference) < TOLERANCE


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 5).flatmap(lambda n: ratings(n, missing=True)))
def test_alpha_equals_krippendorff_with_missing_values(rows: list[list[str | None]]) -> None:
    ours = krippendorff_alpha(rows)
    _nan_free(ours)
    codes = {c: float(i) for i, c in enumerate(CATEGORIES)}
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows])
    pairable = any(sum(v is not None for v in unit) >= 2 for unit in zip(*rows, strict=True))
    if not pairable:
        assert ours is None
        return
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore")
            reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:  # "more than one value in the domain": no variation, 1.0 here
        reference = math.nan
    if math.isnan(reference):
        assert ours == 1.0
    else:
        assert ours is not None and abs(ours - reference) < TOLERANCE


def test_krippendorff_documented_example() -> None:
    """The example in the krippendorff package's docstring (Krippendorff 2011)."""
    n = None
    rows = [
        [n, n, n, n, n, "3", "4", "1", "2", "1", "1", "3", "3", n, "3"],
        ["1", n, "2", "1", "3", "3", "4", "3", n, n, n, n, n, n, n],
        [n, n, "2", "1", "3", "4", "4", n, "2", "1", "1", "3", "3", n, "4"],
    ]
    assert round(krippendorff_alpha(rows) or 0, 6) == 0.691358


def test_fleiss_hand_verified_example() -> None:
    """Fleiss (1971) as worked on Wikipedia: 10 subjects, 14 raters, 5 categories, κ = 0.210."""
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    raters: list[list[str]] = [[] for _ in range(14)]
    for counts in table:
        values = [str(c) for c, k in enumerate(counts) for _ in range(k)]
        for r, value in enumerate(values):
            raters[r].append(value)
    assert round(fleiss_kappa(raters) or 0, 3) == 0.210
    assert abs((fleiss_kappa(raters) or 0) - statsmodels_fleiss(np.array(table))) < TOLERANCE


def test_undefined_cases_are_defined() -> None:
    everyone_o = [["O"] * 5, ["O"] * 5, ["O"] * 5]
    assert cohen_kappa(everyone_o[0], everyone_o[1]) == 1.0
    assert fleiss_kappa(everyone_o) == 1.0
    assert krippendorff_alpha(everyone_o) == 1.0
    assert cohen_kappa([], []) is None
    assert krippendorff_alpha([["O", None], [None, "O"]]) is None  # no unit rated twice
    with pytest.raises(ValueError):
        cohen_kappa(["O"], ["O", "O"])


@settings(max_examples=100, deadline=None)
@given(ratings(2), ratings(2))
def test_tables_add_up_across_documents(first: list[list[str]], second: list[list[str]]) -> None:
    """A corpus figure is the figure of all items together, whatever the order of documents."""
    together = CohenTable()
    together.add(first[0] + second[0], first[1] + second[1])
    split = CohenTable()
    split.add(second[0], second[1])
    split.add(first[0], first[1])
    assert together.kappa() == split.kappa()
    alpha = AlphaTable()
    alpha.add(second)
    alpha.add(first)
    assert alpha.alpha() == krippendorff_alpha([a + b for a, b in zip(first, second, strict=True)])


def _alpha_as_one_fraction(rows: list[list[str | None]]) -> float | None:
    """Krippendorff's alpha with exact rationals throughout, as the definition reads."""
    units = [[v for v in unit if v is not None] for unit in zip(*rows, strict=True)]
    units = [u for u in units if len(u) >= 2]
    totals = Counter(v for u in units for v in u)
    n = sum(totals.values())
    if n == 0:
        return None
    observed = sum(
        (
            Fraction(len(u) ** 2 - sum(k * k for k in Counter(u).values()), len(u) - 1)
            for u in units
        ),
        Fraction(0),
    )
    expected = n * n - sum(t * t for t in totals.values())
    if expected == 0:
        return 1.0
    return float(1 - (n - 1) * observed / expected)


@settings(max_examples=300, deadline=None)
@given(st.tuples(st.integers(2, 4), st.booleans()).flatmap(lambda c: ratings(c[0], c[1])))
def test_alpha_is_the_exact_rational_rounded_once(rows: list[list[str | None]]) -> None:
    """Units all rated by the same number of raters take a shortcut (one int division per
    document, what agree computes thousands of times): the float must be the very same."""
    assert krippendorff_alpha(rows) == _alpha_as_one_fraction(rows)
