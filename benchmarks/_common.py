"""Shared helpers for the benchmark scripts: realistic large inputs and timing.

Every benchmark prints one JSON object on stdout; run them from the repository root, e.g.
``python benchmarks/store.py``.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "sample_corpus" / "texts" / "xinhua-deir-ezzor.txt"


def seed_text() -> str:
    with open(SEED, encoding="utf-8", newline="") as handle:
        return handle.read()


def big_article(target_bytes: int = 1_000_000) -> str:
    """The seed article's paragraphs repeated to about ``target_bytes`` of UTF-8."""
    seed = seed_text()
    copies = max(1, target_bytes // len(seed.encode("utf-8")))
    text = "\n".join([seed] * copies)
    return text


def best_of(fn: Callable[[], object], repeat: int = 5) -> dict[str, float]:
    """Seconds for ``fn``: best and median of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"best_s": round(min(times), 6), "median_s": round(statistics.median(times), 6)}


def machine_speed() -> dict[str, object]:
    """How fast this machine is right now: CPUs, load average, and the seconds a fixed
    pure-Python loop takes (a shared VM's speed varies from minute to minute; this number
    makes runs comparable)."""
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i * i
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python_loop_s": round(time.perf_counter() - start, 3),
    }
