"""Keys say what they do, and do it: Ctrl+C copies and never quits, the footer puts the tag
keys first, the side panel lists every attribute, required attributes are checked before a
document is marked done, and messages count right."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from annotator.store.project import Project
from annotator.tui.app import build_app
from annotator.tui.screens.modals import AttributesModal, ChoiceModal
from annotator.tui.widgets.span_details import SpanDetails
from annotator.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import SEED, article_of, find, screen_of, spans_of


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_ctrl_c_copies_the_selection_and_does_not_quit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية")
        article_of(app).select_range(start + 1, end - 2)  # snapping: the words whole
        await pilot.press("ctrl+c")
        assert app._clipboard == "القوات الأمريكية"
        assert "Copied 16 characters." in notes(app)
        assert app.is_running and screen_of(app) is app.screen
        await pilot.press("escape", "ctrl+c")  # nothing selected, no span: says so
        assert any("Ctrl+Q quits" in n for n in notes(app))
        assert app.is_running


async def test_the_footer_shows_the_tag_keys_first_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        footer = screen_of(app).query_one(Footer)
        for _ in range(100):  # the footer fills in once the bindings are known (a busy CI: later)
            await pilot.pause()
            if footer.children:
                break
        shown = [str(key.render()) for key in footer.children][:4]
        assert [s.split()[0] for s in shown] == ["a", "l", "w", "c"]
        # and they are inside the 80 columns
        assert all(key.region.right <= 80 for key in list(footer.children)[:4])


async def test_the_side_panel_lists_every_attribute_even_empty(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية")
        article_of(app).select_range(start, end)
        await pilot.press("a")
        details = screen_of(app).query_one(SpanDetails)
        lines = ["".join(t for t, _ in line) for line in details._lines]
        assert "kind: —" in lines
        await pilot.press("c")  # relabel as CLAIM: stance has a default
        lines = ["".join(t for t, _ in line) for line in details._lines]
        assert "stance: asserted" in lines


def _require_kind(project: Project) -> Project:
    """The sample project with its own schema in which ACTOR's kind is required."""
    schema = (Path(__file__).parents[2] / "schemas" / "labels.yaml").read_text(encoding="utf-8")
    marker = "        values: [state_forces,"
    assert marker in schema
    schema = schema.replace(marker, "        required: true\n" + marker, 1)
    (project.root / "labels.yaml").write_text(schema, encoding="utf-8")
    config = project.root / "annotator.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "labels: labels.yaml\n", "utf-8")
    return Project.open(project.root)


async def test_marking_done_with_a_required_attribute_empty_warns_and_lists_spans(
    sample_project: Project,
) -> None:
    project = _require_kind(sample_project)
    assert project.schema.labels["ACTOR"].attributes["kind"].required
    app = build_app(project, "tester", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        start, end = find(text, "القوات الأمريكية")
        article_of(app).select_range(start, end)
        await pilot.press("a")
        details = screen_of(app).query_one(SpanDetails)
        assert "kind*: —" in ["".join(t for t, _ in line) for line in details._lines]
        await pilot.press("e")  # the attributes dialog says which ones are required
        await pilot.pause()
        assert isinstance(app.screen, AttributesModal)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert any(label.startswith("kind* (required)") for label in labels), labels
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert (
            "1 span lacks a required attribute" in app.screen.body and "s1 ACTOR" in app.screen.body
        )
        assert "kind" in app.screen.body
        await pilot.click("#answer-cancel")
        await pilot.pause()
        assert screen_of(app).aset.status != "done"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.click("#answer-done")
        await pilot.pause()
        assert screen_of(app).aset.status == "done"


async def test_messages_count_in_the_singular_too(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"لندن", "enter")
        assert len(article_of(app).matches) == 1
        # the query drawn as in the article: joined, right to left
        assert "1 match for 'ﻥﺪﻨﻟ'" in screen_of(app).query_one(StatusBar).plain
        assert spans_of(app) == []
