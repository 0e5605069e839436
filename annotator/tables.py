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
    The table is built a column at a time: ``stats`` on a large project prints 20,000 rows, and
    a column of one type is turned into text in one call rather than cell by cell.
    """
    values = list(zip(*rows, strict=True)) if rows else [() for _ in headers]
    if len(values) != len(headers):
        raise ValueError(f"{len(headers)} headers for rows of {len(values)} cells")
    kinds = [set(map(type, column)) for column in values]
    if numeric is None:
        numeric = [bool(rows) and all(issubclass(k, int | float) for k in ks) for ks in kinds]
    columns = [
        _padded([str(header), *_texts(column, ks)], right)
        for header, column, ks, right in zip(headers, values, kinds, numeric, strict=True)
    ]
    return "\n".join(map(str.rstrip, map(gap.join, zip(*columns, strict=True))))


def _texts(column: Sequence[object], kinds: set[type]) -> list[str]:
    """Each cell of a column as text (``_text``), all at once where the column holds one type."""
    if kinds <= {str}:
        return list(column)  # type: ignore[arg-type]
    if kinds == {int}:
        return list(map(str, column))
    return list(map(_text, column))


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
