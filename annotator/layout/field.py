"""One line of typed text in a field (search, filter, attribute values): shaped, in visual
order, with the cursor where a reader expects it. Pure.

Terminals draw the characters of an input field in the order they were typed and unjoined; a
field holding Arabic must be laid out like the article: through ``layout_paragraph``. A
right-to-left field is right-aligned, its caret at the end of the text sits left of it, and a
field too narrow for its text scrolls so that the cursor stays in view (showing the text's
start otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.layout.model import DEFAULT_OPTIONS, LayoutOptions
from annotator.layout.paragraph import layout_paragraph

_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x1c-\x1e]")
_UNBOUNDED = 1_000_000


@dataclass(frozen=True, slots=True)
class FieldCell:
    """A drawn cell of the field: its column in the field and the logical range it shows."""

    col: int
    text: str
    width: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FieldView:
    cells: tuple[FieldCell, ...]
    cursor_col: int  #: the column the cursor is drawn on (a cell's, or the free slot at the end)
    rtl: bool


def field_view(
    text: str, cursor: int, width: int, options: LayoutOptions = DEFAULT_OPTIONS
) -> FieldView:
    """``text`` drawn in a field ``width`` cells wide with the cursor at logical ``cursor``."""
    width = max(width, 1)
    if not text:
        return FieldView((), 0, False)
    flat = _BREAKS.sub(" ", text)  # same length: offsets stay
    (line, *_) = layout_paragraph(flat, _UNBOUNDED, options)
    visible = [c for c in line.cells if c.width]
    rtl = line.rtl and options.bidi
    left = min((c.col for c in visible), default=0)
    total = max((c.col + c.width for c in visible), default=left) - left
    lead = 1 if rtl else 0  # the caret slot at the end of the text: left of RTL text
    placed = [(c.col - left + lead, c) for c in visible]
    if cursor >= len(text):
        cursor_x = 0 if rtl else total
    else:
        covering = [x for x, c in placed if c.start <= cursor < c.end]
        after = [x for x, c in placed if c.start >= cursor]
        cursor_x = covering[0] if covering else (after[0] if after else (0 if rtl else total))
    content = total + 1
    if rtl:
        shift = width - content  # right-aligned; when too wide, the start (right) shows
        if cursor_x + shift < 0:
            shift = -cursor_x
    else:
        shift = 0
        if cursor_x + shift >= width:
            shift = width - 1 - cursor_x
    cells = tuple(
        FieldCell(x + shift, c.text, c.width, c.start, c.end)
        for x, c in placed
        if x + shift >= 0 and x + shift + c.width <= width
    )
    return FieldView(cells, cursor_x + shift, rtl)
