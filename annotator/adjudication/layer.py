"""What the adjudication view highlights: gold's spans plus the versions of open conflicts.

The article view asks a layer for the spans overlapping each visual line it draws
(``spans_overlapping``); this one answers from the gold set and from an index of the open
conflicts' spans (each distinct extent and label once, however many annotators made it).
Conflict spans get ids no set can use (``~<cluster>.<n>``) so the view's styler can tell them
from gold spans. Settling a conflict takes its spans out of the index in time proportional to
their number, so a key press never rebuilds it: the layer owns its index and changes the
buckets a conflict touches in place (copying the bucket table, thousands of entries on a long
article, for every span would give the garbage collector that much more to scan per key).
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.adjudication.conflicts import Cluster, Comparison
from annotator.model import AnnotationSet, Span
from annotator.model.span_index import BUCKET, SpanIndex

PREFIX = "~"
#: Past this many conflicts opened or settled at once, rebuilding the index is cheaper.
REBUILD_AFTER = 64


def display_spans(cluster: Cluster) -> list[Span]:
    """One span per distinct (start, end, label) among the cluster's versions."""
    keys = sorted(cluster.keys)
    return [
        Span(f"{PREFIX}{cluster.index}.{n}", label, start, end)
        for n, (start, end, label) in enumerate(keys)
    ]


class ConflictLayer:
    """Gold spans and open-conflict spans, for ``ArticleView``."""

    def __init__(
        self, comparison: Comparison, gold: AnnotationSet, open_: Iterable[Cluster]
    ) -> None:
        self.comparison = comparison
        self.gold = gold
        self._spans: dict[int, list[Span]] = {}
        self.open: set[int] = set()
        shown: list[Span] = []
        for cluster in open_:
            self.open.add(cluster.index)
            shown.extend(self._spans_of(cluster))
        self._index = SpanIndex.build(shown)

    def _spans_of(self, cluster: Cluster) -> list[Span]:
        spans = self._spans.get(cluster.index)
        if spans is None:
            spans = self._spans[cluster.index] = display_spans(cluster)
        return spans

    def cluster_of(self, span: Span) -> Cluster | None:
        """The conflict a shown span belongs to (None for gold spans)."""
        if not span.id.startswith(PREFIX):
            return None
        return self.comparison.clusters[int(span.id[len(PREFIX) :].split(".", 1)[0])]

    def update(
        self, gold: AnnotationSet, opened: Iterable[Cluster], settled: Iterable[Cluster]
    ) -> list[tuple[int, int]]:
        """Show another gold set, with the conflicts ``opened`` shown and those ``settled``
        hidden (others stay as they are); returns the ranges whose look changed."""
        self.gold = gold
        shown = [c for c in opened if c.index not in self.open]
        hidden = [c for c in settled if c.index in self.open]
        changed = [(c.start, c.end) for c in (*shown, *hidden)]
        self.open.update(c.index for c in shown)
        self.open.difference_update(c.index for c in hidden)
        if len(shown) + len(hidden) > REBUILD_AFTER:
            clusters = self.comparison.clusters
            self._index = SpanIndex.build(
                s for i in sorted(self.open) for s in self._spans_of(clusters[i])
            )
            return changed
        buckets = self._index.buckets  # this layer's own: nobody else holds it
        for cluster in hidden:
            for span in self._spans_of(cluster):
                for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
                    kept = tuple(s for s in buckets.get(b, ()) if s is not span)
                    if kept:
                        buckets[b] = kept
                    else:
                        buckets.pop(b, None)
        for cluster in shown:
            for span in self._spans_of(cluster):
                for b in range(span.start // BUCKET, (span.end - 1) // BUCKET + 1):
                    buckets[b] = (*buckets.get(b, ()), span)
        return changed

    def spans_overlapping(self, start: int, end: int) -> list[Span]:
        return [*self.gold.spans_overlapping(start, end), *self._index.overlapping(start, end)]
