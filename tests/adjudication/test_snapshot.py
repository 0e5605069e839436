"""What the adjudicator sees, pinned as SVG snapshots (tests/adjudication/__snapshots__/).

Regenerate with ``pytest tests/adjudication/test_snapshot.py --snapshot-update`` and look at the
SVGs (e.g. ``rsvg-convert`` to PNG) before committing them.
"""

from __future__ import annotations

from annotator.store.project import Project
from annotator.tui.adjudicate_app import build_adjudicator_app
from tests.adjudication.conftest import SEED


def test_conflict_view(snap_compare, fresh_project: Project) -> None:
    """The seed article right to left with gold's spans in label colours and the open conflicts
    italic and underlined; the current conflict, "وكالة الأنباء السورية (سانا)" (ann1: one
    span, ann2: two), in orange. The conflict panel: ✓ 1 ACTOR boundary took ann1, ✗ 2 WEAPON
    rejected, then conflict 3 highlighted with rows "1 ann1" and "2 ann2"; the status bar
    counts 16 of 18 conflicts open."""
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    assert snap_compare(app, terminal_size=(120, 40), press=["1", "x"])


def test_label_conflict_with_the_cursor_on_it(snap_compare, fresh_project: Project) -> None:
    """Moving the cursor onto "واشنطن" makes its label conflict current: ACTOR and LOCATION
    badges in the panel, each version showing its label and attribute."""
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)

    async def to_washington(pilot) -> None:
        screen = app.screen
        text = screen.article.text
        screen.article.move_to(text.index("واشنطن على علم"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=to_washington)
