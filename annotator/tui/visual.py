"""Arabic in one line of a list or a status bar, drawn through the layout engine.

Every piece of article text on screen goes through ``annotator.layout`` (bidi, shaping,
mirroring, inert controls), not just the article view: a span's text in the span panel must read
the same way as in the article.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions, layout_paragraph
from annotator.text.wording import plural as plural  # the screens' counted messages

_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x1c-\x1e]+")
ELLIPSIS = "…"


def one_line(text: str, width: int, options: LayoutOptions = DEFAULT_OPTIONS) -> str:
    """``text`` as drawn on one line of at most ``width`` cells.

    Line breaks become spaces. Text that does not fit is cut at its logical end (what a reader
    reaches last) and marked with an ellipsis at the visual end: on the left for Arabic.
    """
    if width < 2:
        return ""
    flat = _BREAKS.sub(" ", text)
    lines = layout_paragraph(flat, width, options)
    if not lines:
        return ""
    if len(lines) == 1:
        return "".join(cell.text for cell in lines[0].cells)
    first = layout_paragraph(flat, width - 1, options)[0]
    drawn = "".join(cell.text for cell in first.cells)
    if first.rtl and options.bidi:
        return ELLIPSIS + drawn
    return drawn + ELLIPSIS


def fit(text: str, width: int, options: LayoutOptions = DEFAULT_OPTIONS) -> str:
    """A table cell's text in at most ``width`` cells: plain ASCII (most ids, every figure) is
    cut by characters, anything else goes through ``one_line`` (an Arabic document id is
    shaped, right to left, and keeps its start, the ellipsis on its left)."""
    if text.isascii() and text.isprintable():
        return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS
    return one_line(text, width, options)


#: What joins the parts of a line of hints.
PART_SEPARATOR = " · "


def fit_parts(text: str, width: int) -> str:
    """``text`` made of " · "-joined parts in ``width`` cells: whole parts from the start, then
    " …" when some were dropped, so no key hint is ever cut in the middle. A first part too
    long on its own is cut at its end."""
    if cell_len(text) <= width:
        return text
    parts = text.split(PART_SEPARATOR)
    kept = list(parts)
    while len(kept) > 1 and cell_len(PART_SEPARATOR.join(kept) + " …") > width:
        kept.pop()
    shown = PART_SEPARATOR.join(kept) + (" …" if len(kept) < len(parts) else "")
    if cell_len(shown) <= width:
        return shown
    return set_cell_size(shown, max(width - 1, 0)) + ELLIPSIS if width > 0 else ""


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad drawn text to ``width`` cells (measured in cells, not characters)."""
    gap = max(0, width - cell_len(text))
    return " " * gap + text if right else text + " " * gap


#: A line of a small panel as pieces of text with their styles.
Pieces = list[tuple[str, Style]]


def styled_line(pieces: Pieces, width: int, base: Style) -> Strip:
    """One line of exactly ``width`` cells from styled pieces over the widget's ``base`` style,
    cut with an ellipsis when too long.

    The status line and the span details are short lines that change on every keystroke;
    building their strips directly costs a fraction of rendering a Rich Text each time.
    """
    strip = Strip(Segment(text, base + style) for text, style in pieces if text)
    if strip.cell_length > width:
        head = strip.crop(0, max(width - 1, 0))
        cut = list(head)
        style = (cut[-1].style if cut else None) or base  # the ellipsis looks like the text it ends
        strip = Strip.join([head, Strip([Segment(ELLIPSIS, style)])])
    return strip.extend_cell_length(width, base).crop(0, width)
