"""UAX #9 rules L1, L2 and L4 for one line, over any sequence of units (characters or cells).

The engine applies these to cells (a base character with its marks, or a lam-alef ligature);
the conformance test applies the very same functions to single characters. Reordering cells
instead of characters is what implements L3: a base and its combining marks move together, so
marks stay after their base in right-to-left runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.layout._mirroring import MIRRORS
from annotator.layout.levels import REMOVED_BY_X9, BidiClass

#: L1 resets trailing runs of these (original classes) to the paragraph level. X9-removed
#: characters are included, as UAX #9 section 5.2 ("Retaining BNs and Explicit Formatting
#: Characters") asks when they are kept for display.
_L1_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI"}) | REMOVED_BY_X9
#: Segment and paragraph separators: reset themselves, and the run before them.
_L1_SEPARATORS = frozenset({"S", "B"})


def line_levels(
    classes: Sequence[BidiClass], levels: Sequence[int], paragraph_level: int
) -> list[int]:
    """Rule L1 for one line: separators, whitespace before them and at the line end go to the
    paragraph level. ``classes`` are the original bidi classes of each unit's base character."""
    result = list(levels)
    trailing = True  # inside a run that ends at the line end or at a separator
    for index in range(len(result) - 1, -1, -1):
        bidi_class = classes[index]
        if bidi_class in _L1_SEPARATORS:
            result[index] = paragraph_level
            trailing = True
        elif bidi_class in _L1_TRAILING:
            if trailing:
                result[index] = paragraph_level
        else:
            trailing = False
    return result


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: logical indices in visual order, left to right.

    From the highest level down to the lowest odd level, reverse every maximal run at that
    level or higher.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(levels) | 1
    if highest < lowest_odd:
        return order
    if min(levels) == highest:  # one run: the common all-Arabic or all-Latin line
        return order[::-1] if highest & 1 else order
    for level in range(highest, lowest_odd - 1, -1):
        _reverse_runs_at(order, levels, level)
    return order


def _reverse_runs_at(order: list[int], levels: Sequence[int], level: int) -> None:
    index, count = 0, len(order)
    while index < count:
        if levels[order[index]] < level:
            index += 1
            continue
        end = index + 1
        while end < count and levels[order[end]] >= level:
            end += 1
        order[index:end] = order[index:end][::-1]
        index = end


def mirrored(text: str) -> str:
    """Rule L4 for a unit drawn at an odd level: its first character's mirror glyph, if any.

    Only the first character is a base; the rest are combining marks, which do not mirror.
    """
    mirror = MIRRORS.get(text[:1])
    return text if mirror is None else mirror + text[1:]
