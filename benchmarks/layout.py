"""Layout engine benchmark: a ~1 MB Arabic article at width 100. Prints one JSON object.

    python benchmarks/layout.py [--size BYTES] [--width N] [--repeat N]

The article repeats the seed article's paragraphs, each prefixed with a unique paragraph number
so no paragraph-level cache can hit (word-level shaping caches do, as they do on real text).
Every phase starts with cold caches. Phases:

* wrap_all: DocumentLayout construction = wrapping every paragraph (gives the exact line_count);
* full_layout: every visual line with its cells (bidi levels, shaping, L1-L4);
* bare_libraries: arabic_reshaper.reshape + bidi.get_display on the text of the same lines,
  the bare cost of the two libraries, and the ratio full_layout / bare_libraries;
* resize_screenful: after laying out a screen at width 100 around the middle of the article,
  the 40 lines around the same offset at width 90 (paragraph layout only), and separately the
  exact line_count at the new width (wrapping the whole article again).
Timings are the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import arabic_reshaper
from bidi import get_display

from annotator.layout import DocumentLayout, clear_caches

SEED = Path(__file__).resolve().parents[1] / "sample_corpus" / "texts" / "xinhua-deir-ezzor.txt"


def build_article(size: int) -> str:
    paragraphs = SEED.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    total = number = 0
    while total < size:
        paragraph = f"فقرة {number}: {paragraphs[number % len(paragraphs)]}"
        out.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 1
        number += 1
    return "\n".join(out)


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``repeat`` cold runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def full_layout(layout: DocumentLayout) -> int:
    cells = 0
    for line in layout.lines():
        cells += len(line.cells)
    return cells


def bare_libraries(lines: list[str]) -> None:
    for text in lines:
        get_display(arabic_reshaper.reshape(text))


def resize_screenful(text: str, width: int, new_width: int, screen: int) -> dict[str, float]:
    clear_caches()
    layout = DocumentLayout(text, width)
    anchor = len(text) // 2
    first = layout.line_of(anchor)
    list(layout.lines(first - screen // 2, first + screen // 2))  # the screen before the resize
    start = time.perf_counter()
    resized = layout.with_width(new_width)
    recount = time.perf_counter() - start
    start = time.perf_counter()
    paragraph = resized.line(resized.line_of(anchor)).paragraph
    lines: list[Any] = list(resized.paragraph_lines(paragraph))
    below = above = paragraph
    while len(lines) < screen:  # neighbours until a screenful, as the view would ask
        below, above = below + 1, above - 1
        if below < len(resized.paragraph_spans):
            lines += resized.paragraph_lines(below)
        if above >= 0:
            lines = [*resized.paragraph_lines(above), *lines]
    screenful = time.perf_counter() - start
    return {"screen_lines": screen, "screenful_ms": screenful * 1e3, "recount_ms": recount * 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="article size in UTF-8 bytes")
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = build_article(args.size)

    wrap_s, layout = best(args.repeat, lambda: DocumentLayout(text, args.width))
    layout_s, cells = best(args.repeat, lambda: full_layout(DocumentLayout(text, args.width)))
    lines = DocumentLayout(text, args.width).lines()
    line_texts = [text[line.start : line.end].rstrip("\n") for line in lines]
    bare_s, _ = best(args.repeat, lambda: bare_libraries(line_texts))
    runs = [resize_screenful(text, args.width, args.width - 10, 40) for _ in range(7)]
    resize = {
        "screen_lines": 40,
        "screenful_ms_min": min(run["screenful_ms"] for run in runs),
        "screenful_ms_median": statistics.median(run["screenful_ms"] for run in runs),
        "recount_ms_median": statistics.median(run["recount_ms"] for run in runs),
    }
    print(
        json.dumps(
            {
                "chars": len(text),
                "bytes": len(text.encode("utf-8")),
                "paragraphs": len(layout.paragraph_spans),
                "width": args.width,
                "lines": layout.line_count,
                "cells": cells,
                "wrap_all_s": round(wrap_s, 4),
                "full_layout_s": round(layout_s, 4),
                "full_layout_lines_per_s": round(layout.line_count / layout_s),
                "bare_libraries_s": round(bare_s, 4),
                "ratio_to_bare_libraries": round(layout_s / bare_s, 3),
                "resize": {key: round(value, 3) for key, value in resize.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
