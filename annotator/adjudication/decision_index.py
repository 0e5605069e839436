"""Which conflicts a gold set has settled, and how, kept up to date from one gold set to the next.

The adjudication screen asks after every key which conflicts are open, what each was decided,
and which is the next open one. Answering by a pass over every conflict (and every decision)
costs a document with thousands of conflicts milliseconds a key; this index instead looks only
at the decisions that changed between the gold set it last saw and the new one. Gold sets are
immutable and an edit keeps the decisions it does not touch as the same objects (undo returns
the earlier set itself), so the changed decisions are found by identity, in C, without
comparing or hashing them. Any two gold sets give the right answer; unrelated ones just cost a
full pass. Pure: no Textual.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence

from annotator.adjudication.conflicts import Cluster
from annotator.model import AnnotationSet, ConflictKey, Decision


class DecisionIndex:
    """The open conflicts (in reading order) and each conflict's decision, for one gold set."""

    def __init__(self, conflicts: Sequence[Cluster]) -> None:
        self._conflicts = list(conflicts)
        #: Conflict key -> the conflicts with it (two clusters may share one key).
        self._by_key: dict[ConflictKey, list[Cluster]] = {}
        for cluster in self._conflicts:
            self._by_key.setdefault(cluster.key, []).append(cluster)
        self.gold: AnnotationSet | None = None
        self._decisions: tuple[Decision, ...] = ()
        #: Conflict key -> gold's decisions for it, in gold's order (one, unless a file repeats it).
        self._decided: dict[ConflictKey, list[Decision]] = {}
        self._done = False
        #: Indices of the open conflicts, ascending (reading order).
        self._open: list[int] = [c.index for c in self._conflicts]
        self._open_set: set[int] = set(self._open)

    # -- questions -------------------------------------------------------------------------------

    @property
    def open_count(self) -> int:
        return len(self._open)

    @property
    def done(self) -> bool:
        return self._done

    def open_indices(self) -> list[int]:
        """Cluster indices of the open conflicts, in reading order (a copy)."""
        return list(self._open)

    def is_open(self, cluster: Cluster) -> bool:
        return cluster.index in self._open_set

    def decision(self, cluster: Cluster) -> Decision | None:
        """Gold's decision for the conflict (the first, as ``AnnotationSet.decision``)."""
        held = self._decided.get(cluster.key)
        return held[0] if held else None

    def decisions(self) -> dict[int, Decision]:
        """Decisions by cluster index, for every conflict that has one."""
        return {
            c.index: held[0]
            for key, held in self._decided.items()
            for c in self._by_key.get(key, ())
        }

    def open_after(self, index: int, direction: int) -> int | None:
        """The first open conflict after cluster ``index`` (before it when ``direction`` < 0),
        wrapping around; None when nothing is open."""
        opened = self._open
        if not opened:
            return None
        if direction > 0:
            at = bisect_right(opened, index)
            return opened[at] if at < len(opened) else opened[0]
        at = bisect_left(opened, index)
        return opened[at - 1] if at > 0 else opened[-1]

    # -- following gold ----------------------------------------------------------------------------

    def update(self, gold: AnnotationSet) -> list[Cluster]:
        """Follow ``gold``; returns the conflicts whose state (open, or their decision) changed."""
        if gold is self.gold:
            return []
        self.gold = gold
        done = gold.status == "done"
        old, new = self._decisions, gold.decisions
        self._decisions = new
        changed_keys: set[ConflictKey] = set()
        if new is not old:
            old_ids = set(map(id, old))
            new_ids = set(map(id, new))
            decided = self._decided
            for decision in old:
                if id(decision) not in new_ids:
                    held = [d for d in decided[decision.conflict] if d is not decision]
                    if held:
                        decided[decision.conflict] = held
                    else:
                        del decided[decision.conflict]
                    changed_keys.add(decision.conflict)
            for decision in new:
                if id(decision) not in old_ids:
                    decided.setdefault(decision.conflict, []).append(decision)
                    changed_keys.add(decision.conflict)
        if done != self._done:
            self._done = done
            return self._reopen_all()
        changed = [c for key in changed_keys for c in self._by_key.get(key, ())]
        for cluster in changed:
            self._set_open(cluster.index, not done and cluster.key not in self._decided)
        return changed

    def _reopen_all(self) -> list[Cluster]:
        """Recompute every conflict's open state (gold was marked done or undone)."""
        self._open = (
            [] if self._done else [c.index for c in self._conflicts if c.key not in self._decided]
        )
        self._open_set = set(self._open)
        return list(self._conflicts)

    def _set_open(self, index: int, is_open: bool) -> None:
        if is_open and index not in self._open_set:
            self._open_set.add(index)
            insort(self._open, index)
        elif not is_open and index in self._open_set:
            self._open_set.discard(index)
            del self._open[bisect_left(self._open, index)]
