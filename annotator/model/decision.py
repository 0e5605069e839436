"""How an adjudicator settled one conflict between annotators (gold sets only).

A conflict is named by what does not change while the annotators' sets stay the same: the
labels of its spans and the range of text they cover. Gold files keep one decision per
settled conflict, so a later session knows which conflicts are still open, including those
settled by keeping nothing (a rejection leaves no span behind to tell). See docs/adjudicate.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DecisionAction = Literal["take", "reject", "edit"]
DECISION_ACTIONS: tuple[DecisionAction, ...] = ("take", "reject", "edit")

#: A conflict's identity: its labels (sorted) and the range its spans cover.
ConflictKey = tuple[tuple[str, ...], int, int]


@dataclass(frozen=True, slots=True)
class Decision:
    """``take`` one annotator's version, ``reject`` every version, or ``edit`` by hand."""

    labels: tuple[str, ...]
    start: int
    end: int
    action: DecisionAction
    annotator: str = ""  # whose version was taken ("take" only)

    @property
    def conflict(self) -> ConflictKey:
        return (self.labels, self.start, self.end)

    @property
    def sort_key(self) -> tuple[int, int, tuple[str, ...]]:
        return (self.start, self.end, self.labels)

    def describe(self) -> str:
        """``took ann2``, ``rejected`` or ``edited by hand``: for lists and messages."""
        if self.action == "take":
            return f"took {self.annotator}"
        return "rejected" if self.action == "reject" else "edited by hand"
