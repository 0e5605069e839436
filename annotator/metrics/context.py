"""A span in its surrounding text, for error listings.

This is the one place that turns an offset range into a line of context: the text around the
span, the span between ``⟦`` and ``⟧``, on one line. ``visual=True`` draws that line through the
layout engine (bidi reordering, mirrored brackets, Arabic shaping) for terminals that do none of
it themselves; otherwise it stays in logical order, for files, pipes and bidi-capable terminals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.layout import render_text

#: Characters on each side of the span.
CONTEXT_CHARS = 30
#: A span longer than this shows its start and end around an ellipsis.
MAX_SPAN_CHARS = 60

_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Context:
    """Text before the span, the span, and text after (raw, for JSON)."""

    before: str
    text: str
    after: str


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> Context:
    return Context(text[max(0, start - width) : start], text[start:end], text[end : end + width])


def _one_line(text: str) -> str:
    """Line breaks and tabs as single spaces, and invisible controls shown as ``<U+hhhh>`` (hex),
    so that one error stays on one line and cannot reorder the terminal."""
    flat = _BLANKS.sub(" ", text)
    return "".join(
        f"<U+{ord(c):04X}>"
        if c in "\u061c\u200e\u200f" or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"
        else c
        for c in flat
    )


def format_context(
    text: str, start: int, end: int, width: int = CONTEXT_CHARS, *, visual: bool = False
) -> str:
    """``…before⟦span⟧after…`` on one line, in logical order or (``visual``) as drawn."""
    ctx = context_of(text, start, end, width)
    inner = ctx.text
    if len(inner) > MAX_SPAN_CHARS:
        half = MAX_SPAN_CHARS // 2
        inner = inner[:half] + " … " + inner[-half:]
    lead = "…" if start - width > 0 else ""
    tail = "…" if end + width < len(text) else ""
    line = f"{lead}{_one_line(ctx.before)}⟦{_one_line(inner)}⟧{_one_line(ctx.after)}{tail}"
    return as_drawn(line) if visual else line


def as_drawn(line: str) -> str:
    """``line`` as the article view would draw it, without its alignment padding: one visual
    line, since the width allows every character."""
    return " ".join(row.strip() for row in render_text(line, 4 * len(line) + 8))
