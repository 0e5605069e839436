"""Pairwise span F1 between annotators: strict and overlap, symmetric and order-free."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from annotator.metrics.bipartite import matching_size
from annotator.metrics.span_agreement import SpanPairCounts, compare_spans, total

from .strategies import GOLD_LABELS, span_lists


def test_f1_of_one_annotator_against_the_other() -> None:
    a = [(0, 5, "ACTOR"), (10, 20, "CLAIM"), (30, 35, "WEAPON")]
    b = [(0, 5, "ACTOR"), (12, 20, "CLAIM"), (40, 45, "WEAPON"), (50, 55, "ACTOR")]
    counts = total(compare_spans(a, b))
    assert (counts.first, counts.second, counts.strict, counts.overlap) == (3, 4, 1, 2)
    assert counts.f1("strict") == 2 / 7 and counts.f1("overlap") == 4 / 7


def test_nobody_marking_anything_is_full_agreement() -> None:
    assert SpanPairCounts().f1("strict") == 1.0
    assert total(compare_spans([], [])).f1("overlap") == 1.0


pairs = st.integers(0, 300).flatmap(
    lambda n: st.tuples(span_lists(n, GOLD_LABELS, 15), span_lists(n, GOLD_LABELS, 15))
)


@settings(max_examples=200, deadline=None)
@given(pairs, st.randoms(use_true_random=False))
def test_against_definitions(case: tuple[list, list], rng: random.Random) -> None:
    a, b = (sorted(set(x)) for x in case)
    per_label = compare_spans(a, b)
    for label in GOLD_LABELS:
        la, lb = [s for s in a if s[2] == label], [s for s in b if s[2] == label]
        c = per_label.get(label, SpanPairCounts())
        assert (c.first, c.second) == (len(la), len(lb))
        assert c.strict == (Counter(la) & Counter(lb)).total()
        dense = np.zeros((max(1, len(la)), max(1, len(lb))))
        for i, x in enumerate(la):
            for j, y in enumerate(lb):
                dense[i, j] = x[0] < y[1] and y[0] < x[1]
        reference = maximum_bipartite_matching(csr_matrix(dense), perm_type="column")
        assert c.overlap == sum(1 for v in reference if v >= 0)
    swapped = total(compare_spans(b, a))
    assert swapped.f1("strict") == total(per_label).f1("strict")
    assert swapped.f1("overlap") == total(per_label).f1("overlap")
    shuffled = a[:]
    rng.shuffle(shuffled)
    assert total(compare_spans(shuffled, b)) == total(per_label)


short_pairs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(span_lists(n, GOLD_LABELS[:2], 25), span_lists(n, GOLD_LABELS[:2], 25))
)


@settings(max_examples=500, deadline=None)
@given(short_pairs)
def test_overlap_pairs_are_a_maximum_matching_in_any_order_with_repeats(
    case: tuple[list, list],
) -> None:
    """The sweep that counts overlap pairs gives the size of a maximum matching (augmenting
    paths, bipartite.py) on crowded, unsorted lists that repeat spans; strict pairs are the
    multiset intersection."""
    a, b = case
    per_label = compare_spans(a, b)
    for label in GOLD_LABELS[:2]:
        la, lb = [s for s in a if s[2] == label], [s for s in b if s[2] == label]
        adjacency = [[j for j, y in enumerate(lb) if x[0] < y[1] and y[0] < x[1]] for x in la]
        c = per_label.get(label, SpanPairCounts())
        assert c.overlap == matching_size(adjacency, len(lb))
        assert c.strict == (Counter(la) & Counter(lb)).total()
