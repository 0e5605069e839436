"""Plain-text tables for command output: aligned columns measured in terminal cells."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from annotator.text.safe import clean, is_clean


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Sequence[bool] | None = None,
    gap: str = "  ",
) -> str:
    """Columns padded to the widest cell; numeric columns right-aligned.

    Cells are measured with ``cell_len`` so wide characters and combining marks line up; every
    cell goes through the sanitiser first, so a hostile name is shown as escapes, not obeyed.
    """
    cells = [[str(c) for c in headers], *[[_text(c) for c in row] for row in rows]]
    if numeric is None:
        numeric = [
            all(isinstance(row[i], int | float) for row in rows) and bool(rows)
            for i in range(len(headers))
        ]
    columns = [
        _padded(list(column), right)
        for column, right in zip(zip(*cells, strict=True), numeric, strict=True)
    ]
    return "\n".join(gap.join(parts).rstrip() for parts in zip(*columns, strict=True))


def _padded(column: list[str], right: bool) -> list[str]:
    """The cells of a column padded to its widest one. A column of printable ASCII (most of a
    large table) is measured and padded with ``len`` and ``str.ljust``, far faster than cell
    by cell; any other column with ``cell_len``, so that wide characters line up. A column
    holding anything a terminal would obey is sanitised cell by cell before it is measured."""
    joined = "".join(column)
    if not is_clean(joined):
        column = [clean(c) for c in column]
        joined = "".join(column)
    if joined.isascii() and joined.isprintable():
        width = max(map(len, column))
        return [c.rjust(width) for c in column] if right else [c.ljust(width) for c in column]
    sizes = [_cells(c) for c in column]
    width = max(sizes)
    if right:
        return [" " * (width - n) + c for c, n in zip(column, sizes, strict=True)]
    return [c + " " * (width - n) for c, n in zip(column, sizes, strict=True)]


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: its length for printable ASCII (most cells of a large
    table, measured far faster so), else ``cell_len``."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _text(value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)
