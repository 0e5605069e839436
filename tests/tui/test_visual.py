"""Short styled lines (status line, span details): exactly the panel's width, cut with an
ellipsis that looks like the text it ends."""

from __future__ import annotations

from rich.style import Style

from annotator.tui.visual import styled_line

BASE = Style(color="white", bgcolor="black")
BOLD = Style(bold=True)


def text_of(strip) -> str:  # type: ignore[no-untyped-def]
    return "".join(segment.text for segment in strip)


def test_a_short_line_is_padded_to_the_width_in_the_base_style() -> None:
    strip = styled_line([("doc-1", BOLD), ("  ann1", Style())], 15, BASE)
    assert text_of(strip) == "doc-1  ann1    "
    assert strip.cell_length == 15
    assert list(strip)[-1].style == BASE


def test_a_long_line_ends_in_an_ellipsis_styled_like_the_text_it_cuts() -> None:
    strip = styled_line([("doc-1", Style()), ("  a long message", BOLD)], 12, BASE)
    assert text_of(strip) == "doc-1  a lo…"
    assert strip.cell_length == 12
    assert list(strip)[-1].style == BASE + BOLD


def test_wide_arabic_and_tiny_widths_keep_the_exact_width() -> None:
    for width in range(0, 8):
        strip = styled_line([("المرصد السوري", Style())], width, BASE)
        assert strip.cell_length == width
