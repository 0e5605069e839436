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


#: Arabic paragraphs apart by blank lines (LF, CRLF and a lone CR), a date and a row of dashes:
#: lines that UAX #9 lays out left to right, between lines that read right to left.
BLANK_LINES = "قال الجيش إن القوات.\r\n\r\n٢٠٢٤/١١/٣٠\n---\n\nوأضاف المتحدث\r\rفي بيان.\n"


async def _walk(pilot, article, key: str) -> list[int]:
    seen = [article.cursor]
    for _ in range(len(article.text) + 5):
        await pilot.press(key)
        seen.append(article.cursor)
    return seen


def _inside_a_cell(layout, offset: int) -> bool:
    line = layout.line(layout.line_of(offset))
    cell = line.cell_of(offset)
    return cell is not None and cell.start != offset


async def test_the_arrow_keys_walk_through_blank_lines_in_arabic(make_app, sample_project) -> None:
    """Left (forward in Arabic) from the start reaches the end, and right from the end the
    start, through every line that holds a character, never turning back at a blank line, a
    date or dashes (it used to bounce between a paragraph's end and the blank line after it),
    and never resting between the CR and LF of a line break."""
    (sample_project.root / "texts" / "blank-lines.txt").write_bytes(BLANK_LINES.encode())
    app = make_app(document="blank-lines")
    async with app.run_test(size=(60, 20)) as pilot:
        article = article_of(app)
        layout = article.doc_layout
        assert article.text == BLANK_LINES
        forward = await _walk(pilot, article, "left")
        assert forward[-1] == len(BLANK_LINES) - 1  # the cursor is on a character: the last
        lines = [layout.line_of(offset) for offset in forward]
        every_line = {layout.line_of(offset) for offset in range(len(BLANK_LINES))}
        assert lines == sorted(lines) and set(lines) == every_line
        backward = await _walk(pilot, article, "right")
        assert backward[-1] == 0
        lines = [layout.line_of(offset) for offset in backward]
        assert lines == sorted(lines, reverse=True)
        assert not [o for o in forward + backward if _inside_a_cell(layout, o)]


async def test_end_on_a_crlf_line_rests_on_the_line_break_not_inside_it(
    make_app, sample_project
) -> None:
    (sample_project.root / "texts" / "blank-lines.txt").write_bytes(BLANK_LINES.encode())
    app = make_app(document="blank-lines")
    async with app.run_test(size=(60, 20)) as pilot:
        article = article_of(app)
        await pilot.press("end")
        assert article.cursor == BLANK_LINES.index("\r\n")
        await pilot.press("left", "right")  # over the blank line's CRLF and back
        assert article.cursor == BLANK_LINES.index("\r\n")
