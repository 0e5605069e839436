"""The annotation app on a 1 MB article with 10,000 spans: time to first paint, median
key-to-repaint for cursor moves and for tagging, and peak memory.

Targets: first paint < 1 s, key-to-repaint medians < 16 ms, memory < 300 MB. Runs the real app
headless (Textual's test driver renders every frame as a terminal would).
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.store.annotation_file import save_annotation_set
from annotator.store.project import Project, init_project
from annotator.tui.app import build_app
from annotator.tui.screens.annotate import AnnotateScreen
from benchmarks._common import big_article
from benchmarks.store import make_set


async def measure(project: Project) -> dict[str, object]:
    start = time.perf_counter()
    app = build_app(project, "bench", document="big")
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, AnnotateScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        first_paint = time.perf_counter() - start
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)

        async def timed(keys: list[str]) -> list[float]:
            times = []
            for key in keys:
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append((time.perf_counter() - t0) * 1000)
            return times

        await timed(["left"] * 5)  # warm up
        moves = await timed(["left"] * 40 + ["down"] * 40 + ["right"] * 20 + ["up"] * 20)
        pages = await timed(["pagedown"] * 10)
        tags: list[float] = []
        for _ in range(30):
            await pilot.press("ctrl+left")
            tags += await timed(["w"])  # tag the word at the cursor as WEAPON
        undo = await timed(["u"] * 10)
        spans = len(screen.aset.spans)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "first_paint_s": round(first_paint, 3),
        "cursor_move_ms": {
            "median": round(statistics.median(moves), 2),
            "p90": round(sorted(moves)[int(len(moves) * 0.9)], 2),
        },
        "page_down_ms": {"median": round(statistics.median(pages), 2)},
        "tag_ms": {
            "median": round(statistics.median(tags), 2),
            "p90": round(sorted(tags)[int(len(tags) * 0.9)], 2),
        },
        "undo_ms": {"median": round(statistics.median(undo), 2)},
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
        aset = make_set(project.document("big").text, 10_000)
        aset = type(aset)(project.document("big"), "bench", aset.status, aset.spans)
        save_annotation_set(aset, project.annotation_path("bench", "big"))
        result = asyncio.run(measure(project))
    print(
        json.dumps(
            {
                "benchmark": "tui",
                "text_bytes": len(text.encode("utf-8")),
                "spans": 10_000,
                "terminal": "120x40",
                **result,
                "targets": {"first_paint_s": 1.0, "key_to_repaint_ms": 16, "rss_mb": 300},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
