"""The annotation app on a 1 MB article with 10,000 spans: time to first paint, median
key-to-repaint for cursor moves and for tagging, and peak memory.

Targets: first paint < 1 s, every key's key-to-repaint median <= 8 ms and p90 <= 16 ms (one
frame at 60 Hz), memory < 300 MB. Every timed key is reported with its median and p90: cursor,
word, word selection, page, tag, undo, redo, link (r, Tab, Enter) and search next.

The app runs headless, but every screen update is still turned into the terminal output a
real terminal would receive (the headless driver normally skips that last step; here it is
done and timed). Key-to-repaint is the time from a key event entering the app to the end of the
last screen update it caused.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App

from annotator.store.annotation_file import save_annotation_set
from annotator.store.project import Project, init_project
from annotator.text.arabic import find_all
from annotator.tui.app import build_app
from annotator.tui.screens.annotate import AnnotateScreen
from benchmarks._common import big_article, machine_speed
from benchmarks.store import make_set

DISPLAYS: list[float] = []
_original_display = App._display


def _display_and_render(self: App[Any], screen: Any, renderable: Any) -> None:
    if renderable is not None and isinstance(renderable, CompositorUpdate):
        renderable.render_segments(self.console)  # what a real terminal driver would send
    _original_display(self, screen, renderable)
    DISPLAYS.append(time.perf_counter())


App._display = _display_and_render  # type: ignore[method-assign]


async def key_to_repaint(app: App[Any], key: str, settle: float = 0.03) -> float:
    """Milliseconds from sending ``key`` to the end of the last update it caused."""
    char = key if len(key) == 1 else None
    start = time.perf_counter()
    seen = len(DISPLAYS)
    assert app._driver is not None
    app._driver.send_message(events.Key(key, char))
    while True:
        await asyncio.sleep(0.001)
        if len(DISPLAYS) > seen and time.perf_counter() - DISPLAYS[-1] > settle:
            return (DISPLAYS[-1] - start) * 1000
        if time.perf_counter() - start > 5:
            raise TimeoutError(f"no repaint after {key!r}")


async def first_paint(app: App[Any], screen_type: type, start: float) -> float:
    """Seconds from ``start`` until ``screen_type`` is shown and its first paint settled."""
    while not (isinstance(app.screen, screen_type) and DISPLAYS):
        await asyncio.sleep(0.001)
    while time.perf_counter() - DISPLAYS[-1] < 0.05:
        await asyncio.sleep(0.001)
    return DISPLAYS[-1] - start


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(values), 2),
        "p90": round(ordered[int(len(ordered) * 0.9)], 2),
        "max": round(ordered[-1], 2),
        "n": len(values),
    }


async def link_keys(app: App[Any], screen: AnnotateScreen) -> list[float]:
    """Link a CLAIM to an ACTOR with keys (r, Tab, Enter) and time each key."""
    times: list[float] = []
    aset = screen.aset
    for claim in [s for s in aset.spans if s.label == "CLAIM"][100:110]:
        screen.article.move_to(claim.start)
        await asyncio.sleep(0.05)
        times.append(await key_to_repaint(app, "r"))
        times.append(await key_to_repaint(app, "tab"))
        times.append(await key_to_repaint(app, "enter"))
    return times


async def measure(project: Project) -> dict[str, Any]:
    start = time.perf_counter()
    app = build_app(project, "bench", document="big")
    async with app.run_test(size=(120, 40)) as pilot:
        painted = await first_paint(app, AnnotateScreen, start)
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        for _ in range(5):
            await key_to_repaint(app, "left")
        moves = [
            await key_to_repaint(app, k)
            for k in ["left"] * 40 + ["down"] * 40 + ["right"] * 20 + ["up"] * 20
        ]
        words = [await key_to_repaint(app, "ctrl+left") for _ in range(20)]
        pages = [await key_to_repaint(app, "pagedown") for _ in range(10)]
        tags: list[float] = []
        for _ in range(30):
            await key_to_repaint(app, "ctrl+left")
            # Tag the word at the cursor, or relabel the span there: always a change (a key
            # that changes nothing has nothing to repaint).
            here = screen.article.current_span
            tags.append(await key_to_repaint(app, "c" if here and here.label == "WEAPON" else "w"))
        undo = [await key_to_repaint(app, "u") for _ in range(20)]
        redo = [await key_to_repaint(app, "U") for _ in range(20)]
        select_words = []
        for _ in range(10):
            select_words.append(await key_to_repaint(app, "ctrl+shift+left"))
            select_words.append(await key_to_repaint(app, "ctrl+shift+left"))
            await key_to_repaint(app, "escape")
        links = await link_keys(app, screen)
        screen.article.set_matches(find_all(screen.article.text, "القوات"))
        await asyncio.sleep(0.1)
        search_next = [await key_to_repaint(app, "full_stop") for _ in range(30)]
        spans = len(screen.aset.spans)
        await pilot.press("ctrl+q")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "first_paint_s": round(painted, 3),
        "cursor_move_ms": summary(moves),
        "word_move_ms": summary(words),
        "page_down_ms": summary(pages),
        "tag_ms": summary(tags),
        "undo_ms": summary(undo),
        "redo_ms": summary(redo),
        "select_word_ms": summary(select_words),
        "link_ms": summary(links),
        "search_next_ms": summary(search_next),
        "spans_at_end": spans,
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main() -> None:
    text = big_article()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        (root / "texts").mkdir(parents=True)
        (root / "texts" / "big.txt").write_text(text, encoding="utf-8", newline="")
        project, _ = init_project(root)
        document = project.document("big")
        aset = make_set(document.text, 10_000)
        aset = type(aset)(document, "bench", aset.status, aset.spans)
        save_annotation_set(aset, project.annotation_path("bench", "big"))
        result = asyncio.run(measure(project))
    print(
        json.dumps(
            {
                "benchmark": "tui",
                "text_bytes": len(text.encode("utf-8")),
                "text_chars": len(text),
                "spans": 10_000,
                "terminal": "120x40",
                "machine": machine_speed(),
                **result,
                "targets": {
                    "first_paint_s": 1.0,
                    "key_to_repaint_median_ms": 8,
                    "key_to_repaint_p90_ms": 16,
                    "peak_rss_mb": 300,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
