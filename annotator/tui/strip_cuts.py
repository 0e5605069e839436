"""``Strip.divide`` without measuring Arabic text character by character.

The compositor cuts every row it sends at the widget edges on it (``Strip.divide``), and Rich
measures each segment's width on the way (``cell_len``). Rich knows Latin text is one cell a
character at a glance; for Arabic it looks every character up in its width table: a row of
the article, about 70 letters, cost about 90 microseconds to cut, three milliseconds a page.

``divide`` gives exactly Textual's pieces, and keeps them where ``Strip.divide`` keeps its
own (so either finds them later). It measures a segment by its length when every character of
it is one Rich counts as one cell wide (``ONE_CELL``, taken from Rich's own width table for
the scripts the app draws), and leaves anything else to Textual: a segment that straddles a
cut, a control segment, or cuts that are not increasing. tests/tui/test_strip_cuts.py checks
it against ``Strip.divide`` for any strip and cuts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from textual.strip import Strip

#: Where the characters the app draws live: Latin, punctuation and symbols, Arabic and its
#: presentation forms, box drawing and blocks (borders, scrollbars).
_RANGES = (
    (0x20, 0x2FF),
    (0x600, 0x6FF),
    (0x750, 0x77F),
    (0x2000, 0x22FF),
    (0x2500, 0x27BF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _one_cell(ranges: Iterable[tuple[int, int]]) -> frozenset[str]:
    return frozenset(
        char
        for start, end in ranges
        for char in map(chr, range(start, end + 1))
        if char not in "\u200d\ufe0f" and get_character_cell_size(char) == 1
    )


#: Characters Rich measures as one cell each (a text of only these is ``len(text)`` cells).
ONE_CELL = _one_cell(_RANGES)
_all_one_cell = ONE_CELL.issuperset


def divide(strip: Strip, cuts: Sequence[int]) -> Sequence[Strip]:
    """``strip.divide(cuts)``, the same pieces, measured quickly where it can be."""
    length = strip.cell_length
    kept = [cut for cut in cuts if cut <= length]
    key = tuple(kept)
    cached = strip._divide_cache.get(key)
    if cached is not None:
        return cached
    pieces = None if kept == [length] else _pieces_at_boundaries(strip._segments, kept)
    if pieces is None:
        return strip.divide(kept)
    strip._divide_cache[key] = pieces
    return pieces


def _pieces_at_boundaries(segments: list[Segment], cuts: list[int]) -> list[Strip] | None:
    """The pieces when every cut falls between two segments (None otherwise, or when a
    width or the cuts are out of the ordinary)."""
    if not cuts or cuts[0] <= 0 or any(b <= a for a, b in pairwise(cuts)):
        return None
    pieces: list[Strip] = []
    current: list[Segment] = []
    position = start = 0
    remaining = iter(cuts)
    cut = next(remaining)
    for segment in segments:
        text, _style, control = segment
        if control:
            return None
        if not text:
            continue  # Rich's divide drops empty segments
        width = len(text) if _all_one_cell(text) else cell_len(text)
        position += width
        if position > cut:
            return None  # the segment straddles the cut: Rich splits it
        current.append(segment)
        if position == cut:
            pieces.append(Strip(current, cut - start))
            start, current = cut, []
            following = next(remaining, None)
            if following is None:
                return pieces
            cut = following
    return None
