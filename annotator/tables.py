"""Plain-text tables for command output: aligned columns measured in terminal cells."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric: Sequence[bool] | None = None,
    gap: str = "  ",
) -> str:
    """Columns padded to the widest cell; numeric columns right-aligned.

    Cells are measured with ``cell_len`` so wide characters and combining marks line up.
    """
    cells = [[str(c) for c in headers], *[[_text(c) for c in row] for row in rows]]
    sizes = [[_cells(cell) for cell in row] for row in cells]
    width = [max(row[i] for row in sizes) for i in range(len(headers))]
    if numeric is None:
        numeric = [
            all(isinstance(row[i], int | float) for row in rows) and bool(rows)
            for i in range(len(headers))
        ]
    lines = []
    for row, size in zip(cells, sizes, strict=True):
        parts = [
            " " * (width[i] - size[i]) + cell if numeric[i] else cell + " " * (width[i] - size[i])
            for i, cell in enumerate(row)
        ]
        lines.append(gap.join(parts).rstrip())
    return "\n".join(lines)


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes: its length for printable ASCII (most cells of a large
    table, measured far faster so), else ``cell_len``."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)
