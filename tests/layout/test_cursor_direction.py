"""The direction the cursor reads each line in: a paragraph without a strong character (a
blank line, a date, a row of dashes) reads like the text around it, so that the arrow keys walk
through an Arabic article without turning back at its blank lines (UAX #9 HL1)."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from annotator.layout import DocumentLayout, LayoutOptions
from annotator.layout.levels import strong_direction
from annotator.layout.text_field import TextFieldLayout

ISOLATES = {"\u2066", "\u2067", "\u2068"}
PDI = "\u2069"


def _first_strong(text: str) -> int | None:
    """UAX #9 P2 as written: the first character of class L, R or AL, skipping characters
    between an isolate initiator and its matching PDI (or the paragraph's end)."""
    depth = 0
    for char in text:
        if char in ISOLATES:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return 0
            if kind in ("R", "AL"):
                return 1
    return None


_ALPHABET = "قالجيشabc0123٠١٢٣ .,:-/()«»\t\u200e\u200f\u061c\u2066\u2067\u2068\u2069\u0651\u0640"


@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_the_strong_direction_is_p2s_first_strong_character(text: str) -> None:
    assert strong_direction(text) == _first_strong(text)


def _lines_reading_rtl(text: str, **options: object) -> list[tuple[str, bool]]:
    layout = DocumentLayout(text, 40, LayoutOptions(**options))  # type: ignore[arg-type]
    return [
        (text[layout.line(i).start : layout.line(i).end].strip("\r\n"), layout.reads_rtl(i))
        for i in range(layout.line_count)
    ]


def test_blank_lines_dates_and_dashes_read_like_the_arabic_around_them() -> None:
    text = "قال الجيش.\r\n\r\n٢٠٢٤/١١/٣٠\n---\n\nوأضاف المتحدث\n"
    assert _lines_reading_rtl(text) == [
        ("قال الجيش.", True),
        ("", True),
        ("٢٠٢٤/١١/٣٠", True),
        ("---", True),
        ("", True),
        ("وأضاف المتحدث", True),
        ("", True),  # the empty last paragraph, where the cursor sits at the very end
    ]
    layout = DocumentLayout(text, 40)
    assert not layout.line(1).rtl and not layout.line(2).rtl  # drawn as UAX #9 has them


def test_latin_text_keeps_reading_left_to_right_and_each_paragraph_its_own_way() -> None:
    text = "\n2024\nThe army said.\n\n---\nقال الجيش\n\n"
    assert [rtl for _, rtl in _lines_reading_rtl(text)] == [
        False,  # nothing before: the first paragraph after it with a strong character
        False,
        False,
        False,
        False,
        True,
        True,
        True,
    ]


def test_a_forced_direction_or_bidi_off_is_kept() -> None:
    text = "قال\n\n---\n"
    assert {rtl for _, rtl in _lines_reading_rtl(text, direction="ltr")} == {False}
    assert {rtl for _, rtl in _lines_reading_rtl(text, direction="rtl")} == {True}
    assert {rtl for _, rtl in _lines_reading_rtl(text, bidi=False)} == {False}


def test_a_text_with_no_strong_character_reads_as_laid_out() -> None:
    assert _lines_reading_rtl("12\n\n--") == [("12", False), ("", False), ("--", False)]


_ARABIC_AND_NEUTRALS = "قالجيش ١٢٣ 123 .,:-/()«»\u0651\u0640"


@given(
    st.lists(st.text(alphabet=_ARABIC_AND_NEUTRALS, max_size=12), min_size=1, max_size=6),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_left_walks_a_note_of_arabic_and_blank_lines_to_its_end(
    paragraphs: list[str], separator: str
) -> None:
    """In a text field (notes, free-text attributes) holding Arabic and neutral characters
    only, Left goes forward one cell at a time from the start to the very end, and Right
    back again, whatever blank lines or lines without a letter lie between."""
    text = separator.join(paragraphs)
    assume(any(letter in text for letter in "قالجيش"))  # else it reads left to right
    field = TextFieldLayout(text, 20)
    offset, seen = 0, [0]
    while offset < len(text):
        offset = field.left(offset)
        assert offset > seen[-1], (text, seen)
        seen.append(offset)
    while offset > 0:
        moved = field.right(offset)
        assert moved < offset, (text, offset)
        offset = moved


def test_a_blank_line_of_a_note_reads_right_to_left_between_arabic_lines() -> None:
    """What an arrow uses, in a field, to step and to collapse a selection to its side."""
    text = "قال\n\nوأضاف\n\nThe end\n"
    field = TextFieldLayout(text, 20)
    blank = text.index("\n\n") + 1
    assert not field.rows[field.row_of(blank)].rtl  # laid out left to right (UAX #9)
    assert field.reads_rtl(blank)
    assert field.reads_rtl(text.index("وأضاف"))
    assert not field.reads_rtl(text.index("The"))
    assert field.reads_rtl(text.index("\n\nThe") + 1)  # a blank line reads like the one before
