"""Tokens, sentences, proclitics and search folding on real Arabic news text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.arabic import find_all, fold, proclitic_length, trim_selection
from annotator.text.hygiene import INVISIBLE_MARKS
from annotator.text.tokens import TokenIndex, sentences, snap_to_tokens, tokenize, word_at
from tests.strategies import texts


def words(text: str) -> list[str]:
    return [t.text_in(text) for t in tokenize(text)]


def test_tokens_split_arabic_and_latin_punctuation_and_keep_numbers() -> None:
    text = "وأفادت وكالة (سانا) يوم 24 آب/أغسطس 2023، بـ3.5 قذيفة؛ «عاجل» “داعش”؟ F-16."
    assert words(text) == [
        "وأفادت", "وكالة", "(", "سانا", ")", "يوم", "24", "آب", "/", "أغسطس", "2023", "،",
        "بـ", "3.5", "قذيفة", "؛", "«", "عاجل", "»", "“", "داعش", "”", "؟", "F", "-", "16", ".",
    ]  # fmt: skip


def test_harakat_and_tatweel_stay_inside_their_word() -> None:
    text = "قالَ مسؤولٌ إنّ الجيـــش"
    assert words(text) == ["قالَ", "مسؤولٌ", "إنّ", "الجيـــش"]


@given(texts)
def test_tokens_cover_every_visible_non_space_character_once(text: str) -> None:
    covered = [i for t in tokenize(text) for i in range(t.start, t.end)]
    assert covered == sorted(set(covered))
    visible = {i for i, c in enumerate(text) if not c.isspace() and c not in INVISIBLE_MARKS}
    assert visible <= set(covered)
    assert all(not text[i].isspace() for i in covered)


def test_sentences_end_at_final_punctuation_and_line_breaks(seed_text: str) -> None:
    found = list(sentences(seed_text))
    assert len(found) == seed_text.count("\n") + 1  # every line of the seed is one sentence
    assert found[-1][-1].text_in(seed_text) == "شينخوا"
    text = "هل قصفت؟ نعم. ثم\nسطر"
    assert [[t.text_in(text) for t in s] for s in sentences(text)] == [
        ["هل", "قصفت", "؟"], ["نعم", "."], ["ثم"], ["سطر"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والمرصد", "المرصد"),
        ("بطائرة", "طائرة"),
        ("لإيران", "إيران"),
        ("وبالقذائف", "القذائف"),
        ("وكونيكو", "كونيكو"),
        ("للقوات", "للقوات"),  # the article's alef is gone: stays whole
        ("للمرصد", "للمرصد"),
        ("وزارة", "وزارة"),  # و belongs to the word
        ("لندن", "لندن"),
        ("واشنطن", "واشنطن"),
        ("ولم", "لم"),
    ],
)
def test_proclitics(word: str, expected: str) -> None:
    assert word[proclitic_length(word) :] == expected


def test_trim_removes_proclitics_and_punctuation_at_the_ends() -> None:
    text = "بحسب الإعلام الرسمي السوري، والمرصد السوري لحقوق الإنسان."
    start = text.index("والمرصد")
    assert text[slice(*trim_selection(text, start, len(text)))] == "المرصد السوري لحقوق الإنسان"
    i = text.index("السوري،")
    assert text[slice(*trim_selection(text, i, i + 7))] == "السوري"


def test_snapping_expands_to_words_but_keeps_a_trimmed_start(seed_text: str) -> None:
    i = seed_text.index("والمرصد")
    assert seed_text[slice(*snap_to_tokens(seed_text, i + 3, i + 5))] == "والمرصد"
    assert seed_text[slice(*snap_to_tokens(seed_text, i + 1, i + 5))] == "المرصد"
    assert seed_text[slice(*snap_to_tokens(seed_text, i - 1, i + 2))] == "والمرصد"
    assert word_at(seed_text, i + 2) == (i, i + 7)


def test_search_ignores_harakat_tatweel_and_letter_forms() -> None:
    text = "قالَ مسؤولٌ في وزارةِ الدفاعِ إنّ الأمريكيّة والامريكيه والأمريـكية"
    hits = [text[s:e] for s, e in find_all(text, "الامريكية")]
    assert hits == ["الأمريكيّة", "الامريكيه", "الأمريـكية"]
    assert [text[s:e] for s, e in find_all(text, "وزاره الدفاع")] == ["وزارةِ الدفاع"]


@given(texts)
def test_folding_maps_back_into_the_text(text: str) -> None:
    folded, where = fold(text)
    assert len(folded) == len(where)
    assert where == sorted(set(where))
    assert all(0 <= i < len(text) for i in where)


#: Text without combining marks, tatweel, joiners or bidi marks: what agree's token index reads
#: with its simpler pattern (most news text).
plain_texts = st.text(
    st.characters(
        exclude_categories=("Mn", "Mc", "Me", "Cs"),
        exclude_characters="\u0640\u200c\u200d\ufeff\u200e\u200f\u061c\u202a\u202b\u202c"
        "\u202d\u202e\u2066\u2067\u2068\u2069",
    )
    | st.sampled_from("٠١٢٣.,٫٬ ،؛؟«»-_"),
    max_size=80,
)


@given(plain_texts | texts | st.text(max_size=40))
def test_the_token_index_has_the_tokens_of_tokenize(text: str) -> None:
    """TokenIndex.of_text (agreement) finds tokenize's tokens, through either of its patterns."""
    index = TokenIndex.of_text(text)
    tokens = tokenize(text)
    assert (index.starts, index.ends) == ([t.start for t in tokens], [t.end for t in tokens])
