"""Adjudicating the sample corpus with keys, as an adjudicator would, and checking the gold
file the app writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from annotator.adjudication import Adjudication, compare_sets, start_gold
from annotator.metrics.agreement import document_agreement
from annotator.model import AnnotationSet, Provenance
from annotator.resources import sample_corpus_path
from annotator.store.project import Project
from annotator.tui.adjudicate_app import AdjudicatorApp, build_adjudicator_app
from annotator.tui.screens.adjudicate import AdjudicateScreen
from annotator.tui.screens.adjudication_corpus import AdjudicationCorpusScreen
from annotator.tui.screens.modals import AttributesModal, ChoiceModal, PickModal
from tests.adjudication.conftest import SEED, find
from tests.adjudication.test_gold import SAMPLE_DECISIONS, content

SIZE = (120, 40)


@pytest.fixture
def make_app(fresh_project: Project) -> Callable[..., AdjudicatorApp]:
    def make(document: str | None = SEED, **kwargs: object) -> AdjudicatorApp:
        return build_adjudicator_app(fresh_project, "judge", document=document, **kwargs)  # type: ignore[arg-type]

    return make


def screen_of(app: AdjudicatorApp) -> AdjudicateScreen:
    assert isinstance(app.screen, AdjudicateScreen), type(app.screen).__name__
    return app.screen


def saved_gold(project: Project) -> AnnotationSet:
    gold = project.load_gold(SEED)
    assert gold is not None
    return gold


def notes(app: AdjudicatorApp) -> str:
    """Every notification shown so far, one per line."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def current(app: AdjudicatorApp) -> tuple[tuple[str, ...], int, int]:
    cluster = screen_of(app).current
    assert cluster is not None
    return cluster.key


async def test_every_conflict_type_settled_with_keys_gives_the_sample_gold(
    make_app, fresh_project: Project
) -> None:
    """Boundary, only-some, label, attribute and source-link conflicts, each settled the way
    the sample corpus's gold settles them; the file written equals that gold."""
    reference = Project.open(sample_corpus_path())  # read only: its gold is the answer
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        kinds_seen: set[str] = set()
        for number, name in enumerate(SAMPLE_DECISIONS):
            cluster = screen.current
            assert cluster is screen.conflicts[number]  # settling moves on to the next one
            kinds_seen |= cluster.kinds
            await pilot.press("x" if name is None else name[-1])
            if number == 5:  # the claim whose stance and source differ: ann1's, then stance by hand
                await pilot.press("left_curly_bracket")
                assert current(app) == (("CLAIM",), 468, 577)
                await pilot.press("e")
                await pilot.pause()
                assert isinstance(app.screen, AttributesModal)
                await pilot.press(
                    "down", "down", "down", "enter", "ctrl+s"
                )  # (none) asserted denied reported
                await pilot.pause()
                await pilot.press("right_square_bracket")
        assert kinds_seen == {"label", "boundary", "missing", "attribute", "relation"}
        assert "0 of 18 conflicts open" in screen.status_text()
        await pilot.press("ctrl+d", "ctrl+q")
    gold = saved_gold(fresh_project)
    expected = reference.load_gold(SEED)
    assert expected is not None
    assert content(gold) == content(expected)
    assert (
        gold.status == "done"
        and gold.annotator == "judge"
        and gold.adjudicated_from == ("ann1", "ann2")
    )
    assert [d.action for d in gold.decisions] == [
        "take", "reject", "take", "take", "take", "edit", "take", "reject", "take",
        "take", "take", "take", "take", "take", "take", "take", "take", "take",
    ]  # fmt: skip


async def test_quitting_midway_and_coming_back_resumes(make_app, fresh_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "x")
        assert current(app) == (("ACTOR",), 246, 274)
        await pilot.press("ctrl+q")
    gold = saved_gold(fresh_project)
    assert gold.status == "in_progress" and len(gold.decisions) == 2
    assert gold.find(*find(gold.text, "القوات الأمريكية"), "ACTOR") is not None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        assert current(app) == (("ACTOR",), 246, 274)  # the first conflict still open
        assert "16 of 18 conflicts open" in screen.status_text()
        assert screen.aset.decisions == gold.decisions
        await pilot.press("left_square_bracket")  # previous *open* conflict wraps to the last
        assert current(app) == (("ACTOR",), 2825, 2837)


async def test_undo_and_redo_a_decision(make_app, fresh_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        before = screen.aset
        await pilot.press("2")
        assert (
            len(screen.aset.spans) == len(before.spans) + 1 and "17 of 18" in screen.status_text()
        )
        await pilot.press("u")
        assert content(screen.aset) == content(before) and screen.aset.decisions == ()
        assert "18 of 18" in screen.status_text()
        await pilot.press("U")
        assert len(screen.aset.decisions) == 1


async def test_take_all_of_one_annotator(make_app, fresh_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        await pilot.press("down", "enter")  # ann2
        await pilot.pause()
        assert "0 of 18 conflicts open" in screen_of(app).status_text()
        await pilot.press("ctrl+q")
    gold = saved_gold(fresh_project)
    ann2 = fresh_project.load_set("ann2", SEED)
    spans, relations = content(gold)
    expected_spans, expected_relations = content(ann2)
    assert [s[:2] for s in spans] == [s[:2] for s in expected_spans]  # provenance aside
    assert relations == expected_relations


async def test_editing_by_hand_settles_the_conflict(make_app, fresh_project: Project) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        text = screen.article.text
        start, end = find(text, "القوات الأمريكية الموجودة")  # a boundary neither annotator chose
        screen.article.select_range(start, end)
        await pilot.press("a")
        assert screen.aset.decision((("ACTOR",), 5, 39)) is not None
        assert screen.aset.decision((("ACTOR",), 5, 39)).action == "edit"  # type: ignore[union-attr]
        span = screen.aset.find(start, end, "ACTOR")
        assert span is not None and span.provenance is not None and span.provenance.edited
        assert "17 of 18 conflicts open" in screen.status_text()
        await pilot.press("ctrl+q")
    assert saved_gold(fresh_project).find(start, end, "ACTOR") is not None


async def test_a_source_conflict_relinked_by_hand(make_app, fresh_project: Project) -> None:
    """ann2 says the claim at 468 comes from سانا; the adjudicator moves it to مصادر أهلية."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        conflict = next(c for c in screen.conflicts if c.start == 468)
        screen.go_to(conflict)
        await pilot.press("2")  # ann2: stance reported, source سانا
        claim = screen.aset.find(468, 577, "CLAIM")
        assert claim is not None
        (link,) = screen.aset.relations_of(claim.id)
        assert screen.aset.span_text(screen.aset.span(link.to_id)) == "سانا"
        locals_ = next(s for s in screen.aset.spans if screen.aset.span_text(s) == "مصادر أهلية")
        for target in (link.to_id, locals_.id):  # Enter on the linked actor unlinks it
            screen.article.move_to(468)
            await pilot.press("r")
            while screen.article.current_span.id != target:
                await pilot.press("tab")
            await pilot.press("enter")
            if target == link.to_id:
                assert screen.aset.relations_of(claim.id) == []
        (link,) = screen.aset.relations_of(claim.id)
        assert screen.aset.span_text(screen.aset.span(link.to_id)) == "مصادر أهلية"
        assert screen.aset.decision(conflict.key).action == "edit"  # type: ignore[union-attr]


async def test_moving_between_conflicts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        first, second, third = screen.conflicts[:3]
        assert screen.current is first and screen.article.cursor == first.start
        await pilot.press("right_square_bracket")
        assert screen.current is second and screen.article.cursor == second.start
        await pilot.press("x")  # rejected: next open is the third
        assert screen.current is third
        await pilot.press("left_square_bracket")
        assert screen.current is first  # the second is settled: [ skips it
        await pilot.press("right_curly_bracket")
        assert screen.current is second  # } visits settled conflicts too
        screen.article.move_to(find(screen.article.text, "واشنطن على علم")[0] + 2)
        await pilot.pause()
        assert screen.current.labels == ("ACTOR", "LOCATION")  # the cursor picks the conflict
        screen.conflict_list.focus()
        await pilot.press("down")
        assert screen.current is screen.conflicts[-1]
        assert screen.article.cursor == screen.current.start  # the article follows the list


async def test_marking_done_with_open_conflicts_asks_first(
    make_app, fresh_project: Project
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("1", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.aset.status == "in_progress"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("enter")  # "Mark done" has the focus
        await pilot.pause()
        assert screen.aset.status == "done" and "0 of 18 conflicts open" in screen.status_text()
        await pilot.press("ctrl+q")
    assert saved_gold(fresh_project).status == "done"


async def test_the_corpus_screen_ranks_documents_and_shows_progress(
    make_app, fresh_project: Project
) -> None:
    app = make_app(document=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        corpus = app.screen
        assert isinstance(corpus, AdjudicationCorpusScreen) and corpus.complete
        table = corpus.query_one("DocumentTable")
        first = [str(c) for c in table.get_row_at(0)]
        alpha = document_agreement(fresh_project, SEED, ["ann1", "ann2"]).headline
        assert first[:7] == [
            SEED,
            "ann1, ann2",
            f"{alpha:.3f}",
            f"{document_agreement(fresh_project, SEED, ['ann1', 'ann2']).mean_f1('strict'):.2f}",
            "18",
            "18",
            "not started",
        ]
        assert "needs 2" in str(
            table.get_row(  # a document only ann1 started
                "damascus-quotes"
            )[1]
        )
        await pilot.press("enter")
        await pilot.pause()
        screen = screen_of(app)
        await pilot.press("1", "ctrl+o")
        await pilot.pause()
        assert app.screen is corpus
        assert [str(c) for c in table.get_row(SEED)][5:7] == ["17", "in progress"]
        table.move_cursor(row=table.get_row_index("damascus-quotes"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is corpus  # one annotator: nothing to adjudicate, and it says so
        assert (
            "damascus-quotes needs sets from at least two annotators to adjudicate (has: ann1)"
            in notes(app)
        )
        assert screen.aset.status == "in_progress"


async def test_a_gold_file_open_elsewhere_is_not_opened(make_app, fresh_project: Project) -> None:
    lock = fresh_project.lock_gold(SEED, "someone")
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, AdjudicationCorpusScreen)
            assert "Cannot adjudicate" in notes(app) and "someone" in notes(app)
    finally:
        lock.release()


async def test_three_annotators_take_with_keys_1_to_3(make_app, fresh_project: Project) -> None:
    ann1 = fresh_project.load_set("ann1", SEED)
    third = AnnotationSet(ann1.document, "ann3", "done", ann1.spans, ann1.relations)
    fresh_project.save_set(third)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        assert screen.comparison.annotators == ("ann1", "ann2", "ann3")
        assert "3 ann3" in screen.title_text()
        await pilot.press("3")
        cluster = screen.conflicts[0]
        decision = screen.aset.decision(cluster.key)
        assert decision is not None and decision.annotator == "ann3"
        expected = Adjudication(
            compare_sets({a: fresh_project.load_set(a, SEED) for a in ("ann1", "ann2", "ann3")}),
            fresh_project.schema,
        )
        assert [c.key for c in expected.comparison.conflicts] == [c.key for c in screen.conflicts]


async def test_resuming_shows_the_first_open_conflict_even_far_down(
    make_app, fresh_project: Project
) -> None:
    comparison = compare_sets({a: fresh_project.load_set(a, SEED) for a in ("ann1", "ann2")})
    adjudication = Adjudication(comparison, fresh_project.schema)
    gold = start_gold(comparison, fresh_project.schema, "judge")
    for cluster in comparison.conflicts[:-1]:
        gold = adjudication.reject(gold, cluster)
    fresh_project.save_gold(gold)
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.current is screen.conflicts[-1]
        article = screen.article
        line = article.doc_layout.line_of(article.cursor)
        top = round(article.scroll_offset.y)
        assert article.cursor == screen.current.start and line > 20
        assert top <= line < top + article.scrollable_content_region.height


async def test_documents_are_ranked_lowest_agreement_first(
    make_app, fresh_project: Project
) -> None:
    """A second document both annotators marked identically (alpha 1) comes after the seed
    article (alpha 0.87); documents that cannot be compared come last."""
    ann1 = fresh_project.load_set("ann1", "damascus-quotes")
    twin = AnnotationSet(ann1.document, "ann2", "done", ann1.spans, ann1.relations)
    fresh_project.save_set(twin)
    app = make_app(document=None)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        corpus = app.screen
        assert isinstance(corpus, AdjudicationCorpusScreen)
        table = corpus.query_one("DocumentTable")
        order = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert order[:2] == [SEED, "damascus-quotes"]
        assert [str(c) for c in table.get_row("damascus-quotes")][2:6] == [
            "1.000",
            "1.00",
            "0",
            "0",
        ]


async def test_a_document_everyone_agrees_on_has_nothing_to_settle(
    make_app, fresh_project: Project
) -> None:
    ann1 = fresh_project.load_set("ann1", "damascus-quotes")
    fresh_project.save_set(AnnotationSet(ann1.document, "ann2", "done", ann1.spans, ann1.relations))
    app = make_app(document="damascus-quotes")
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        assert screen.conflicts == [] and screen.current is None
        assert "0 of 0 conflicts open" in screen.status_text()
        assert len(screen.aset.spans) == len(ann1.spans)  # all pre-accepted
        await pilot.press("1", "x", "right_square_bracket")  # nothing to take, reject or visit
        assert "No conflict here" in notes(app) and "No open conflicts" in notes(app)
        await pilot.press("ctrl+d", "ctrl+q")
    gold = fresh_project.load_gold("damascus-quotes")
    assert gold is not None and gold.status == "done" and len(gold.spans) == len(ann1.spans)


async def test_help_lists_the_adjudication_keys(make_app) -> None:
    from annotator.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {description for _, _, description in app.screen.rows}
        assert {"Next open conflict", "Reject the conflict", "Take ann2's version"} <= rows
        assert "Take all of one annotator" in rows and "Trim proclitics/punctuation" in rows


async def test_spans_edited_by_hand_are_saved_edited_like_their_decision(
    make_app, fresh_project: Project
) -> None:
    """A span tagged or relabelled by hand during adjudication is saved with ``edited: true``
    and its conflict with an "edit" decision, even when it equals what the annotators made;
    undo and redo keep span and decision consistent."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        claim = next(c for c in screen.conflicts if c.key == (("CLAIM",), 289, 414))
        weapon = next(c for c in screen.conflicts if c.key == (("WEAPON",), 62, 67))
        # Rejected, then tagged by hand exactly as both annotators had it (stance asserted).
        screen.go_to(claim)
        await pilot.press("x")
        assert screen.aset.decision(claim.key).action == "reject"  # type: ignore[union-attr]
        screen.go_to(claim)
        screen.article.select_range(289, 414)
        await pilot.press("c")
        tagged = screen.aset.find(289, 414, "CLAIM")
        assert tagged is not None and tagged.attributes == {"stance": "asserted"}
        assert tagged.provenance == Provenance(("ann1", "ann2"), True)
        assert screen.aset.decision(claim.key).action == "edit"  # type: ignore[union-attr]
        await pilot.press("u")
        assert screen.aset.find(289, 414, "CLAIM") is None
        assert screen.aset.decision(claim.key).action == "reject"  # type: ignore[union-attr]
        await pilot.press("U")
        assert screen.aset.find(289, 414, "CLAIM").provenance.edited  # type: ignore[union-attr]
        # Taken from ann1, then relabelled by hand.
        screen.go_to(weapon)
        await pilot.press("1")
        taken = screen.aset.find(62, 67, "WEAPON")
        assert taken is not None and taken.provenance == Provenance(("ann1",), False)
        screen.go_to(weapon)
        screen.article.move_to(62)
        await pilot.press("a")
        relabelled = screen.aset.find(62, 67, "ACTOR")
        assert relabelled is not None and relabelled.provenance == Provenance((), True)
        assert screen.aset.decision(weapon.key).action == "edit"  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
    saved = yaml.safe_load(fresh_project.gold_path(SEED).read_text(encoding="utf-8"))
    spans = {(s["label"], s["start"], s["end"]): s for s in saved["spans"]}
    assert spans[("CLAIM", 289, 414)]["provenance"] == {
        "annotators": ["ann1", "ann2"],
        "edited": True,
    }
    assert spans[("ACTOR", 62, 67)]["provenance"] == {"annotators": [], "edited": True}
    decisions = {(tuple(d["labels"]), d["start"], d["end"]): d for d in saved["decisions"]}
    assert decisions[claim.key]["decision"] == decisions[weapon.key]["decision"] == "edit"
