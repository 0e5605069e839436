"""Helpers for the format tests: comparing what a set holds with what a format read back."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.formats.base import ImportedDocument
from annotator.model import AnnotationSet, Relation, Span

SpanContent = tuple[str, str, int, int, tuple[tuple[str, str], ...], str]
Content = tuple[str, str, tuple[SpanContent, ...], tuple[Relation, ...]]


def span_content(span: Span) -> SpanContent:
    """What every lossless format must keep of a span (not origin or gold provenance, which
    are set metadata no exchange format carries)."""
    return (span.id, span.label, span.start, span.end, tuple(span.attributes.items()), span.note)


def set_content(aset: AnnotationSet) -> Content:
    spans = tuple(sorted(span_content(s) for s in aset.spans))
    return (aset.document.id, aset.text, spans, tuple(sorted(aset.relations, key=lambda r: r.id)))


def read_content(doc: ImportedDocument) -> Content:
    spans = tuple(sorted(span_content(s) for s in doc.spans))
    return (doc.id, doc.text, spans, tuple(sorted(doc.relations, key=lambda r: r.id)))


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per hypothesis example (pytest's tmp_path is shared by all of them)."""
    with tempfile.TemporaryDirectory(prefix="annotator-formats-") as name:
        yield Path(name)
