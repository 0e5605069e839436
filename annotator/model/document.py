"""The text being annotated.

Offsets everywhere are Python ``str`` indices into ``Document.text``, which is the exact content
of the file (decoded as UTF-8, no newline translation), end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def text_sha256(text: str) -> str:
    """Checksum of a text as stored on disk (UTF-8), so it matches ``sha256sum`` of the file."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its id (the file stem), its text and the checksum annotations refer to.

    ``file`` is the path relative to the project root as written in annotation files
    (``texts/<id>.txt``); it is informational, never used to locate the text.
    """

    id: str
    text: str = field(repr=False)
    file: str = ""
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))
        if not self.file:
            object.__setattr__(self, "file", f"texts/{self.id}.txt")

    @property
    def chars(self) -> int:
        return len(self.text)

    def excerpt(self, start: int, end: int) -> str:
        return self.text[start:end]
