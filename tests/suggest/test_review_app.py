"""Reviewing suggestions in the app (Pilot): accept, reject, accept all of a label, next
suggestion, switching views; checked on the saved files, the provenance and the remembered
rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store.project import Project
from annotator.suggest.review import Rejection, load_rejections, rejections_path
from annotator.tui.app import AnnotatorApp, build_app
from tests.cli_helpers import run_cli
from tests.tui.conftest import article_of, find, screen_of

DOC = "damascus-quotes"


@pytest.fixture
def suggested(sample_project: Project) -> Project:
    result = run_cli("suggest", sample_project.root, "--matcher", "--as", "matcher")
    assert result.returncode == 0, result.stderr
    return sample_project


def app_for(project: Project, suggestions: str | None = "matcher") -> AnnotatorApp:
    return build_app(project, "tester", document=DOC, suggestions=suggestions)


def shown(app: AnnotatorApp) -> dict[tuple[str, str], str]:
    aset = screen_of(app).aset
    return {(aset.span_text(s), s.label): s.origin for s in aset.spans}


async def test_accept_and_reject_suggestions_are_saved_with_provenance(suggested: Project) -> None:
    app = app_for(suggested)
    text = suggested.document(DOC).text
    async with app.run_test(size=(120, 40)) as pilot:
        assert shown(app) == {
            ("دمشق", "ACTOR"): "imported:matcher",
            ("سانا", "ACTOR"): "imported:matcher",
            ("سوريا", "LOCATION"): "imported:matcher",
            ("للقوات الأمريكية", "ACTOR"): "imported:matcher",
        }
        assert not screen_of(app).session.dirty  # showing suggestions is not an edit
        article_of(app).move_to(find(text, "سانا")[0] + 1)
        await pilot.press("y")
        article_of(app).move_to(find(text, "دمشق")[0] + 1)
        await pilot.press("x")
        await pilot.press("ctrl+q")  # saves and releases the document
    saved = suggested.load_set("tester", DOC)
    by_text = {saved.span_text(s): s for s in saved.spans}
    # Only the accepted span is the annotator's; unsettled suggestions stay off the disk.
    assert list(by_text) == ["سانا"]
    assert by_text["سانا"].origin == "manual"
    assert by_text["سانا"].suggested_by == "matcher"
    assert by_text["سانا"].score is None
    assert "suggested_by: matcher" in suggested.annotation_path("tester", DOC).read_text("utf-8")
    start, end = find(text, "دمشق")
    assert load_rejections(suggested, "tester", DOC) == {Rejection("matcher", start, end, "ACTOR")}
    # The annotator's folder lists the set only: the rejections file is not an annotation file.
    assert [p.name for p in suggested.annotation_files("tester")] == [f"{DOC}.yaml"]

    # Opening again: the rejected suggestion is not shown, the accepted one is not doubled.
    again = app_for(suggested)
    async with again.run_test(size=(120, 40)):
        assert set(shown(again)) == {
            ("سانا", "ACTOR"),
            ("سوريا", "LOCATION"),
            ("للقوات الأمريكية", "ACTOR"),
        }
        # The accepted "سانا" is the annotator's; the one at another place is still to settle.
        sana = [
            s for s in screen_of(again).aset.spans if screen_of(again).aset.span_text(s) == "سانا"
        ]
        assert len(sana) == 2 and {s.origin for s in sana} == {"manual", "imported:matcher"}


async def test_accept_all_of_a_label_and_next_suggestion(suggested: Project) -> None:
    app = app_for(suggested)
    text = suggested.document(DOC).text
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        article.move_to(0)
        await pilot.press("right_square_bracket")
        first = article.current_span
        assert first is not None and first.imported
        await pilot.press("right_square_bracket")
        second = article.current_span
        assert second is not None and second.start > first.start
        article.move_to(find(text, "سانا")[0] + 1)
        await pilot.press("Y")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = suggested.load_set("tester", DOC)
    assert [(saved.span_text(s), s.suggested_by) for s in saved.spans] == [
        ("دمشق", "matcher"),
        ("سانا", "matcher"),
        ("سانا", "matcher"),
        ("للقوات الأمريكية", "matcher"),
    ]
    assert all(s.label == "ACTOR" and s.origin == "manual" for s in saved.spans)


async def test_s_switches_the_suggestions_view(suggested: Project) -> None:
    app = app_for(suggested, suggestions=None)
    async with app.run_test(size=(120, 40)) as pilot:
        assert shown(app) == {}
        await pilot.press("S")
        assert set(shown(app).values()) == {"imported:matcher"}
        assert app.suggestions == "matcher"
        await pilot.press("S")  # after the last recommender: none
        assert shown(app) == {}
        assert app.suggestions is None


async def test_rejections_file_names_what_was_rejected(suggested: Project, tmp_path: Path) -> None:
    app = app_for(suggested)
    text = suggested.document(DOC).text
    async with app.run_test(size=(120, 40)) as pilot:
        article_of(app).move_to(find(text, "سوريا")[0])
        await pilot.press("X")
    content = rejections_path(suggested, "tester", DOC).read_text("utf-8")
    assert "سوريا" in content and "source: matcher" in content


async def test_corpus_sorts_by_least_confidence(suggested: Project) -> None:
    from annotator.suggest.review import mean_confidence
    from annotator.tui.screens.corpus import CorpusScreen
    from annotator.tui.widgets.document_table import DocumentTable

    app = build_app(suggested, "tester", suggestions="matcher")
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, CorpusScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        table = app.screen.query_one(DocumentTable)
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        means = [mean_confidence(suggested, "matcher", d) for d in rows]
        scored = [m for m in means if m is not None]
        assert scored == sorted(scored) and len(scored) >= 2
        # Documents without scored suggestions (the gold one among them) come last.
        assert means[len(scored) :] == [None] * (len(rows) - len(scored))
        await pilot.press("C")
        await pilot.pause()
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert rows == suggested.document_ids()


async def test_the_filter_keeps_the_least_confident_first_order(suggested: Project) -> None:
    from annotator.tui.screens.corpus import CorpusScreen
    from annotator.tui.widgets.document_table import DocumentTable

    app = build_app(suggested, "tester", suggestions="matcher")
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, CorpusScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        table = app.screen.query_one(DocumentTable)
        ranked = list(table.keys)
        await pilot.press("slash", "s")
        await pilot.pause()
        kept = [d for d in ranked if "s" in d]
        assert table.keys == kept and kept != sorted(kept)  # not back in id order


async def test_next_suggestion_starts_at_the_cursor_and_wraps(suggested: Project) -> None:
    app = app_for(suggested)
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        article.move_to(2)  # inside the first suggestion: it is current, ] goes to the next
        assert article.current_span is not None and article.current_span.start == 0
        seen = []
        for _ in range(6):
            await pilot.press("right_square_bracket")
            assert article.current_span is not None
            seen.append(article.current_span.start)
        starts = [s.start for s in screen_of(app).aset.spans if s.imported]
        assert seen == [*starts, *starts][1:7]  # in order, wrapping after the last
        await pilot.press("left_square_bracket")
        assert article.current_span.start == seen[4]  # type: ignore[union-attr]
        article.move_to(starts[2] - 1)  # between suggestions: ] goes to the one after
        await pilot.press("right_square_bracket")
        assert article.current_span.start == starts[2]  # type: ignore[union-attr]
