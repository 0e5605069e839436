"""Every binding Help lists on the adjudication screen does what Help says. Rows the
annotation screen shares (same description, same action) are checked by
tests/tui/test_help_keys.py; the adjudication screen's own rows are pressed here, each on a
fresh app, and their effect on the gold set or the screen is checked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from annotator.store.project import Project
from annotator.tui.adjudicate_app import AdjudicatorApp, build_adjudicator_app
from annotator.tui.app import build_app
from annotator.tui.screens.help import binding_rows
from annotator.tui.screens.modals import PickModal
from tests.adjudication.conftest import SEED
from tests.adjudication.test_pilot import SIZE, notes, screen_of

Check = Callable[..., Awaitable[None]]


@pytest.fixture
def make_app(fresh_project: Project) -> Callable[[], AdjudicatorApp]:
    return lambda: build_adjudicator_app(fresh_project, "judge", document=SEED)


def _actions(screen) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Help description -> action, for the bindings in force on ``screen``."""
    return {
        b.description: b.action
        for _, bmap in screen._binding_chain
        for bs in bmap.key_to_bindings.values()
        for b in bs
        if b.description
    }


def _open_positions(screen) -> list[int]:  # type: ignore[no-untyped-def]
    return [i for i, c in enumerate(screen.conflicts) if c.index in screen.conflict_layer.open]


async def _next_open(t) -> None:
    first, second = _open_positions(t.screen)[:2]
    t.screen.go_to(t.screen.conflicts[first])
    await t.press()
    assert t.screen.conflicts.index(t.screen.current) == second


async def _previous_open(t) -> None:
    first, second = _open_positions(t.screen)[:2]
    t.screen.go_to(t.screen.conflicts[second])
    await t.press()
    assert t.screen.conflicts.index(t.screen.current) == first


async def _step(t) -> None:
    forward = t.description.startswith("Next")
    t.screen.go_to(t.screen.conflicts[3])
    await t.pilot.press("x")  # settle conflict 3: stepping does not skip settled ones
    t.screen.go_to(t.screen.conflicts[2 if forward else 4])
    await t.press()
    assert t.screen.conflicts.index(t.screen.current) == 3


async def _reject(t) -> None:
    cluster = t.screen.current
    before = len(t.screen.conflict_layer.open)
    await t.press()
    assert cluster.index not in t.screen.conflict_layer.open
    assert len(t.screen.conflict_layer.open) == before - 1
    assert t.screen.aset.decisions[-1].action == "reject"


async def _take(t) -> None:
    number = int(t.description.split("ann")[1][0])
    cluster = t.screen.current
    await t.press()
    assert cluster.index not in t.screen.conflict_layer.open
    decision = t.screen.aset.decisions[-1]
    assert (decision.action, decision.annotator) == ("take", f"ann{number}")


async def _take_all(t) -> None:
    await t.press()
    await t.pilot.pause()
    assert isinstance(t.app.screen, PickModal)
    await t.pilot.press("٢")  # the second annotator, by its Arabic-Indic digit
    await t.pilot.pause()
    assert not screen_of(t.app).conflict_layer.open
    assert "Took ann2's version of" in notes(t.app)


CHECKS: dict[str, Check] = {
    "Next open conflict": _next_open,
    "Previous open conflict": _previous_open,
    "Next conflict, settled too": _step,
    "Previous conflict, settled too": _step,
    "Reject the conflict": _reject,
    "Take ann1's version": _take,
    "Take ann2's version": _take,
    "Take all of one annotator": _take_all,
}


class _Trial:
    def __init__(self, app, pilot, key: str, description: str) -> None:  # type: ignore[no-untyped-def]
        self.app, self.pilot, self.key, self.description = app, pilot, key, description
        self.screen = screen_of(app)

    async def press(self) -> None:
        await self.pilot.press(self.key)
        await self.pilot.pause()


async def test_every_adjudication_help_row_is_checked(make_app, fresh_project: Project) -> None:
    """A row is the annotation screen's (same action there: checked by its own test) or has
    a check here."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        adjudication = _actions(screen_of(app))
        rows = {description for _, _, description in binding_rows(screen_of(app))}
        app.save_all()
    annotate_app = build_app(fresh_project, "tester", document=SEED)
    async with annotate_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        annotation = _actions(annotate_app.screen)
        annotate_app.save_all()
    own = {d for d in rows if annotation.get(d) != adjudication.get(d)}
    assert own == set(CHECKS)


@pytest.mark.parametrize("description", list(CHECKS))
async def test_every_adjudication_binding_does_what_help_says(make_app, description: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        key = next(
            b.key
            for _, bmap in screen._binding_chain
            for bs in bmap.key_to_bindings.values()
            for b in bs
            if b.description == description
        )
        await CHECKS[description](_Trial(app, pilot, key.split(",")[0], description))
        app.save_all()
