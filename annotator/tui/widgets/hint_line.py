"""A one-line summary with key hints ("done 1 / 6 documents · Enter opens · / filters · ? help")
that is shortened by whole " · " parts, never inside the key a part explains."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from annotator.tui.visual import fit_parts


class HintLine(Widget):
    DEFAULT_CSS = "HintLine { height: 1; }"

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def update(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def render(self) -> Text:
        return Text(fit_parts(self.text, self.content_size.width), no_wrap=True)
