"""Relation scoring: strict and partial (claim spans overlapping) pairing."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from annotator.metrics.bipartite import matching_size, maximum_matching
from annotator.metrics.relations import RelationEvaluation, RelationKey, match_relations

CLAIM_A = (10, 40, "CLAIM")
ACTOR_A = (0, 5, "ACTOR")
ACTOR_B = (50, 55, "ACTOR")


def test_strict_needs_both_spans_identical() -> None:
    gold: list[RelationKey] = [("source", CLAIM_A, ACTOR_A)]
    pred: list[RelationKey] = [("source", CLAIM_A, ACTOR_A), ("source", CLAIM_A, ACTOR_B)]
    matching = match_relations(gold, pred)
    assert matching.strict == [0, -1]
    ev = RelationEvaluation()
    ev.add(gold, pred, matching)
    strict = ev.micro["strict"]
    assert (strict.gold, strict.predicted, strict.correct) == (1, 2, 1)
    assert strict.scores().precision == 0.5 and strict.scores().recall == 1.0


def test_partial_accepts_an_overlapping_claim_but_never_another_actor() -> None:
    gold: list[RelationKey] = [("source", CLAIM_A, ACTOR_A)]
    wider = ("source", (8, 45, "CLAIM"), ACTOR_A)
    wrong_actor = ("source", (8, 45, "CLAIM"), ACTOR_B)
    disjoint = ("source", (41, 49, "CLAIM"), ACTOR_A)
    assert match_relations(gold, [wider]).partial == [0]
    assert match_relations(gold, [wider]).strict == [-1]
    assert match_relations(gold, [wrong_actor]).partial == [-1]
    assert match_relations(gold, [disjoint]).partial == [-1]


def test_each_gold_relation_is_credited_once() -> None:
    gold: list[RelationKey] = [("source", CLAIM_A, ACTOR_A)]
    pred = [("source", CLAIM_A, ACTOR_A), ("source", CLAIM_A, ACTOR_A)]
    matching = match_relations(gold, pred)
    assert matching.strict == [0, -1] and matching.partial == [0, -1]


def _relations(rng: random.Random, n: int) -> list[RelationKey]:
    actors = [(i * 10, i * 10 + 3, "ACTOR") for i in range(3)]
    rels = []
    for _ in range(n):
        start = rng.randrange(0, 60)
        claim = (start, start + rng.randint(1, 15), "CLAIM")
        rels.append(("source", claim, rng.choice(actors)))
    return rels


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 8), st.integers(0, 8))
def test_partial_pairs_are_a_maximum_matching(rng: random.Random, n_gold: int, n_pred: int) -> None:
    gold, pred = _relations(rng, n_gold), _relations(rng, n_pred)
    matching = match_relations(gold, pred)
    edges = np.zeros((max(1, len(pred)), max(1, len(gold))))
    for j, (t, claim, actor) in enumerate(pred):
        for i, (u, gold_claim, gold_actor) in enumerate(gold):
            overlap = claim[0] < gold_claim[1] and gold_claim[0] < claim[1]
            edges[j, i] = t == u and actor == gold_actor and overlap
    reference = maximum_bipartite_matching(csr_matrix(edges), perm_type="column")
    assert sum(1 for k in matching.partial if k >= 0) == sum(1 for k in reference if k >= 0)
    # every pair is an edge, and no gold relation is used twice
    used = [k for k in matching.partial if k >= 0]
    assert len(used) == len(set(used))
    assert all(edges[j, k] for j, k in enumerate(matching.partial) if k >= 0)
    # partial never credits less than strict, and order does not matter
    assert len(used) >= sum(1 for k in matching.strict if k >= 0)
    shuffled = pred[:]
    rng.shuffle(shuffled)
    assert sum(1 for k in match_relations(gold, shuffled).partial if k >= 0) == len(used)


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 12), st.integers(0, 12))
def test_maximum_matching_agrees_with_scipy(rng: random.Random, left: int, right: int) -> None:
    adjacency = [[v for v in range(right) if rng.random() < 0.3] for _ in range(left)]
    dense = np.zeros((max(1, left), max(1, right)))
    for u, vs in enumerate(adjacency):
        for v in vs:
            dense[u, v] = 1
    reference = maximum_bipartite_matching(csr_matrix(dense), perm_type="column")
    assert matching_size(adjacency, right) == sum(1 for v in reference if v >= 0)
    result = maximum_matching(adjacency, right)
    assert all(v in adjacency[u] for u, v in enumerate(result) if v >= 0)
