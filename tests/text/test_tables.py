"""Command-line tables: what ``stats``, ``progress`` and ``adjudicate`` print, lined up in
terminal cells, whatever the cells hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from annotator.tables import format_table
from annotator.text.safe import clean


def _cell_by_cell(headers: list[str], rows: list[list[object]], numeric: list[bool]) -> str:
    """The table's definition, one cell at a time: each cell as text, sanitised, measured in
    terminal cells and padded to its column's widest."""

    def text(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.4f}"
        return "" if value is None else str(value)

    table = [[clean(str(h)) for h in headers], *[[clean(text(c)) for c in row] for row in rows]]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(headers))]
    out = []
    for line in table:
        parts = []
        for cell, width, right in zip(line, widths, numeric, strict=True):
            pad = " " * (width - cell_len(cell))
            parts.append(pad + cell if right else cell + pad)
        out.append("  ".join(parts).rstrip())
    return "\n".join(out)


_cells = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["الجيش", "قال إن", "ﻻ", "中文", "e\u0301", "\x1b[2J", "\u202eabc", ""]),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.none(),
    st.booleans(),
)


@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.text(max_size=5), min_size=n, max_size=n),
            st.lists(st.lists(_cells, min_size=n, max_size=n), max_size=6),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_a_table_is_its_cells_padded_one_by_one(table: tuple) -> None:
    headers, rows, numeric = table
    assert format_table(headers, rows, numeric=numeric) == _cell_by_cell(headers, rows, numeric)


def test_columns_of_numbers_are_right_aligned_and_the_rest_left() -> None:
    rows: list[list[object]] = [["doc-1", 7, "ann1"], ["doc-22", 1234, None]]
    assert format_table(["document", "spans", "set"], rows).splitlines() == [
        "document  spans  set",
        "doc-1         7  ann1",
        "doc-22     1234",
    ]


def test_arabic_and_wide_cells_line_up_in_terminal_cells() -> None:
    rows: list[list[object]] = [["الجيش", 1], ["中文", 22], ["x", 3]]
    lines = format_table(["name", "n"], rows).splitlines()
    # "الجيش" is five cells wide, "中文" four: every line is "name " + gap + two cells.
    assert [cell_len(line) for line in lines] == [9, 9, 9, 9]
    assert lines[2] == "中文   22"


def test_a_hostile_cell_is_shown_as_escapes_and_still_lines_up() -> None:
    lines = format_table(["id", "n"], [["\x1b[2J", 1], ["ab", 2]]).splitlines()
    assert lines[1] == "\\u001b[2J  1"
    assert "\x1b" not in "".join(lines)
    assert len({len(line) for line in lines[1:]}) == 1


def test_rows_of_the_wrong_width_are_refused() -> None:
    with pytest.raises(ValueError):
        format_table(["a", "b"], [[1, 2], [3]])
    with pytest.raises(ValueError):
        format_table(["a"], [[1, 2]])
