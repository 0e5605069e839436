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

``token_sets`` and ``profile_counts`` give the same figures without a value per token: each
category is a set of tokens held as the bits of one Python int (token i is bit i), and the
tokens on which several annotators gave a given tuple of categories are counted by ANDing their
sets, so a document costs a few operations per span and per category, not per token.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

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


#: A partition of a document's tokens by category: category -> set of tokens (bits of an int).
TokenSets = dict[str, int]


def token_sets(
    index: TokenIndex, spans: Iterable[SpanKey], labels: Sequence[str]
) -> tuple[TokenSets, dict[str, TokenSets]]:
    """``token_labels`` as sets of tokens: the tokens of each innermost category, and for each
    label of ``labels`` the tokens in and out of it. Categories that no token takes are left
    out; a token is in exactly one category of each partition."""
    starts, ends = index.starts, index.ends
    # Shortest first and, on equal length, the alphabetically first label first: each token
    # is claimed by the first run that covers it (token_labels writes them in the reverse
    # order, each overwriting the ones before).
    runs = sorted(
        (end - start, label, bisect_right(ends, start), bisect_left(starts, end))
        for start, end, label in spans
    )
    innermost: TokenSets = {}
    inside: dict[str, int] = dict.fromkeys(labels, 0)
    every = (1 << len(starts)) - 1
    unclaimed = every
    for _, label, first, stop in runs:
        if stop <= first:
            continue  # a span that touches no token (only whitespace)
        run = (1 << stop) - (1 << first)
        new = run & unclaimed
        if new:
            innermost[label] = innermost.get(label, 0) | new
            unclaimed ^= new  # new is part of unclaimed: what the run claims now
        if label in inside:
            inside[label] |= run
    _put(innermost, OUTSIDE, unclaimed)
    membership: dict[str, TokenSets] = {}
    for label, tokens in inside.items():
        partition: TokenSets = {}
        _put(partition, label, tokens)
        _put(partition, OUTSIDE, every & ~tokens)
        membership[label] = partition
    return innermost, membership


def _put(partition: TokenSets, category: str, tokens: int) -> None:
    """Add ``tokens`` to ``category`` (a label may be named like OUTSIDE: they are merged, as
    the per-token lists merge them)."""
    if tokens:
        partition[category] = partition.get(category, 0) | tokens


def profile_counts(
    rows: Sequence[Mapping[str, int] | None], tokens: int
) -> dict[tuple[str | None, ...], int]:
    """How many of the ``tokens`` tokens have each tuple of categories, one per row (None for a
    row that is None: an annotator with no set): ``Counter(zip(*rows))`` over per-token lists,
    without the lists. Only tuples some token has are keys."""
    groups: list[tuple[tuple[str | None, ...], int]] = [((), (1 << tokens) - 1)] if tokens else []
    for row in rows:
        if row is None:
            groups = [((*profile, None), members) for profile, members in groups]
            continue
        groups = [
            ((*profile, category), both)
            for profile, members in groups
            for category, tokens_of in row.items()
            if (both := members & tokens_of)
        ]
    return {profile: members.bit_count() for profile, members in groups}
