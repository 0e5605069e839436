"""Joining forms against ArabicShaping.txt and UnicodeData.txt, through the engine's cells.

For every Arabic letter that joins (joining type D or R in ArabicShaping.txt, in the Arabic
blocks) and every position its joining type allows, the letter is laid out in a context that
puts it in that position, and the cell covering it must draw the presentation form that
UnicodeData.txt gives for that letter and position (decomposition ``<initial> 0628`` etc.).
Where Unicode has no such form, the cell must still draw the same letter (equal under NFKD):
the terminal cannot do better, and the letter must not turn into another one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pytest
from arabic_reshaper import ArabicReshaper
from hypothesis import given
from hypothesis import strategies as st

from annotator.layout import LayoutOptions, layout_paragraph
from annotator.layout.shaping import shape, shape_word

from .conftest import unicode_file

BEH = "\u0628"  # dual-joining: joins on both sides
#: Text around the letter that puts it in each position.
CONTEXTS = {
    "isolated": (" ", " "),
    "initial": (" ", BEH),
    "medial": (BEH, BEH),
    "final": (BEH, " "),
}
ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))


@cache
def joining_types() -> dict[str, str]:
    types = {}
    for line in unicode_file("ArabicShaping.txt").read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            code, _name, joining_type, _group = (field.strip() for field in data.split(";"))
            types[chr(int(code, 16))] = joining_type
    return types


@cache
def presentation_forms() -> dict[tuple[str, str], str]:
    """(letters, position) -> presentation form, from UnicodeData.txt decompositions."""
    forms = {}
    pattern = re.compile(r"<(isolated|initial|medial|final)> ([0-9A-F ]+)$")
    for line in unicode_file("UnicodeData.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split(";")
        found = pattern.match(fields[5])
        if found:
            letters = "".join(chr(int(code, 16)) for code in found.group(2).split())
            forms[(letters, found.group(1))] = chr(int(fields[0], 16))
    return forms


def letter_positions() -> list[tuple[str, str]]:
    cases = []
    for letter, joining_type in sorted(joining_types().items()):
        if joining_type not in ("D", "R"):
            continue
        if not any(low <= ord(letter) <= high for low, high in ARABIC_BLOCKS):
            continue
        positions = ["isolated", "final"] + (["initial", "medial"] if joining_type == "D" else [])
        cases += [(letter, position) for position in positions]
    return cases


def drawn_letter(text: str, offset: int) -> str:
    (line,) = layout_paragraph(text, 20, LayoutOptions(direction="rtl"))
    cell = line.cell_of(offset)
    assert cell is not None
    return cell.text


def test_every_joining_arabic_letter_in_every_position() -> None:
    cases = letter_positions()
    assert len(cases) > 700  # ~350 letters; guards against a parse that finds nothing
    wrong = []
    for letter, position in cases:
        before, after = CONTEXTS[position]
        drawn = drawn_letter(before + letter + after, 1)
        expected = presentation_forms().get((letter, position))
        if expected is not None:
            ok = drawn == expected
        else:
            ok = unicodedata.normalize("NFKD", drawn) == unicodedata.normalize("NFKD", letter)
        if not ok:
            wrong.append(f"U+{ord(letter):04X} {position}: drew U+{ord(drawn[0]):04X}")
    assert not wrong, wrong[:20]


@pytest.mark.parametrize("alef", ["\u0627", "\u0623", "\u0625", "\u0622"])
@pytest.mark.parametrize("position", ["isolated", "final"])
def test_lam_alef_ligatures_are_one_cell_with_the_unicode_form(alef: str, position: str) -> None:
    before = BEH if position == "final" else " "
    text = before + "\u0644" + alef + " "
    (line,) = layout_paragraph(text, 20, LayoutOptions(direction="rtl"))
    cell = line.cell_of(1)
    assert cell is not None
    assert (cell.start, cell.end, cell.width) == (1, 3, 1)
    assert cell.text == presentation_forms()[("\u0644" + alef, position)]


def test_harakat_between_lam_and_alef_stay_in_the_ligature_cell() -> None:
    text = "\u0644\u064e\u0627"  # lam, fatha, alef
    (line,) = layout_paragraph(text, 10, LayoutOptions(direction="rtl"))
    (cell,) = line.cells
    assert (cell.start, cell.end) == (0, 3)
    assert cell.text == presentation_forms()[("\u0644\u0627", "isolated")] + "\u064e"


def test_tatweel_zwj_and_harakat_keep_lengths_and_joining() -> None:
    forms = presentation_forms()
    # tatweel joins on both sides: beh before it is initial, beh after it final
    assert shape("\u0628\u0640\u0628") == forms[(BEH, "initial")] + "\u0640" + forms[(BEH, "final")]
    # ZWJ makes a letter join towards it and stays in place (arabic-reshaper drops it)
    assert shape("\u0628\u200d") == forms[(BEH, "initial")] + "\u200d"
    assert shape("\u0628\u200d\u064e\u0628") == (
        forms[(BEH, "initial")] + "\u200d\u064e" + forms[(BEH, "final")]
    )
    # harakat are transparent: the letters still join across them
    assert shape("\u0628\u064e\u0628") == forms[(BEH, "initial")] + "\u064e" + forms[(BEH, "final")]


ARABIC_WORDS = st.text(
    alphabet=st.sampled_from(
        [*"بتثجحخدذرزسشصضطظعغفقكلمنهويءآأإاىةئؤ", "\u064e", "\u0651", "\u0640", " ", "(", "1"]
    ),
    max_size=40,
)


@given(ARABIC_WORDS)
def test_shaping_word_by_word_equals_shaping_the_whole_line(text: str) -> None:
    """The memo per word is sound: joining never crosses a space."""
    reshaper = ArabicReshaper({"delete_harakat": False, "support_ligatures": False})
    assert shape(text) == reshaper.reshape(text)
    assert len(shape_word(text.replace(" ", ""))) == len(text.replace(" ", ""))
