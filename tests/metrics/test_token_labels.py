"""Spans to token categories: innermost label, membership per label, partial tokens."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics.token_labels import (
    OUTSIDE,
    TokenIndex,
    profile_counts,
    token_categories,
    token_labels,
    token_membership,
    token_sets,
)
from annotator.text.tokens import tokenize

from .conftest import ARTICLE, at
from .strategies import GOLD_LABELS, span_lists, texts


def test_a_claim_containing_an_actor() -> None:
    text = ARTICLE
    claim = (*at(text, "بتعرض القاعدتين العسكريتين للقوات الأمريكية"), "CLAIM")
    inside = text.index("قوات الأمريكية", claim[0])  # in للقوات الأمريكية, without لل
    actor = (inside, inside + len("قوات الأمريكية"), "ACTOR")
    tokens = tokenize(text)
    index = TokenIndex(tokens)
    values = token_categories(index, [claim, actor])
    labelled = [(t.text_in(text), v) for t, v in zip(tokens, values, strict=True) if v != OUTSIDE]
    assert labelled == [
        ("بتعرض", "CLAIM"),
        ("القاعدتين", "CLAIM"),
        ("العسكريتين", "CLAIM"),
        ("للقوات", "ACTOR"),  # the span leaves out the proclitic لل but labels the token
        ("الأمريكية", "ACTOR"),
    ]
    claim_tokens = token_membership(index, [claim, actor], "CLAIM")
    assert claim_tokens.count("CLAIM") == 5  # membership ignores the nested ACTOR


def test_equal_spans_with_two_labels_take_the_first_label_alphabetically() -> None:
    text = "قصفت القوات"
    index = TokenIndex(tokenize(text))
    assert token_categories(index, [(0, 4, "WEAPON"), (0, 4, "ACTOR")]) == ["ACTOR", OUTSIDE]


def _brute_force(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    result = []
    for token in tokenize(text):
        covering = [s for s in spans if s[0] < token.end and token.start < s[1]]
        best = min(covering, key=lambda s: (s[1] - s[0], s[2]), default=None)
        result.append(best[2] if best else OUTSIDE)
    return result


@settings(max_examples=200, deadline=None)
@given(texts().flatmap(lambda t: st.tuples(st.just(t), span_lists(len(t), GOLD_LABELS))))
def test_categories_follow_the_documented_rule(case: tuple[str, list]) -> None:
    text, spans = case
    index = TokenIndex(tokenize(text))
    assert token_categories(index, spans) == _brute_force(text, spans)
    for label in GOLD_LABELS:
        members = [s for s in spans if s[2] == label]
        assert token_membership(index, spans, label) == [
            label if v != OUTSIDE else OUTSIDE for v in _brute_force(text, members)
        ]


@settings(max_examples=200, deadline=None)
@given(texts().flatmap(lambda t: st.tuples(st.just(t), span_lists(len(t), GOLD_LABELS))))
def test_all_labels_at_once_equal_one_at_a_time(case: tuple[str, list]) -> None:
    """What agree computes per set (token_labels, on an index built without Token objects) is
    what the documented one-label functions give on the tokens."""
    text, spans = case
    index = TokenIndex.of_text(text)
    tokens = tokenize(text)
    assert (index.starts, index.ends) == ([t.start for t in tokens], [t.end for t in tokens])
    categories, membership = token_labels(index, spans, GOLD_LABELS)
    assert categories == _brute_force(text, spans)
    assert list(membership) == list(GOLD_LABELS)
    for label in GOLD_LABELS:
        assert membership[label] == [
            label
            if any(s[2] == label and s[0] < t.end and t.start < s[1] for s in spans)
            else OUTSIDE
            for t in tokens
        ]


def _expand(sets: dict[str, int], size: int) -> list[str]:
    """A partition held as sets of tokens, back to one category per token."""
    values: list[str | None] = [None] * size
    for category, tokens in sets.items():
        assert tokens, "no category is kept without tokens"
        for i in range(size):
            if tokens >> i & 1:
                assert values[i] is None, "each token is in exactly one category"
                values[i] = category
    assert tokens_beyond(sets, size) == 0
    return values  # type: ignore[return-value]


def tokens_beyond(sets: dict[str, int], size: int) -> int:
    return sum(tokens >> size for tokens in sets.values())


LABELS_AND_O = (*GOLD_LABELS, OUTSIDE)  # a label may be named O: it merges with outside


@settings(max_examples=300, deadline=None)
@given(
    texts().flatmap(
        lambda t: st.tuples(
            st.just(t), span_lists(len(t), LABELS_AND_O), span_lists(len(t), LABELS_AND_O)
        )
    ),
    st.sampled_from([GOLD_LABELS, LABELS_AND_O, GOLD_LABELS[:1], ()]),
)
def test_token_sets_hold_what_the_per_token_lists_hold(
    case: tuple[str, list, list], labels: tuple[str, ...]
) -> None:
    """agree's sets of tokens (token_sets) and their counts (profile_counts) give exactly the
    per-token lists of token_labels and Counter(zip(...)) over them, missing annotators
    included."""
    text, first, second = case
    index = TokenIndex.of_text(text)
    size = len(index)
    lists = [token_labels(index, spans, labels) for spans in (first, second)]
    sets = [token_sets(index, spans, labels) for spans in (first, second)]
    for (categories, membership), (category_sets, membership_sets) in zip(
        lists, sets, strict=False
    ):
        assert _expand(category_sets, size) == categories
        assert list(membership_sets) == list(membership)
        for label in labels:
            assert _expand(membership_sets[label], size) == membership[label]
    missing: list[None] = [None] * size
    row_cases = [
        ([lists[0][0], lists[1][0]], [sets[0][0], sets[1][0]]),
        ([lists[0][0], missing, lists[1][0]], [sets[0][0], None, sets[1][0]]),
        ([missing, missing], [None, None]),
        ([lists[1][0]], [sets[1][0]]),
        *(([lists[0][1][lb], lists[1][1][lb]], [sets[0][1][lb], sets[1][1][lb]]) for lb in labels),
    ]
    for list_rows, set_rows in row_cases:
        assert profile_counts(set_rows, size) == Counter(zip(*list_rows, strict=True))


def _claimed_one_by_one(
    index: TokenIndex, spans: list, labels: tuple[str, ...]
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """token_sets' definition a span at a time: runs shortest first (then by label), each
    claiming the tokens no earlier run claimed; each label's tokens are those of its spans."""
    runs = sorted(
        (end - start, label, covered.start, covered.stop)
        for start, end, label in spans
        for covered in [index.covered(start, end)]
    )
    every = (1 << len(index)) - 1
    innermost: dict[str, int] = {}
    inside = dict.fromkeys(labels, 0)
    unclaimed = every
    for _, label, first, stop in runs:
        run = (1 << stop) - (1 << first) if stop > first else 0
        if run & unclaimed:
            innermost[label] = innermost.get(label, 0) | (run & unclaimed)
            unclaimed &= ~run
        if label in inside:
            inside[label] |= run
    if unclaimed:
        innermost[OUTSIDE] = innermost.get(OUTSIDE, 0) | unclaimed
    membership = {}
    for label, tokens in inside.items():
        partition = {label: tokens} if tokens else {}
        if every & ~tokens:
            partition[OUTSIDE] = partition.get(OUTSIDE, 0) | (every & ~tokens)
        membership[label] = partition
    return innermost, membership


@settings(max_examples=300, deadline=None)
@given(
    texts().flatmap(lambda t: st.tuples(st.just(t), span_lists(len(t), LABELS_AND_O))),
    st.sampled_from([GOLD_LABELS, LABELS_AND_O, GOLD_LABELS[:1], ()]),
)
def test_token_sets_are_claimed_run_by_run_in_the_same_order(
    case: tuple[str, list], labels: tuple[str, ...]
) -> None:
    """The same sets, and their categories in the same order: agree sums figures over these
    dicts, and a different order could change the last digit of a float sum."""
    text, spans = case
    index = TokenIndex.of_text(text)
    innermost, membership = token_sets(index, spans, labels)
    expected_innermost, expected_membership = _claimed_one_by_one(index, spans, labels)
    assert list(innermost.items()) == list(expected_innermost.items())
    assert [(k, list(v.items())) for k, v in membership.items()] == [
        (k, list(v.items())) for k, v in expected_membership.items()
    ]
