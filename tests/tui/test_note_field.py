"""The note editor: a multi-line field drawn through the layout engine. Typed Arabic is shaped
and right to left, wrapped at the field's width, the caret on the character it stands before,
Up/Down/Home/End by visual row; the note is saved exactly as typed (logical order)."""

from __future__ import annotations

import pytest
from textual import events

from annotator.store.project import Project
from annotator.tui.app import build_app
from annotator.tui.screens.modals import NoteModal
from annotator.tui.widgets.layout_text_area import LayoutTextArea
from tests.tui.conftest import article_of, find, screen_of, span_at

SEED = "xinhua-deir-ezzor"
WIDTHS = [60, 80, 120]
NOTE = "قال وزير الخارجية السوري في تصريح للصحفيين إن القوات انسحبت\nراجع المصدر: SANA 2024"


async def open_note(app, pilot) -> LayoutTextArea:
    text = article_of(app).text
    start, end = find(text, "القوات الأمريكية أغلقت المنطقة")
    article_of(app).select_range(start, end)
    await pilot.press("c", "n")
    await pilot.pause()
    assert isinstance(app.screen, NoteModal)
    return app.screen.query_one(LayoutTextArea)


async def test_typed_arabic_note_is_drawn_joined_and_saved_as_typed(
    make_app, sample_project
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_note(app, pilot)
        assert area.has_focus
        await pilot.press(*"دير الزور")
        drawn = area.render_line(0).text
        assert drawn.rstrip().endswith("ﺭﻭﺰﻟﺍ ﺮﻳﺩ") and "دير" not in drawn
        await pilot.press("enter", *"ok", "ctrl+s")
        await pilot.pause()
        start, end = find(article_of(app).text, "القوات الأمريكية أغلقت المنطقة")
        assert span_at(app, start, end, "CLAIM").note == "دير الزور\nok"
        await pilot.press("ctrl+q")
    saved = sample_project.load_set("tester", SEED)
    assert saved.find(start, end, "CLAIM").note == "دير الزور\nok"  # type: ignore[union-attr]


async def test_arrows_home_end_and_rows_go_the_way_the_note_is_drawn(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_note(app, pilot)
        await pilot.press(*"دير الزور")
        assert area.cursor == 9
        await pilot.press("right", "right")  # Right reads back in Arabic
        assert area.cursor == 7
        await pilot.press("left")
        assert area.cursor == 8
        await pilot.press("home")
        assert area.cursor == 0
        row, col = area.field_layout.position_of(0)
        assert (row, col) == (0, area.field_layout.width - 1)  # on د at the right edge
        await pilot.press("end", "enter", *"ok")
        assert area.text == "دير الزور\nok"
        await pilot.press("up")  # to the Arabic row above, same column: past its end
        assert area.cursor == 9
        await pilot.press("down", "home", "shift+end")
        assert area.selected_text == "ok"


async def test_a_wrapped_arabic_note_moves_by_visual_row(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 30)) as pilot:
        area = await open_note(app, pilot)
        area.post_message(events.Paste(NOTE))
        await pilot.pause()
        assert area.text == NOTE
        layout = area.field_layout
        first_row_end = layout.rows[1].start
        assert len(layout.rows) >= 3 and layout.rows[0].rtl
        await pilot.press("ctrl+home", "down")
        assert layout.row_of(area.cursor) == 1
        await pilot.press("end")
        assert layout.row_of(area.cursor) == 1 and area.cursor > first_row_end
        await pilot.press("ctrl+end")
        assert area.cursor == len(NOTE)


async def test_select_delete_paste_and_undo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_note(app, pilot)
        await pilot.press(*"قال وزير")
        await pilot.press("shift+right", "shift+right", "shift+right", "shift+right")
        assert area.selected_text == "وزير"  # Shift+Right selects backwards in Arabic
        await pilot.press("ctrl+c")
        assert app.clipboard == "وزير"
        await pilot.press("backspace")
        assert area.text == "قال "
        await pilot.press("ctrl+v", "ctrl+v")
        assert area.text == "قال وزيروزير"
        await pilot.press("ctrl+z")
        assert area.text == "قال وزير"
        await pilot.press("ctrl+home", "delete")
        assert area.text == "ال وزير"
        await pilot.press("ctrl+a", "ctrl+x")
        assert area.text == "" and app.clipboard == "ال وزير"
        area.post_message(events.Paste("سطر\r\nسطر"))
        await pilot.pause()
        assert area.text == "سطر\nسطر"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteModal)
        start, end = find(article_of(app).text, "القوات الأمريكية أغلقت المنطقة")
        assert span_at(app, start, end, "CLAIM").note == ""  # Esc saved nothing


@pytest.mark.parametrize("width", WIDTHS)
def test_note_editor_with_arabic(snap_compare, sample_project: Project, width: int) -> None:
    """The note dialog on a CLAIM holding a two-paragraph note: each paragraph is joined,
    right-aligned and wrapped at the field's width (the first one's start, قال, on the first
    row's right edge; "SANA 2024" inside the second one's row, left of راجع المصدر:); the caret
    block stands on ر of "وزير". (SVG viewers re-order Arabic runs on their own: read the
    text, not the picture.)"""
    aset = sample_project.load_set("tester", SEED)
    text = aset.document.text
    start, end = find(text, "القوات الأمريكية أغلقت المنطقة")
    aset, _ = aset.add_span(sample_project.schema, "CLAIM", start, end, note=NOTE)
    sample_project.save_set(aset)
    app = build_app(sample_project, "tester", document=SEED)

    async def run_before(pilot) -> None:
        screen_of(app).article.move_to(start)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+home", *["left"] * 7)

    assert snap_compare(app, terminal_size=(width, 24), run_before=run_before)


async def test_a_click_puts_the_caret_on_the_letter_clicked(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_note(app, pilot)
        await pilot.press(*"دير الزور", "enter", *"ok")
        layout = area.field_layout
        row, col = layout.position_of(4)  # ا of الزور, on the first row
        await pilot.click(area, offset=(col + area.gutter.left, row + area.gutter.top))
        assert area.cursor == 4
        row, col = layout.position_of(len(area.text))
        await pilot.click(
            area, offset=(col + 5 + area.gutter.left, row + area.gutter.top), shift=True
        )
        assert area.cursor == len(area.text) and area.selected_text == "الزور\nok"


async def test_a_long_note_scrolls_to_keep_the_caret_in_view(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        area = await open_note(app, pilot)
        area.post_message(events.Paste("\n".join(f"سطر {n}" for n in range(20))))
        await pilot.pause()
        height = area.scrollable_content_region.height
        assert area.virtual_size.height == 20 > height
        row = area.field_layout.row_of(area.cursor)
        top = round(area.scroll_offset.y)
        assert row == 19 and top <= row < top + height
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert round(area.scroll_offset.y) == 0
        assert area.render_line(0).text.rstrip().endswith("0 ﺮﻄﺳ")  # the first line: سطر 0
