"""The editing screens' compositor draws only what a partial update sends
(annotator/tui/partial_compositor.py), and the views draw pages ahead with their line
filters and cuts done (line_finish.py): the terminal must still end up showing, after every
key, exactly what a full drawing of the screen shows, and each update must send exactly the
bytes Textual's own compositor sends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.strip import Strip

from annotator.tui.app import AnnotatorApp
from annotator.tui.partial_compositor import PartialCompositor
from tests.tui.conftest import article_of, find, screen_of

Cell = tuple[str, Style | None]

#: Keys an annotator uses, in an order that scrolls, tags, searches, jumps, selects, undoes
#: and moves focus to the side panel and back.
KEYS: list[str] = [
    "pagedown",
    "ctrl+left",
    "w",
    "ctrl+left",
    "ctrl+left",
    "a",
    "pagedown",
    "pagedown",
    "ctrl+shift+left",
    "ctrl+shift+left",
    "l",
    "u",
    "U",
    "pageup",
    "full_stop",
    "full_stop",
    "full_stop",
    "c",
    "full_stop",
    "down",
    "down",
    "d",
    "tab",
    "down",
    "down",
    "tab",
    "pagedown",
    "ctrl+end",
    "ctrl+home",
]


class Terminal:
    """The screen a terminal shows: the cells the app's updates wrote."""

    def __init__(self, width: int, height: int) -> None:
        self.rows: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]

    def write(self, x: int, y: int, strip: Strip) -> None:
        row = self.rows[y]
        for segment in strip:
            for char in segment.text:
                width = cell_len(char)
                if width == 0 and x > 0:  # a combining mark joins the cell before it
                    text, style = row[x - 1]
                    row[x - 1] = (text + char, style)
                    continue
                for _ in range(width):
                    if x < len(row):
                        row[x] = (char, segment.style)
                    x += 1
                    char = ""

    def apply(self, update: Any) -> None:
        """As a terminal receives ``render_segments``' output."""
        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                self.write(update.region.x, y, Strip.join(line))
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(
                    update.chop_ends[y], update.chops[y].items(), strict=True
                ):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self.write(x, y, strip)


def drawn(strips: Iterable[Strip], width: int) -> list[list[Cell]]:
    screen = Terminal(width, 0)
    rows = []
    for strip in strips:
        screen.rows = [[(" ", None)] * width]
        screen.write(0, 0, strip)
        rows.append(screen.rows[0])
    return rows


async def settle(app: AnnotatorApp, pilot: Any) -> None:
    """Until no repaint is pending (an autosave or a drawing ahead may still be running)."""
    for _ in range(20):
        await pilot.pause()
        screen = app.screen
        if not screen._compositor._dirty_regions and not screen._dirty_widgets:
            return


async def test_the_screen_made_of_partial_updates_is_the_full_drawing(make_app) -> None:
    app = make_app(annotator="ann1")
    updates: list[Any] = []
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        updates.append(renderable)
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        assert isinstance(screen._compositor, PartialCompositor)
        terminal = Terminal(100, 30)
        await settle(app, pilot)
        article = article_of(app)
        article.set_matches([find(article.text, "القوات", n) for n in range(6)])
        partial_updates = 0
        scrolled = 0
        for key in KEYS:
            await pilot.press(key)
            await settle(app, pilot)
            scrolled = max(scrolled, round(article.scroll_offset.y))
            for update in updates:
                terminal.apply(update)
                partial_updates += isinstance(update, ChopsUpdate)
            updates.clear()
            full = screen._compositor.render_strips()
            assert terminal.rows == drawn(full, 100), f"after {key!r}"
        assert scrolled > 0  # the keys did scroll
        assert partial_updates >= len(KEYS) // 2  # the keys were drawn as partial updates


async def test_each_partial_update_sends_what_textuals_compositor_sends(
    make_app, monkeypatch
) -> None:
    """Textual's compositor makes the update first (drawing every widget under the changed
    box); ours then makes it from the same dirty regions: the bytes must be equal."""
    console = Console(width=100, color_system="truecolor", force_terminal=True)
    compared: list[str] = []
    ours = PartialCompositor.render_partial_update

    def both(self: PartialCompositor) -> ChopsUpdate | None:
        regions = set(self._dirty_regions)
        stock = Compositor.render_partial_update(self)
        self._dirty_regions.update(regions)
        mine = ours(self)
        assert (stock is None) == (mine is None)
        if stock is not None and mine is not None:
            sent = mine.render_segments(console)
            assert sent == stock.render_segments(console)
            compared.append(sent)
        return mine

    monkeypatch.setattr(PartialCompositor, "render_partial_update", both)
    app = make_app(annotator="ann1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        article = article_of(app)
        article.set_matches([find(article.text, "القوات", n) for n in range(6)])
        for key in KEYS:
            await pilot.press(key)
            await settle(app, pilot)
    assert len(compared) >= len(KEYS) // 2
