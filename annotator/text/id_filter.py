"""Ids that contain a typed needle, ignoring case, answered as fast as a person types.

The corpus screen filters thousands of document ids on every keystroke. A needle that holds an
earlier one can only match ids that one matched, so a keystroke that adds a character searches
the earlier answer, not every id; Backspace finds the shorter needle's answer kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

#: How many answers are kept besides the full list (for Backspace and for narrowing).
ANSWERS_KEPT = 32


class IdFilter:
    """The ids of one listing, in order, and the answers to the needles typed over it."""

    def __init__(self, ids: Iterable[str], kept: int = ANSWERS_KEPT) -> None:
        listed = list(ids)
        #: needle (casefolded) -> (ids that contain it, their casefolded forms)
        self._answers: dict[str, tuple[list[str], list[str]]] = {
            "": (listed, [i.casefold() for i in listed])
        }
        self._kept = kept

    @property
    def ids(self) -> list[str]:
        """Every id of the listing, in order."""
        return self._answers[""][0]

    def matching(self, needle: str) -> list[str]:
        """The ids that contain ``needle`` ignoring case, in the listing's order. When every
        id searched matches, the answer is the very list searched (nothing to copy)."""
        folded = needle.casefold()
        found = self._answers.get(folded)
        if found is not None:
            return found[0]
        # Search the smallest earlier answer whose needle this one holds ("" holds in all).
        ids, names = min(
            (answer for earlier, answer in self._answers.items() if earlier in folded),
            key=lambda answer: len(answer[0]),
        )
        keep = [folded in name for name in names]
        if not all(keep):
            ids, names = list(compress(ids, keep)), list(compress(names, keep))
        if len(self._answers) > self._kept:
            self._answers = {"": self._answers[""]}
        self._answers[folded] = (ids, names)
        return ids
