"""Plain-text tables for command output: aligned columns measured in terminal cells."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from annotator.text.safe import clean


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
    cells = [[clean(str(c)) for c in headers], *[[clean(_text(c)) for c in row] for row in rows]]
    width = [max(cell_len(row[i]) for row in cells) for i in range(len(headers))]
    if numeric is None:
        numeric = [
            all(isinstance(row[i], int | float) for row in rows) and bool(rows)
            for i in range(len(headers))
        ]
    lines = []
    for row in cells:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (width[i] - cell_len(cell))
            parts.append(pad + cell if numeric[i] else cell + pad)
        lines.append(gap.join(parts).rstrip())
    return "\n".join(lines)


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)
