"""The engine's bidi levels and visual order against GNU FriBidi, a second reference.

BidiCharacterTest.txt (test_conformance.py) holds short synthetic cases; this runs the engine's
own functions (paragraph direction, python-bidi adapter, rule L1, rule L2) on real article
paragraphs and on random mixed Arabic/Latin/number/bracket strings, and compares every level and
the whole visual order with what the ``fribidi`` command (Debian's libfribidi-bin) computes for
the same paragraph in the same base direction. Characters removed by rule X9 (explicit
embeddings, overrides, BN) are skipped when comparing, as BidiCharacterTest does, since UAX #9
leaves their levels open. FriBidi always applies rule L3 (combining marks after their base in
right-to-left runs) and the engine keeps a base and its marks in one cell, so orders are compared
cluster by cluster: each mark stands for the base it follows.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.layout.levels import REMOVED_BY_X9, resolve_levels
from annotator.layout.model import LayoutOptions
from annotator.layout.paragraph import direction_of
from annotator.layout.reorder import line_levels, visual_order

REPO = Path(__file__).resolve().parents[2]
#: Paragraph separators (bidi class B) end a FriBidi input line; they never occur inside one.
_SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2029"


def fribidi_binary() -> str:
    found = shutil.which("fribidi")
    if found is None:
        pytest.skip("GNU FriBidi's command is missing: install Debian's libfribidi-bin")
    return found


def clusters(text: str, order: list[int]) -> list[int]:
    """``order`` with each combining mark replaced by its base and repeats merged: the order of
    the cells a terminal shows, whichever side of its base a reordering put a mark on."""
    base_of = []
    base = 0
    for index, char in enumerate(text):
        if index == 0 or unicodedata.bidirectional(char) != "NSM":
            base = index
        base_of.append(base)
    merged: list[int] = []
    for index in order:
        if not merged or merged[-1] != base_of[index]:
            merged.append(base_of[index])
    return merged


def engine(text: str, direction: str) -> tuple[str, list[int | None], list[int]]:
    """Base direction, levels after L1 (None where X9 removes the character) and visual order
    (logical indices left to right, X9-removed ones left out), as the engine computes them."""
    base = direction_of(text, LayoutOptions(direction=direction))  # type: ignore[arg-type]
    resolved = resolve_levels(text, base)
    levels = line_levels(resolved.classes, resolved.levels, resolved.paragraph_level)
    removed = [bidi_class in REMOVED_BY_X9 for bidi_class in resolved.classes]
    shown: list[int | None] = [
        None if gone else level for level, gone in zip(levels, removed, strict=True)
    ]
    order = [index for index in visual_order(levels) if not removed[index]]
    return base, shown, order


def fribidi(texts: list[str], direction: str) -> list[tuple[str, list[int], list[int]]]:
    """Base direction, levels and visual-to-logical order for each text, one FriBidi run."""
    flag = {"auto": "--wltr", "rtl": "--rtl", "ltr": "--ltr"}[direction]
    result = subprocess.run(
        [fribidi_binary(), "--nobreak", flag, "--basedir", "--vtol", "--levels", "--novisual"],
        input="".join(text + "\n" for text in texts).encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=60,
    )
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3 * len(texts), result.stderr.decode("utf-8", "replace")
    answers = []
    for index in range(len(texts)):
        basedir, vtol, levels = lines[3 * index : 3 * index + 3]
        answers.append(
            (
                basedir.removeprefix("Base direction: ").strip(),
                [int(value) for value in vtol.split()],
                [int(value) for value in levels.split()],
            )
        )
    return answers


def disagreements(texts: list[str], direction: str) -> list[str]:
    found = []
    for text, (base, vtol, levels) in zip(texts, fribidi(texts, direction), strict=True):
        our_base, our_levels, our_order = engine(text, direction)
        kept = [index for index, level in enumerate(our_levels) if level is not None]
        their_levels = [levels[index] for index in kept]
        their_order = [index for index in vtol if our_levels[index] is not None]
        if (
            our_base != base
            or [our_levels[index] for index in kept] != their_levels
            or clusters(text, our_order) != clusters(text, their_order)
        ):
            found.append(
                f"{text!r} ({direction}): base {our_base} vs {base}; levels "
                f"{[our_levels[i] for i in kept]} vs {their_levels}; order {our_order} vs "
                f"{their_order}"
            )
    return found


def corpus_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((REPO / "sample_corpus" / "texts").glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        for separator in _SEPARATORS:
            text = text.replace(separator, "\n")
        paragraphs.extend(part for part in text.split("\n") if part.strip())
    return paragraphs


@pytest.mark.parametrize("direction", ["auto", "rtl", "ltr"])
def test_every_sample_paragraph_orders_as_fribidi_does(direction: str) -> None:
    paragraphs = corpus_paragraphs()
    assert len(paragraphs) > 20
    problems = disagreements(paragraphs, direction)
    assert not problems, f"{len(problems)} paragraphs differ, first: {problems[0]}"


#: What news paragraphs mix: Arabic letters and harakat, Latin, European and Arabic-Indic digits,
#: number separators, brackets (mirrored pairs, rule N0), quotes, spaces and tabs, and the bidi
#: marks and isolates that pasted text carries.
_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "ءآأؤإئةى"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"
    "abcXYZ"
    "0123456789٠١٢٣٤٥٦٧٨٩"
    " \t.,:;-+/%$#()[]{}<>«»\"'،؛؟!"
    "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=60), min_size=1, max_size=20),
    direction=st.sampled_from(["auto", "rtl", "ltr"]),
)
def test_random_mixed_paragraphs_order_as_fribidi_does(texts: list[str], direction: str) -> None:
    problems = disagreements(texts, direction)
    assert not problems, problems[0]
