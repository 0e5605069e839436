"""UAX #9 conformance: every case of BidiCharacterTest.txt through the engine's own functions.

Each case runs through what the engine uses for a line: the paragraph direction (forced, or
P2/P3 from ``direction_of``), the python-bidi adapter (``resolve_levels``, with that direction
passed explicitly), rule L1 (``line_levels``) and rule L2 (``visual_order``), treating the whole
test string as one line. Characters removed by X9 are ordered with the rest, as the engine
orders hidden controls, and skipped when comparing, as the file says.

The 91,707 cases are split into chunks (not one test id each) so pytest-xdist can share them.
If python-bidi's debug output changes, the adapter raises and every chunk fails.
"""

from __future__ import annotations

from functools import cache

import pytest

from annotator.layout.levels import REMOVED_BY_X9, resolve_levels
from annotator.layout.model import LayoutOptions
from annotator.layout.paragraph import direction_of
from annotator.layout.reorder import line_levels, visual_order

from .conftest import unicode_file

CHUNKS = 12
EXPECTED_CASES = 91_707
_DIRECTIONS = {"0": "ltr", "1": "rtl", "2": "auto"}

Case = tuple[
    int, str, str, str, str, str
]  # line number, text, direction, para level, levels, order


@cache
def cases() -> tuple[Case, ...]:
    found = []
    path = unicode_file("BidiCharacterTest.txt")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            codes, direction, paragraph, levels, order = line.rstrip("\n").split(";")
            text = "".join(chr(int(code, 16)) for code in codes.split())
            found.append((number, text, _DIRECTIONS[direction], paragraph, levels, order))
    return tuple(found)


def run_case(text: str, direction: str) -> tuple[int, list[str], list[str]]:
    """Paragraph level, levels ('x' for X9-removed) and visual order, as the engine computes."""
    base = direction_of(text, LayoutOptions(direction=direction))  # type: ignore[arg-type]
    resolved = resolve_levels(text, base)
    levels = line_levels(resolved.classes, resolved.levels, resolved.paragraph_level)
    removed = [bidi_class in REMOVED_BY_X9 for bidi_class in resolved.classes]
    shown = ["x" if gone else str(level) for level, gone in zip(levels, removed, strict=True)]
    order = [str(index) for index in visual_order(levels) if not removed[index]]
    return resolved.paragraph_level, shown, order


def test_the_file_holds_every_case() -> None:
    assert len(cases()) == EXPECTED_CASES


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_bidi_character_test(chunk: int) -> None:
    failures = []
    for number, text, direction, paragraph, levels, order in cases()[chunk::CHUNKS]:
        got_paragraph, got_levels, got_order = run_case(text, direction)
        if (str(got_paragraph), got_levels, got_order) != (
            paragraph,
            levels.split(),
            order.split(),
        ):
            failures.append(
                f"line {number}: {text!r} {direction}: paragraph {got_paragraph} (want "
                f"{paragraph}), levels {got_levels} (want {levels}), order {got_order} "
                f"(want {order})"
            )
    assert not failures, f"{len(failures)} failing cases, first: " + "\n".join(failures[:5])
