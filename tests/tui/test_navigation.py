"""Moving around right-to-left text with keys and the mouse."""

from __future__ import annotations

from annotator.tui.app import AnnotatorApp
from tests.tui.conftest import article_of, find


async def test_left_goes_forward_in_arabic_and_right_goes_back(make_app) -> None:
    app: AnnotatorApp = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        assert article.cursor == 0 and article.text[0] == "ق"
        await pilot.press("left", "left", "left", "left", "left")
        assert article.cursor == 5  # "القوات" starts at 5: reading order is right to left
        await pilot.press("right", "right")
        assert article.cursor == 3


async def test_left_at_the_end_of_a_line_continues_on_the_next(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        layout = article.doc_layout
        first = layout.line(0)
        await pilot.press("end")
        assert article.cursor == first.end - 1
        await pilot.press("left")
        assert article.cursor == layout.line(1).start
        await pilot.press("right")
        assert article.cursor == first.end - 1
        await pilot.press("home")
        assert article.cursor == 0


async def test_up_and_down_keep_the_column(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        layout = article.doc_layout
        await pilot.press("left", "left", "left")
        line, col = layout.position_of(article.cursor)
        await pilot.press("down")
        assert layout.line_of(article.cursor) == line + 1
        assert abs(layout.position_of(article.cursor)[1] - col) <= 1
        await pilot.press("up")
        assert layout.position_of(article.cursor) == (line, col)


async def test_word_paragraph_page_and_document_jumps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        article = article_of(app)
        text = article.text
        await pilot.press("ctrl+left")
        assert article.cursor == find(text, "القوات")[0]
        await pilot.press("ctrl+left")
        assert article.cursor == find(text, "الأمريكية")[0]
        await pilot.press("ctrl+right")
        assert article.cursor == find(text, "القوات")[0]
        await pilot.press("ctrl+down")
        assert article.cursor == text.index("\n") + 1  # the second paragraph
        await pilot.press("ctrl+up")
        assert article.cursor == 0
        await pilot.press("pagedown")
        assert article.doc_layout.line_of(article.cursor) > 10
        await pilot.press("pageup")
        assert article.doc_layout.line_of(article.cursor) == 0
        await pilot.press("ctrl+end")
        assert article.cursor == len(text) - 1
        assert article.scroll_offset.y > 0  # the end is on screen
        await pilot.press("ctrl+home")
        assert article.cursor == 0 and article.scroll_offset.y == 0


async def test_shift_extends_a_logical_selection(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        await pilot.press(*["left"] * 5, "shift+left", "shift+left", "shift+left")
        assert article.selection == (5, 9)
        await pilot.press("shift+ctrl+left")
        assert article.selection is not None and article.selection[0] == 5
        await pilot.press("escape")
        assert article.selection is None


async def test_click_drag_and_double_click_map_cells_to_offsets(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        text = article.text
        layout = article.doc_layout
        start, end = find(text, "القوات")
        line, col_start = layout.position_of(start)
        _, col_last = layout.position_of(end - 1)
        region = article.content_region
        x0 = region.x + col_start
        await pilot.click(article, offset=(col_start + 1, line))  # +1: the view's left padding
        assert article.cursor == start
        await pilot.double_click(article, offset=(col_start + 1, line))
        assert article.selection == (start, end)
        await pilot.mouse_down(article, offset=(col_start + 1, line))
        await pilot.hover(article, offset=(col_last + 1, line))
        await pilot.mouse_up(article, offset=(col_last + 1, line))
        assert article.selection == (start, end)
        assert x0 >= 0


async def test_resize_keeps_the_cursor_on_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        article = article_of(app)
        await pilot.press("ctrl+end", "pageup")
        offset = article.cursor
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        line = article.doc_layout.line_of(offset)
        top = round(article.scroll_offset.y)
        assert article.cursor == offset
        assert top <= line < top + article.scrollable_content_region.height
