"""The seed article (Xinhua, Deir ez-Zor) at widths 40, 80 and 120, checked as a reader would."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.layout import DocumentLayout, VisualLine
from annotator.layout._mirroring import MIRRORS

from .screen import screen_reading

WIDTHS = [40, 80, 120]


def logical(text: str, line: VisualLine) -> str:
    return text[line.start : line.end]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_reads_right_to_left_as_the_article(seed_text: str, width: int) -> None:
    """The article is all right-to-left: reading each line's cells from right to left (glyphs
    read back as letters, mirrored brackets as typed) gives back exactly the stored text."""
    layout = DocumentLayout(seed_text, width)
    read = []
    for line in layout.lines():
        assert line.rtl
        for cell in reversed(line.cells):
            glyph = unicodedata.normalize("NFKC", cell.text)
            if cell.text in MIRRORS:
                glyph = MIRRORS[cell.text]
            stored = seed_text[cell.start : cell.end]
            assert glyph == (" " if stored == "\n" else stored), (cell, stored)
            read.append(stored)
    assert "".join(read) == seed_text


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_are_right_aligned_and_fit(seed_text: str, width: int) -> None:
    layout = DocumentLayout(seed_text, width)
    for line in layout.lines():
        assert len(line.text) == width  # indent + one column per cell, nothing wide here
        assert line.cells[-1].col + line.cells[-1].width == width


@pytest.mark.parametrize(
    ("logical_piece", "on_screen"),
    [
        ("(سانا)", "(سانا)"),
        ("(شرق سوريا)", "(سوريا شرق)"),
        ("الزور(شرق سوريا)،", "،(سوريا شرق)الزور"),
        ("“داعش”", "”داعش“"),
        ("“انتهاكا”", "”انتهاكا“"),
    ],
)
def test_brackets_and_quotes_as_seen(seed_text: str, logical_piece: str, on_screen: str) -> None:
    """Each occurrence that a line break does not cut reads as expected on screen: brackets
    mirrored so "(" is on the left of the word that follows it logically, word order
    reversed, quotes as typed (BidiMirroring.txt has no quotes)."""
    seen = 0
    for width in WIDTHS:
        for line in DocumentLayout(seed_text, width).lines():
            if logical_piece in logical(seed_text, line):
                assert on_screen in screen_reading(line), width
                seen += 1
    assert seen >= len(WIDTHS) - 1


def test_parentheses_are_drawn_open_left_close_right(seed_text: str) -> None:
    """In "(سانا)" the opening bracket is stored first, so it is on the right end of the word
    on screen; drawn mirrored, the screen shows "(" at the left and ")" at the right."""
    layout = DocumentLayout(seed_text, 80)
    at = seed_text.index("(سانا)")
    line = layout.line(layout.line_of(at))
    opening, closing = line.cell_of(at), line.cell_of(at + 5)
    assert opening is not None and closing is not None
    assert (opening.text, closing.text) == (")", "(")
    assert closing.col < opening.col
    inside = [line.cell_of(at + k) for k in range(1, 5)]
    assert all(closing.col < c.col < opening.col for c in inside if c)  # letters between
    assert [c.col for c in inside if c] == sorted((c.col for c in inside if c), reverse=True)


def test_lam_alef_in_the_article_is_one_cell(seed_text: str) -> None:
    layout = DocumentLayout(seed_text, 80)
    at = seed_text.index("الأمريكية") + 1  # the lam of لأ; alef before it does not join it
    cell = layout.line(layout.line_of(at)).cell_of(at)
    assert cell is not None
    assert (cell.start, cell.end, cell.width) == (at, at + 2, 1)
    assert cell.text == "\ufef7"  # LAM WITH ALEF WITH HAMZA ABOVE, isolated form


def test_last_paragraph_has_no_separator_cell(seed_text: str) -> None:
    layout = DocumentLayout(seed_text, 80)
    last = layout.line(layout.line_count - 1)
    assert last.end == len(seed_text)
    assert not seed_text.endswith("\n")
    assert screen_reading(last) == "شينخوا :المصدر"
    assert last.text == " " * (80 - len("المصدر: شينخوا")) + last.text.lstrip()
