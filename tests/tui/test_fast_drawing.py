"""The article, the span list and their scrollbars draw from kept rows (line_finish.py,
fast_scrollbar.py): what they draw must be exactly what Textual's own drawing gives, for any
scroll position, any thumb position and size, hovered or grabbed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.fast_scrollbar import FastScrollBar, FastScrollBars
from annotator.tui.widgets.span_list import SpanList
from tests.tui.conftest import article_of, screen_of


def segments(strips: list[Strip]) -> list[list[Segment]]:
    return [list(strip) for strip in strips]


def stock_lines(widget: Widget, crop: Region) -> list[Strip]:
    """What Textual draws for ``crop`` of ``widget``, every row drawn afresh."""
    widget._styles_cache.clear()
    return Widget.render_lines(widget, crop)


def stock_bar(bar: ScrollBar) -> list[list[Segment]]:
    bar.refresh()  # its content is drawn again, not taken from the last render
    return segments(stock_lines(bar, bar.size.region))


class Tall(FastScrollBars, ScrollView):
    DEFAULT_CSS = "Tall { scrollbar-size-vertical: 2; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class TallApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Tall()


async def test_the_scrollbar_draws_what_textual_draws_for_any_thumb() -> None:
    app = TallApp()
    async with app.run_test(size=(30, 23)) as pilot:
        view = app.query_one(Tall)
        view.virtual_size = Size(10, 500)
        await pilot.pause()
        bar = view.vertical_scrollbar
        assert isinstance(bar, FastScrollBar) and bar.size.height == 23

        @settings(max_examples=150, deadline=None)
        @given(
            virtual=st.integers(0, 5000),
            window=st.integers(0, 60),
            position=st.floats(0, 5000, allow_nan=False),
            state=st.sampled_from(["plain", "hover", "grabbed"]),
        )
        def same(virtual: int, window: int, position: float, state: str) -> None:
            bar.window_virtual_size = virtual
            bar.window_size = window
            bar.position = min(position, max(virtual - window, 0))
            bar.mouse_over = state == "hover"
            bar.grabbed = Offset(0, 3) if state == "grabbed" else None
            fast = segments(bar.render_lines(bar.size.region))
            assert fast == stock_bar(bar)
            # and again, from the kept rows
            assert segments(bar.render_lines(bar.size.region)) == fast

        same()


async def test_the_article_and_span_list_draw_what_textual_draws_at_any_scroll(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(annotator="ann1")
    async with app.run_test(size=(100, 24)) as pilot:
        article = article_of(app)
        spans = screen_of(app).query_one(SpanList)
        await pilot.pause()

        @settings(max_examples=40, deadline=None)
        @given(
            top=st.integers(0, 60),
            row=st.integers(0, 80),
            crop=st.tuples(st.integers(0, 30), st.integers(1, 30)),
        )
        def same(top: int, row: int, crop: tuple[int, int]) -> None:
            article.scroll_to(y=top, animate=False)
            spans.scroll_to(y=row, animate=False)
            for view in (article, spans):
                height = view.size.height
                first = min(crop[0], height - 1)
                region = Region(0, first, view.size.width, min(crop[1], height - first))
                fast = segments(view.render_lines(region))
                assert fast == segments(stock_lines(view, region)), type(view).__name__
                bar = view.vertical_scrollbar
                if bar.display and bar.size.height:
                    assert segments(bar.render_lines(bar.size.region)) == stock_bar(bar)

        same()
        # the cursor moved, a line drawn ahead, the view unfocused: still the same drawing
        await pilot.press("pagedown", "left", "left")
        await pilot.pause(0.1)
        article.blur()
        await pilot.pause()
        whole = article.size.region
        assert segments(article.render_lines(whole)) == segments(stock_lines(article, whole))
        # a tint (a modal's dimming does the same) changes every finished row, not the lines
        article.styles.tint = "red 40%"
        await pilot.pause()
        assert segments(article.render_lines(whole)) == segments(stock_lines(article, whole))


async def test_a_view_with_vertical_padding_is_drawn_the_stock_way(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(annotator="ann1")
    async with app.run_test(size=(100, 24)) as pilot:
        article: ArticleView = article_of(app)
        article.styles.padding = (1, 2)
        article.styles.border = ("round", "red")
        await pilot.pause()
        whole = article.size.region
        assert article._finisher.render_lines(article, whole, article.render_line) is None
        assert segments(article.render_lines(whole)) == segments(stock_lines(article, whole))
