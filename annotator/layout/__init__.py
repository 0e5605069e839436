"""Right-to-left layout: bidi levels, shaping, wrapping and cell <-> offset maps. Pure.

Terminals (and Textual) do no bidi reordering and no Arabic shaping; this package turns logical
text into visual lines of cells, each knowing the logical range it stands for. It never imports
textual (only ``rich.cells`` for widths). See docs/layout.md.
"""

from annotator.layout.chars import find_bidi_controls
from annotator.layout.document import DocumentLayout, split_paragraphs
from annotator.layout.field import FieldCell, FieldView, field_view
from annotator.layout.model import DEFAULT_OPTIONS, Cell, Direction, LayoutOptions, VisualLine
from annotator.layout.paragraph import layout_paragraph
from annotator.layout.render import line_map, map_lines, render_text
from annotator.layout.text_field import TextFieldLayout
from annotator.layout.wrap import wrap_paragraph

__all__ = [
    "DEFAULT_OPTIONS",
    "Cell",
    "Direction",
    "DocumentLayout",
    "FieldCell",
    "FieldView",
    "LayoutOptions",
    "TextFieldLayout",
    "VisualLine",
    "clear_caches",
    "field_view",
    "find_bidi_controls",
    "layout_paragraph",
    "line_map",
    "map_lines",
    "render_text",
    "split_paragraphs",
    "wrap_paragraph",
]


def clear_caches() -> None:
    """Forget every memoised layout, wrap, level resolution and shaping (for benchmarks and
    tests that measure cold work; the caches are bounded, so nothing else needs this)."""
    from annotator.layout import clusters, levels, paragraph, shaping, wrap

    for cached in (
        wrap.wrap_paragraph,
        paragraph._layout,
        paragraph._analyse,
        levels.resolve_levels,
        clusters._cached_clusters,
        clusters.cached_segment_cells,
        shaping.shape_word,
    ):
        cached.cache_clear()
