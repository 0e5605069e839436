"""The article keeps, with each drawn line, the look it had before (article_view.py): when the
cursor, a selection or a search match leaves a line, that look comes back without drawing.
It must never come back stale: after every key, every line on screen is what drawing it
afresh gives."""

from __future__ import annotations

from rich.segment import Segment

from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.article_view import ArticleView
from tests.tui.conftest import article_of, find

#: Search next and back (the selection goes from line to line and returns), cursor moves
#: between lines, a tag and its undo and redo (the line's spans change under both looks), a
#: relabel, focus leaving the article and coming back.
KEYS = [
    "full_stop",
    "full_stop",
    "comma",
    "full_stop",
    "down",
    "up",
    "down",
    "ctrl+left",
    "w",
    "down",
    "up",
    "u",
    "down",
    "up",
    "U",
    "l",
    "full_stop",
    "comma",
    "tab",
    "tab",
    "escape",
    "down",
    "up",
]


def fresh(article: ArticleView, index: int) -> list[Segment]:
    """Line ``index`` drawn from scratch, as it looks now."""
    assert article.doc_layout is not None
    article.begin_frame()
    try:
        return list(
            article._render_visual_line(article.doc_layout.line(index), article._content_width)
        )
    finally:
        article.end_frame()


def drawn_on_screen(article: ArticleView) -> dict[int, list[Segment]]:
    top = round(article.scroll_offset.y)
    assert article.doc_layout is not None
    last = min(top + article.scrollable_content_region.height, article.doc_layout.line_count)
    article.begin_frame()
    try:
        return {i: list(article._line_strip(i)) for i in range(top, last)}
    finally:
        article.end_frame()


async def test_a_look_that_comes_back_is_never_stale(make_app) -> None:
    app: AnnotatorApp = make_app(annotator="ann1")
    async with app.run_test(size=(100, 30)) as pilot:
        article = article_of(app)
        article.set_matches([find(article.text, "القوات", n) for n in range(6)])
        await pilot.pause()
        reused = 0
        for key in KEYS:
            kept = {i: entry[3][1] for i, entry in article._cache.items() if entry[3]}
            await pilot.press(key)
            await pilot.pause()
            shown = drawn_on_screen(article)
            for index, segments in shown.items():
                assert segments == fresh(article, index), f"line {index} after {key!r}"
            reused += sum(
                1 for i, strip in kept.items() if i in shown and article._cache[i][2] is strip
            )
        assert reused  # looks did come back (the keys exercised the kept looks)
