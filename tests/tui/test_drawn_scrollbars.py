"""The document table draws its scrollbars itself (annotator/tui/widgets/drawn_scrollbars.py):
they must look exactly as Textual's ScrollBar widgets would on the same table, for any number
of rows and columns, any scroll position, idle, under the mouse and held; and the mouse must
do with them what it does with Textual's: the wheel scrolls, a press on the track pages, the
thumb drags.

The reference is a real Textual ScrollView of the same size, colours and scrollable size,
with its own ScrollBar widgets, on the same screen: the cells of both are compared as the
screen composes them.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.tui.widgets.document_table import Column, DocumentTable

WIDTH, HEIGHT = 30, 12


class Reference(ScrollView):
    """A scrolling widget with Textual's own scrollbars and the table's colours."""

    DEFAULT_CSS = "Reference { background: $surface; color: $foreground; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)


class Side(App[None]):
    CSS: ClassVar[str] = f"""
    Reference, DocumentTable {{ width: {WIDTH}; height: {HEIGHT}; }}
    Horizontal {{ height: {HEIGHT}; }}
    """

    def __init__(self, column_width: int) -> None:
        super().__init__()
        self.column_width = column_width

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Reference()
            yield DocumentTable(
                [Column("id", "id", self.column_width - 1)], lambda key: [(key, None)]
            )


Cells = list[tuple[str, Style]]


def cells(app: App[Any], region: Region) -> list[Cells]:
    """What the screen shows in ``region``: each cell's character and look (mouse actions
    left out: they are not drawn)."""
    lines = app.screen._compositor.render_strips()
    shown: list[Cells] = []
    for line in lines[region.y : region.bottom]:
        row: Cells = []
        for segment in line.crop(region.x, region.right):
            style = (segment.style or Style()).clear_meta_and_links()
            row += [(char, style) for char in segment.text]
        shown.append(row)
    return shown


def bars_of(app: App[Any], widget: Any, vertical: bool, horizontal: bool) -> list[list[Cells]]:
    """The cells of ``widget``'s bars on screen: the right two columns above the bottom bar
    and the bottom line (with the corner when both show)."""
    region = widget.region
    shown = []
    if vertical:
        height = region.height - (1 if horizontal else 0)
        shown.append(cells(app, Region(region.right - 2, region.y, 2, height)))
    if horizontal:
        shown.append(cells(app, Region(region.x, region.bottom - 1, region.width, 1)))
    return shown


def reference_bars(app: App[Any], reference: Reference) -> list[list[Cells]]:
    return bars_of(
        app, reference, reference.show_vertical_scrollbar, reference.show_horizontal_scrollbar
    )


async def show(
    pilot: Pilot[None], rows: int, x: float, y: float
) -> tuple[Reference, DocumentTable]:
    app = pilot.app
    assert isinstance(app, Side)
    reference = app.query_one(Reference)
    table = app.query_one(DocumentTable)
    table.set_rows([f"doc-{n:04d}" for n in range(rows)])
    reference.virtual_size = Size(app.column_width, rows + 1)  # the header is a line
    await settle(pilot)
    reference.scroll_to(x=x, y=y, animate=False)
    table.scroll_to(x=x, y=y, animate=False)
    await settle(pilot)
    return reference, table


async def settle(pilot: Pilot[None]) -> None:
    """Until the screen has laid out and painted what was asked (the reference's bars come
    through a layout pass, and a second one when one bar makes the other needed)."""
    for _ in range(2):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


async def compare(column_width: int, cases: list[tuple[int, float, float]]) -> None:
    app = Side(column_width)
    async with app.run_test(size=(2 * WIDTH + 4, HEIGHT + 2)) as pilot:
        for rows, x, y in cases:
            reference, table = await show(pilot, rows, x, y)
            await pilot.pause()
            shows = (reference.show_vertical_scrollbar, reference.show_horizontal_scrollbar)
            assert (table.allow_vertical_scroll, table.allow_horizontal_scroll) == shows
            assert table.scroll_offset == reference.scroll_offset
            assert bars_of(app, table, *shows) == reference_bars(app, reference), (rows, x, y)


@settings(max_examples=5, deadline=None)
@given(
    column_width=st.integers(5, 3 * WIDTH),
    cases=st.lists(
        st.tuples(
            st.integers(0, 400),
            st.floats(0, 1) | st.integers(0, 3 * WIDTH),
            st.floats(0, 1) | st.integers(0, 400),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_the_drawn_bars_are_textuals_bars(column_width: int, cases: list[Any]) -> None:
    """Any scrollable size (no bar, either bar, both with their corner) and position: the
    table's bars are cell for cell those of a Textual ScrollView in the same place."""
    scaled = [
        (
            rows,
            x * 3 * WIDTH if isinstance(x, float) else x,
            y * rows if isinstance(y, float) else y,
        )
        for rows, x, y in cases
    ]
    asyncio.run(compare(column_width, scaled))


async def test_the_edges_of_showing_a_bar_match_textual() -> None:
    """Around the sizes where one bar makes the other needed: rows just filling the height
    with and without a horizontal bar, columns just filling the width with and without a
    vertical one."""
    for column_width in (WIDTH - 2, WIDTH - 1, WIDTH, WIDTH + 1):
        cases = [(rows, 0, 0) for rows in range(HEIGHT - 3, HEIGHT + 2)]
        await compare(column_width, [*cases, (HEIGHT + 40, 100, 100)])


async def test_a_bar_under_the_mouse_and_held_looks_as_textuals() -> None:
    app = Side(2 * WIDTH)
    async with app.run_test(size=(2 * WIDTH + 4, HEIGHT + 2)) as pilot:
        reference, table = await show(pilot, 200, 0, 30)
        idle = bars_of(app, table, True, True)
        assert idle == reference_bars(app, reference)
        await pilot.hover(reference.vertical_scrollbar, offset=(0, 1))
        await pilot.pause()
        hover_reference = reference_bars(app, reference)
        await pilot.hover(table, offset=(WIDTH - 1, 1))
        await pilot.pause()
        assert bars_of(app, table, True, True) == hover_reference
        assert hover_reference != idle  # the hover colours are not the idle ones
        await pilot.hover(table, offset=(2, 2))
        await pilot.pause()
        assert bars_of(app, table, True, True) == idle
        # Held: the thumb taken with the mouse, on both widgets.
        thumb = next(line for line, row in enumerate(idle[0]) if row[0][1].reverse)
        await pilot.mouse_down(reference.vertical_scrollbar, offset=(0, thumb))
        await pilot.pause()
        held = reference_bars(app, reference)[0]
        await pilot.mouse_up(reference.vertical_scrollbar, offset=(0, thumb))
        await pilot.mouse_down(table, offset=(WIDTH - 1, thumb))
        await pilot.pause()
        assert bars_of(app, table, True, True)[0] == held
        assert held != hover_reference[0]
        await pilot.mouse_up(table, offset=(WIDTH - 1, thumb))


async def test_the_mouse_scrolls_pages_and_drags_as_with_textuals_bars() -> None:
    app = Side(2 * WIDTH)
    async with app.run_test(size=(2 * WIDTH + 4, HEIGHT + 2)) as pilot:
        _, table = await show(pilot, 200, 0, 0)
        for _ in range(3):  # the wheel scrolls the rows
            await pilot._post_mouse_events([events.MouseScrollDown], table, (3, 3))
        await pilot.pause()
        assert table.scroll_offset.y > 0
        wheel = table.scroll_offset.y
        # A press on the track below the thumb pages down (the body is 10 lines high:
        # HEIGHT - 1 for the horizontal bar less the header is not counted by Textual either).
        await pilot.click(table, offset=(WIDTH - 1, HEIGHT - 3))
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert table.scroll_offset.y == wheel + HEIGHT - 1
        paged = table.scroll_offset.y
        # Drag the thumb down by two cells: the rows scroll by two cells' worth of rows.
        thumb_top = next(
            line for line, row in enumerate(bars_of(app, table, True, True)[0]) if row[0][1].reverse
        )
        await pilot.mouse_down(table, offset=(WIDTH - 1, thumb_top))
        await pilot.hover(table, offset=(WIDTH - 1, thumb_top + 2))
        await pilot.mouse_up(table, offset=(WIDTH - 1, thumb_top + 2))
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        per_cell = 201 / (HEIGHT - 1)
        assert abs(table.scroll_offset.y - (paged + 2 * per_cell)) <= 1
        # A click on a bar never selects a row.
        assert table.cursor_row == 0
