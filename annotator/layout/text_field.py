"""Several lines of typed text in a field (a note): wrapped, shaped, each paragraph in its own
direction, with maps between logical offsets and (row, column) for the cursor. Pure.

A multi-line field is laid out like the article: paragraphs cut at every paragraph separator,
each wrapped and reordered by ``layout_paragraph``. One difference makes a caret possible at
the very end: the last paragraph is laid out as if it ended with a separator too, so its
visual end has one blank cell (the *end slot*, logical range ``[len(text), len(text) + 1)``)
where the caret stands after the last character, left of right-to-left text and right of
left-to-right text, exactly like the separator cell that ends every other paragraph.

So every offset ``0..len(text)`` is covered by exactly one cell, and the caret at an offset is
drawn on the cell that covers it: the character it stands before. Motions work on cells, so
the caret never stops inside a cluster (a letter and its harakat) or a lam-alef ligature.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from annotator.layout.document import paragraph_reads_rtl, split_paragraphs
from annotator.layout.model import DEFAULT_OPTIONS, Cell, LayoutOptions, VisualLine
from annotator.layout.paragraph import layout_paragraph
from annotator.layout.wrap import check_width

#: The separator given to the last paragraph so that it ends with a caret slot.
_END_SLOT = "\n"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One visual row of the field."""

    line: VisualLine  #: cells in visual order; document offsets
    last: bool  #: the last row of its paragraph (it holds the separator cell or the end slot)

    @property
    def start(self) -> int:
        return self.line.start

    @property
    def rtl(self) -> bool:
        return self.line.rtl


class TextFieldLayout:
    """``text`` laid out in a field ``width`` cells wide; see the module docstring."""

    def __init__(self, text: str, width: int, options: LayoutOptions = DEFAULT_OPTIONS) -> None:
        check_width(width)
        self.text = text
        self.width = width
        self.options = options
        spans, separators = split_paragraphs(text)
        rows: list[FieldRow] = []
        for index, ((start, end), separator) in enumerate(zip(spans, separators, strict=True)):
            lines = layout_paragraph(
                text[start:end],
                width,
                options,
                separator=separator or _END_SLOT,
                paragraph=index,
                offset=start,
            )
            rows += [FieldRow(line, n == len(lines) - 1) for n, line in enumerate(lines)]
        self.rows: tuple[FieldRow, ...] = tuple(rows)
        self._starts = [row.start for row in rows]
        self._paragraphs = [text[start:end] for start, end in spans]
        self._strong: dict[int, int | None] = {}

    # -- maps -----------------------------------------------------------------------------------

    def row_of(self, offset: int) -> int:
        """The row holding logical ``offset`` (0..len(text))."""
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self._starts, offset) - 1

    def cell_of(self, offset: int) -> Cell:
        """The cell covering ``offset``: the one the caret at ``offset`` is drawn on."""
        offset = max(0, min(offset, len(self.text)))
        cell = self.rows[self.row_of(offset)].line.cell_of(offset)
        assert cell is not None, offset  # every offset is covered (module docstring)
        return cell

    def position_of(self, offset: int) -> tuple[int, int]:
        """(row, column) where the caret at ``offset`` is drawn."""
        return self.row_of(offset), self.cell_of(offset).col

    def offset_at(self, row: int, col: int) -> int:
        """The caret offset for a click at (row, col): the start of the cell drawn there, or of
        the nearest cell when ``col`` is in the blank part of the row."""
        row = max(0, min(row, len(self.rows) - 1))
        cells = [cell for cell in self.rows[row].line.cells if cell.width]
        hit = min(cells, key=lambda c: max(c.col - col, col - (c.col + c.width - 1), 0))
        return min(hit.start, len(self.text))

    def is_caret_stop(self, offset: int) -> bool:
        """Whether the caret can stand at ``offset`` (the start of a cell)."""
        return 0 <= offset <= len(self.text) and self.cell_of(offset).start == offset

    # -- motions (all return a caret offset) ---------------------------------------------------

    def forward(self, offset: int) -> int:
        """One cell on in reading order (a cluster, a ligature, a CRLF)."""
        return min(self.cell_of(offset).end, len(self.text))

    def backward(self, offset: int) -> int:
        """One cell back in reading order."""
        if offset <= 0:
            return 0
        return self.cell_of(min(offset, len(self.text)) - 1).start

    def reads_rtl(self, offset: int) -> bool:
        """The direction the arrows read the caret's row in (``paragraph_reads_rtl``: a blank
        line reads like the text around it)."""
        line = self.rows[self.row_of(offset)].line
        return paragraph_reads_rtl(
            self._paragraphs, line.paragraph, line.rtl, self.options, self._strong
        )

    def left(self, offset: int) -> int:
        """The Left arrow: back in a left-to-right paragraph, on in a right-to-left one (as in
        the article and the one-line fields)."""
        return self.forward(offset) if self.reads_rtl(offset) else self.backward(offset)

    def right(self, offset: int) -> int:
        return self.backward(offset) if self.reads_rtl(offset) else self.forward(offset)

    def word_forward(self, offset: int) -> int:
        """To the end of the word at or after ``offset``."""
        found = _WORD.search(self.text, offset)
        return found.end() if found else len(self.text)

    def word_backward(self, offset: int) -> int:
        """To the start of the word before ``offset``."""
        starts = [m.start() for m in _WORD.finditer(self.text, 0, offset)]
        return starts[-1] if starts else 0

    def word_left(self, offset: int) -> int:
        return self.word_forward(offset) if self.reads_rtl(offset) else self.word_backward(offset)

    def word_right(self, offset: int) -> int:
        return self.word_backward(offset) if self.reads_rtl(offset) else self.word_forward(offset)

    def vertical(self, offset: int, delta: int, goal: int | None = None) -> int:
        """Up (``delta`` -1) or down (+1) rows, keeping the column ``goal`` (default: the
        caret's). Past the first row: the start of the text; past the last: its end."""
        row, col = self.position_of(offset)
        target = row + delta
        if target < 0:
            return 0
        if target >= len(self.rows):
            return len(self.text)
        return self.offset_at(target, col if goal is None else goal)

    def home(self, offset: int) -> int:
        """The logical start of the caret's row (its right edge in right-to-left text)."""
        return self.rows[self.row_of(offset)].start

    def end(self, offset: int) -> int:
        """The logical end of the caret's row: before the paragraph's separator on its last
        row, before the row's last cell (the space a line was broken after) on a wrapped one."""
        row = self.rows[self.row_of(offset)]
        starts = sorted(cell.start for cell in row.line.cells)
        if row.last:
            return min(starts[-1], len(self.text))  # the separator cell or the end slot
        return starts[-1]
