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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from annotator.metrics.matching import SpanKey
from annotator.text.tokens import TokenIndex

OUTSIDE = "O"


def token_labels(
    index: TokenIndex, spans: Iterable[SpanKey], labels: Sequence[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """``token_categories`` and ``token_membership`` of every label in ``labels``, at once: the
    tokens of each span are looked up once and written a run at a time."""
    size = len(index)
    starts, ends = index.starts, index.ends
    # Each span's tokens (TokenIndex.covered): those ending after it starts and starting
    # before it ends.
    runs = [
        (end - start, label, bisect_right(ends, start), bisect_left(starts, end))
        for start, end, label in spans
    ]
    categories = [OUTSIDE] * size
    # Longest first so shorter spans overwrite them; on equal length, later labels first so
    # the alphabetically first label is written last. (Runs of the same length and label
    # write the same value, so their order does not matter.)
    runs.sort(reverse=True)
    for _, label, first, stop in runs:
        categories[first:stop] = [label] * (stop - first)
    membership = {label: [OUTSIDE] * size for label in labels}
    for _, label, first, stop in runs:
        values = membership.get(label)
        if values is not None:
            values[first:stop] = [label] * (stop - first)
    return categories, membership


def token_categories(index: TokenIndex, spans: Iterable[SpanKey]) -> list[str]:
    return token_labels(index, spans, ())[0]


def token_membership(index: TokenIndex, spans: Iterable[SpanKey], label: str) -> list[str]:
    return token_labels(index, spans, (label,))[1][label]
