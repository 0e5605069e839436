"""Tagging, relabelling, trimming, attributes, notes, links, search, undo: checked on the model
and on the file the app writes."""

from __future__ import annotations

import gc
import weakref

import pytest

from annotator.model import Span
from annotator.store.project import Project
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.modals import AttributesModal, ConfirmMatchesModal, NoteModal, PickModal
from tests.tui.conftest import SEED, article_of, find, screen_of, span_at, spans_of


async def select(app: AnnotatorApp, start: int, end: int) -> None:
    article_of(app).select_range(start, end)


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("a", "ACTOR"),
        ("l", "LOCATION"),
        ("w", "WEAPON"),
        ("c", "CLAIM"),
        ("1", "ACTOR"),
        ("4", "CLAIM"),
    ],
)
async def test_label_keys_tag_the_selection(make_app, key: str, label: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية")
        await select(app, start, end)
        await pilot.press(key)
        assert spans_of(app) == [(label, start, end, "القوات الأمريكية")]


async def test_snapping_takes_whole_words_and_can_be_turned_off(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية")
        await select(app, start + 2, end - 3)  # cuts both words
        await pilot.press("a")
        assert spans_of(app) == [("ACTOR", start, end, "القوات الأمريكية")]
        await pilot.press("s")
        assert not screen_of(app).snap
        await select(app, start + 2, start + 6)
        await pilot.press("l")
        assert ("LOCATION", start + 2, start + 6, text[start + 2 : start + 6]) in spans_of(app)


async def test_a_label_key_on_an_existing_span_relabels_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "دير الزور")
        await select(app, start, end)
        await pilot.press("a")
        article_of(app).move_to(start + 1)
        await pilot.press("l")
        assert spans_of(app) == [("LOCATION", start, end, "دير الزور")]


async def test_the_word_at_the_cursor_is_tagged_when_nothing_is_selected(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "لندن")
        article_of(app).move_to(start + 2)
        await pilot.press("l")
        assert spans_of(app) == [("LOCATION", start, end, "لندن")]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("والمرصد", "المرصد"), ("بطائرة", "طائرة"), ("لإيران،", "إيران"), ("للقوات", "للقوات")],
)
async def test_trim_key_strips_proclitics_and_punctuation(
    make_app, word: str, expected: str
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, word)
        await select(app, start, end)
        await pilot.press("t", "a")
        (_label, s, e, tagged) = spans_of(app)[0]
        assert tagged == expected and text[s:e] == expected and e == end - (word.endswith("،"))


async def test_trim_on_a_span_edits_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "والمرصد السوري لحقوق الإنسان")
        await select(app, start, end)
        await pilot.press("c")  # tag as CLAIM, proclitic included
        article_of(app).move_to(start + 3)
        await pilot.press("t")
        assert spans_of(app) == [("CLAIM", start + 1, end, "المرصد السوري لحقوق الإنسان")]


async def test_overlapping_spans_of_different_labels_and_cycling_between_them(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        claim = find(text, "القوات الأمريكية أغلقت المنطقة")
        actor = (
            find(text, "القوات الأمريكية أغلقت")[0],
            find(text, "القوات الأمريكية أغلقت")[0] + 16,
        )
        await select(app, *claim)
        await pilot.press("c")
        await select(app, *actor)
        await pilot.press("a")
        assert [x[0] for x in spans_of(app)] == ["ACTOR", "CLAIM"]  # same start: shorter first
        article = article_of(app)
        article.move_to(actor[0] + 1)
        assert article.current_span is not None and article.current_span.label == "ACTOR"
        await pilot.press("o")
        labels = {article.current_span.label}
        await pilot.press("o")
        labels.add(article.current_span.label)
        assert labels == {"ACTOR", "CLAIM"}


async def test_delete_undo_redo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "سوريا")
        await select(app, start, end)
        await pilot.press("l")
        article_of(app).move_to(start)
        await pilot.press("d")
        assert spans_of(app) == []
        await pilot.press("u")
        assert spans_of(app) == [("LOCATION", start, end, "سوريا")]
        await pilot.press("ctrl+z")
        assert spans_of(app) == []
        await pilot.press("ctrl+y")
        assert spans_of(app) == [("LOCATION", start, end, "سوريا")]
        await pilot.press("delete")
        await pilot.press("U")
        assert spans_of(app) == []


async def test_attributes_are_chosen_in_a_modal(make_app, sample_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "المرصد السوري لحقوق الإنسان")
        await select(app, start, end)
        await pilot.press("a", "e")
        await pilot.pause()
        assert isinstance(app.screen, AttributesModal)
        # kind: (none), state_forces, armed_group, government, media, monitor_ngo, ...
        await pilot.press("down", "down", "down", "down", "down", "enter", "ctrl+s")
        await pilot.pause()
        span = span_at(app, start, end, "ACTOR")
        assert dict(span.attributes) == {"kind": "monitor_ngo"}
        await pilot.press("ctrl+q")
    saved = sample_project.load_set("tester", SEED)
    assert dict(saved.find(start, end, "ACTOR").attributes) == {"kind": "monitor_ngo"}  # type: ignore[union-attr]


async def test_claims_get_their_default_stance_and_notes_are_written(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية أغلقت المنطقة")
        await select(app, start, end)
        await pilot.press("c", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"check", "ctrl+s")
        await pilot.pause()
        span = span_at(app, start, end, "CLAIM")
        assert dict(span.attributes) == {"stance": "asserted"} and span.note == "check"


async def tag(app: AnnotatorApp, pilot, needle: str, key: str, nth: int = 0) -> Span:
    text = article_of(app).text
    start, end = find(text, needle, nth)
    await select(app, start, end)
    await pilot.press(key)
    label = {"a": "ACTOR", "c": "CLAIM", "l": "LOCATION", "w": "WEAPON"}[key]
    return span_at(app, start, end, label)


async def test_link_a_claim_to_its_source_with_tab_and_enter(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        source = await tag(app, pilot, "المرصد السوري لحقوق الإنسان", "a", nth=2)
        other = await tag(app, pilot, "القوات الأمريكية", "a", nth=4)
        claim = await tag(app, pilot, "ستة مقاتلين قتلوا خلال الضربات الأمريكية", "c")
        article_of(app).move_to(claim.start)
        await pilot.press("r")
        assert screen_of(app).link_from == claim
        # Tab jumps between actors, from the claim onwards and round again
        await pilot.press("tab")
        first = article_of(app).current_span
        await pilot.press("tab")
        second = article_of(app).current_span
        assert {first.id, second.id} == {source.id, other.id}
        while article_of(app).current_span.id != source.id:
            await pilot.press("tab")
        await pilot.press("enter")
        relations = screen_of(app).aset.relations
        assert [(r.type, r.from_id, r.to_id) for r in relations] == [
            ("source", claim.id, source.id)
        ]


async def test_tab_and_shift_tab_go_round_the_actors_in_text_order(make_app) -> None:
    """Linking: Tab goes to the next actor after the cursor and from the last one round to the
    first; Shift+Tab goes back the same way; spans that cannot be a source are skipped."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        actors = [
            await tag(app, pilot, "المرصد السوري لحقوق الإنسان", "a", nth=2),
            await tag(app, pilot, "القوات الأمريكية", "a", nth=4),
            await tag(app, pilot, "سانا", "a"),
        ]
        await tag(app, pilot, "دير الزور", "l")  # a LOCATION is never a source
        claim = await tag(app, pilot, "ستة مقاتلين قتلوا خلال الضربات الأمريكية", "c")
        in_order = sorted(actors, key=lambda s: s.start)
        article_of(app).move_to(claim.start)
        await pilot.press("r")  # goes to the first actor after the claim
        after = [a for a in in_order if a.start > claim.start]
        expected = (after + in_order)[: len(in_order) + 1]
        seen = [article_of(app).current_span.id]
        for _ in expected[1:]:
            await pilot.press("tab")
            seen.append(article_of(app).current_span.id)
        assert seen == [a.id for a in expected]
        backwards = []
        for _ in in_order:
            await pilot.press("shift+tab")
            backwards.append(article_of(app).current_span.id)
        start = [a.id for a in in_order].index(seen[-1])
        assert backwards == [in_order[(start - i) % len(in_order)].id for i in range(1, 4)]


async def test_link_by_picking_the_actor_from_a_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        source = await tag(app, pilot, "القيادة المركزية الأمريكية", "a")
        claim = await tag(app, pilot, "الضربات الجوية التي نفذها الجيش الأمريكي", "c")
        article_of(app).move_to(claim.start)
        await pilot.press("r", "L")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        await pilot.press("enter")
        await pilot.pause()
        relations = screen_of(app).aset.relations
        assert [(r.from_id, r.to_id) for r in relations] == [(claim.id, source.id)]


async def test_linking_needs_a_claim_and_escape_cancels(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        actor = await tag(app, pilot, "سانا", "a")
        article_of(app).move_to(actor.start)
        await pilot.press("r")
        assert screen_of(app).link_from is None
        claim = await tag(app, pilot, "عدة قذائف صاروخية سقطت", "c")
        article_of(app).move_to(claim.start)
        await pilot.press("r", "escape")
        assert screen_of(app).link_from is None and screen_of(app).aset.relations == ()


async def test_search_ignores_harakat_and_letter_forms_and_tags_confirmed_matches(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        await tag(app, pilot, "دير الزور", "l")
        await pilot.press("slash", *"دير الزور", "enter")
        article = article_of(app)
        expected = [(s, s + 9) for s in range(len(text)) if text.startswith("دير الزور", s)]
        assert article.matches == expected and len(expected) == 8
        await pilot.press("full_stop")
        first = article.selection
        await pilot.press("full_stop")
        assert article.selection != first
        await pilot.press("comma")
        assert article.selection == first
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)  # which label? the last used comes first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMatchesModal)
        await pilot.press("space")  # untick the first match still untagged
        await pilot.press("ctrl+s")
        await pilot.pause()
        tagged = [(s, e) for label, s, e, _ in spans_of(app) if label == "LOCATION"]
        assert len(tagged) == 7 and set(tagged) < set(expected)


async def test_tag_all_matches_asks_which_label(make_app) -> None:
    """T offers every label, the last used first; choosing another tags the matches with it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await tag(app, pilot, "دير الزور", "l")
        await pilot.press("slash", *"دير الزور", "enter", "T")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        assert [c.key for c in app.screen.choices] == ["LOCATION", "ACTOR", "WEAPON", "CLAIM"]
        await pilot.press("down", "enter")  # ACTOR
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMatchesModal)
        assert "8 matches as ACTOR" in app.screen.title_text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len([1 for label, *_ in spans_of(app) if label == "ACTOR"]) == 8
        assert "Tagged 8 matches as ACTOR." in [n.message for n in app._notifications]


async def test_search_folds_alef_forms(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"الامريكيه", "enter")
        text = article_of(app).text
        hits = {text[s:e] for s, e in article_of(app).matches}
        assert hits == {"الأمريكية"}


async def test_accept_and_reject_pre_annotations(make_app, sample_project: Project) -> None:
    schema = sample_project.schema
    aset = sample_project.load_set("tester", SEED)
    text = aset.document.text
    for needle, label in (
        ("سوريا", "LOCATION"),
        ("لندن", "LOCATION"),
        ("دمشق", "LOCATION"),
        ("البنتاغون", "ACTOR"),
    ):
        start, end = find(text, needle)
        aset, _ = aset.add_span(schema, label, start, end, origin="imported:ner-v2")
    sample_project.save_set(aset)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        article.move_to(find(text, "سوريا")[0])
        await pilot.press("y")
        article.move_to(find(text, "لندن")[0])
        await pilot.press("x")
        article.move_to(find(text, "البنتاغون")[0])
        await pilot.press("Y")
        got = {
            (label, t): screen_of(app).aset.find(s, e, label).origin
            for label, s, e, t in spans_of(app)
        }  # type: ignore[union-attr]
        assert got == {
            ("LOCATION", "سوريا"): "manual",
            ("LOCATION", "دمشق"): "imported:ner-v2",
            ("ACTOR", "البنتاغون"): "manual",
        }
        article.move_to(find(text, "دمشق")[0])
        await pilot.press("X")
        assert [t for _, _, _, t in spans_of(app)] == ["سوريا", "البنتاغون"]


async def test_autosave_writes_the_file_shortly_after_an_edit(
    make_app, sample_project: Project, monkeypatch
) -> None:
    monkeypatch.setattr("annotator.tui.screens.annotate.AUTOSAVE_SECONDS", 1.0)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await tag(app, pilot, "البنتاغون", "a")
        path = sample_project.annotation_path("tester", SEED)
        assert not path.exists()
        await pilot.pause(1.6)
        await app.workers.wait_for_complete()  # the save runs on a worker thread
        assert path.exists()
        assert [s.label for s in sample_project.load_set("tester", SEED).spans] == ["ACTOR"]
        assert not screen_of(app).session.dirty


async def test_cycles_made_while_editing_are_freed_at_the_pause_and_closing_frees_all(
    make_app, monkeypatch
) -> None:
    """The collector's passes are kept out of keystrokes (what an edit leaves alive is frozen),
    yet nothing is kept for ever: a reference cycle made while editing is freed when the keys
    pause, and leaving the document gives every object back to the collector."""
    pause = "annotator.tui.collector.PAUSE_SECONDS"
    monkeypatch.setattr(pause, 60.0)  # no pause while the test works
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:

        class Node:
            pass

        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
        await tag(app, pilot, "البنتاغون", "a")  # the edit freezes what is alive, cycle too
        del cycle
        gc.collect()
        assert gone() is not None  # frozen: no pass looks at it...
        monkeypatch.setattr(pause, 0.3)
        await pilot.pause(0.8)
        assert gone() is None  # ...until the keys pause
        other = Node()
        other.me = other  # type: ignore[attr-defined]
        gone = weakref.ref(other)
        await tag(app, pilot, "واشنطن", "a")  # frozen again, and no pause before closing
        del other
        await pilot.press("ctrl+o")  # back to the documents: the document is closed
        await pilot.pause()
        # The list keeps its own summaries set aside, so closing runs one full pass first.
        assert gone() is None
    assert gc.get_freeze_count() == 0


async def test_quitting_saves(make_app, sample_project: Project) -> None:
    """Ctrl+Q saves and quits (Ctrl+C copies instead: tests/tui/test_keys.py)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await tag(app, pilot, "واشنطن", "a")
        await pilot.press("ctrl+q")
    saved = sample_project.load_set("tester", SEED)
    assert [(s.label, saved.span_text(s)) for s in saved.spans] == [("ACTOR", "واشنطن")]
