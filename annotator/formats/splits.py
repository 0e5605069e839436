"""Train/dev/test splits by document, reproducible from a seed.

Document ids are sorted, shuffled with ``random.Random(seed)`` and cut into consecutive parts
whose sizes follow the ratios by the largest-remainder method (sizes add up to the number of
documents; a tie in remainders goes to the part listed first). The same ids, ratios and seed
give the same split on every machine and Python version (``Random.shuffle`` with an integer seed
is stable across versions).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from annotator.errors import ImportExportError
from annotator.store.project import id_problem

DEFAULT_SEED = 0


def parse_split(spec: str) -> list[tuple[str, float]]:
    """``"train=0.8,dev=0.1,test=0.1"`` (or percentages adding up to 100) as (name, ratio)."""
    parts: list[tuple[str, float]] = []
    for item in spec.split(","):
        name, sep, value = item.strip().partition("=")
        name = name.strip()
        if not sep or not name:
            raise ImportExportError(f"--split: expected NAME=RATIO, found {item.strip()!r}")
        problem = id_problem(name, "split name")
        if problem:
            raise ImportExportError(f"--split: {problem}")
        try:
            ratio = float(value)
        except ValueError:
            raise ImportExportError(f"--split: {value.strip()!r} is not a number") from None
        if not math.isfinite(ratio) or ratio < 0:
            raise ImportExportError(f"--split: ratio of {name} must be 0 or more, not {value}")
        if any(name == other for other, _ in parts):
            raise ImportExportError(f"--split: {name} is listed twice")
        parts.append((name, ratio))
    total = sum(r for _, r in parts)
    if math.isclose(total, 100, abs_tol=1e-6) and total > 1 + 1e-6:
        parts = [(n, r / 100) for n, r in parts]
        total = 1.0
    if not math.isclose(total, 1, abs_tol=1e-6):
        raise ImportExportError(f"--split: ratios must add up to 1 (or 100), not {total:g}")
    return parts


def part_sizes(n: int, ratios: Sequence[float]) -> list[int]:
    exact = [r * n for r in ratios]
    sizes = [math.floor(x) for x in exact]
    order = sorted(range(len(ratios)), key=lambda i: (-(exact[i] - sizes[i]), i))
    for i in order[: n - sum(sizes)]:
        sizes[i] += 1
    return sizes


def split_ids(
    ids: Sequence[str], parts: Sequence[tuple[str, float]], seed: int = DEFAULT_SEED
) -> dict[str, list[str]]:
    """Each part's document ids (sorted within the part)."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    sizes = part_sizes(len(shuffled), [r for _, r in parts])
    result: dict[str, list[str]] = {}
    start = 0
    for (name, _), size in zip(parts, sizes, strict=True):
        result[name] = sorted(shuffled[start : start + size])
        start += size
    return result
