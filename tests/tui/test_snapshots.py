"""What the screen shows, compared with reviewed pictures (tests/tui/__snapshots__/)."""

from __future__ import annotations

from annotator.store.project import Project
from annotator.tui.app import build_app

SEED = "xinhua-deir-ezzor"


def test_seed_article_at_120_columns(snap_compare, sample_project: Project) -> None:
    """ann1's set on the seed article: right-aligned Arabic drawn right to left and joined,
    spans of all four labels in their colours (ACTOR blue, LOCATION green, WEAPON red,
    CLAIM amber) with nested spans in stronger shades, the cursor on the first word; on the
    right the claim under the cursor in full (its text right to left, stance, source) above
    the span list in reading order with attributes and sources; the status bar with counts
    per label."""
    app = build_app(sample_project, "ann1", document=SEED)
    assert snap_compare(app, terminal_size=(120, 40))


def test_seed_article_at_80_columns(snap_compare, sample_project: Project) -> None:
    """The same at 80x24: lines re-wrapped to the narrower view, still right-aligned."""
    app = build_app(sample_project, "ann1", document=SEED)
    assert snap_compare(app, terminal_size=(80, 24))


def test_selection_and_current_span(snap_compare, sample_project: Project) -> None:
    """After moving five cells left (forward in Arabic) and extending the selection three
    cells over part of القوات: the selection is highlighted as the label key will save it (the
    whole word, snapping is on), the span under the cursor is bold and underlined, the status
    bar shows the offset and that range, and the footer starts with the tag keys."""
    app = build_app(sample_project, "ann1", document=SEED)
    assert snap_compare(
        app,
        terminal_size=(100, 30),
        press=["left", "left", "left", "left", "left", "shift+left", "shift+left", "shift+left"],
    )


def test_corpus_screen(snap_compare, sample_project: Project) -> None:
    """The documents with ann1's status (done, in progress, new), span counts per label,
    relations, gold marks and the last change, and the overall progress line."""
    app = build_app(sample_project, "ann1")

    async def summaries_read(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 24), run_before=summaries_read)
