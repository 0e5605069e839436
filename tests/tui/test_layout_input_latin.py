"""A field with Latin text looks and scrolls exactly like Textual's own Input after any edit,
though LayoutInput skips the layout pass Input asks for on every keystroke."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from annotator.tui.widgets.layout_input import LayoutInput


class TwoFields(App[None]):
    CSS = "Input { width: 24; }"

    def compose(self) -> ComposeResult:
        yield Input(id="plain", select_on_focus=False)
        yield LayoutInput(id="ours", select_on_focus=False)


EDITS = [
    [*"a long filter that does not fit in the box"],
    ["home", "right", "right", "delete", "delete", "end"],
    ["left"] * 3 + ["delete"] * 3,  # the end of a scrolled text: the view follows it back
    ["backspace"] * 20,
    ["ctrl+left", "ctrl+left", "backspace", *"xyz", "end"],
    ["shift+home", "backspace", *"doc-0123"],
    ["backspace"] * 8,
]


async def test_latin_edits_draw_and_scroll_as_textuals_input() -> None:
    app = TwoFields()
    async with app.run_test(size=(60, 10)) as pilot:
        plain = app.query_one("#plain", Input)
        ours = app.query_one("#ours", LayoutInput)
        for field in (plain, ours):
            field.cursor_blink = False
        for keys in EDITS:
            seen = []
            for field in (plain, ours):
                field.focus()
                await pilot.pause()
                await pilot.press(*keys)
                await pilot.pause()
                drawn = field.render_line(0).text  # while it has the focus (and the cursor)
                seen.append((field.value, field.cursor_position, field.scroll_x, drawn))
            assert seen[1] == seen[0], f"after {keys}"
