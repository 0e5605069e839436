"""The layout engine's output: options in, visual lines of cells out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Literal, NamedTuple

Direction = Literal["auto", "rtl", "ltr"]


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How to lay text out; part of every cache key, hence frozen."""

    #: Paragraph direction: "auto" takes it from the first strong character (UAX #9 P2/P3).
    direction: Direction = "auto"
    #: False: the terminal shapes Arabic (``--no-shaping``); no presentation forms, no ligatures.
    shaping: bool = True
    #: False: the terminal does bidi (``--bidi terminal``): cells stay in logical order.
    bidi: bool = True
    #: False: harakat are not drawn (the cells still cover them).
    harakat: bool = True
    #: True: bidi controls and other invisible format characters are drawn as visible marks.
    show_controls: bool = False


class Cell(NamedTuple):
    """One drawn unit and the logical range of text it stands for.

    A named tuple rather than a frozen dataclass: a 1 MB article has half a million cells,
    and tuples are built by C code (``cells_from_columns``) at a fraction of the cost.
    """

    text: str  #: base + marks, a lam-alef ligature, a visible symbol, or "" for a hidden control
    start: int  #: logical range [start, end): document offsets in DocumentLayout lines
    end: int
    col: int  #: screen column (right-aligned RTL lines include their indent)
    width: int  #: cells on screen: 0 for hidden controls, 2 for wide characters, else 1


_new_tuple = tuple.__new__


def cells_from_columns(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    cols: Sequence[int],
    widths: Sequence[int],
) -> tuple[Cell, ...]:
    """Many cells at once from their columns of fields: the same Cells as ``Cell(...)``,
    built by C-level ``map`` over ``zip`` (creating cells was the largest single cost of
    laying out a long article)."""
    return tuple(map(_new_tuple, repeat(Cell), zip(texts, starts, ends, cols, widths, strict=True)))


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One screen line: its cells left to right, and the logical range they cover."""

    paragraph: int
    start: int
    end: int
    rtl: bool  #: the paragraph's direction
    cells: tuple[Cell, ...]  #: visual order, left to right; columns increase

    def cell_at(self, col: int) -> Cell | None:
        """The visible cell drawn at screen column ``col`` (mouse -> text), or None."""
        for cell in self.cells:
            if cell.col <= col < cell.col + cell.width:
                return cell
        return None

    def cell_of(self, offset: int) -> Cell | None:
        """The cell covering logical ``offset`` (cursor, highlight), or None."""
        for cell in self.cells:
            if cell.start <= offset < cell.end:
                return cell
        return None

    @property
    def indent(self) -> int:
        """Blank columns before the first cell (right alignment of RTL lines)."""
        return self.cells[0].col if self.cells else 0

    @property
    def width(self) -> int:
        """Columns used, indent included."""
        return self.cells[-1].col + self.cells[-1].width if self.cells else 0

    @property
    def text(self) -> str:
        """The line as drawn, indent included (what ``annotator render`` prints)."""
        return " " * self.indent + "".join(cell.text for cell in self.cells)


#: The defaults: auto direction, shaping, app-side bidi, harakat shown, controls hidden.
DEFAULT_OPTIONS = LayoutOptions()
