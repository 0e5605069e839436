"""Every binding Help lists on the document list does what Help says: each row's first key
is pressed on a fresh corpus screen and its effect checked, and a new row without a check
fails the first test."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.command import CommandPalette

from annotator.store.project import Project
from annotator.tui.app import build_app
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.screens.help import HelpScreen, binding_rows
from annotator.tui.widgets.document_table import DocumentTable
from annotator.tui.widgets.layout_input import LayoutInput

Check = Callable[..., Awaitable[None]]


def notified(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def _rows(t) -> None:
    table, pilot = t.table, t.pilot
    table.move_cursor(row=2)
    await pilot.press(t.key)
    expected = {
        "Previous document": 1,
        "Next document": 3,
        "First document": 0,
        "Last document": table.row_count - 1,
        "Page up": 0,
        "Page down": table.row_count - 1,  # six documents: a page reaches the last
    }[t.description]
    assert table.cursor_row == expected


async def _scroll(t) -> None:
    table, pilot = t.table, t.pilot
    assert table.virtual_size.width > table.size.width  # 80 columns: the table is wider
    right = t.description.endswith("Right")
    if not right:
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await pilot.pause()
    before = table.scroll_x
    await pilot.press(t.key)
    await pilot.pause()
    assert (table.scroll_x > before) if right else (table.scroll_x < before)


async def _open(t) -> None:
    t.table.move_cursor(row=t.table.keys.index("damascus-quotes"))
    await t.pilot.press(t.key)
    await t.pilot.pause()
    assert isinstance(t.app.screen, AnnotateScreen)
    assert t.app.screen.aset.document.id == "damascus-quotes"


async def _focus(t) -> None:
    field = t.screen.query_one("#filter", LayoutInput)
    await t.pilot.press(t.key)
    assert field.has_focus  # the filter is before the table, after it when cycling on
    await t.pilot.press(t.key)
    assert t.table.has_focus


async def _copy(t) -> None:
    t.table.move_cursor(row=1)
    await t.pilot.press(t.key)
    assert t.app.clipboard == t.table.keys[1]
    assert isinstance(t.app.screen, CorpusScreen) and t.app.is_running


async def _filter(t) -> None:
    await t.pilot.press(t.key)
    assert t.screen.query_one("#filter", LayoutInput).has_focus


async def _clear(t) -> None:
    await t.pilot.press("slash", *"beirut")
    assert t.table.keys == ["beirut-harakat"]
    await t.pilot.press(t.key)
    assert t.screen.query_one("#filter", LayoutInput).value == ""
    assert len(t.table.keys) == 6 and t.table.has_focus


async def _toggle(t) -> None:
    await t.pilot.press(t.key)  # the sample has no assignments: it says so
    assert any("No documents are assigned to ann1" in m for m in notified(t.app))
    assert len(t.table.keys) == 6


async def _help(t) -> None:
    await t.pilot.press(t.key)
    assert isinstance(t.app.screen, HelpScreen)


async def _confidence(t) -> None:
    await t.pilot.press(t.key)  # no recommender has run on the sample
    assert any("No suggestions to sort by" in m for m in notified(t.app))


async def _quit(t) -> None:
    await t.pilot.press(t.key)
    await t.pilot.pause()
    assert not t.app.is_running


async def _palette(t) -> None:
    await t.pilot.press(t.key)
    await t.pilot.pause()
    assert isinstance(t.app.screen, CommandPalette)


CHECKS: dict[str, Check] = {
    "Previous document": _rows,
    "Next document": _rows,
    "First document": _rows,
    "Last document": _rows,
    "Page up": _rows,
    "Page down": _rows,
    "Scroll Left": _scroll,
    "Scroll Right": _scroll,
    "Page Left": _scroll,
    "Page Right": _scroll,
    "Open": _open,
    "Focus Next": _focus,
    "Focus Previous": _focus,
    "Copy the document's id": _copy,
    "Filter": _filter,
    "Clear filter": _clear,
    "All documents / my queue": _toggle,
    "Help": _help,
    "Least confident first": _confidence,
    "Quit (saves)": _quit,
    "palette": _palette,
}


class _Trial:
    def __init__(self, app, pilot, key: str, description: str) -> None:  # type: ignore[no-untyped-def]
        self.app, self.pilot, self.key, self.description = app, pilot, key, description
        self.screen = app.screen
        self.table = self.screen.query_one(DocumentTable)


async def _corpus(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, CorpusScreen)


async def test_every_corpus_help_row_has_a_check(sample_project: Project) -> None:
    app = build_app(sample_project, "ann1")
    async with app.run_test(size=(80, 24)) as pilot:
        await _corpus(app, pilot)
        described = {description for _, _, description in binding_rows(app.screen)}
        assert described == set(CHECKS)


@pytest.mark.parametrize("description", list(CHECKS))
async def test_every_corpus_help_binding_does_what_help_says(
    sample_project: Project, description: str
) -> None:
    from textual.keys import _character_to_key

    app = build_app(sample_project, "ann1")
    async with app.run_test(size=(80, 24)) as pilot:
        await _corpus(app, pilot)
        rows = {d: keys for _, keys, d in binding_rows(app.screen)}
        shown = rows[description].split(", ")[0]
        key = {
            "↑": "up",
            "↓": "down",
            "←": "left",
            "→": "right",
            "⏎": "enter",
            "esc": "escape",
            "pgup": "pageup",
            "pgdn": "pagedown",
            "^pgup": "ctrl+pageup",
            "^pgdn": "ctrl+pagedown",
            "^c": "ctrl+c",
            "^q": "ctrl+q",
            "^p": "ctrl+p",
            "/": "slash",
            "?": "question_mark",
        }.get(shown, shown)
        if len(key) == 1:
            key = _character_to_key(key)
        await CHECKS[description](_Trial(app, pilot, key, description))
