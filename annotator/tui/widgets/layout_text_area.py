"""A multi-line text field drawn through the layout engine: Arabic shaped, each paragraph in its
own direction and right-aligned when right to left, wrapped at the field's width, the caret on
the character it stands before.

Textual's TextArea draws typed Arabic unjoined and left to right. This field keeps its text in
logical order (what is typed is what is saved) and asks ``layout.text_field`` where every cell
and the caret go, and where the motion keys lead: Left moves forward in a right-to-left
paragraph, Up/Down/Home/End work on visual rows. It is small on purpose (a note is a few
lines): the layout is rebuilt for each change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions
from annotator.layout.text_field import TextFieldLayout

#: Pasted line breaks become "\n": a note is saved as a YAML block, one line per line.
_LINE_BREAKS = re.compile(r"\r\n?")
#: Edits kept for undo.
UNDO_DEPTH = 100


@dataclass(frozen=True, slots=True)
class _State:
    text: str
    cursor: int
    anchor: int


class LayoutTextArea(ScrollView, can_focus=True):
    """See the module docstring. ``text`` is the value; ``cursor`` and ``selection_anchor`` are logical
    offsets (the selection runs between them)."""

    DEFAULT_CSS = """
    LayoutTextArea {
        height: 8;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 1;
    }
    LayoutTextArea:focus { border: tall $border; }
    LayoutTextArea > .layout-text-area--cursor { background: $foreground; color: $surface; }
    LayoutTextArea > .layout-text-area--selection { background: $accent 60%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "layout-text-area--cursor",
        "layout-text-area--selection",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "left", "Left", show=False),
        Binding("right", "right", "Right", show=False),
        Binding("shift+left", "left(True)", "Select left", show=False),
        Binding("shift+right", "right(True)", "Select right", show=False),
        Binding("ctrl+left", "word_left", "Word left", show=False),
        Binding("ctrl+right", "word_right", "Word right", show=False),
        Binding("ctrl+shift+left", "word_left(True)", "Select word left", show=False),
        Binding("ctrl+shift+right", "word_right(True)", "Select word right", show=False),
        Binding("up", "vertical(-1)", "Up", show=False),
        Binding("down", "vertical(1)", "Down", show=False),
        Binding("shift+up", "vertical(-1, True)", "Select up", show=False),
        Binding("shift+down", "vertical(1, True)", "Select down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "home", "Line start", show=False),
        Binding("end", "end", "Line end", show=False),
        Binding("shift+home", "home(True)", "Select to line start", show=False),
        Binding("shift+end", "end(True)", "Select to line end", show=False),
        Binding("ctrl+home", "edge(0)", "Text start", show=False),
        Binding("ctrl+end", "edge(1)", "Text end", show=False),
        Binding("ctrl+a", "select_all", "Select all", show=False),
        Binding("enter", "newline", "New line", show=False),
        Binding("backspace", "delete_back", "Delete left", show=False),
        Binding("delete", "delete_forward", "Delete right", show=False),
        Binding("ctrl+c", "copy", "Copy", show=False),
        Binding("ctrl+x", "cut", "Cut", show=False),
        Binding("ctrl+v", "paste", "Paste", show=False),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y", "redo", "Redo", show=False),
    ]

    class Changed(Message):
        """The text changed."""

        def __init__(self, area: LayoutTextArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> LayoutTextArea:
            return self.area

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.cursor = len(text)
        self.selection_anchor = self.cursor
        self._goal: int | None = None  #: the column Up/Down keep
        self._undo: list[_State] = []
        self._redo: list[_State] = []
        self._layout: TextFieldLayout | None = None

    # -- layout ----------------------------------------------------------------------------------

    @property
    def layout_options(self) -> LayoutOptions:
        return getattr(self.app, "layout_options", DEFAULT_OPTIONS)

    @property
    def field_layout(self) -> TextFieldLayout:
        """The text laid out at the field's width (rebuilt when the text or width changed)."""
        width = max(self.scrollable_content_region.width, 1)
        options = self.layout_options
        cached = self._layout
        if cached is None or (cached.text, cached.width, cached.options) != (
            self.text,
            width,
            options,
        ):
            cached = self._layout = TextFieldLayout(self.text, width, options)
        return cached

    @property
    def selection(self) -> tuple[int, int]:
        """The selected range (start, end), empty when nothing is selected."""
        return min(self.cursor, self.selection_anchor), max(self.cursor, self.selection_anchor)

    @property
    def selected_text(self) -> str:
        start, end = self.selection
        return self.text[start:end]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self.field_layout
        row = round(self.scroll_offset.y) + y
        if row >= len(layout.rows):
            return Strip.blank(width, base)
        start, end = self.selection
        selected = self.get_component_rich_style("layout-text-area--selection")
        caret = self.get_component_rich_style("layout-text-area--cursor")
        caret_cell = layout.cell_of(self.cursor) if self.has_focus else None
        segments: list[Segment] = []
        column = 0
        for cell in layout.rows[row].line.cells:
            if not cell.width:
                continue
            if cell.col > column:
                segments.append(Segment(" " * (cell.col - column), base))
            style: Style = base
            if start < cell.end and cell.start < end and cell.start < len(self.text):
                style = style + selected
            if cell == caret_cell:
                style = style + caret
            drawn = cell.text if cell.text and cell.start < len(self.text) else " "
            segments.append(Segment(drawn, style))
            column = cell.col + cell.width
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _changed_view(self) -> None:
        """After a change: the scroll height, the caret in view, a repaint."""
        layout = self.field_layout
        size = Size(self.scrollable_content_region.width, len(layout.rows))
        if size != self.virtual_size:
            self.virtual_size = size
            self.call_after_refresh(self._scroll_to_caret)  # once the new height is in force
        else:
            self._scroll_to_caret()
        self.refresh()

    def _scroll_to_caret(self) -> None:
        row = self.field_layout.row_of(self.cursor)
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._changed_view)

    def on_resize(self, event: events.Resize) -> None:
        self._changed_view()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- moving ------------------------------------------------------------------------------------

    def move_to(self, offset: int, select: bool = False, keep_goal: bool = False) -> None:
        """Put the caret at ``offset``; ``select`` extends the selection instead of dropping it."""
        self.cursor = max(0, min(offset, len(self.text)))
        if not select:
            self.selection_anchor = self.cursor
        if not keep_goal:
            self._goal = None
        self._changed_view()

    def action_left(self, select: bool = False) -> None:
        start, end = self.selection
        layout = self.field_layout
        if start != end and not select:  # an arrow first collapses a selection to its side
            self.move_to(end if layout.reads_rtl(self.cursor) else start)
            return
        self.move_to(layout.left(self.cursor), select)

    def action_right(self, select: bool = False) -> None:
        start, end = self.selection
        layout = self.field_layout
        if start != end and not select:
            self.move_to(start if layout.reads_rtl(self.cursor) else end)
            return
        self.move_to(layout.right(self.cursor), select)

    def action_word_left(self, select: bool = False) -> None:
        self.move_to(self.field_layout.word_left(self.cursor), select)

    def action_word_right(self, select: bool = False) -> None:
        self.move_to(self.field_layout.word_right(self.cursor), select)

    def action_vertical(self, delta: int, select: bool = False) -> None:
        layout = self.field_layout
        if self._goal is None:
            self._goal = layout.position_of(self.cursor)[1]
        self.move_to(layout.vertical(self.cursor, delta, self._goal), select, keep_goal=True)

    def action_page(self, direction: int) -> None:
        self.action_vertical(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_home(self, select: bool = False) -> None:
        self.move_to(self.field_layout.home(self.cursor), select)

    def action_end(self, select: bool = False) -> None:
        self.move_to(self.field_layout.end(self.cursor), select)

    def action_edge(self, end: int) -> None:
        self.move_to(len(self.text) if end else 0)

    def action_select_all(self) -> None:
        self.selection_anchor, self.cursor = 0, len(self.text)
        self._changed_view()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = round(self.scroll_offset.y) + offset.y
        self.move_to(self.field_layout.offset_at(row, offset.x), select=event.shift)

    # -- editing -----------------------------------------------------------------------------------

    def replace_selection(self, text: str) -> None:
        """Type ``text`` over the selection (or at the caret); one step of undo."""
        start, end = self.selection
        if not text and start == end:
            return
        self._remember()
        self.text = self.text[:start] + text + self.text[end:]
        self.move_to(start + len(text))
        self.post_message(self.Changed(self))

    def _remember(self) -> None:
        self._undo.append(_State(self.text, self.cursor, self.selection_anchor))
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.replace_selection(event.character)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        if event.text:
            self.replace_selection(_LINE_BREAKS.sub("\n", event.text))

    def action_newline(self) -> None:
        self.replace_selection("\n")

    def action_delete_back(self) -> None:
        """Backspace: the selection, or the character before the caret (one code point, so a
        haraka typed last goes first)."""
        start, end = self.selection
        if start == end and start > 0:
            self.selection_anchor = start - 1
        self.replace_selection("")

    def action_delete_forward(self) -> None:
        """Delete: the selection, or the cell after the caret (a whole cluster or CRLF)."""
        start, end = self.selection
        if start == end:
            self.selection_anchor = self.field_layout.forward(start)
        self.replace_selection("")

    def action_copy(self) -> None:
        if self.selected_text:
            self.app.copy_to_clipboard(self.selected_text)

    def action_cut(self) -> None:
        if self.selected_text:
            self.app.copy_to_clipboard(self.selected_text)
            self.replace_selection("")

    def action_paste(self) -> None:
        if self.app.clipboard:
            self.replace_selection(_LINE_BREAKS.sub("\n", self.app.clipboard))

    def action_undo(self) -> None:
        self._step(self._undo, self._redo)

    def action_redo(self) -> None:
        self._step(self._redo, self._undo)

    def _step(self, source: list[_State], target: list[_State]) -> None:
        if not source:
            return
        target.append(_State(self.text, self.cursor, self.selection_anchor))
        state = source.pop()
        self.text = state.text
        self.selection_anchor = state.anchor
        self.move_to(state.cursor, select=True)
        self.post_message(self.Changed(self))
