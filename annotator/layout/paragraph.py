"""Layout of one paragraph: wrap, then bidi (L1-L4) per line, over shaped cells.

The work is split by what it depends on, and each part is memoised on exactly that:

* ``wrap.wrap_paragraph`` (width, not bidi or shaping): the line ranges;
* ``_analyse`` (not width): cells in logical order with their drawn text, and each cell's
  resolved level from the python-bidi adapter, computed once for the whole paragraph as UAX #9
  requires (P2-I2 see the whole paragraph; only L1-L4 are per line), with the paragraph's
  direction passed explicitly;
* ``layout_paragraph``: both, combined into visual lines.

So a resize re-wraps and reorders but neither re-shapes nor re-resolves levels.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Literal

from annotator.errors import LayoutError
from annotator.layout.chars import PARAGRAPH_SEPARATOR_RE, separator_drawn
from annotator.layout.clusters import SEGMENT_RE, cached_segment_cells, segment_cells
from annotator.layout.levels import paragraph_level, resolve_levels
from annotator.layout.model import (
    DEFAULT_OPTIONS,
    Cell,
    LayoutOptions,
    VisualLine,
    cells_from_columns,
)
from annotator.layout.reorder import line_levels, mirrored, visual_order
from annotator.layout.wrap import inner_breaks, wrap_paragraph

#: Drawn in place of a character wider than the whole line (a wide character at width 1).
_CLIPPED = "\ufffd"


@dataclass(frozen=True, slots=True)
class _Analysis:
    """A paragraph's cells in logical order; everything about it that does not need a width."""

    rtl: bool
    paragraph_level: int
    starts: list[int]  #: cell starts, then the paragraph end (separator included)
    widths: list[int]
    texts: list[str]
    levels: list[int]  #: resolved level (before L1) of each cell's first character
    classes: list[str]  #: original bidi class of each cell's first character
    mirrorable: tuple[int, ...]  #: cells whose character has a mirror glyph (L4), usually few


def layout_paragraph(
    text: str,
    width: int,
    options: LayoutOptions = DEFAULT_OPTIONS,
    breaks: frozenset[int] = frozenset(),
    *,
    separator: str = "",
    paragraph: int = 0,
    offset: int = 0,
) -> tuple[VisualLine, ...]:
    """Visual lines of one paragraph at ``width`` cells.

    ``text`` holds no paragraph separator; ``separator`` is the one that ends it ("" for the last
    paragraph of a document), drawn as one more cell at the visual end of the last line.
    ``breaks`` are paragraph offsets where a span starts or ends: a lam-alef pair straddling one
    is drawn as two cells. ``paragraph`` and ``offset`` (added to every cell's range) place the
    lines in a document. Memoised on all arguments.
    """
    return _layout(text, width, options, tuple(sorted(breaks)), separator, paragraph, offset)


@lru_cache(maxsize=1024)
def _layout(
    text: str,
    width: int,
    options: LayoutOptions,
    breaks: tuple[int, ...],
    separator: str,
    paragraph: int,
    offset: int,
) -> tuple[VisualLine, ...]:
    _check_paragraph(text, separator)
    ranges = wrap_paragraph(text, width, options.shaping, options.show_controls, breaks, separator)
    analysis = _analyse(text, separator, options, breaks)
    starts = analysis.starts
    lines = []
    for line_start, line_end in ranges:
        first, stop = bisect_left(starts, line_start), bisect_left(starts, line_end)
        cells = _line_cells(analysis, first, stop, width, options.bidi, offset)
        lines.append(
            VisualLine(paragraph, offset + line_start, offset + line_end, analysis.rtl, cells)
        )
    return tuple(lines)


def _check_paragraph(text: str, separator: str) -> None:
    found = PARAGRAPH_SEPARATOR_RE.search(text)
    if found:
        raise LayoutError(
            f"paragraph text holds a paragraph separator (U+{ord(found.group()[0]):04X}) "
            f"at offset {found.start()}; lay out a document with DocumentLayout"
        )
    if separator and PARAGRAPH_SEPARATOR_RE.fullmatch(separator) is None:
        raise LayoutError(f"not a paragraph separator: {separator!r}")


def direction_of(text: str, options: LayoutOptions) -> Literal["L", "R"]:
    """The paragraph's direction: forced, or from its first strong character (P2/P3)."""
    if options.direction == "auto":
        return "R" if paragraph_level(text) == 1 else "L"
    return "R" if options.direction == "rtl" else "L"


@lru_cache(maxsize=1024)
def _analyse(
    text: str, separator: str, options: LayoutOptions, breaks: tuple[int, ...]
) -> _Analysis:
    base = direction_of(text, options)
    level = 1 if base == "R" else 0
    starts: list[int] = []
    widths: list[int] = []
    texts: list[str] = []
    mirrorable: list[int] = []
    shaping, harakat, show = options.shaping, options.harakat, options.show_controls
    for match in SEGMENT_RE.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        if breaks:
            cells = segment_cells(
                match.group(), shaping, harakat, show, inner_breaks(breaks, start, end)
            )
        else:  # the common case, straight to the memo
            cells = cached_segment_cells(match.group(), shaping, harakat, show)
        rel_starts, rel_widths, rel_texts, rel_mirrorable = cells
        if rel_mirrorable:
            mirrorable.extend(len(starts) + index for index in rel_mirrorable)
        starts.extend(map(start.__add__, rel_starts))
        widths.extend(rel_widths)
        texts.extend(rel_texts)
    if options.bidi and starts:
        resolved = resolve_levels(text, base)
        pick = itemgetter(*starts, starts[-1])  # (one extra item: always returns a tuple)
        levels = list(pick(resolved.levels))[:-1]
        classes = list(pick(resolved.classes))[:-1]
    else:
        levels, classes = [level] * len(starts), ["L"] * len(starts)
    if separator:
        starts.append(len(text))
        widths.append(1)
        texts.append(separator_drawn(separator, options.show_controls))
        levels.append(level)
        classes.append("B")
    starts.append(len(text) + len(separator))
    return _Analysis(base == "R", level, starts, widths, texts, levels, classes, tuple(mirrorable))


def _line_cells(
    analysis: _Analysis, first: int, stop: int, width: int, bidi: bool, offset: int
) -> tuple[Cell, ...]:
    """Cells ``first``..``stop`` of the paragraph as one visual line (rules L1-L4)."""
    widths = analysis.widths[first:stop]
    if bidi:
        levels = line_levels(
            analysis.classes[first:stop], analysis.levels[first:stop], analysis.paragraph_level
        )
        order = visual_order(levels)
    else:
        levels = [0] * (stop - first)
        order = list(range(stop - first))
    texts = analysis.texts[first:stop]
    if widths and max(widths) > width:  # only a wide character on a 1-cell line
        texts = [_CLIPPED if w > width else t for t, w in zip(texts, widths, strict=True)]
        widths = [min(w, width) for w in widths]
    mirrorable = analysis.mirrorable  # L4, for the few mirrorable cells on odd levels
    for index in mirrorable[bisect_left(mirrorable, first) : bisect_left(mirrorable, stop)]:
        if levels[index - first] & 1:
            texts[index - first] = mirrored(texts[index - first])
    col = width - sum(widths) if bidi and analysis.rtl else 0
    bounds = [offset + start for start in analysis.starts[first : stop + 1]]
    if not order:
        return ()
    visual = itemgetter(*order, order[-1])  # tuples even for one cell; the extra one dropped
    visual_widths = visual(widths)[:-1]
    return cells_from_columns(
        visual(texts)[:-1],
        visual(bounds)[:-1],
        visual(bounds[1:])[:-1],
        list(accumulate(visual_widths[:-1], initial=col)),
        visual_widths,
    )
