"""Spans turned into one category per token, for token-level agreement.

Tokens are ``annotator.text.tokens.tokenize`` (the same tokenisation the CoNLL/BIO export uses;
its docstring documents the rules). A token belongs to a span when they share at least one
character, so a span that leaves out a proclitic (``و`` of ``والجيش``) still labels the token.

- ``token_categories``: each token gets the label of the *innermost* span covering it (the
  shortest; among equally long ones, the label first in alphabetical order), or ``O`` outside
  every span. A CLAIM containing an ACTOR gives the ACTOR's tokens ``ACTOR``, the rest ``CLAIM``.
- ``token_membership``: for one label, ``label`` on tokens inside a span of that label, ``O``
  elsewhere, whatever other spans cover them. Per-label agreement uses it, so a nested span never
  hides a disagreement about another label.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.metrics.matching import SpanKey
from annotator.text.tokens import TokenIndex

OUTSIDE = "O"


def token_categories(index: TokenIndex, spans: Iterable[SpanKey]) -> list[str]:
    values = [OUTSIDE] * len(index)
    # Longest first so shorter spans overwrite them; on equal length, later labels first so
    # the alphabetically first label is written last.
    for start, end, label in sorted(spans, key=lambda s: (s[1] - s[0], s[2]), reverse=True):
        for i in index.covered(start, end):
            values[i] = label
    return values


def token_membership(index: TokenIndex, spans: Iterable[SpanKey], label: str) -> list[str]:
    values = [OUTSIDE] * len(index)
    for start, end, span_label in spans:
        if span_label == label:
            for i in index.covered(start, end):
                values[i] = label
    return values
