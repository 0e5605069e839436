"""The one sanitiser for everything printed for a person.

Text read from files (article text, attribute values, notes, ids, file names) can hold bytes a
terminal obeys: ESC starts control sequences (clear the screen, OSC 52 writes the clipboard), C1
controls do the same on some terminals, and bidi embedding, override and isolate controls make a
line read differently from what it holds. Before anything reaches a person those characters
become visible escapes, ``\\u001b``, ``\\u202e``: the same spelling JSON uses, so text that was
already JSON stays valid JSON and decodes to the same string.

Kept as they are: newline and tab (layout), and the bidi *marks* (LRM, RLM, ALM), which only
steer neutral characters and are part of normal Arabic text.

``clean(text)`` is for one string, ``dumps(obj)`` is ``json.dumps`` that escapes the same set,
and ``SafeStream`` wraps ``sys.stdout``/``sys.stderr`` so that no command can forget.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, TextIO

#: C0 controls but tab and newline, DEL, C1, bidi embeddings/overrides/isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def clean(text: str) -> str:
    """``text`` with every character a terminal would obey spelled out as ``\\uXXXX``."""
    return UNSAFE.sub(_escape, text)


def is_clean(text: str) -> bool:
    return UNSAFE.search(text) is None


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False)`` with the unsafe characters escaped as JSON does.

    The escaped characters only ever occur inside JSON strings (the structure is ASCII), so
    ``json.loads`` of the result gives back exactly ``obj``.
    """
    kwargs.setdefault("ensure_ascii", False)
    return clean(json.dumps(obj, **kwargs))


def short(value: object, limit: int = 80) -> str:
    """A bounded, clean rendering of ``value`` for an error message (never a whole value)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return clean(repr(text))
    if isinstance(value, bool | int | float) or value is None:
        return clean(repr(value))[:limit]
    kind = type(value).__name__
    size = ""
    if isinstance(value, dict | list | tuple):
        size = f" of {len(value)} items"
    return f"a {kind}{size}"


def shown(value: object, limit: int = 60) -> str:
    """An id or key as it appears in a message: itself when it is a short string (the
    output stream cleans it), else bounded like ``short``."""
    return value if isinstance(value, str) and len(value) <= limit else short(value, limit)


class SafeStream(io.TextIOBase):
    """A text stream that cleans everything written to it before passing it on."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(clean(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)

    @property
    def buffer(self) -> Any:
        """The raw byte stream, for data (an export to standard output), not for people."""
        return self.inner.buffer


def guard(stream: TextIO) -> TextIO:
    """``stream`` wrapped in a SafeStream (once)."""
    return stream if isinstance(stream, SafeStream) else SafeStream(stream)  # type: ignore[return-value]
