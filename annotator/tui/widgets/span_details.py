"""The span at the cursor, in full: label, where it is, its whole text (drawn right to left
through the layout engine), attributes, note and sources.

It sits above the span list, so the list needs fewer rows: a span inserted into the list
shifts only the rows below it, and fewer rows is less to repaint on every tag.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions, render_text
from annotator.model import AnnotationSet, Span
from annotator.model.labels import LabelDef
from annotator.tui import theme
from annotator.tui.visual import Pieces, one_line, plural, styled_line

TEXT_LINES = 3
PLAIN = Style()
DIM = Style(dim=True)
ITALIC = Style(italic=True)
WARN = Style(color="yellow", bold=True)
NO_SPAN: list[Pieces] = [[("no span at the cursor", DIM)]]


class SpanDetails(Widget):
    DEFAULT_CSS = """
    SpanDetails {
        height: 8;
        background: $panel;
        color: $foreground;
        border-bottom: solid $primary;
        padding: 0 1;
    }
    """

    def __init__(self, colors: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label_colors = colors
        #: The schema's labels, to list every attribute of a span's label, set or not.
        self.label_defs: Mapping[str, LabelDef] = {}
        self.layout_options: LayoutOptions = DEFAULT_OPTIONS
        self._lines: list[Pieces] = NO_SPAN
        self._strips: tuple[int, Style, list[Strip]] | None = None
        self._shown: tuple[object, ...] | None = None
        self._last: tuple[Span | None, AnnotationSet] | None = None
        self._frame_base: Style | None = None

    def set_options(self, options: LayoutOptions) -> None:
        self.layout_options = options
        self._shown = None  # drawn again at the next show()

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style walks every ancestor's styles: once a repaint, not once a row.
        self._frame_base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_base = None

    def render_line(self, y: int) -> Strip:
        base = self._frame_base if self._frame_base is not None else self.rich_style
        width = self.size.width
        if self._strips is None or self._strips[:2] != (width, base):
            self._strips = (width, base, [styled_line(line, width, base) for line in self._lines])
        strips = self._strips[2]
        return strips[y] if y < len(strips) else Strip.blank(width, base)

    def show(self, span: Span | None, aset: AnnotationSet) -> None:
        """Describe ``span`` (or say there is none); repaints only when something changed."""
        self._last = (span, aset)
        width = max(self.content_region.width, 10)
        sources = aset.relations_from(span.id) if span is not None else ()
        key = (span, width, sources, self.layout_options)
        if key == self._shown:
            return
        self._shown = key
        self._lines = NO_SPAN if span is None else self._describe(span, aset, width)
        self._strips = None
        self.refresh()

    def _attributes_line(self, span: Span, width: int) -> Pieces:
        """Every attribute of the span's label, empty ones too (``kind: —``), required ones
        marked with ``*``; values the schema does not know are listed after them. A free-text
        value is drawn through the layout engine (Arabic joined, right to left, cut at its
        logical end)."""
        definition = self.label_defs.get(span.label)
        names = list(definition.attributes) if definition is not None else []
        names += [n for n in span.attributes if n not in names]
        if not names:
            return [("no attributes", DIM)]
        pieces: Pieces = []
        used = 0
        for name in names:
            attr = definition.attributes.get(name) if definition is not None else None
            mark = "*" if attr is not None and attr.required else ""
            value = span.attributes.get(name, "")
            if pieces:
                pieces.append((" · ", DIM))
            pieces.append((f"{name}{mark}: ", PLAIN))
            used += cell_len(pieces[-1][0]) + (3 if len(pieces) > 1 else 0)
            if value:
                value = one_line(value, max(width - used, 2), self.layout_options) or "…"
            pieces.append((value, PLAIN) if value else ("—", WARN if mark else DIM))
            used += cell_len(pieces[-1][0])
        return pieces

    def _describe(self, span: Span, aset: AnnotationSet, width: int) -> list[Pieces]:
        badge = theme.label_badge(self.label_colors.get(span.label, "#888888"))
        head: Pieces = [
            (f" {span.label} ", badge),
            (f" {span.id} · {span.start}-{span.end} · {plural(span.length, 'char')}", PLAIN),
        ]
        if span.imported:
            head.append((f" · {span.origin}", ITALIC))
        lines = [head]
        drawn = render_text(aset.span_text(span), width, self.layout_options)
        lines += [[(line.rstrip(), PLAIN)] for line in drawn[:TEXT_LINES]]
        if len(drawn) > TEXT_LINES:
            lines.append([(f"… {plural(len(drawn) - TEXT_LINES, 'more line')}", DIM)])
        lines.append(self._attributes_line(span, width))
        for rel in aset.relations_from(span.id):
            if aset.has_span(rel.to_id):
                target = aset.span(rel.to_id)
                source = one_line(aset.span_text(target), width - 12, self.layout_options)
                lines.append([(f"{rel.type} → {source} ({target.id})", PLAIN)])
        if span.note:
            note = one_line(span.note, width - 6, self.layout_options)
            lines.append([("note: " + note, ITALIC)])
        return lines
