"""Random keystrokes on the adjudication screen, pressed as an adjudicator presses them.

The gold set is what extractors are scored against, so whatever keys are pressed (take,
reject, take all, moving between conflicts, hand edits, undo and redo), the gold on screen must
stay a set ``validate`` accepts; the open conflicts the screen follows edit by edit must be
exactly those a fresh comparison finds in that gold; and saving, quitting and opening the
document again must come back to the same gold and the same open conflicts.
"""

from __future__ import annotations

import random

import pytest

from annotator.store.annotation_file import (
    check_annotation_file,
    dump_annotation_set,
    parse_annotation_text,
)
from annotator.store.project import Project
from annotator.tui.adjudicate_app import AdjudicatorApp, build_adjudicator_app
from annotator.tui.screens.modals import ChoiceModal
from tests.adjudication.conftest import SEED
from tests.adjudication.test_gold import content
from tests.adjudication.test_pilot import SIZE, screen_of

MOTIONS = [
    "left", "right", "up", "down", "home", "end", "pagedown", "pageup",
    "shift+left", "shift+right", "shift+down", "shift+end",
    "ctrl+left", "ctrl+right", "ctrl+shift+left", "ctrl+shift+right", "ctrl+home",
]  # fmt: skip
KEYS = [
    "1", "2", "x", "right_square_bracket", "left_square_bracket", "right_curly_bracket",
    "left_curly_bracket", "u", "U", "t", "d", "r", "tab", "enter", "escape", "o", "A",
    # The same keys on the Arabic layout: ء (x), ع (u), ف (t), ي (d), ق (r), and digits ١ ٢.
    "ء", "ع", "ف", "ي", "ق", "١", "٢",
]  # fmt: skip


def _app(project: Project) -> AdjudicatorApp:
    return build_adjudicator_app(project, "judge", document=SEED)


def _check(screen, project: Project) -> None:
    gold = screen.aset
    parsed = parse_annotation_text(dump_annotation_set(gold), "on screen")
    _, problems = check_annotation_file(parsed, project.document(SEED), project.schema)
    assert not problems, [str(p) for p in problems]
    fresh = {c.index for c in screen.adjudication.open_conflicts(gold)}
    assert screen.conflict_layer.open == fresh
    assert set(screen.decision_index.open_indices()) == fresh


@pytest.mark.parametrize("seed", range(3))
async def test_random_keys_keep_gold_valid_and_its_open_conflicts_exact(
    fresh_project: Project, seed: int
) -> None:
    rng = random.Random(seed)
    app = _app(fresh_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        for _ in range(80):
            for key in [*rng.choices(MOTIONS, k=rng.randrange(0, 3)), rng.choice(KEYS)]:
                await pilot.press(key)
            if isinstance(app.screen, ChoiceModal):  # take all: whose? (or a done question)
                await pilot.press(rng.choice(["1", "2", "escape"]))
            if app.screen is not screen:
                await pilot.press("escape")
            assert app.screen is screen, type(app.screen).__name__
            _check(screen, fresh_project)
        left = screen.aset
        assert left.decisions, "the keys settled nothing: the test would prove nothing"
        open_left = set(screen.conflict_layer.open)
        await pilot.press("ctrl+s", "ctrl+q")
    app = _app(fresh_project)
    async with app.run_test(size=SIZE):
        screen = screen_of(app)
        assert content(screen.aset) == content(left)
        assert screen.aset.decisions == left.decisions
        assert set(screen.conflict_layer.open) == open_left
        _check(screen, fresh_project)
