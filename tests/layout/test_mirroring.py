"""Rule L4 against BidiMirroring.txt: the committed table, the generator, and drawn cells."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from annotator.layout import LayoutOptions, layout_paragraph
from annotator.layout._mirroring import MIRRORS
from annotator.layout.chars import Kind, char_info

from .conftest import REPO, unicode_file


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_mirroring", REPO / "tools/gen_mirroring.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_mirroring"] = module
    spec.loader.exec_module(module)
    return module


def reference_pairs() -> dict[str, str]:
    """Every mapping line of BidiMirroring.txt, parsed independently of the generator."""
    pairs = {}
    for line in unicode_file("BidiMirroring.txt").read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            source, mirror = data.split(";")
            pairs[chr(int(source, 16))] = chr(int(mirror, 16))
    return pairs


def test_table_matches_the_unicode_file() -> None:
    assert reference_pairs() == MIRRORS


def test_generator_reproduces_the_committed_table() -> None:
    generator = _generator()
    path = unicode_file("BidiMirroring.txt")
    version, pairs = generator.parse(path.read_text(encoding="utf-8"))
    committed = (REPO / "annotator/layout/_mirroring.py").read_text(encoding="utf-8")
    assert generator.render(version, pairs) == committed


@pytest.mark.parametrize("direction", ["rtl", "ltr"])
def test_every_mirrored_character_is_drawn_mirrored_in_rtl_only(direction: str) -> None:
    """Each mirrorable character between Arabic letters (so at level 1 in both paragraph
    directions) is drawn as its mirror; between Latin letters in LTR it is drawn as itself."""
    options = LayoutOptions(direction=direction, shaping=False)  # type: ignore[arg-type]
    for char, mirror in reference_pairs().items():
        if char_info(char).kind != Kind.ORDINARY or char_info(char).width != 1:
            continue
        rtl_text = f"\u0628{char}\u0628"
        (line,) = layout_paragraph(rtl_text, 10, options)
        assert line.cell_of(1).text == mirror, (hex(ord(char)), direction)  # type: ignore[union-attr]
        if direction == "ltr":
            (line,) = layout_paragraph(f"a{char}a", 10, options)
            assert line.cell_of(1).text == char  # type: ignore[union-attr]
