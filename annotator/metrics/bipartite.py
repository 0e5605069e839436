"""Maximum bipartite matching (Kuhn's augmenting paths), for one-to-one credit between two sets.

Used where "each item on one side may be credited to at most one on the other" and the answer
must not depend on the order items are listed in: overlap agreement between two annotators and
relations whose claim spans only overlap. The graphs are small (spans of one label in one
document), so the O(V·E) algorithm is plenty; it is iterative, so no recursion limit applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def maximum_matching(
    adjacency: Sequence[Sequence[int]], n_right: int, seed: Iterable[tuple[int, int]] = ()
) -> list[int]:
    """For each left vertex, the right vertex it is matched to (-1 if none), maximising the
    number of pairs. ``seed`` pairs start matched; augmenting never unmatches a vertex, so every
    vertex they cover stays covered (its partner may change)."""
    match_left = [-1] * len(adjacency)
    match_right = [-1] * n_right
    for u, v in seed:
        match_left[u], match_right[v] = v, u
    for root in range(len(adjacency)):
        if match_left[root] < 0 and adjacency[root]:
            _augment(root, adjacency, match_left, match_right)
    return match_left


def _augment(
    root: int, adjacency: Sequence[Sequence[int]], match_left: list[int], match_right: list[int]
) -> None:
    """Find one augmenting path from ``root`` by depth-first search and flip it."""
    reached_from: dict[int, int] = {}
    stack = [(root, iter(adjacency[root]))]
    end = -1
    while stack and end < 0:
        _, edges = stack[-1]
        for v in edges:
            if v in reached_from:
                continue
            reached_from[v] = stack[-1][0]
            if match_right[v] < 0:
                end = v
            else:
                owner = match_right[v]
                stack.append((owner, iter(adjacency[owner])))
            break
        else:
            stack.pop()
    v = end
    while v >= 0:
        u = reached_from[v]
        previous = match_left[u]
        match_left[u], match_right[v] = v, u
        v = previous


def matching_size(adjacency: Sequence[Sequence[int]], n_right: int) -> int:
    return sum(1 for v in maximum_matching(adjacency, n_right) if v >= 0)
