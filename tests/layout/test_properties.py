"""Properties of the maps, over mixed Arabic/Latin/digits/punctuation/harakat/brackets/newlines,
with hostile characters mixed in."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.layout import DocumentLayout, LayoutOptions, VisualLine
from annotator.layout.chars import BIDI_CONTROLS, PARAGRAPH_SEPARATOR_RE, Kind, char_info

PIECES = [
    *"بتثجحخدسشصعغفقكلمنهويءآأإاىةئؤ",
    "لا",
    "لأ",
    "لَا",
    *"abcXYZ",
    *"0123456789٠١٢٣",
    *" .,:;!?/-%“”«»\"'",
    *"()[]{}<>",
    "\u064e",  # fatha
    "\u0651",  # shadda
    "\u0652",  # sukun
    "\u0640",  # tatweel
    "\u0301",  # a Latin combining mark
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\u2029",
    "\t",
]
HOSTILE = [
    "\x1b",
    "\x1b[2J",
    "\x00",
    "\x07",
    "\x7f",
    "\x85",
    "\x9b",
    "\x1c",
    "\u200d",
    "\u200c",
    "\u200b",
    "\ufeff",
    "\u2028",
    *BIDI_CONTROLS,
    "中",
    "😀",
]

texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
hostile_texts = st.lists(st.sampled_from(PIECES + HOSTILE), max_size=60).map("".join)
widths = st.integers(min_value=1, max_value=30)
options = st.builds(
    LayoutOptions,
    direction=st.sampled_from(["auto", "rtl", "ltr"]),
    shaping=st.booleans(),
    bidi=st.booleans(),
    harakat=st.booleans(),
    show_controls=st.booleans(),
)


def all_lines(layout: DocumentLayout) -> list[VisualLine]:
    return list(layout.lines())


@settings(deadline=None)
@given(hostile_texts, widths, options)
def test_every_character_is_in_exactly_one_cell(text: str, width: int, opts: LayoutOptions) -> None:
    layout = DocumentLayout(text, width, opts)
    ranges = sorted((cell.start, cell.end) for line in all_lines(layout) for cell in line.cells)
    covered = 0
    for start, end in ranges:
        assert start == covered and end > start
        covered = end
    assert covered == len(text)


@settings(deadline=None)
@given(hostile_texts, widths, options)
def test_a_lines_range_is_known_without_laying_it_out(
    text: str, width: int, opts: LayoutOptions
) -> None:
    """The annotation screen finds what the article's next pages hold with line_range (no
    bidi, no shaping): it must give every line's range exactly as the laid-out line has it."""
    layout = DocumentLayout(text, width, opts)
    assert [layout.line_range(i) for i in range(layout.line_count)] == [
        (line.start, line.end) for line in all_lines(layout)
    ]


@settings(deadline=None)
@given(hostile_texts, widths, options)
def test_lines_fit_and_concatenate_to_the_text(text: str, width: int, opts: LayoutOptions) -> None:
    layout = DocumentLayout(text, width, opts)
    lines = all_lines(layout)
    assert len(lines) == layout.line_count
    end = 0
    for line in lines:
        assert line.start == end
        end = line.end
        if line.cells:
            assert {c for cell in line.cells for c in range(cell.start, cell.end)} == set(
                range(line.start, line.end)
            )
        col = line.cells[0].col if line.cells else 0
        assert col >= 0
        for cell in line.cells:
            assert cell.col == col  # contiguous, left to right
            col += cell.width
        assert col <= width
    assert end == len(text)
    # paragraphs are the text between separators, and a separator is one cell of its paragraph
    spans = layout.paragraph_spans
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(spans):
        assert PARAGRAPH_SEPARATOR_RE.fullmatch(text[end:start])


@settings(deadline=None)
@given(hostile_texts, widths, options)
def test_maps_are_inverse(text: str, width: int, opts: LayoutOptions) -> None:
    layout = DocumentLayout(text, width, opts)
    for index, line in enumerate(all_lines(layout)):
        for cell in line.cells:
            for offset in range(cell.start, cell.end):
                assert layout.line_of(offset) == index
                assert layout.position_of(offset) == (index, cell.col)
            for col in range(cell.col, cell.col + cell.width):
                assert line.cell_at(col) == cell
                assert layout.offset_at(index, col) == cell.start
        for col in range(width):  # every click lands on a cell of that line
            offset = layout.offset_at(index, col)
            assert line.start <= offset <= max(line.start, line.end - 1)
    assert layout.line_of(len(text)) == layout.line_count - 1


@settings(deadline=None)
@given(hostile_texts, widths, options)
def test_drawn_text_holds_no_control_or_bidi_character(
    text: str, width: int, opts: LayoutOptions
) -> None:
    for line in DocumentLayout(text, width, opts).lines():
        for char in line.text:
            assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp"), hex(ord(char))
            assert char not in BIDI_CONTROLS


@settings(deadline=None)
@given(texts, widths)
def test_hidden_harakat_are_not_drawn_but_still_covered(text: str, width: int) -> None:
    shown = DocumentLayout(text, width, LayoutOptions(harakat=True))
    hidden = DocumentLayout(text, width, LayoutOptions(harakat=False))
    assert shown.line_count == hidden.line_count
    for a, b in zip(shown.lines(), hidden.lines(), strict=True):
        assert [(c.start, c.end, c.col) for c in a.cells] == [
            (c.start, c.end, c.col) for c in b.cells
        ]
        assert not any(char_info(ch).haraka for ch in b.text)


@settings(deadline=None)
@given(texts, widths, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_no_cell_straddles_a_break(text: str, width: int, breaks: list[int]) -> None:
    """A span boundary between two cells' worth of text (not between a base and its mark) is
    always a cell boundary; in particular it splits a lam-alef ligature. (CRLF is one
    separator, so one cell.)"""
    layout = DocumentLayout(text, width, breaks=breaks)
    cuttable = [
        b
        for b in breaks
        if 0 < b < len(text)
        and char_info(text[b]).kind != Kind.MARK
        and text[b - 1 : b + 1] != "\r\n"
    ]
    for line in layout.lines():
        for cell in line.cells:
            assert not any(cell.start < b < cell.end for b in cuttable)


@settings(deadline=None)
@given(texts, widths, widths, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_resize_and_new_breaks_equal_a_fresh_layout(
    text: str, width: int, other: int, breaks: list[int]
) -> None:
    layout = DocumentLayout(text, width).with_width(other)
    layout.set_breaks(breaks)
    fresh = DocumentLayout(text, other, breaks=breaks)
    assert layout.line_count == fresh.line_count
    assert list(layout.lines()) == list(fresh.lines())


@settings(deadline=None)
@given(texts, widths)
def test_terminal_bidi_keeps_logical_order(text: str, width: int) -> None:
    for line in DocumentLayout(text, width, LayoutOptions(bidi=False)).lines():
        starts = [cell.start for cell in line.cells]
        assert starts == sorted(starts)
