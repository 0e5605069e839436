"""Cells in logical order: which characters share a cell, how wide it is, what it draws.

A cell is one of:

* an ordinary character followed by its combining marks (a base never parts from its marks);
* with shaping, a lam (U+0644) and the alef (ا أ إ آ) after it, with the marks of both, as one
  lam-alef ligature cell, unless a span boundary ("break") falls between them;
* a space, a TAB, a control picture, or a hidden control (width 0 unless shown);
* a combining mark with nothing to sit on (after a space, a control, or at the start), drawn
  on a dotted circle "◌".

Text is cut into *segments*: a run of non-spaces plus the spaces after it. Line breaks happen
only between segments or, for a segment wider than the line, between its cells. Because spaces
take no marks and joining stops at spaces, a segment's cells do not depend on its neighbours, so
both functions below are memoised per segment; a 1 MB news article has a few thousand distinct
ones. :func:`segment_clusters` needs neither shaping nor bidi: it is what line wrapping (and so
``DocumentLayout.line_count``) uses, cheaply. :func:`segment_cells` adds what to draw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from annotator.layout._mirroring import MIRRORS
from annotator.layout.chars import BREAK_SPACES, ORPHAN_BASE, Kind, char_info
from annotator.layout.shaping import is_transparent, shape_word

LAM = "\u0644"
#: Alef variant -> (isolated, final) lam-alef ligature (UnicodeData.txt decompositions).
LAM_ALEF: dict[str, tuple[str, str]] = {
    "\u0622": ("\ufef5", "\ufef6"),  # لآ
    "\u0623": ("\ufef7", "\ufef8"),  # لأ
    "\u0625": ("\ufef9", "\ufefa"),  # لإ
    "\u0627": ("\ufefb", "\ufefc"),  # لا
}
_LAM_INITIAL = "\ufedf"  # the reshaper's lam before an alef: initial or medial (U+FEE0)

SEGMENT_RE = re.compile(f"[^{BREAK_SPACES}]*[{BREAK_SPACES}]*")

#: Starts of a segment's cells (relative to the segment) and their widths.
Clusters = tuple[tuple[int, ...], tuple[int, ...]]
#: The same plus what each cell draws.
#: Cell starts, widths and drawn texts of a segment, and which of its cells draw a character
#: that rule L4 may mirror (found once per distinct segment, not once per cell drawn).
Cells = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[int, ...]]


def segment_clusters(
    segment: str, shaping: bool, show_controls: bool, breaks: Sequence[int] = ()
) -> Clusters:
    """Cell starts and widths of one segment; ``breaks`` are offsets inside it."""
    if breaks:
        return _clusters(segment, shaping, show_controls, tuple(breaks))
    return _cached_clusters(segment, shaping, show_controls)


@lru_cache(maxsize=65536)
def _cached_clusters(segment: str, shaping: bool, show_controls: bool) -> Clusters:
    return _clusters(segment, shaping, show_controls, ())


def _clusters(
    segment: str, shaping: bool, show_controls: bool, breaks: tuple[int, ...]
) -> Clusters:
    starts: list[int] = []
    widths: list[int] = []
    takes_marks = False  # the current cell is ordinary: marks join it
    lam_at = -1  # start of the current cell if it is a lam that an alef may join
    for index, char in enumerate(segment):
        kind, width, _, _, _ = char_info(char)
        if kind == Kind.MARK and takes_marks:
            if not is_transparent(char):
                lam_at = -1  # the reshaper would not join lam to alef across this mark
            continue
        if lam_at >= 0 and char in LAM_ALEF and not _broken(breaks, lam_at, index):
            lam_at = -1
            continue  # the alef joins the lam's cell; its marks follow it there
        starts.append(index)
        if kind == Kind.ORDINARY:
            widths.append(width)
            takes_marks = True
            lam_at = index if shaping and char == LAM else -1
            continue
        if kind == Kind.HIDDEN:
            widths.append(1 if show_controls else 0)
        else:  # SPACE, PICTURE and orphan marks
            widths.append(max(width, 1))
        takes_marks = False
        lam_at = -1
    return tuple(starts), tuple(widths)


def _broken(breaks: tuple[int, ...], lam_at: int, alef_at: int) -> bool:
    """A span boundary between a lam and its alef keeps them apart (each can be highlighted)."""
    return any(lam_at < offset <= alef_at for offset in breaks)


def segment_cells(
    segment: str,
    shaping: bool,
    harakat: bool,
    show_controls: bool,
    breaks: Sequence[int] = (),
) -> Cells:
    """Cell starts, widths and drawn texts of one segment, in logical order (memoised)."""
    if breaks:
        return _cells(segment, shaping, harakat, show_controls, tuple(breaks))
    return cached_segment_cells(segment, shaping, harakat, show_controls)


@lru_cache(maxsize=65536)
def cached_segment_cells(segment: str, shaping: bool, harakat: bool, show_controls: bool) -> Cells:
    """``segment_cells`` without span boundaries: words repeat, so most calls are lookups."""
    return _cells(segment, shaping, harakat, show_controls, ())


def _cells(
    segment: str, shaping: bool, harakat: bool, show_controls: bool, breaks: tuple[int, ...]
) -> Cells:
    starts, widths = segment_clusters(segment, shaping, show_controls, breaks)
    shaped = shape_word(segment) if shaping else segment
    ends = (*starts[1:], len(segment))
    texts = tuple(
        _drawn(segment, shaped, start, end, harakat, show_controls)
        for start, end in zip(starts, ends, strict=True)
    )
    mirrorable = tuple(index for index, drawn in enumerate(texts) if drawn[:1] in MIRRORS)
    return starts, widths, texts, mirrorable


def _drawn(
    segment: str, shaped: str, start: int, end: int, harakat: bool, show_controls: bool
) -> str:
    """What one cell draws: its (shaped) base, or ligature, then its marks."""
    info = char_info(segment[start])
    if info.kind == Kind.MARK:  # an orphan mark
        return ORPHAN_BASE + _marks(segment[start:end], harakat)
    if info.kind != Kind.ORDINARY:
        return info.shown if show_controls else info.drawn
    base = shaped[start]
    rest = segment[start + 1 : end]
    if rest and segment[start] == LAM:
        for offset, char in enumerate(rest):
            if char in LAM_ALEF and char_info(char).kind != Kind.MARK:
                isolated, final = LAM_ALEF[char]
                base = isolated if base == _LAM_INITIAL else final
                rest = rest[:offset] + rest[offset + 1 :]
                break
    return base + _marks(rest, harakat)


def _marks(marks: str, harakat: bool) -> str:
    if harakat or not marks:
        return marks
    return "".join(mark for mark in marks if not char_info(mark).haraka)
