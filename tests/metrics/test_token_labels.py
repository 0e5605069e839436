"""Spans to token categories: innermost label, membership per label, partial tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics.token_labels import (
    OUTSIDE,
    TokenIndex,
    token_categories,
    token_labels,
    token_membership,
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
