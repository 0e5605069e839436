"""The adjudication screen's article: it also draws ahead the page the next conflict key shows.

Going to a conflict that is off screen scrolls the article so that the conflict is centred
(``ArticleView.scroll_to_offset(center=True)``): a page of lines that the pages above and
below, which the article draws ahead anyway, rarely hold. Laying out and drawing them in the
key's frame cost 2-4 ms on the adjudication benchmark, on about one decision in five. So the
screen says where its next and previous conflict keys would go (``jump_targets``), and those
pages are drawn between keys, before the pages above and below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from annotator.tui.widgets.article_view import ArticleView


class ConflictArticleView(ArticleView):
    """An ArticleView that draws ahead the centred pages of the offsets ``jump_targets``
    gives (the screen's next and previous open conflicts)."""

    #: Offsets the next keys are likely to centre the view on, most likely first (set by the
    #: screen once mounted).
    jump_targets: Callable[[], Sequence[int]] | None = None

    def expect_jumps(self) -> None:
        """The targets changed (the current conflict moved): draw their pages ahead."""
        self._schedule_prefetch()

    def _centred_page(self, offset: int, top: int, height: int) -> range:
        """The lines on screen once ``offset`` is centred, if its line is not on screen."""
        layout = self.doc_layout
        if layout is None:
            return range(0)
        line = layout.line_of(max(0, min(offset, len(self.text))))
        if top <= line < top + height:
            return range(0)
        # As scroll_to_offset(center=True) scrolls, within the scroll range.
        first = max(0, min(line - height // 2, layout.line_count - height))
        return range(first, min(layout.line_count, first + height))

    def lines_ahead(self) -> Iterable[int]:
        default = super().lines_ahead()
        if self.jump_targets is None or self.doc_layout is None:
            return default
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        pages = [line for t in self.jump_targets() for line in self._centred_page(t, top, height)]
        return (*pages, *default)
