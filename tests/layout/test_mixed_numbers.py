"""Numbers inside wrapped Arabic paragraphs keep their left-to-right digit order on screen."""

from __future__ import annotations

import re

import pytest

from annotator.layout import DocumentLayout

from .conftest import DATA
from .screen import screen_reading

NUMBER = re.compile(r"[0-9٠-٩]+(?:[/:.,][0-9٠-٩]+)*")
LATIN = re.compile(r"[A-Za-z]+(?:[- ][A-Za-z0-9]+)*")


@pytest.fixture(scope="module")
def article() -> str:
    return (DATA / "mixed_numbers.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("pattern", [NUMBER, LATIN], ids=["numbers", "latin"])
def test_ltr_runs_read_left_to_right(article: str, width: int, pattern: re.Pattern[str]) -> None:
    layout = DocumentLayout(article, width)
    checked = 0
    for found in pattern.finditer(article):
        line = layout.line(layout.line_of(found.start()))
        if found.end() > line.end:
            continue  # cut by a line break
        cells = sorted(
            (c for c in line.cells if found.start() <= c.start < found.end()), key=lambda c: c.col
        )
        assert "".join(c.text for c in cells) == found.group()
        assert [c.start for c in cells] == sorted(c.start for c in cells)
        assert [c.col for c in cells] == list(range(cells[0].col, cells[0].col + len(cells)))
        checked += 1
    assert checked >= 3


def test_the_date_line_reads_as_a_reader_expects(article: str) -> None:
    layout = DocumentLayout(article, 200)
    first = layout.line(0)
    assert "2023 أغسطس/آب 24 يوم" in screen_reading(first)
    assert "24/08/2023 حتى" in screen_reading(first)
    assert "صباحا 10:30 الساعة" in screen_reading(first)
