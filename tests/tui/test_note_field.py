"""The note editor: a multi-line field drawn through the layout engine. Typed Arabic is shaped
and right to left, wrapped at the field's width, the caret on the character it stands before,
Up/Down/Home/End by visual row; the note is saved exactly as typed (logical order)."""

from __future__ import annotations

import pytest

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


async def test_typed_arabic_note_is_drawn_joined_and_saved_as_typed(make_app, sample_project) -> None:
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
