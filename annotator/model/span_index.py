"""Which spans touch a range of text, fast enough to ask for every line on every repaint.

Spans are registered in fixed-size buckets of the text; a span lands in every bucket it covers
(most spans are a few words, so one or two). Asking for a range visits only its buckets, so the
cost does not grow with the number of spans elsewhere in a long article. The index is
immutable like the sets it describes; an edit derives a new index by copying only the bucket
table and the buckets it touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.model.span import Span

BUCKET = 256


@dataclass(frozen=True, slots=True)
class SpanIndex:
    buckets: dict[int, tuple[Span, ...]]

    @classmethod
    def build(cls, spans: Iterable[Span]) -> SpanIndex:
        buckets: dict[int, list[Span]] = {}
        for span in spans:
            for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
                buckets.setdefault(b, []).append(span)
        return cls({b: tuple(found) for b, found in buckets.items()})

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with ``[start, end)``, each once,
        in (start, end, label, id) order."""
        if start >= end:
            return []
        found: dict[int, Span] = {}
        for b in range(start // BUCKET, (end - 1) // BUCKET + 1):
            for span in self.buckets.get(b, ()):
                if span.start < end and start < span.end:
                    found[id(span)] = span
        return sorted(found.values(), key=lambda s: s.sort_key)

    def at(self, offset: int) -> list[Span]:
        """Spans containing ``offset``."""
        return self.overlapping(offset, offset + 1)

    def with_added(self, span: Span) -> SpanIndex:
        buckets = dict(self.buckets)
        for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
            buckets[b] = (*buckets.get(b, ()), span)
        return SpanIndex(buckets)

    def with_removed(self, span: Span) -> SpanIndex:
        buckets = dict(self.buckets)
        for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
            kept = tuple(s for s in buckets.get(b, ()) if s is not span)
            if kept:
                buckets[b] = kept
            else:
                buckets.pop(b, None)
        return SpanIndex(buckets)
