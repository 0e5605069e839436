"""Scores as table cells, for the metrics reports; the tables themselves are annotator.tables."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.tables import format_table


def number(value: float | None, digits: int = 4) -> str:
    """A score with fixed decimals; None (no figure: nothing to compare) as an en dash."""
    return "–" if value is None else f"{value:.{digits}f}"


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, right: Sequence[bool] | None = None
) -> str:
    """``format_table`` with numbers right-aligned: by default every column but the first whose
    cells are all counts or formatted scores."""
    if right is None:
        right = [
            i > 0 and bool(rows) and all(_numeric(row[i]) for row in rows)
            for i in range(len(headers))
        ]
    return format_table(headers, rows, numeric=right)


def _numeric(cell: object) -> bool:
    if isinstance(cell, int | float):
        return True
    text = str(cell)
    return text == "–" or text.replace(".", "", 1).replace(",", "").lstrip("-").isdigit()
