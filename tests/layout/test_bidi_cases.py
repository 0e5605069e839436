"""Hand-checked bidi cases (data/bidi_cases.tsv): how a person reads each line on screen."""

from __future__ import annotations

import pytest

from annotator.layout import LayoutOptions, layout_paragraph

from .conftest import DATA
from .screen import screen_reading


def load_cases() -> list[tuple[str, str, str]]:
    cases = []
    for line in (DATA / "bidi_cases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            direction, logical, reading = line.split("\t")
            cases.append((direction, logical, reading))
    return cases


@pytest.mark.parametrize(("direction", "logical", "reading"), load_cases())
@pytest.mark.parametrize("shaping", [True, False])
def test_screen_reads_as_expected(
    direction: str, logical: str, reading: str, shaping: bool
) -> None:
    option, _, resolved = direction.partition(":")
    options = LayoutOptions(direction=option, shaping=shaping)  # type: ignore[arg-type]
    (line,) = layout_paragraph(logical, 100, options)
    assert screen_reading(line) == reading
    assert line.rtl == ((resolved or option) == "rtl")
    if line.rtl:  # right-aligned: the last cell touches the right edge
        assert line.cells[-1].col + line.cells[-1].width == 100
