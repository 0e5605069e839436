"""Reading article texts exactly as they are on disk.

Offsets index the decoded file content with no newline translation (CRLF stays two characters),
which is what ``open(path, encoding="utf-8", newline="")`` gives; decoding bytes directly is the
same thing, and lets a decoding error name the line and column of the bad byte.
"""

from __future__ import annotations

from pathlib import Path

from annotator.model.document import Document, text_sha256
from annotator.store.yaml_safe import decode_utf8, read_limited

MAX_TEXT_BYTES = 256 * 1024 * 1024


def read_text(path: Path) -> str:
    return decode_utf8(read_limited(path, MAX_TEXT_BYTES), path)


def read_document(path: Path, doc_id: str, relative: str) -> Document:
    text = read_text(path)
    return Document(doc_id, text, relative, text_sha256(text))
