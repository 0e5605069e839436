"""The status line: document, annotator, counts per label, saved or not, cursor offset, mode.

It changes on every keystroke, so it is drawn as one ready strip (visual.styled_line) and
updating it never triggers a layout pass (a Static's ``update`` does).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui import theme
from annotator.tui.visual import Pieces, styled_line

PLAIN = Style()
BOLD = Style(bold=True)
SAVED = Style.parse("green")
UNSAVED = Style.parse("bold yellow")


HINT_SEPARATOR = " · "


def fit_hint(pieces: Pieces, width: int, has_message: bool) -> Pieces:
    """When the line is too long for ``width`` and the message is a mode's key hint (parts
    joined by " · "), the hint goes first, shortened by whole " · " parts, and the details after it are cut: a
    hint is never cut inside the key it explains, and the keys stay in view."""
    total = sum(cell_len(text) for text, _ in pieces)
    if total <= width or not has_message or not pieces:
        return pieces
    text, style = pieces[-1]
    parts = text.strip().split(HINT_SEPARATOR)
    if len(parts) == 1:  # a plain message, not a list of keys: cut at the end as usual
        return pieces
    kept = list(parts)
    while len(kept) > 1 and cell_len(HINT_SEPARATOR.join(kept) + " …") > width:
        kept.pop()
    shown = HINT_SEPARATOR.join(kept) + (" …" if len(kept) < len(parts) else "")
    return [(shown, style), ("  ", PLAIN), *pieces[:-1]]


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
        self._pieces: Pieces = []
        self._message = False
        self._strip: tuple[int, Style, Strip] | None = None

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self._pieces)

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        if y:
            return Strip.blank(width, base)
        if self._strip is None or self._strip[:2] != (width, base):
            self._strip = (
                width,
                base,
                styled_line(fit_hint(self._pieces, width, self._message), width, base),
            )
        return self._strip[2]

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
        pieces: Pieces = [(document, BOLD), (f"  {annotator}  ", PLAIN)]
        for label, count in counts.items():
            badge = theme.label_badge(colors.get(label, "#888888"))
            pieces += [(f" {label[0]} ", badge), (f"{count} ", PLAIN)]
        pieces.append(("  saved", SAVED) if saved else ("  unsaved", UNSAVED))
        where = f"  @{offset}"
        if selection is not None:
            where += f" sel {selection[0]}-{selection[1]}"
        pieces += [(f"  {status}", PLAIN), (where, PLAIN), ("  snap" if snap else "  free", PLAIN)]
        self._message = bool(message)
        if message:
            pieces.append((f"  {message}", BOLD))
        if pieces != self._pieces:
            self._pieces = pieces
            self._strip = None
            self.refresh()
