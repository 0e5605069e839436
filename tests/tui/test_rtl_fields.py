"""Every field that shows Arabic shows it right: typed Arabic is shaped and drawn right to left
through the layout engine with the cursor where it belongs; lists cut long Arabic at its
logical end; a status hint is shortened by whole parts, never inside a key."""

from __future__ import annotations

import pytest

from annotator.layout import field_view
from annotator.store.project import Project
from annotator.tui.app import build_app
from annotator.tui.widgets.layout_input import LayoutInput
from annotator.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import screen_of

SEED = "xinhua-deir-ezzor"
DAMASCUS = "damascus-quotes"
WIDTHS = [60, 80, 120]


# -- the field's layout, pure --------------------------------------------------------------------


def test_an_arabic_field_is_shaped_right_aligned_with_the_caret_left_of_the_end() -> None:
    view = field_view("دير الزور", 9, 20)
    assert view.rtl
    assert "".join(c.text for c in view.cells) == "ﺭﻭﺰﻟﺍ ﺮﻳﺩ"  # joined forms, visual order
    assert view.cells[-1].col == 19 and view.cells[-1].start == 0  # د on the right edge
    assert view.cursor_col == view.cells[0].col - 1  # the end of the text: left of it
    at_start = field_view("دير الزور", 0, 20)
    assert at_start.cursor_col == 19  # on د


def test_a_long_arabic_field_scrolls_to_keep_the_cursor() -> None:
    text = "قال وزير الخارجية السوري في تصريح للصحفيين"
    start = field_view(text, 0, 10)
    assert start.cursor_col == 9 and start.cells[-1].start == 0  # shows the start
    end = field_view(text, len(text), 10)
    assert end.cursor_col == 0 and all(c.start > 0 for c in end.cells)


# -- the search field in the app ---------------------------------------------------------------


async def test_typed_arabic_in_search_is_drawn_joined_right_to_left(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("slash", *"دير الزور")
        field = screen_of(app).query_one("#search", LayoutInput)
        drawn = field.render_line(0).text
        assert drawn.rstrip().endswith("ﺭﻭﺰﻟﺍ ﺮﻳﺩ") and "دير" not in drawn
        await pilot.press("right", "right", "right")  # Right goes back in Arabic
        assert field.cursor_position == 6
        await pilot.press("left")
        assert field.cursor_position == 7


# -- pictures at three widths ---------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_search_field_with_arabic(snap_compare, sample_project: Project, width: int) -> None:
    """The search field holding "دير الزور", typed with the cursor moved back two letters:
    joined, right-aligned, the cursor block on ز (the third letter from the end)."""
    app = build_app(sample_project, "ann1", document=SEED)
    assert snap_compare(
        app, terminal_size=(width, 24), press=["slash", *"دير الزور", "right", "right"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_span_list_with_a_long_arabic_source(
    snap_compare, sample_project: Project, width: int
) -> None:
    """damascus-quotes with a CLAIM linked to ACTOR "وزير الخارجية السوري": the span list's
    source column starts with "→ وزير" (the name's start) and is cut at its logical end; the
    status line at 60 columns drops whole hint parts."""
    aset = sample_project.load_set("ann1", DAMASCUS)
    schema = sample_project.schema
    actor = aset.find(18, 38, "ACTOR")  # ann1 tagged the minister
    assert actor is not None
    aset, claim = aset.add_span(schema, "CLAIM", 77, 149, attributes={"stance": "asserted"})
    aset, _ = aset.add_relation(schema, "source", claim.id, actor.id)
    sample_project.save_set(aset)
    app = build_app(sample_project, "ann1", document=DAMASCUS)
    assert snap_compare(app, terminal_size=(width, 24), press=["ctrl+end", "ctrl+home"])


async def test_a_long_link_hint_is_cut_between_parts(make_app, sample_project) -> None:
    aset = sample_project.load_set("tester", DAMASCUS)
    schema = sample_project.schema
    aset, _ = aset.add_span(schema, "ACTOR", 18, 38)
    aset, _ = aset.add_span(schema, "CLAIM", 77, 149)
    sample_project.save_set(aset)
    app = make_app(document=DAMASCUS)
    async with app.run_test(size=(60, 24)) as pilot:
        screen_of(app).article.move_to(80)
        await pilot.press("r")
        bar = screen_of(app).query_one(StatusBar)
        shown = bar.render_line(0).text
        assert "LINK: Tab/Shift+Tab" in bar.plain
        hint = bar._pieces[-1][0].strip()
        parts = hint.split(" · ")
        # the hint comes first, whole parts only, then the details
        assert shown.startswith(parts[0])
        head = shown.split(" …")[0] if " …" in shown else shown
        assert any(head.rstrip() == " · ".join(parts[:n]) for n in range(1, len(parts))), shown


# -- a free-text attribute: typed in the dialog, shown in the side panel ------------------------


def _with_free_text_alias(project: Project) -> Project:
    """The sample project with ACTOR given a free-text attribute ``alias`` (required)."""
    from pathlib import Path

    schema = (Path(__file__).parents[2] / "schemas" / "labels.yaml").read_text(encoding="utf-8")
    marker = "  LOCATION:\n"
    extra = (
        "      alias:\n        description: Another name.\n"
        "        free_text: true\n        required: true\n"
    )
    schema = schema.replace(marker, extra + marker, 1)
    (project.root / "labels.yaml").write_text(schema, encoding="utf-8")
    config = project.root / "annotator.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "labels: labels.yaml\n", "utf-8")
    return Project.open(project.root)


async def test_a_free_text_attribute_in_arabic_is_typed_and_shown_joined(
    sample_project: Project,
) -> None:
    from annotator.tui.screens.modals import AttributesModal
    from annotator.tui.widgets.span_details import SpanDetails
    from tests.tui.conftest import article_of, find, span_at

    project = _with_free_text_alias(sample_project)
    app = build_app(project, "tester", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        start, end = find(article_of(app).text, "القوات الأمريكية")
        article_of(app).select_range(start, end)
        await pilot.press("a", "e")
        await pilot.pause()
        assert isinstance(app.screen, AttributesModal)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert any(label.startswith("alias* (required)") for label in labels), labels
        field = app.screen.query_one("#attr-alias", LayoutInput)
        field.focus()
        await pilot.press(*"دير الزور")
        assert field.render_line(0).text.rstrip().endswith("ﺭﻭﺰﻟﺍ ﺮﻳﺩ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert span_at(app, start, end, "ACTOR").attributes["alias"] == "دير الزور"
        details = screen_of(app).query_one(SpanDetails)
        lines = ["".join(t for t, _ in line) for line in details._lines]
        assert any("alias*: ﺭﻭﺰﻟﺍ ﺮﻳﺩ" in line for line in lines), lines


def test_a_free_text_attribute_conflict_shows_the_values_joined(sample_project: Project) -> None:
    """Two annotators gave ACTOR different Arabic aliases: the conflict list draws each value
    through the layout engine (joined, right to left), as it draws the span text."""
    from annotator.adjudication import compare_sets
    from annotator.model import AnnotationSet
    from annotator.tui.widgets.conflict_list import ConflictList
    from tests.tui.conftest import find

    project = _with_free_text_alias(sample_project)
    schema = project.schema
    document = project.load_set("ann1", SEED).document
    start, end = find(document.text, "القوات الأمريكية")
    sets = []
    for name, alias in (("ann1", "دير الزور"), ("ann2", "الجيش")):
        aset, _ = AnnotationSet(document, name).add_span(
            schema, "ACTOR", start, end, attributes={"alias": alias}
        )
        sets.append(aset)
    (cluster,) = compare_sets(sets).conflicts
    widget = ConflictList([cluster], ["ann1", "ann2"], document.text, {})
    shown = [widget._version_text(cluster, version, 60) for _, version in cluster.groups()]
    assert any("ﺭﻭﺰﻟﺍ ﺮﻳﺩ" in text for text in shown), shown
    assert any("ﺶﻴﺠﻟﺍ" in text for text in shown) and not any("الجيش" in t for t in shown)


@pytest.mark.parametrize("width", WIDTHS)
def test_side_panel_with_an_arabic_attribute_and_note(
    snap_compare, sample_project: Project, width: int
) -> None:
    """The span panel on ACTOR "القوات الأمريكية" whose free-text alias is "الجيش الأمريكي في
    سوريا" and whose note is Arabic: the alias after "alias*:" and the note after "note:" are
    joined and right to left, cut at their logical end (their starts, الجيش and قال, kept)."""
    project = _with_free_text_alias(sample_project)
    aset = project.load_set("ann1", SEED)
    text = aset.document.text
    start = text.index("القوات الأمريكية")
    from annotator.model import AnnotationSet

    fresh = AnnotationSet(aset.document, "tester")
    fresh, _ = fresh.add_span(
        project.schema,
        "ACTOR",
        start,
        start + len("القوات الأمريكية"),
        attributes={"alias": "الجيش الأمريكي في سوريا وشرق الفرات"},
        note="قال مسؤول إن القوات الأمريكية موجودة في المنطقة منذ سنوات",
    )
    project.save_set(fresh)
    app = build_app(project, "tester", document=SEED)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        screen_of(app).article.move_to(start)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(width, 24), run_before=run_before)
