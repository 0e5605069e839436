"""Invisible marks and look-alike characters: found and counted, never tokens, and cleaned with
an exact offset map."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.hygiene import INVISIBLE_MARKS, clean, strip_marks, survey
from annotator.text.tokens import tokenize
from tests.strategies import texts

MARKS = sorted(INVISIBLE_MARKS)
marked_texts = st.text(
    st.sampled_from([*MARKS, "ق", "ص", "ف", "ت", "ـ", " ", "(", ".", "1", "\u00a0", "ی", "ي"]),
    max_size=60,
)


def test_every_mark_the_issue_names_is_invisible_and_counted_by_name() -> None:
    expected = {0xFEFF, 0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    assert {ord(c) for c in INVISIBLE_MARKS} == expected
    token, removed = strip_marks("\ufeff\u200eفرانكفورت\u200e")
    assert token == "فرانكفورت"
    assert removed == {"U+FEFF BYTE ORDER MARK": 1, "U+200E LEFT-TO-RIGHT MARK": 2}
    assert strip_marks("\u200e\u200f") == ("", {"U+200E LEFT-TO-RIGHT MARK": 1,
                                                "U+200F RIGHT-TO-LEFT MARK": 1})  # fmt: skip


@given(marked_texts)
def test_no_token_is_only_marks_or_begins_or_ends_with_one(text: str) -> None:
    for token in tokenize(text):
        piece = token.text_in(text)
        assert piece[0] not in INVISIBLE_MARKS and piece[-1] not in INVISIBLE_MARKS


@given(texts)
def test_tokens_of_a_text_without_marks_are_unchanged_by_adding_marks_between_tokens(
    text: str,
) -> None:
    bare = "".join(c for c in text if c not in INVISIBLE_MARKS)
    words = [t.text_in(bare) for t in tokenize(bare)]
    marked = "\u200e" + " \u200e".join(bare.split(" "))
    assert [t.text_in(marked) for t in tokenize(marked)] == words


def test_survey_counts_what_is_in_a_given_text() -> None:
    text = "\ufeffقال\u200e المسؤول ـــ الكبيـــر\u00a0في ﻻ إيران یوم يوم ي ک"
    found = survey(text)
    assert found.marks == {"U+FEFF BYTE ORDER MARK": 1, "U+200E LEFT-TO-RIGHT MARK": 1}
    assert found.tatweel_runs == 2
    assert found.nbsp == 1
    assert found.presentation_forms == 1
    assert found.mixed_variants == {"ي/ی": (5, 1), "ك/ک": (1, 1)}
    assert "mixed ي/ی (Arabic 5, Persian 1) 6" in found.describe()
    assert not survey("قال المسؤول")


@given(marked_texts)
def test_cleaning_maps_every_old_boundary_exactly(text: str) -> None:
    cleaned = clean(text)
    offsets = cleaned.offsets
    assert len(offsets) == len(text) + 1 and offsets[0] == 0
    assert offsets[-1] == len(cleaned.text)
    assert list(offsets) == sorted(offsets)
    assert not survey(cleaned.text)
    # A piece of the old text maps onto the cleaned piece (variants aside, which depend on
    # the whole text).
    for a in range(len(text) + 1):
        for b in range(a, min(len(text), a + 6) + 1):
            x, y = cleaned.remap(a, b)
            piece = clean(text[a:b]).text
            if not any(c in "یيكک" for c in text):
                assert cleaned.text[x:y] == piece


def test_cleaning_counts_each_change() -> None:
    cleaned = clean("\u200eالجيـــش\u00a0ﻻ یوم يوم ي")
    assert cleaned.text == "الجيش لا يوم يوم ي"
    assert cleaned.changes == {
        "removed U+200E LEFT-TO-RIGHT MARK": 1,
        "removed tatweel": 3,
        "no-break space to space": 1,
        "presentation form to letter": 1,
        "ی to ي": 1,
    }
    assert unicodedata.normalize("NFKC", "ﻻ") == "لا"
    assert cleaned.remap(1, 9) == (0, 5)  # "الجيـــش" -> "الجيش"
