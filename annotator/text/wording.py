"""Counted words in messages: "1 problem", "2 problems", "1 match" — never "1 problems"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, in the plural (``many``, or ``word`` + s/es) unless it is 1."""
    if count == 1:
        return f"1 {word}"
    if many is None:
        many = word + ("es" if word.endswith(("ch", "sh", "s", "x")) else "s")
    return f"{count} {many}"
