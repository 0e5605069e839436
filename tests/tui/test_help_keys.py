"""Every binding listed in Help does what Help says it does: each description Help shows on
the annotation screen has a check here, run by pressing the binding's first key."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.command import CommandPalette

from annotator.store.project import Project
from annotator.text.tokens import next_word_start, previous_word_start
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.screens.help import HelpScreen, binding_rows
from annotator.tui.screens.modals import AttributesModal, NoteModal, PickModal
from tests.tui.conftest import SEED, find, screen_of

Check = Callable[..., Awaitable[None]]
CHECKS: dict[str, Check] = {}


def check(*descriptions: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        for description in descriptions:
            CHECKS[description] = fn
        return fn

    return register


# The cursor starts on القوات (offset 5, an RTL line): Left goes forward in reading order.
P = 5


@check("Left")
async def _left(t) -> None:
    await t.press()
    assert t.article.cursor == P + 1


@check("Right")
async def _right(t) -> None:
    await t.press()
    assert t.article.cursor == P - 1


def _from_below(t) -> None:
    """Upward keys start from the third line."""
    if "up" in t.description.lower():
        layout = t.article.doc_layout
        t.article.move_to(layout.line(3).start)


@check("Down", "Up")
async def _vertical(t) -> None:
    _from_below(t)
    line = t.line()
    await t.press()
    assert t.line() == line + (1 if t.description == "Down" else -1)


@check("Extend left")
async def _extend_left(t) -> None:
    await t.press()
    assert t.article.selection == (P, P + 2)


@check("Extend right")
async def _extend_right(t) -> None:
    await t.press()
    assert t.article.selection == (P - 1, P + 1)


@check("Extend up", "Extend down", "Extend page up", "Extend page down")
async def _extend_lines(t) -> None:
    _from_below(t)
    line = t.line()
    await t.press()
    assert t.article.selection is not None and t.line() != line


@check("Word left")
async def _word_left(t) -> None:
    await t.press()
    assert t.article.cursor == next_word_start(t.text, P)


@check("Word right")
async def _word_right(t) -> None:
    await t.press()
    assert t.article.cursor == previous_word_start(t.text, P)


@check("Extend word left")
async def _select_word_left(t) -> None:
    await t.press()
    assert t.article.shown_selection == (P, P + len("القوات"))


@check("Extend word right")
async def _select_word_right(t) -> None:
    await t.press()
    assert t.article.shown_selection == (0, 4)  # قصفت


@check("Line start", "Line end", "Extend to line start", "Extend to line end")
async def _line_edges(t) -> None:
    layout = t.article.doc_layout
    line = layout.line(layout.line_of(t.article.cursor))
    await t.press()
    expected = line.start if "start" in t.description else line.end - 1
    assert t.article.cursor == expected
    assert (t.article.selection is not None) == t.description.startswith("Extend")


@check("Page down", "Page up")
async def _pages(t) -> None:
    if t.description == "Page up":
        t.article.move_to(len(t.text) - 1)
    line = t.line()
    await t.press()
    moved = t.line() - line
    assert (moved > 10) if t.description == "Page down" else (moved < -10)


@check("Next paragraph", "Previous paragraph")
async def _paragraphs(t) -> None:
    starts = [s for s, _ in t.article.doc_layout.paragraph_spans]
    await t.press()
    assert t.article.cursor in starts
    assert (t.article.cursor > P) == (t.description == "Next paragraph")


@check("Document start", "Document end")
async def _document_edges(t) -> None:
    await t.press()
    assert t.article.cursor == (0 if t.description == "Document start" else len(t.text) - 1)


@check("Next actor when linking (else next pane)", "Previous actor when linking")
async def _tab(t) -> None:
    await t.press()
    assert t.app.focused is not t.article  # not linking: another pane


@check("Copy the selection (or the span at the cursor)")
async def _copy(t) -> None:
    t.article.select_range(P, P + 6)
    await t.press()
    assert t.app._clipboard == "القوات"
    assert t.app.screen is t.screen


@check("Trim proclitics/punctuation")
async def _trim(t) -> None:
    start, end = find(t.text, "لإيران،")
    t.article.select_range(start, end)
    await t.press()
    assert t.article.selection is not None and t.article.selection[1] == end - 1


@check("Snap to words on/off")
async def _snap(t) -> None:
    before = t.screen.snap
    await t.press()
    assert t.screen.snap is not before
    t.screen.action_toggle_snap()


@check("Attributes", "Note")
async def _modals(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    await t.press()
    expected = AttributesModal if t.description == "Attributes" else NoteModal
    assert isinstance(t.app.screen, expected)


@check("Delete span")
async def _delete(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    await t.press()
    assert t.spans() == []


@check("Link claim→source", "Link to (or unlink from) this actor", "Pick the source from a list")
async def _link(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    claim_start, _ = find(t.text, "قصفت")
    t.article.select_range(claim_start, 179)
    await t.pilot.press("c")
    t.article.move_to(claim_start)
    if t.description == "Pick the source from a list":
        await t.press()
        assert isinstance(t.app.screen, PickModal)
        return
    await t.pilot.press("r")
    assert t.screen.link_from is not None
    if t.description == "Link to (or unlink from) this actor":
        await t.press()
        assert len(t.screen.aset.relations) == 1


@check("Next nested span")
async def _cycle(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    t.article.select_range(0, 179)
    await t.pilot.press("c")
    t.article.move_to(P)
    before = t.article.current_span
    await t.press()
    assert t.article.current_span is not None and t.article.current_span != before


@check("Undo", "Redo")
async def _undo_redo(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    if t.description == "Redo":
        await t.pilot.press("u")
        assert t.spans() == []
        await t.press()
        assert len(t.spans()) == 1
    else:
        await t.press()
        assert t.spans() == []


@check("Search")
async def _search(t) -> None:
    await t.press()
    search = t.screen.query_one("#search")
    assert search.has_class("visible") and t.app.focused is search


@check("Next match", "Previous match")
async def _matches(t) -> None:
    matches = [find(t.text, "دير الزور", n) for n in range(3)]
    t.article.set_matches(matches)
    t.article.move_to(matches[1][0])
    await t.press()
    expected = matches[2] if t.description == "Next match" else matches[0]
    assert t.article.selection == expected


@check("Tag all matches")
async def _tag_matches(t) -> None:
    t.article.set_matches([find(t.text, "دير الزور")])
    await t.press()
    assert isinstance(t.app.screen, PickModal)


@check("Done")
async def _done(t) -> None:
    await t.press()
    assert t.screen.aset.status == "done"


@check("Save")
async def _save(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    assert t.screen.session.dirty
    await t.press()
    assert not t.screen.session.dirty


@check("Span panel")
async def _panel(t) -> None:
    await t.press()
    assert t.screen.query_one("#side").has_class("hidden")


@check("Help")
async def _help(t) -> None:
    await t.press()
    assert isinstance(t.app.screen, HelpScreen)


@check("Cancel linking, search or selection")
async def _cancel(t) -> None:
    t.article.select_range(P, P + 6)
    await t.press()
    assert t.article.selection is None


@check("Accept pre-annotation", "Accept all of label")
async def _accept(t) -> None:
    t.article.move_to(find(t.text, "سوريا")[0])
    await t.press()
    origins = {s.origin for s in t.screen.aset.spans if s.label == "LOCATION"}
    if t.description == "Accept all of label":
        assert origins == {"manual"}
    else:
        assert origins == {"manual", "imported:ner"}


@check("Next suggestion", "Previous suggestion")
async def _next_suggestion(t) -> None:
    starts = sorted(s.start for s in t.screen.aset.spans if s.imported)
    await t.press()
    if t.description == "Next suggestion":
        expected = next((start for start in starts if start >= P), starts[0])
    else:
        expected = next((start for start in reversed(starts) if start < P), starts[-1])
    assert t.article.cursor == expected
    assert t.article.current_span is not None and t.article.current_span.imported


@check("Suggestions")
async def _suggestions(t) -> None:
    matcher = t.project.load_set("matcher", SEED)
    start, end = find(t.text, "البنتاغون")
    matcher, _ = matcher.add_span(t.project.schema, "ACTOR", start, end, origin="imported:matcher")
    t.project.save_set(matcher)
    await t.press()
    assert t.screen.suggestions.source == "matcher"
    assert any(s.start == start and s.imported for s in t.screen.aset.spans)


@check("Reject pre-annotation", "Reject all of label")
async def _reject(t) -> None:
    t.article.move_to(find(t.text, "سوريا")[0])
    await t.press()
    left = [s for s in t.screen.aset.spans if s.label == "LOCATION"]
    assert len(left) == (0 if t.description == "Reject all of label" else 1)


@check("Tag ACTOR", "Tag LOCATION", "Tag WEAPON", "Tag CLAIM")
async def _tag(t) -> None:
    start, end = find(t.text, "القوات الأمريكية")
    t.article.select_range(start, end)
    await t.press()
    assert [(s.label, s.start, s.end) for s in t.spans()] == [
        (t.description.removeprefix("Tag "), start, end)
    ]


@check("Next doc", "Previous doc", "Documents")
async def _documents(t) -> None:
    await t.press()
    await t.pilot.pause()
    if t.description == "Documents":
        assert isinstance(t.app.screen, CorpusScreen)
        return
    ids = t.project.document_ids()
    index = ids.index(SEED) + (1 if t.description == "Next doc" else -1)
    assert isinstance(t.app.screen, AnnotateScreen)
    if 0 <= index < len(ids):
        assert t.app.screen.aset.document.id == ids[index]
    else:  # the seed is the last document: says so, stays
        assert "No more documents in that direction." in [n.message for n in t.app._notifications]


@check("palette")
async def _palette(t) -> None:
    await t.press()
    assert isinstance(t.app.screen, CommandPalette)


@check("Quit (saves)")
async def _quit(t) -> None:
    await t.tag("القوات الأمريكية", "a")
    await t.press()
    await t.pilot.pause()
    assert not t.app.is_running
    saved = t.project.load_set("tester", SEED).spans
    assert [s.label for s in saved if not s.imported] == ["ACTOR"]


class Trial:
    """One Help row being checked on a fresh app."""

    def __init__(self, app, pilot, project: Project, key: str, description: str) -> None:
        self.app, self.pilot, self.project = app, pilot, project
        self.key, self.description = key, description
        self.screen = screen_of(app)
        self.article = self.screen.article
        self.text = self.article.text

    async def press(self) -> None:
        await self.pilot.press(self.key)
        await self.pilot.pause()

    def line(self) -> int:
        return self.article.doc_layout.line_of(self.article.cursor)

    def spans(self):
        """The spans made by hand (the two pre-annotations left out)."""
        return [s for s in self.screen.aset.spans if not s.imported]

    async def tag(self, needle: str, key: str) -> None:
        start, end = find(self.text, needle)
        self.article.select_range(start, end)
        await self.pilot.press(key)
        self.article.clear_selection()


def _with_pre_annotations(project: Project) -> None:
    aset = project.load_set("tester", SEED)
    for needle in ("سوريا", "لندن"):
        start, end = find(aset.document.text, needle)
        aset, _ = aset.add_span(project.schema, "LOCATION", start, end, origin="imported:ner")
    project.save_set(aset)


async def test_every_help_row_has_a_check(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)):
        described = {description for _, _, description in binding_rows(screen_of(app))}
        app.save_all()
    assert described - set(CHECKS) == set()


async def test_every_help_binding_does_what_help_says(make_app, sample_project) -> None:
    """One fresh app per row (the checks tag, quit, change documents); the row's first key
    is pressed, the model or the screen is checked."""
    _with_pre_annotations(sample_project)
    app = make_app()
    async with app.run_test(size=(120, 40)):
        rows = [
            (keys.split(", ")[0], description)
            for _, keys, description in binding_rows(screen_of(app))
        ]
        bindings = {
            b.description: b.key
            for _, bmap in screen_of(app)._binding_chain
            for bs in bmap.key_to_bindings.values()
            for b in bs
            if b.description
        }
        app.save_all()
    failures = []
    for _shown, description in rows:
        _reset(sample_project)
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.screen.article.move_to(P)
            trial = Trial(app, pilot, sample_project, bindings[description], description)
            try:
                await CHECKS[description](trial)
            except AssertionError as err:
                failures.append(f"{description} ({bindings[description]}): {err}")
            if app.is_running:
                app.save_all()  # releases the document's lock for the next row
    assert not failures, "\n".join(failures)


def _reset(project: Project) -> None:
    """The tester's set back to the two pre-annotations only."""
    aset = project.load_set("tester", SEED)
    for span in list(aset.spans):
        if not span.imported:
            aset = aset.remove_span(span.id)
    for rel in list(aset.relations):
        aset = aset.remove_relation(rel.id)
    project.save_set(aset.with_status("in_progress"))
    _ensure_pre_annotations(project)


def _ensure_pre_annotations(project: Project) -> None:
    aset = project.load_set("tester", SEED)
    if len([s for s in aset.spans if s.imported]) == 2:
        return
    for span in list(aset.spans):
        aset = aset.remove_span(span.id)
    project.save_set(aset)
    _with_pre_annotations(project)
