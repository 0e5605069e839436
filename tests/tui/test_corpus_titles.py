"""Document ids in any script: the corpus screen's document column draws an Arabic id through
the layout engine (shaped, right to left) and cuts a long one at its logical end, keeping its
start with the ellipsis on its left, as the span list does."""

from __future__ import annotations

import shutil

import pytest

from annotator.store.project import Project
from annotator.tui.app import build_app
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.visual import fit, fit_parts
from annotator.tui.widgets.document_table import DocumentTable

LONG_ID = "هجوم-بطائرات-مسيرة-على-قاعدة-التنف-قرب-الحدود"
SHORT_ID = "دير-الزور"
WIDTHS = [60, 80, 120]


@pytest.fixture
def arabic_ids(sample_project: Project) -> Project:
    texts = sample_project.root / "texts"
    for doc_id in (LONG_ID, SHORT_ID):
        shutil.copy(texts / "damascus-quotes.txt", texts / f"{doc_id}.txt")
    return Project.open(sample_project.root)


def test_a_long_arabic_id_keeps_its_start() -> None:
    cut = fit(LONG_ID, 28)
    assert cut.startswith("…") and len(cut) <= 28
    assert cut.endswith("ﻡﻮﺠﻫ")  # هجوم, joined, at the right end: the id's start
    assert fit(SHORT_ID, 28) == "ﺭﻭﺰﻟﺍ-ﺮﻳﺩ"
    assert fit("xinhua-deir-ezzor", 10) == "xinhua-de…"  # Latin: cut at its end, as before


async def summaries_read(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_document_column_draws_arabic_ids_right(arabic_ids: Project) -> None:
    app = build_app(arabic_ids, "ann1")
    async with app.run_test(size=(120, 24)) as pilot:
        await summaries_read(pilot)
        assert isinstance(app.screen, CorpusScreen)
        table = app.screen.query_one(DocumentTable)
        lines = [table.render_line(y).text for y in range(1, table.row_count + 1)]
        long_row = next(line for line in lines if "ﻡﻮﺠﻫ" in line)
        assert long_row.startswith("…") and long_row[:28].endswith("ﻡﻮﺠﻫ")
        assert any(line.startswith("ﺭﻭﺰﻟﺍ-ﺮﻳﺩ ") for line in lines)
        table.move_cursor(row=table.keys.index(LONG_ID))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.aset.document.id == LONG_ID  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", WIDTHS)
def test_corpus_screen_with_arabic_ids(snap_compare, arabic_ids: Project, width: int) -> None:
    """The corpus screen listing two Arabic document ids among the sample's Latin ones:
    "دير-الزور" joined and whole; the long one cut to the column, its start "هجوم" kept at
    the column's right and "…" on its left. (SVG viewers re-order Arabic runs on their own:
    read the text, not the picture.)"""
    app = build_app(arabic_ids, "ann1")
    assert snap_compare(app, terminal_size=(width, 24), run_before=summaries_read)


async def test_the_filter_takes_arabic_folded_as_search_does(arabic_ids: Project) -> None:
    """ "دَير" (with a fatha) and "ديـر" (with tatweel) find "دير-الزور"; Latin ignores case."""
    app = build_app(arabic_ids, "ann1")
    async with app.run_test(size=(120, 24)) as pilot:
        await summaries_read(pilot)
        table = app.screen.query_one(DocumentTable)
        for typed in ("دَير", "ديـر"):
            await pilot.press("slash", *typed)
            assert table.keys == [SHORT_ID], typed
            await pilot.press("escape")
            assert len(table.keys) == 8
        await pilot.press("slash", *"DAMASCUS")
        assert table.keys == ["damascus-quotes"]


async def test_a_one_document_project_says_1_document(sample_project: Project) -> None:
    for text in (sample_project.root / "texts").glob("*.txt"):
        if text.stem != "damascus-quotes":
            text.unlink()
    shutil.rmtree(sample_project.root / "annotations")
    shutil.rmtree(sample_project.root / "gold")
    app = build_app(Project.open(sample_project.root), "ann1")
    async with app.run_test(size=(120, 24)) as pilot:
        await summaries_read(pilot)
        title = str(app.screen.query_one("#title").render())
        assert "· 1 document ·" in title, title


@pytest.mark.parametrize("width", range(20, 100))
def test_a_hint_line_drops_whole_parts(width: int) -> None:
    line = "adjudicated 1 / 6 documents · 3 open conflicts · Enter opens · / filters · ? help"
    shown = fit_parts(line, width)
    assert len(shown) <= width
    if shown != line:
        assert shown.endswith(" …") or shown.endswith("…")
        head = shown.removesuffix(" …")
        parts = line.split(" · ")
        whole = [" · ".join(parts[:n]) for n in range(1, len(parts))]
        assert head in whole or (head.endswith("…") and width < len(parts[0]) + 2)


async def test_the_adjudication_list_hints_are_cut_between_parts(sample_project) -> None:
    from annotator.tui.adjudicate_app import build_adjudicator_app

    app = build_adjudicator_app(sample_project, "judge")
    async with app.run_test(size=(90, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.screen.query_one("#progress").render_line(0).text.rstrip()
        assert shown.endswith(" …"), shown  # 90 columns: some parts dropped, whole
        assert shown.removesuffix(" …").endswith(("first", "opens", "filters")), shown
