"""The status line: document, annotator, counts per label, saved or not, cursor offset, mode.

A plain widget that re-renders itself; updating it never triggers a layout pass (a Static's
``update`` does), which matters because it changes on every keystroke.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from annotator.tui import theme


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $boost;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def render(self) -> Text:
        return self._text

    @property
    def plain(self) -> str:
        return self._text.plain

    def show(
        self,
        *,
        document: str,
        annotator: str,
        counts: dict[str, int],
        colors: dict[str, str],
        saved: bool,
        offset: int,
        selection: tuple[int, int] | None,
        snap: bool,
        status: str,
        message: str = "",
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(document, style="bold")
        text.append(f"  {annotator}  ")
        for label, count in counts.items():
            text.append(f" {label[0]} ", style=theme.label_badge(colors.get(label, "#888888")))
            text.append(f"{count} ")
        text.append("  saved" if saved else "  unsaved", style="green" if saved else "bold yellow")
        text.append(f"  {status}")
        where = f"  @{offset}"
        if selection is not None:
            where += f" sel {selection[0]}-{selection[1]}"
        text.append(where)
        text.append("  snap" if snap else "  free")
        if message:
            text.append(f"  {message}", style="bold")
        if text != self._text:
            self._text = text
            self.refresh()
