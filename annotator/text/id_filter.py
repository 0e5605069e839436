"""Ids that contain a typed needle, folded (by default: ignoring case), answered as fast as a
person types.

The corpus screen filters thousands of document ids on every keystroke. A needle that holds an
earlier one can only match ids that one matched, so a keystroke that adds a character searches
the earlier answer, not every id; Backspace finds the shorter needle's answer kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress

#: How many answers are kept besides the full list (for Backspace and for narrowing).
ANSWERS_KEPT = 32


class IdFilter:
    """The ids of one listing, in order, and the answers to the needles typed over it."""

    def __init__(
        self,
        ids: Iterable[str],
        kept: int = ANSWERS_KEPT,
        fold: Callable[[str], str] = str.casefold,
    ) -> None:
        """``fold`` maps an id or a needle to the form compared; it must fold each character
        on its own (a needle that holds another then matches only ids the other matched)."""
        listed = list(ids)
        self._fold = fold
        #: needle (folded) -> (ids that contain it, their folded forms)
        self._answers: dict[str, tuple[list[str], list[str]]] = {
            "": (listed, [fold(i) for i in listed])
        }
        self._kept = kept

    @property
    def ids(self) -> list[str]:
        """Every id of the listing, in order."""
        return self._answers[""][0]

    def matching(self, needle: str) -> list[str]:
        """The ids that contain ``needle`` once both are folded, in the listing's order. When
        every id searched matches, the answer is the very list searched (nothing to copy)."""
        folded = self._fold(needle)
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
