"""strip_cuts.divide gives exactly Textual's Strip.divide pieces, for any strip and any cuts:
Latin, Arabic letters and presentation forms, harakat, wide characters, empty and control
segments, cuts inside segments and past the end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.strip import Strip

from annotator.tui.strip_cuts import ONE_CELL, divide

ALPHABET = "ab .-→…·▊▄" + "وزيرالخارجية" + "ﺖﻓﺪﻬﺘﺳﺍ" + "\u064e\u0651" + "漢字" + "\u200d"
STYLES = [None, Style(bold=True), Style(color="red", bgcolor="#102030")]

segment_lists = st.lists(
    st.one_of(
        st.builds(
            lambda text, style: Segment(text, style),
            st.text(alphabet=ALPHABET, max_size=12),
            st.sampled_from(STYLES),
        ),
        st.just(Segment("", None)),
        st.just(Segment("\x1b[H", None, [(ControlType.HOME,)])),
    ),
    max_size=8,
)


def shape(pieces: object) -> list[tuple[list[Segment], int]]:
    return [(list(piece), piece.cell_length) for piece in pieces]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(segment_lists, st.lists(st.integers(min_value=0, max_value=40), max_size=5))
def test_divide_gives_textuals_pieces(segments: list[Segment], cuts: list[int]) -> None:
    cuts = sorted(cuts)
    ours = divide(Strip(segments), cuts)
    assert shape(ours) == shape(Strip(segments).divide(cuts))


@settings(max_examples=200, deadline=None)
@given(segment_lists, st.data())
def test_cuts_between_segments_are_cut_without_textual(segments: list[Segment], data) -> None:
    """The common case (cuts at widget edges, which fall between segments) gives the same
    pieces, and the strip keeps them where Strip.divide looks."""
    strip = Strip(segments)
    edges, position = [], 0
    for segment in strip:
        position += segment.cell_length
        edges.append(position)
    cuts = sorted(set(data.draw(st.lists(st.sampled_from(edges), max_size=4)))) if edges else []
    pieces = divide(strip, cuts)
    assert shape(pieces) == shape(Strip(segments).divide(cuts))
    assert strip.divide(cuts) is pieces  # found again by Textual's own divide


def test_arabic_letters_and_presentation_forms_are_one_cell_and_harakat_are_not() -> None:
    assert set("وزيرالخارجية") <= ONE_CELL and set("ﺖﻓﺪﻬﺘﺳﺍ") <= ONE_CELL
    assert "\u064e" not in ONE_CELL and "漢" not in ONE_CELL and "\u200d" not in ONE_CELL
