"""The decision index (which conflicts are open, what each was decided) follows gold edit by
edit; after any sequence of decisions, undos, reopenings, hand-written decision lists and
done/undone, it must say exactly what a pass over every conflict says."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.adjudication import Adjudication, Comparison, start_gold
from annotator.adjudication.decision_index import DecisionIndex
from annotator.model import AnnotationSet, Decision
from annotator.store.project import Project

STEPS = st.lists(
    st.tuples(
        st.sampled_from(["take", "reject", "undo", "forget", "done", "rebuild", "again"]),
        st.integers(0, 10_000),
    ),
    max_size=40,
)


def brute_open(comparison: Comparison, gold: AnnotationSet) -> list[int]:
    if gold.status == "done":
        return []
    decided = {d.conflict for d in gold.decisions}
    return [c.index for c in comparison.conflicts if c.key not in decided]


def check(index: DecisionIndex, comparison: Comparison, gold: AnnotationSet) -> None:
    opened = brute_open(comparison, gold)
    assert index.open_indices() == opened
    assert index.open_count == len(opened)
    for cluster in comparison.conflicts:
        assert index.is_open(cluster) == (cluster.index in opened)
        assert index.decision(cluster) == gold.decision(cluster.key)
    assert index.decisions() == {
        c.index: gold.decision(c.key)
        for c in comparison.conflicts
        if gold.decision(c.key) is not None
    }
    for here in (-1, *(c.index for c in comparison.conflicts)):
        later = [i for i in opened if i > here]
        earlier = [i for i in opened if i < here]
        assert index.open_after(here, 1) == (later[0] if later else opened[0] if opened else None)
        assert index.open_after(here, -1) == (
            earlier[-1] if earlier else opened[-1] if opened else None
        )


@settings(
    max_examples=60,
    deadline=None,
    # the fixtures are read, never changed
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_the_index_agrees_with_a_pass_over_every_conflict(
    sample_project: Project, sample_comparison: Comparison, steps: list[tuple[str, int]]
) -> None:
    comparison = sample_comparison
    adjudication = Adjudication(comparison, sample_project.schema)
    gold = start_gold(comparison, sample_project.schema, "judge")
    history = [gold]
    index = DecisionIndex(comparison.conflicts)
    index.update(gold)
    check(index, comparison, gold)
    for action, n in steps:
        conflicts = comparison.conflicts
        cluster = conflicts[n % len(conflicts)]
        before = {c.index: (index.is_open(c), index.decision(c)) for c in conflicts}
        if action == "take":
            gold = adjudication.take(gold, cluster, comparison.annotators[n % 2])
        elif action == "reject":
            gold = adjudication.reject(gold, cluster)
        elif action == "undo" and len(history) > 1:
            history.pop()
            gold = history[-1]
        elif action == "forget":
            gold = adjudication.forget(gold, cluster)
        elif action == "done":
            gold = gold.with_status("in_progress" if gold.status == "done" else "done")
        elif action == "rebuild":  # equal decisions, new objects: as loaded from the file
            gold = gold.with_decisions(
                [Decision(d.labels, d.start, d.end, d.action, d.annotator) for d in gold.decisions]
            )
        if action != "undo":
            history.append(gold)
        changed = index.update(gold)
        check(index, comparison, gold)
        after = {c.index: (index.is_open(c), index.decision(c)) for c in conflicts}
        # every conflict whose state changed is reported (others may be, harmlessly)
        assert {i for i in before if before[i] != after[i]} <= {c.index for c in changed}
    assert adjudication.open_conflicts(gold) == [
        comparison.clusters[i] for i in brute_open(comparison, gold)
    ]


def test_a_file_repeating_a_decision_is_followed_like_gold_decision(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    """Two decisions for one conflict (a hand-written file): the first counts, as in
    ``AnnotationSet.decision``; dropping one keeps the conflict settled."""
    comparison = sample_comparison
    gold = start_gold(comparison, sample_project.schema, "judge")
    first = comparison.conflicts[0]
    take = Decision(first.labels, first.start, first.end, "take", "ann1")
    reject = Decision(first.labels, first.start, first.end, "reject")
    index = DecisionIndex(comparison.conflicts)
    both = replace(gold, decisions=(take, reject))
    index.update(both)
    assert index.decision(first) is take and not index.is_open(first)
    only_reject = replace(gold, decisions=(reject,))
    assert index.update(only_reject) == [first]
    assert index.decision(first) is reject and not index.is_open(first)
    index.update(gold)
    assert index.is_open(first) and index.decision(first) is None
