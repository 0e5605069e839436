"""Line breaking in logical order, without bidi or shaping.

UAX #9 reorders each line after line breaking (rule L1 and on are per line), so lines are cut
from the logical text; wrapping the visual string instead would reverse the order of the lines
of a right-to-left paragraph. Widths are those of the cells the engine will draw (harakat 0, a
lam-alef ligature 1, hidden controls 0), from clusters.segment_clusters, which needs no shaping:
so the line count of a whole document is cheap and the expensive work is done only for the lines
on screen.

Breaks go after a run of spaces, and a segment (a word with the spaces after it) moves to the
next line whole when it does not fit, so lines do not start with a space. A segment wider than
a whole line is cut between cells. The paragraph separator is one more cell (width 1) at the end
of the last line. No line is ever wider than ``width``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from annotator.errors import LayoutError
from annotator.layout.clusters import SEGMENT_RE, segment_clusters

#: (start, end) of each line, paragraph offsets, separator included in the last line.
LineRanges = tuple[tuple[int, int], ...]


def check_width(width: int) -> None:
    """Refuse widths no line can honour."""
    if not isinstance(width, int) or width < 1:
        raise LayoutError(
            f"layout width must be a whole number of cells, at least 1 (got {width!r})"
        )


@lru_cache(maxsize=4096)
def wrap_paragraph(
    text: str,
    width: int,
    shaping: bool = True,
    show_controls: bool = False,
    breaks: tuple[int, ...] = (),
    separator: str = "",
) -> LineRanges:
    """Cut one paragraph into lines of at most ``width`` cells.

    ``breaks`` (sorted paragraph offsets of span boundaries) only matter where they keep a
    lam-alef pair apart, which makes it one cell wider.
    """
    check_width(width)
    lines: list[tuple[int, int]] = []
    line_start = used = 0
    for match in SEGMENT_RE.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        inner = inner_breaks(breaks, start, end)
        starts, widths = segment_clusters(match.group(), shaping, show_controls, inner)
        total = sum(widths)
        if used + total <= width:
            used += total
            continue
        if used:
            lines.append((line_start, start))
            line_start, used = start, 0
        if total <= width:
            used = total
            continue
        for offset, cell_width in zip(starts, widths, strict=True):
            cell_width = min(cell_width, width)  # a wide character on a 1-cell line is clipped
            if used + cell_width > width:
                lines.append((line_start, start + offset))
                line_start, used = start + offset, 0
            used += cell_width
    if separator and used + 1 > width:
        lines.append((line_start, len(text)))
        line_start = len(text)
    lines.append((line_start, len(text) + len(separator)))
    return tuple(lines)


def inner_breaks(breaks: Sequence[int], start: int, end: int) -> tuple[int, ...]:
    """The breaks strictly inside [start, end), relative to ``start``."""
    if not breaks:
        return ()
    low, high = bisect_right(breaks, start), bisect_left(breaks, end)
    return tuple(offset - start for offset in breaks[low:high])
