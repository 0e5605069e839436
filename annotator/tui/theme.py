"""Label colours turned into terminal styles.

Colours come from the label schema (data, not code). A span is drawn with its label's colour as
background, blended into the screen background: nested spans get stronger shades so a span
inside another of the same label still stands out; imported pre-annotations are paler and
underlined until accepted. Terminals with fewer colours get Textual's nearest colours.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from textual.color import Color

BACKGROUND = Color.parse("#1e1e1e")
LIGHT_TEXT = Color.parse("#f5f5f5")
DARK_TEXT = Color.parse("#101010")

#: How much of the label colour shows at nesting depth 1, 2, 3+.
DEPTH_MIX = (0.42, 0.68, 0.9)
IMPORTED_MIX = 0.25


@lru_cache(maxsize=4096)
def span_style(color: str, depth: int, imported: bool, current: bool) -> Style:
    """The style of a cell whose innermost span has label colour ``color``."""
    mix = IMPORTED_MIX if imported else DEPTH_MIX[min(depth, len(DEPTH_MIX)) - 1]
    background = BACKGROUND.blend(Color.parse(color), mix)
    text = DARK_TEXT if background.brightness > 0.55 else LIGHT_TEXT
    return Style(
        bgcolor=background.rich_color,
        color=text.rich_color,
        underline=imported or current,
        italic=imported,
        bold=current,
    )


@lru_cache(maxsize=256)
def label_badge(color: str) -> Style:
    """Label names in lists and the status bar: the label colour on dark text."""
    return Style(bgcolor=Color.parse(color).rich_color, color=DARK_TEXT.rich_color, bold=True)
