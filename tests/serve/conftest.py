"""Fixtures for the browser tests: a served sample project and a fresh Chromium profile."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.browser import CHROMIUM_ARGS, Served, Terminal, chromium_path

REPO = Path(__file__).resolve().parents[2]
#: Kept pictures of the served app (ignored by git; CI may keep them as artefacts).
ARTIFACTS = REPO / "test-artifacts" / "serve"


@pytest.fixture
def browser_context(tmp_path: Path) -> Iterator[Any]:
    """A Chromium (Debian's) with a fresh profile and a 1400x900 window."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
            timeout=60_000,
        )
        context.set_default_timeout(40_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def new_terminal(browser_context: Any) -> Callable[[], Terminal]:
    """Open another page (a browser session of its own) on the served app."""

    def make() -> Terminal:
        return Terminal(browser_context.new_page())

    return make


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    """Start ``annotator serve``; every server started is stopped (Ctrl+C) at the end."""
    started: list[Served] = []

    def start(project: Path, *args: str) -> Served:
        chromium_path()  # skip before starting anything when the browser cannot run
        served = Served(project, *args)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()
