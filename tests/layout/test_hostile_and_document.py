"""Hostile text is drawn inert; the document API's edges (separators, errors, laziness)."""

from __future__ import annotations

import pytest

from annotator.errors import LayoutError
from annotator.layout import (
    DocumentLayout,
    LayoutOptions,
    find_bidi_controls,
    layout_paragraph,
    render_text,
)
from annotator.layout import levels as levels_module
from annotator.layout import paragraph as paragraph_module
from annotator.layout.chars import is_safe_to_draw
from annotator.layout.levels import BidiAdapterError, resolve_levels

from .screen import screen_reading


def test_escape_sequences_are_drawn_as_symbols() -> None:
    (line,) = render_text("a\x1b[31mred\x1b[0m\x07\x00\x7f\x9b", 40, LayoutOptions(direction="ltr"))
    assert line == "a␛[31mred␛[0m␇␀␡\ufffd"


def test_trojan_source_override_is_never_sent_and_can_be_revealed() -> None:
    """UAX #9 applies an RLO (that is the conformance), so "abc" is drawn "cba" as any bidi
    display would; but the control itself never reaches the terminal, every cell still maps to
    its stored character, and show_controls reveals the override, bracketing what it reversed.
    find_bidi_controls lets a view warn that a text holds any."""
    text = "x = \u202eabc\u202c;"
    layout = DocumentLayout(text, 40, LayoutOptions(direction="ltr"))
    (hidden,) = layout.lines()
    assert hidden.text == "x = cba;"
    assert [text[c.start : c.end] for c in hidden.cells if c.width] == list("x = cba;")
    (shown,) = render_text(text, 40, LayoutOptions(direction="ltr", show_controls=True))
    # the RLO mark takes the outer level, the PDF mark the level inside (as UAX #9 section 5.2
    # places retained controls), so reading right to left: RLO, a, b, c, PDF
    assert shown == "x = \u21da\u21d3cba;"
    assert is_safe_to_draw(hidden.text) and is_safe_to_draw(shown)
    assert find_bidi_controls(text) == [4, 8]


def test_separators_are_one_cell_at_the_visual_end() -> None:
    layout = DocumentLayout("سلام\r\nabc\n\n", 20)
    first, second, empty, last = layout.lines()
    assert (first.cells[0].start, first.cells[0].end, first.cells[0].text) == (4, 6, " ")
    assert first.rtl and first.cells[0].col < first.cells[1].col  # left end for RTL
    assert not second.rtl and (second.cells[-1].start, second.cells[-1].end) == (9, 10)
    assert (empty.start, empty.end, len(empty.cells)) == (10, 11, 1)
    assert (last.start, last.end, last.cells) == (11, 11, ())
    assert layout.paragraph_spans == [(0, 4), (6, 9), (10, 10), (11, 11)]


def test_width_below_one_is_refused() -> None:
    with pytest.raises(LayoutError):
        DocumentLayout("abc", 0)
    with pytest.raises(LayoutError):
        layout_paragraph("abc", -3)
    with pytest.raises(LayoutError):
        DocumentLayout("abc", 10).with_width(0)


def test_paragraph_text_must_not_hold_a_separator() -> None:
    with pytest.raises(LayoutError, match="paragraph separator"):
        layout_paragraph("a\nb", 10)


def test_line_count_needs_neither_bidi_nor_shaping(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("line_count must not run bidi or shaping")

    monkeypatch.setattr(levels_module, "get_display", forbidden)
    monkeypatch.setattr(paragraph_module, "segment_cells", forbidden)
    text = "نص عربي طويل (مع أقواس) 2023 " * 50 + "\nثانية"
    assert DocumentLayout(text, 33).line_count > 40


def test_a_wide_character_on_a_one_cell_line_is_clipped_not_overflowing() -> None:
    lines = DocumentLayout("中a", 1).lines()
    assert [(line.text, line.cells[0].width) for line in lines] == [("\ufffd", 1), ("a", 1)]


def test_set_breaks_splits_a_ligature_and_relayouts_only_that_paragraph() -> None:
    text = "لا\nلا"
    layout = DocumentLayout(text, 10)
    assert [len(line.cells) for line in layout.lines()] == [2, 1]  # ligature + separator
    layout.set_breaks([4])  # between the second lam and its alef
    second = layout.line(1)
    assert [(c.start, c.end) for c in second.cells] == [(4, 5), (3, 4)]  # alef left of lam
    assert layout.breaks == [4]


def test_offset_at_in_padding_picks_the_nearest_cell() -> None:
    layout = DocumentLayout("سلام", 10)
    line = layout.line(0)
    assert line.indent == 7  # three cells: seen, lam-alef, meem
    assert layout.offset_at(0, 0) == 3  # left padding: the leftmost cell, the last letter
    assert layout.offset_at(0, 8) == 1  # the lam-alef cell starts at the lam
    assert layout.position_of(4) == (0, 6)  # the end of the text: just left of the line


def test_no_harakat_option_draws_letters_without_marks() -> None:
    (line,) = layout_paragraph("كَتَبَ", 10, LayoutOptions(harakat=False, shaping=False))
    assert screen_reading(line) == "كتب"


def test_adapter_fails_loudly_if_the_debug_output_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = levels_module.get_display
    resolve_levels.cache_clear()
    monkeypatch.setattr(
        levels_module,
        "get_display",
        lambda text, **kw: real(text, **kw).replace("Level(\n            1,", "Lvl(1,"),
    )
    with pytest.raises(BidiAdapterError):
        resolve_levels("سلام", "R")
    resolve_levels.cache_clear()


def test_adapter_maps_bytes_to_code_points() -> None:
    """1-, 2-, 3- and 4-byte characters, and levels above 9 (deep embeddings)."""
    text = "a\u05d0\u20ac\U0001f600" + "\u202b" * 6 + "b"
    resolved = resolve_levels(text, "L")
    assert len(resolved.levels) == len(resolved.classes) == len(text)
    assert resolved.classes[:4] == ("L", "R", "ET", "ON")
    assert resolved.levels[1] == 1 and resolved.levels[-1] == 12


def test_adapter_is_not_fooled_by_text_that_looks_like_the_dump() -> None:
    text = 'original_classes: [ levels: [ Level( 1, ) paragraphs: [ range: 0..3, "سلام'
    resolved = resolve_levels(text, "R")
    assert len(resolved.levels) == len(text)
    assert resolved.classes[-4:] == ("AL",) * 4 and resolved.levels[-1] == 1


def test_cells_built_in_bulk_are_ordinary_immutable_cells() -> None:
    from annotator.layout.model import Cell, cells_from_columns

    (cell,) = cells_from_columns(["ﻻ"], [3], [5], [7], [1])
    assert type(cell) is Cell
    assert cell == Cell("ﻻ", 3, 5, 7, 1) and hash(cell) == hash(Cell("ﻻ", 3, 5, 7, 1))
    assert repr(cell) == "Cell(text='ﻻ', start=3, end=5, col=7, width=1)"
    assert (cell.text, cell.start, cell.end, cell.col, cell.width) == ("ﻻ", 3, 5, 7, 1)
    with pytest.raises(AttributeError):
        cell.col = 0  # type: ignore[misc]
    with pytest.raises(ValueError):  # the columns must line up
        cells_from_columns(["a", "b"], [0], [1], [0], [1])
