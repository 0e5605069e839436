"""The span at the cursor, in full: label, where it is, its whole text (drawn right to left
through the layout engine), attributes, note and sources.

It sits above the span list, so the list needs fewer rows: a span inserted into the list
shifts only the rows below it, and fewer rows is less to repaint on every tag.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions, render_text
from annotator.model import AnnotationSet, Span
from annotator.tui import theme
from annotator.tui.visual import one_line

TEXT_LINES = 3


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
        self.layout_options: LayoutOptions = DEFAULT_OPTIONS
        self._text = Text("no span at the cursor", style="dim")
        self._shown: tuple[object, ...] | None = None
        self._last: tuple[Span | None, AnnotationSet] | None = None

    def set_options(self, options: LayoutOptions) -> None:
        self.layout_options = options
        self._shown = None  # drawn again at the next show()

    def on_resize(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    def render(self) -> Text:
        return self._text

    def show(self, span: Span | None, aset: AnnotationSet) -> None:
        """Describe ``span`` (or say there is none); repaints only when something changed."""
        self._last = (span, aset)
        width = max(self.content_region.width, 10)
        sources = aset.relations_from(span.id) if span is not None else ()
        key = (span, width, sources, self.layout_options)
        if key == self._shown:
            return
        self._shown = key
        if span is None:
            self._text = Text("no span at the cursor", style="dim")
        else:
            self._text = self._describe(span, aset, width)
        self.refresh()

    def _describe(self, span: Span, aset: AnnotationSet, width: int) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        badge = theme.label_badge(self.label_colors.get(span.label, "#888888"))
        text.append(f" {span.label} ", style=badge)
        text.append(f" {span.id} · {span.start}-{span.end} · {span.length} chars")
        if span.imported:
            text.append(f" · {span.origin}", style="italic")
        lines = render_text(aset.span_text(span), width, self.layout_options)
        for line in lines[:TEXT_LINES]:
            text.append("\n" + line.rstrip())
        if len(lines) > TEXT_LINES:
            text.append(f"\n… {len(lines) - TEXT_LINES} more lines", style="dim")
        attributes = " · ".join(f"{k}: {v}" for k, v in span.attributes.items())
        text.append("\n" + (attributes or "no attributes"), style="" if attributes else "dim")
        for rel in aset.relations_from(span.id):
            if aset.has_span(rel.to_id):
                target = aset.span(rel.to_id)
                drawn = one_line(aset.span_text(target), width - 12, self.layout_options)
                text.append(f"\n{rel.type} → {drawn} ({target.id})")
        if span.note:
            text.append(
                "\nnote: " + one_line(span.note, width - 6, self.layout_options), style="italic"
            )
        return text
