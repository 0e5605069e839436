"""Scrollbars drawn into a widget's own lines, cell for cell as Textual's ScrollBar draws them.

Textual's scrollbars are widgets of their own in the screen's layout. Showing or hiding one (a
filter that narrows 10,000 documents to ten) asks for a layout pass of the whole screen, and
the resized bars repaint in a second screen update, a frame later; each move of the thumb
draws the bar again through the whole widget pipeline. On the corpus screen those were the
slowest filter keystrokes (30-40 ms). A widget that draws its bars as the last columns (and
last line) of its own lines pays none of that: the bars come and go inside one repaint.

The cells are Textual's own (``ScrollBarRender.render_bar``, with the colours ``ScrollBar.render``
picks for idle, hover and grabbed bars), kept as ready Strips by bar geometry; only the
clickable parts are handled by the widget (tests/tui/test_drawn_scrollbars.py compares the
drawn bars with real ScrollBars).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from typing import TYPE_CHECKING, Literal

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Size
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.widget import Widget

#: How a bar is shown: as the mouse leaves it, under the mouse, or dragged.
BarState = Literal["idle", "hover", "grabbed"]


@dataclass(frozen=True, slots=True)
class BarLayout:
    """Which bars a widget of ``region`` size shows for content of ``content`` size, and
    what is left for the content (``body``)."""

    vertical: bool
    horizontal: bool
    body: Size


def bar_layout(
    content: Size, region: Size, vertical_width: int, horizontal_height: int
) -> BarLayout:
    """Textual's rule for ``overflow: auto`` (Widget._refresh_scrollbars): a bar shows when the
    content does not fit, and one bar can make the other needed by the room it takes."""
    width, height = region
    horizontal = content.width > width
    vertical = content.height > height
    if vertical and not horizontal:
        horizontal = content.width > width - vertical_width
    if horizontal and not vertical:
        vertical = content.height > height - horizontal_height
    vertical = vertical and vertical_width > 0
    horizontal = horizontal and horizontal_height > 0
    body = Size(
        max(width - (vertical_width if vertical else 0), 0),
        max(height - (horizontal_height if horizontal else 0), 0),
    )
    return BarLayout(vertical, horizontal, body)


def bar_style(widget: Widget, state: BarState) -> Style:
    """The colours of ``widget``'s bars, chosen as ScrollBar.render chooses them."""
    styles = widget.styles
    if state == "grabbed":
        background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
    elif state == "hover":
        background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
    else:
        background, color = styles.scrollbar_background, styles.scrollbar_color
    if background.a < 1:
        base_background, _ = widget.background_colors
        background = base_background + background
    color = background + color
    return Style.from_color(color.rich_color, background.rich_color)


def thumbless(widget: Widget) -> bool:
    """Whether bars are drawn as bare tracks (a screen whose scrollbar colour is transparent)."""
    return widget.screen.styles.scrollbar_color.a == 0


def _position(position: float) -> float:
    """ScrollBar.validate_position: the thumb moves by eighths of a cell."""
    return int(position * 8) / 8


#: The colours ScrollBarRender falls back to when a bar's style has none.
DEFAULT_BACK = RichColor.parse("#555555")
DEFAULT_BAR = RichColor.parse("bright_magenta")


def bar_segments(
    size: int,
    virtual: float,
    window: float,
    position: float,
    thickness: int,
    vertical: bool,
    style: Style,
    *,
    keep_actions: bool = False,
) -> list[Segment]:
    """The cells of a bar, one segment a row (vertical) or a cell run (horizontal), as
    ScrollBar.render asks ``ScrollBarRender.render_bar`` for them. ``keep_actions`` keeps the
    mouse actions in the styles (a real ScrollBar widget handles its clicks through them); a
    bar drawn into another widget's lines leaves them to that widget."""
    shown_window = window if window < virtual else 0
    bar = ScrollBarRender.render_bar(
        size=size,
        virtual_size=ceil(virtual),
        window_size=ceil(shown_window),
        position=_position(position),
        thickness=thickness,
        vertical=vertical,
        back_color=style.bgcolor or DEFAULT_BACK,
        bar_color=style.color or DEFAULT_BAR,
    )
    if keep_actions:
        return [segment for segment in bar.segments if segment.text != "\n"]
    return [
        Segment(text, seg_style.clear_meta_and_links() if seg_style else None)
        for text, seg_style, _ in bar.segments
        if text != "\n"
    ]


@lru_cache(maxsize=512)
def vertical_bar(
    size: int,
    virtual: int,
    window: int,
    position: float,
    thickness: int,
    base: Style,
    style: Style,
) -> tuple[Strip, ...]:
    """The ``size`` lines of a vertical bar, each ``thickness`` cells wide, over ``base`` (the
    widget's own style, as a ScrollBar widget's cells lie over its parent's)."""
    segments = bar_segments(size, virtual, window, position, thickness, True, style)
    return tuple(
        Strip([Segment(text, base + seg_style if seg_style else base)], thickness)
        for text, seg_style, _ in segments
    )


@lru_cache(maxsize=128)
def horizontal_bar(
    size: int,
    virtual: int,
    window: int,
    position: float,
    thickness: int,
    base: Style,
    style: Style,
) -> tuple[Strip, ...]:
    """The ``thickness`` lines of a horizontal bar ``size`` cells long."""
    segments = bar_segments(size, virtual, window, position, thickness, False, style)
    line = [
        Segment(text, base + seg_style if seg_style else base)
        for text, seg_style, _ in segments[:size]
    ]
    strip = Strip(Segment.simplify(line), size)
    return (strip,) * thickness


@lru_cache(maxsize=32)
def corner(width: int, color: Color) -> Strip:
    """One line of the square where both bars meet: blank in its colour, as ScrollBarCorner
    draws it (a background and nothing else)."""
    return Strip([Segment(" " * width, Style(bgcolor=color.rich_color))], width)


def thumb_cells(size: int, virtual: int, window: int, position: float) -> tuple[int, int] | None:
    """The cells [start, end) the thumb covers, as drawn (partial end cells included), or None
    when the bar shows no thumb: what a mouse press grabs rather than pages."""
    shown_window = window if window < virtual else 0
    if not (shown_window and size and virtual and size != virtual):
        return None
    steps = len(ScrollBarRender.VERTICAL_BARS)
    thumb = max(1, ceil(shown_window) / (ceil(virtual) / size))
    start = int(
        (size - thumb) * (_position(position) / (ceil(virtual) - ceil(shown_window))) * steps
    )
    end = start + ceil(thumb * steps)
    return max(0, start) // steps, min(size, ceil(max(0, end) / steps))
