"""The multi-line field's maps (annotator.layout.text_field), as properties over hard texts:
every offset is covered by exactly one cell, the caret's (row, column) maps back to its offset,
motions stay on caret stops and undo each other, rows never overflow the field."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.layout import LayoutOptions
from annotator.layout.text_field import TextFieldLayout
from tests.strategies import text_chars

notes = st.text(text_chars, max_size=80)
widths = st.integers(min_value=2, max_value=30)
options = st.sampled_from(
    [
        LayoutOptions(),
        LayoutOptions(bidi=False),
        LayoutOptions(shaping=False),
        LayoutOptions(show_controls=True),
        LayoutOptions(direction="rtl"),
    ]
)


def stops(layout: TextFieldLayout) -> list[int]:
    return [o for o in range(len(layout.text) + 1) if layout.is_caret_stop(o)]


@settings(max_examples=300, deadline=None)
@given(notes, widths, options)
def test_every_offset_has_one_cell_and_rows_fit(text: str, width: int, opts) -> None:
    layout = TextFieldLayout(text, width, opts)
    covered: list[int] = []
    for row in layout.rows:
        columns = [c for c in row.line.cells if c.width]
        for a, b in itertools.pairwise(columns):
            assert a.col + a.width <= b.col  # left to right, never overlapping
        assert all(c.col >= 0 and c.col + c.width <= width for c in row.line.cells)
        for cell in row.line.cells:
            covered += range(cell.start, cell.end)
    assert sorted(covered) == list(range(len(text) + 1))  # text and the end slot, once each
    assert layout.rows[-1].last and layout.cell_of(len(text)).width == 1


@settings(max_examples=300, deadline=None)
@given(notes, widths, options)
def test_a_caret_position_maps_back_to_its_offset(text: str, width: int, opts) -> None:
    layout = TextFieldLayout(text, width, opts)
    for offset in stops(layout):
        row, col = layout.position_of(offset)
        line = layout.rows[row].line
        assert line.start <= offset < line.end
        cell = layout.cell_of(offset)
        if cell.width:  # a hidden control shares its neighbour's column
            assert layout.offset_at(row, col) == offset


@settings(max_examples=200, deadline=None)
@given(notes, widths, options)
def test_forward_and_backward_walk_every_stop_and_undo_each_other(
    text: str, width: int, opts
) -> None:
    layout = TextFieldLayout(text, width, opts)
    found = stops(layout)
    walked, offset = [0], 0
    while offset < len(text):
        offset = layout.forward(offset)
        walked.append(offset)
    assert walked == found
    for a, b in itertools.pairwise(found):
        assert layout.backward(b) == a and layout.forward(a) == b
    for offset in found:  # Left and Right are forward/backward in some order
        assert {layout.left(offset), layout.right(offset)} <= {
            layout.forward(offset),
            layout.backward(offset),
        }


@settings(max_examples=200, deadline=None)
@given(notes, widths, options, st.data())
def test_vertical_home_and_end_keep_to_rows(text: str, width: int, opts, data) -> None:
    layout = TextFieldLayout(text, width, opts)
    offset = data.draw(st.sampled_from(stops(layout)))
    row = layout.row_of(offset)
    for target in (layout.home(offset), layout.end(offset)):
        assert layout.row_of(target) == row and layout.is_caret_stop(target)
    assert layout.home(offset) <= offset <= layout.end(offset) or not layout.rows[row].last
    down = layout.vertical(offset, 1)
    up = layout.vertical(offset, -1)
    assert layout.is_caret_stop(down) and layout.is_caret_stop(up)
    assert layout.row_of(down) == min(row + 1, len(layout.rows) - 1)
    assert layout.row_of(up) == max(row - 1, 0)
    if row + 1 < len(layout.rows):  # the column is kept where the next row has a cell there
        goal = layout.position_of(offset)[1]
        next_row = layout.rows[row + 1].line
        under = next_row.cell_at(goal)
        if under is not None and under.width:
            assert layout.position_of(down) == (row + 1, goal)
    word = layout.word_forward(offset)
    assert word >= offset and layout.word_backward(offset) <= offset


def test_arabic_rows_are_right_aligned_with_the_end_slot_on_their_left() -> None:
    text = "قال وزير الخارجية السوري\nok"
    layout = TextFieldLayout(text, 12)
    first = layout.rows[0].line
    assert first.rtl and first.cells[-1].start == 0 and first.cells[-1].col == 11
    assert layout.position_of(0) == (0, 11)  # the caret on ق, at the right edge
    newline = text.index("\n")
    row, col = layout.position_of(newline)  # the end of the Arabic paragraph: left of its text
    line = layout.rows[row].line
    assert col == min(c.col for c in line.cells) and layout.end(0) < newline
    assert layout.end(newline) == newline
    assert layout.position_of(len(text)) == (len(layout.rows) - 1, 2)  # after "ok"
    assert layout.left(0) == 1 and layout.right(1) == 0  # Left reads on in Arabic


def test_a_lam_alef_and_harakat_are_one_caret_step() -> None:
    text = "لا بُدَّ"
    layout = TextFieldLayout(text, 20)
    assert stops(layout) == [0, 2, 3, 5, 8]
    assert layout.forward(0) == 2  # the ligature
    assert layout.forward(3) == 5  # ب with its damma
    assert layout.forward(5) == len(text)  # د with shadda and fatha
