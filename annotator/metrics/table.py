"""Plain-text tables with aligned columns, for terminal reports.

Widths count what a terminal shows: combining marks (Arabic harakat) and invisible format
characters take no column, East Asian wide characters take two. Text columns are left-aligned,
numbers right-aligned. Cells are printed in logical order; a terminal that applies the bidi
algorithm shows Arabic cells right to left within their column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def number(value: float | None, digits: int = 4) -> str:
    """A score with fixed decimals; None (no figure: nothing to compare) as an en dash."""
    return "–" if value is None else f"{value:.{digits}f}"


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    right: Sequence[bool] | None = None,
    indent: str = "",
) -> str:
    """Rows under headers, two spaces between columns. ``right`` says which columns are
    right-aligned (default: columns whose cells are all numbers or numeric strings)."""
    cells = [[str(c) for c in row] for row in rows]
    if right is None:
        right = [
            i > 0 and all(_numeric(row[i]) for row in cells) and bool(cells)
            for i in range(len(headers))
        ]
    widths = [
        max([display_width(h)] + [display_width(row[i]) for row in cells])
        for i, h in enumerate(headers)
    ]
    lines = []
    for row in [list(headers), *cells]:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            parts.append(pad + cell if right[i] else cell + pad)
        lines.append((indent + "  ".join(parts)).rstrip())
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    return cell == "–" or cell.replace(".", "", 1).replace(",", "").lstrip("-").isdigit()
