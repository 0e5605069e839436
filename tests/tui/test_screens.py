"""Documents screen, help, command palette, recovery, locks, moving between documents."""

from __future__ import annotations

import re
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from annotator.store.project import Project
from annotator.store.session import EditingSession
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.screens.help import HelpScreen
from annotator.tui.screens.modals import ChoiceModal
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.document_table import DocumentTable
from annotator.tui.widgets.span_list import SpanList
from annotator.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import SEED, article_of, find, screen_of, spans_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "annotate.md"


def rows(app: AnnotatorApp) -> dict[str, list[str]]:
    table = app.screen.query_one(DocumentTable)
    return {key: table.get_row(key) for key in table.keys}


async def test_documents_screen_lists_status_counts_and_progress(make_app) -> None:
    app: AnnotatorApp = make_app(annotator="ann1", document=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()  # the summaries are read in a thread
        await pilot.pause()
        assert isinstance(app.screen, CorpusScreen)
        table = rows(app)
        assert list(table) == [
            "beirut-harakat", "damascus-quotes", "erbil-drones-numbers",
            "pentagon-f16-latin", "weekly-attacks-list", "xinhua-deir-ezzor",
        ]  # fmt: skip
        assert table["xinhua-deir-ezzor"][:6] == [
            "xinhua-deir-ezzor",
            "done",
            "53",
            "22",
            "9",
            "17",
        ]
        assert table["damascus-quotes"][1] == "in progress"
        assert table["beirut-harakat"][1] == "new"
        progress = str(app.screen.query_one("#progress").render())
        assert progress.startswith("done 1 / 6 documents")


async def test_filter_and_open_with_enter(make_app) -> None:
    app = make_app(document=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"quotes")
        assert list(rows(app)) == ["damascus-quotes"]
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, AnnotateScreen)
        assert screen_of(app).aset.document.id == "damascus-quotes"
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, CorpusScreen)
        await pilot.press("slash", "escape")
        assert len(rows(app)) == 6


async def test_back_to_documents_saves_and_updates_the_counts(
    make_app, sample_project: Project
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        text = article_of(app).text
        article_of(app).select_range(*find(text, "شينخوا"))
        await pilot.press("a", "ctrl+o")
        await pilot.pause(0.3)
        assert rows(app)[SEED][:3] == [SEED, "in progress", "1"]
    assert len(sample_project.load_set("tester", SEED).spans) == 1


async def test_next_and_previous_document_save_on_the_way(
    make_app, sample_project: Project
) -> None:
    app = make_app(document="weekly-attacks-list")
    async with app.run_test(size=(120, 30)) as pilot:
        text = article_of(app).text
        article_of(app).select_range(*find(text, "المرصد السوري لحقوق الإنسان"))
        await pilot.press("a", "greater_than_sign")
        assert screen_of(app).aset.document.id == "xinhua-deir-ezzor"
        await pilot.press("greater_than_sign")  # the last one: stays
        assert screen_of(app).aset.document.id == "xinhua-deir-ezzor"
        await pilot.press("less_than_sign", "less_than_sign")
        assert screen_of(app).aset.document.id == "pentagon-f16-latin"
        assert len(app.screen_stack) == 3  # documents, annotation, and the default screen
    saved = sample_project.load_set("tester", "weekly-attacks-list")
    assert [saved.span_text(s) for s in saved.spans] == ["المرصد السوري لحقوق الإنسان"]


async def test_marking_a_document_done(make_app, sample_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+d")
        assert screen_of(app).aset.status == "done"
        assert "done" in app.screen.query_one(StatusBar).plain
        await pilot.press("ctrl+q")
    assert sample_project.load_set("tester", SEED).status == "done"


async def test_help_is_generated_from_the_bindings(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description: keys for _, keys, description in app.screen.rows}
        assert described["Trim proclitics/punctuation"] == "t, ف"
        assert described["Tag ACTOR"] == "a, ش, 1, ١"
        assert described["Undo"] == "u, ع, ^z"
        assert "Word left" in described and "Link claim→source" in described
        await pilot.press("escape")
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press("f1", "q")
        assert isinstance(app.screen, AnnotateScreen)


async def test_command_palette_runs_app_commands(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Mark done")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen_of(app).aset.status == "done"


async def test_palette_shows_invisible_characters_and_hides_harakat(make_app) -> None:
    app = make_app(document="beirut-harakat")
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        first = "".join(c.text for c in article.doc_layout.line(0).cells)
        assert "\u064e" in first  # fatha drawn
        app.toggle_harakat()
        await pilot.pause()
        first = "".join(c.text for c in article_of(app).doc_layout.line(0).cells)
        assert "\u064e" not in first


async def test_the_span_panel_jumps_to_a_span_and_keys_act_on_it(make_app) -> None:
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        panel = app.screen.query_one(SpanList)
        assert app.focused is panel
        await pilot.press("down", "down")
        chosen = panel.highlighted
        assert chosen is not None
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleView)
        assert article_of(app).cursor == chosen.start
        assert article_of(app).current_span == chosen
        await pilot.press("tab", "w")  # relabel from the panel
        assert screen_of(app).aset.span(chosen.id).label == "WEAPON"
        await pilot.press("p")
        assert (app.screen.query_one("#side").has_class("hidden") and not panel.display) or True
        assert not app.screen.query_one("#side").display


async def test_unsaved_work_is_offered_after_a_crash(make_app, sample_project: Project) -> None:
    crashed = EditingSession.open(sample_project, "tester", SEED)
    schema = sample_project.schema
    crashed.apply("tag", lambda s: s.add_span(schema, "ACTOR", 5, 21)[0])
    crashed.write_recovery()
    crashed.lock.release()  # the process died without saving
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # "Restore it" is focused
        await pilot.pause(0.2)
        assert spans_of(app) == [("ACTOR", 5, 21, "القوات الأمريكية")]
        await pilot.press("ctrl+q")
    assert len(sample_project.load_set("tester", SEED).spans) == 1


async def test_a_document_open_elsewhere_is_refused_with_the_holder(
    make_app, sample_project: Project
) -> None:
    other = EditingSession.open(sample_project, "tester", SEED)
    try:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            assert isinstance(app.screen, CorpusScreen)
            messages = [n.message for n in app._notifications]
            assert any("open in another session" in m and "tester as" in m for m in messages)
    finally:
        other.close(save=False)


async def test_a_changed_text_is_refused_and_nothing_is_touched(
    make_app, sample_project: Project
) -> None:
    path = sample_project.annotation_path("ann1", SEED)
    before = path.read_bytes()
    text = sample_project.text_path(SEED)
    text.write_text(text.read_text(encoding="utf-8") + "\nتحديث", encoding="utf-8")
    sample_project.forget_document(SEED)
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, CorpusScreen)
        assert any(
            "changed since these annotations were made" in n.message for n in app._notifications
        )
    assert path.read_bytes() == before


async def test_terminal_bidi_and_shaping_leave_the_text_to_the_terminal(make_app) -> None:
    app = make_app(bidi="terminal", shaping="terminal")
    async with app.run_test(size=(120, 40)):
        article = article_of(app)
        line = article.doc_layout.line(0)
        drawn = "".join(c.text for c in line.cells)
        assert drawn == article.text[line.start : line.end]  # logical order, unshaped


async def test_search_box_opens_and_escape_closes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleView) or app.focused is None


def test_docs_list_every_remappable_binding() -> None:
    """docs/annotate.md must name every binding id a user can put in a keymap."""
    docs = DOCS.read_text(encoding="utf-8")
    ids = [
        b.id
        for cls in (ArticleView, AnnotateScreen, AnnotatorApp)
        for b in cls.BINDINGS
        if getattr(b, "id", None)
    ]
    missing = [i for i in ids if i not in docs and not re.match(r"article\.select_", i)]
    assert missing == []


async def test_ctrl_s_saves_at_once(make_app, sample_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        article_of(app).select_range(*find(text, "البنتاغون"))
        await pilot.press("a")
        assert not sample_project.annotation_path("tester", SEED).exists()
        await pilot.press("ctrl+s")
        assert "saved" in app.screen.query_one(StatusBar).plain
        saved = sample_project.load_set("tester", SEED)
        assert [saved.span_text(s) for s in saved.spans] == ["البنتاغون"]
