"""An Input that draws right-to-left text through the layout engine: shaped, in visual order,
right-aligned, with the cursor on the character it stands before.

Textual's Input draws typed Arabic unjoined and left to right. This one keeps Input's editing
(the value, the cursor and selection as logical positions, history of keys) and only changes
how a value holding right-to-left text is drawn and which way the arrow keys go: in Arabic,
Left moves forward, as in the article. Latin-only values are drawn by Input itself.
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Input

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions, field_view
from annotator.layout.levels import paragraph_level


def has_rtl(text: str) -> bool:
    """Whether any character of ``text`` is written right to left (Hebrew, Arabic...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class LayoutInput(Input):
    """See the module docstring."""

    @property
    def layout_options(self) -> LayoutOptions:
        return getattr(self.app, "layout_options", DEFAULT_OPTIONS)

    @property
    def right_to_left(self) -> bool:
        """Whether the value is drawn right to left (its first strong character is)."""
        value = self.value
        return bool(value) and self.layout_options.bidi and paragraph_level(value) == 1

    def _watch_value(self, value: str) -> None:
        # Input's watcher sets ``virtual_size``, a reactive that asks for a layout pass of the
        # whole screen: on every keystroke, though a box whose width and height are set by CSS
        # does not change size with its value. That pass (and the scrollbar updates it causes
        # in every other scrolling widget) cost the corpus filter a frame per key. Set it here
        # first without the pass, keep the horizontal scroll in range as the pass would; Input's
        # watcher then finds it unchanged and does the rest (Changed, validation, the cursor).
        if not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            self.scroll_x = self.validate_scroll_x(self.scroll_x)
        super()._watch_value(value)

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self.value or not has_rtl(self.value):
            return super().render_line(y)
        width = max(self.scrollable_content_region.width, 1)
        base = self.rich_style
        view = field_view(self.value, self.cursor_position, width, self.layout_options)
        selection = sorted(self.selection) if self.has_focus else None
        cursor_style = self.get_component_rich_style("input--cursor")
        selected_style = self.get_component_rich_style("input--selection")
        show_cursor = self.has_focus and self._cursor_visible
        segments: list[Segment] = []
        column = 0
        for cell in view.cells:
            if cell.col > column:
                segments += self._gap(column, cell.col, view.cursor_col, show_cursor, base)
            style: Style = base
            if selection is not None and selection[0] < cell.end and cell.start < selection[1]:
                style = style + selected_style
            if show_cursor and cell.col == view.cursor_col:
                style = style + cursor_style
            segments.append(Segment(cell.text or " ", style))
            column = cell.col + cell.width
        if column < width:
            segments += self._gap(column, width, view.cursor_col, show_cursor, base)
        return Strip(segments).crop_extend(0, width, base)

    def _gap(self, start: int, end: int, cursor: int, show: bool, base: Style) -> list[Segment]:
        """Blank columns [start, end), with the cursor block if it sits there (at the end of
        the text)."""
        if not (show and start <= cursor < end):
            return [Segment(" " * (end - start), base)]
        cursor_style = base + self.get_component_rich_style("input--cursor")
        return [
            Segment(" " * (cursor - start), base),
            Segment(" ", cursor_style),
            Segment(" " * (end - cursor - 1), base),
        ]

    # -- arrows go the way the text is drawn ------------------------------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        if self.right_to_left:
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self.right_to_left:
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        if self.right_to_left:
            super().action_cursor_right_word(select)
        else:
            super().action_cursor_left_word(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        if self.right_to_left:
            super().action_cursor_left_word(select)
        else:
            super().action_cursor_right_word(select)
