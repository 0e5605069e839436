"""The corpus filter's answers, kept and narrowed while a person types, are always those of a
plain search over every id, in the listing's order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.arabic import fold_text
from annotator.text.id_filter import IdFilter

ALPHABET = "abAB-0123ßsSİi"
ids_strategy = st.lists(st.text(ALPHABET, min_size=1, max_size=8), max_size=40)
needle_strategy = st.text(ALPHABET, max_size=4)


def plain(ids: list[str], needle: str) -> list[str]:
    return [i for i in ids if needle.casefold() in i.casefold()]


@given(ids_strategy, st.lists(needle_strategy, max_size=30))
def test_any_sequence_of_needles_answers_as_a_plain_search(
    ids: list[str], needles: list[str]
) -> None:
    id_filter = IdFilter(ids, kept=4)  # small, so the kept answers are dropped too
    for needle in needles:
        assert id_filter.matching(needle) == plain(ids, needle)


@given(ids_strategy, st.text(ALPHABET, max_size=6))
def test_typing_a_needle_then_deleting_it_answers_each_step(ids: list[str], word: str) -> None:
    id_filter = IdFilter(ids)
    steps = [word[:n] for n in range(len(word) + 1)]
    for needle in [*steps, *reversed(steps)]:
        assert id_filter.matching(needle) == plain(ids, needle)


def test_listing_order_is_kept_and_case_ignored() -> None:
    ids = ["doc-20", "DOC-3", "report-1", "doc-1"]
    id_filter = IdFilter(ids)
    assert id_filter.matching("Doc") == ["doc-20", "DOC-3", "doc-1"]
    assert id_filter.matching("doc-") == ["doc-20", "DOC-3", "doc-1"]
    assert id_filter.matching("doc-2") == ["doc-20"]
    assert id_filter.matching("") == ids
    assert id_filter.matching("no such") == []


def test_a_needle_every_id_holds_answers_the_listing_itself() -> None:
    ids = [f"doc-{n:05d}" for n in range(100)]
    id_filter = IdFilter(ids)
    assert id_filter.matching("DOC-0") is id_filter.ids


ARABIC_ALPHABET = "أاإآبتةهيىـَُِّ-1"


@given(
    st.lists(st.text(ARABIC_ALPHABET, min_size=1, max_size=8), max_size=40),
    st.lists(st.text(ARABIC_ALPHABET, max_size=4), max_size=30),
)
def test_with_the_search_folding_it_answers_as_a_folded_plain_search(
    ids: list[str], needles: list[str]
) -> None:
    id_filter = IdFilter(ids, kept=4, fold=fold_text)
    for needle in needles:
        assert id_filter.matching(needle) == [i for i in ids if fold_text(needle) in fold_text(i)]


def test_arabic_ids_match_across_harakat_and_letter_forms() -> None:
    ids = ["تقرير-أمني", "بيان-الوزارة", "تقرير-ثاني"]
    id_filter = IdFilter(ids, fold=fold_text)
    assert id_filter.matching("تَقرير") == ["تقرير-أمني", "تقرير-ثاني"]
    assert id_filter.matching("امني") == ["تقرير-أمني"]
