"""Messages that cross widgets and screens (widget-local ones live on their widget)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenDocument(Message):
    """Open a document of the project in the annotation screen."""

    doc_id: str


@dataclass
class DocumentClosed(Message):
    """The annotation screen saved and released its document (the corpus list refreshes)."""

    doc_id: str
