"""A whole document as visual lines, laid out lazily, with both offset maps.

The document is cut into paragraphs at every UAX #9 paragraph separator (LF, CRLF, CR, U+2029,
U+001C-U+001E, NEL). Construction only wraps (cheap: no bidi, no shaping), which is enough for
an exact ``line_count`` and for ``line_of``; bidi and shaping run only for the paragraphs whose
lines are asked for, and are memoised.

Every character of the text is in exactly one cell: a paragraph's separator is a cell of its
last line. A text ending with a separator has a last, empty paragraph (a line with no cells)
where a cursor can sit at the very end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

from annotator.errors import LayoutError
from annotator.layout.chars import PARAGRAPH_SEPARATOR_RE
from annotator.layout.levels import strong_direction
from annotator.layout.model import DEFAULT_OPTIONS, LayoutOptions, VisualLine
from annotator.layout.paragraph import layout_paragraph
from annotator.layout.wrap import LineRanges, check_width, wrap_paragraph

#: How many paragraphs away ``paragraph_reads_rtl`` looks for one with a strong character.
_NEAREST = 64


def split_paragraphs(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """(start, end) of each paragraph, separator excluded, and the separator ending each."""
    spans: list[tuple[int, int]] = []
    separators: list[str] = []
    start = 0
    for match in PARAGRAPH_SEPARATOR_RE.finditer(text):
        spans.append((start, match.start()))
        separators.append(match.group())
        start = match.end()
    spans.append((start, len(text)))
    separators.append("")
    return spans, separators


def paragraph_reads_rtl(
    texts: Sequence[str],
    paragraph: int,
    laid_out_rtl: bool,
    options: LayoutOptions,
    memo: dict[int, int | None],
) -> bool:
    """Whether arrow keys read paragraph ``paragraph`` of ``texts`` right to left (left is
    forward): as it is laid out (``laid_out_rtl``), except that a paragraph with no strong
    character (a blank line, a date, a row of dashes: left to right by UAX #9's default, P3)
    reads like the nearest paragraph before it that has one, else after it (HL1, as Pango's
    auto-dir). Without this the arrow keys turned back at every blank line between two Arabic
    paragraphs. ``memo`` keeps each paragraph's strong direction."""
    if not options.bidi:
        return False
    if options.direction != "auto":
        return laid_out_rtl
    for other in (
        *range(paragraph, max(paragraph - _NEAREST, -1), -1),
        *range(paragraph + 1, min(paragraph + _NEAREST, len(texts))),
    ):
        if other not in memo:
            memo[other] = strong_direction(texts[other])
        if memo[other] is not None:
            return memo[other] == 1
    return laid_out_rtl


class DocumentLayout:
    """Visual lines of a document at one width; see the module docstring."""

    def __init__(
        self,
        text: str,
        width: int,
        options: LayoutOptions = DEFAULT_OPTIONS,
        breaks: Iterable[int] = (),
    ) -> None:
        check_width(width)
        self.text = text
        self.width = width
        self.options = options
        self.paragraph_spans, self._separators = split_paragraphs(text)
        self._starts = [start for start, _ in self.paragraph_spans]
        self._texts = [text[start:end] for start, end in self.paragraph_spans]
        self._breaks = self._split_breaks(breaks)
        self._ranges = [self._wrap(index) for index in range(len(self._texts))]
        self._strong: dict[int, int | None] = {}
        self._count_lines()

    # -- construction helpers ---------------------------------------------------------------

    def _split_breaks(self, breaks: Iterable[int]) -> list[tuple[int, ...]]:
        """Each break, relative to the paragraph it falls strictly inside (edges cannot split a
        ligature, so they are dropped)."""
        per_paragraph: list[set[int]] = [set() for _ in self._texts]
        for offset in breaks:
            index = bisect_right(self._starts, offset) - 1
            if index < 0:
                continue
            relative = offset - self._starts[index]
            if 0 < relative < len(self._texts[index]):
                per_paragraph[index].add(relative)
        return [tuple(sorted(found)) for found in per_paragraph]

    def _wrap(self, index: int) -> LineRanges:
        return wrap_paragraph(
            self._texts[index],
            self.width,
            self.options.shaping,
            self.options.show_controls,
            self._breaks[index],
            self._separators[index],
        )

    def _count_lines(self) -> None:
        self._first_line = [0, *accumulate(len(ranges) for ranges in self._ranges)]
        self.line_count: int = self._first_line[-1]

    # -- lines ---------------------------------------------------------------------------------

    def line(self, index: int) -> VisualLine:
        """Visual line ``index`` (document offsets); lays out only its paragraph."""
        if not 0 <= index < self.line_count:
            raise LayoutError(f"no line {index} (the document has {self.line_count} lines)")
        paragraph = bisect_right(self._first_line, index) - 1
        return self.paragraph_lines(paragraph)[index - self._first_line[paragraph]]

    def line_range(self, index: int) -> tuple[int, int]:
        """The logical range ``[start, end)`` of visual line ``index``, without laying it out."""
        if not 0 <= index < self.line_count:
            raise LayoutError(f"no line {index} (the document has {self.line_count} lines)")
        paragraph = bisect_right(self._first_line, index) - 1
        start, end = self._ranges[paragraph][index - self._first_line[paragraph]]
        return self._starts[paragraph] + start, self._starts[paragraph] + end

    def lines(self, start: int = 0, stop: int | None = None) -> Iterator[VisualLine]:
        """Lines ``start`` to ``stop`` (exclusive), e.g. the ones on screen."""
        stop = self.line_count if stop is None else min(stop, self.line_count)
        for index in range(max(start, 0), stop):
            yield self.line(index)

    def paragraph_lines(self, paragraph: int) -> tuple[VisualLine, ...]:
        """All visual lines of one paragraph (memoised)."""
        return layout_paragraph(
            self._texts[paragraph],
            self.width,
            self.options,
            frozenset(self._breaks[paragraph]),
            separator=self._separators[paragraph],
            paragraph=paragraph,
            offset=self._starts[paragraph],
        )

    # -- maps ----------------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The visual line holding logical ``offset`` (``len(text)``: the last line). No layout."""
        if not 0 <= offset <= len(self.text):
            raise LayoutError(f"offset {offset} is outside the text (0..{len(self.text)})")
        paragraph = bisect_right(self._starts, offset) - 1
        relative = offset - self._starts[paragraph]
        line_starts = [start for start, _ in self._ranges[paragraph]]
        return self._first_line[paragraph] + bisect_right(line_starts, relative) - 1

    def reads_rtl(self, index: int) -> bool:
        """Whether the cursor reads line ``index`` right to left (left is forward): see
        ``paragraph_reads_rtl``. How lines are drawn does not change."""
        line = self.line(index)
        paragraph = bisect_right(self._first_line, index) - 1
        return paragraph_reads_rtl(self._texts, paragraph, line.rtl, self.options, self._strong)

    def position_of(self, offset: int) -> tuple[int, int]:
        """(line, col) of the cell covering ``offset``; an offset no cell covers (the end of the
        text) sits just past the visual end of its line: left of it in RTL, right in LTR."""
        index = self.line_of(offset)
        line = self.line(index)
        cell = line.cell_of(offset)
        if cell is not None:
            return index, cell.col
        if line.rtl and self.options.bidi:
            return index, max((line.indent if line.cells else self.width) - 1, 0)
        return index, min(line.width, self.width - 1)

    def offset_at(self, line: int, col: int) -> int:
        """Logical offset for a click at (line, col): the start of the cell drawn there, or of
        the nearest visible cell when ``col`` is in the padding."""
        visual = self.line(line)
        cell = visual.cell_at(col)
        if cell is None:
            visible = [cell for cell in visual.cells if cell.width]
            if not visible:
                return visual.cells[0].start if visual.cells else visual.start
            cell = min(visible, key=lambda c: max(c.col - col, col - (c.col + c.width - 1)))
        return cell.start

    # -- changes -------------------------------------------------------------------------------

    def set_breaks(self, breaks: Iterable[int]) -> None:
        """New span boundaries; only paragraphs whose breaks changed are re-wrapped."""
        new = self._split_breaks(breaks)
        for index, (old, now) in enumerate(zip(self._breaks, new, strict=True)):
            if old != now:
                self._breaks[index] = now
                self._ranges[index] = self._wrap(index)
        self._count_lines()

    def with_width(self, width: int) -> DocumentLayout:
        """The same document at another width (resize); shares the paragraph split."""
        check_width(width)
        other = DocumentLayout.__new__(DocumentLayout)
        other.text, other.width, other.options = self.text, width, self.options
        other.paragraph_spans, other._separators = self.paragraph_spans, self._separators
        other._starts, other._texts, other._breaks = self._starts, self._texts, list(self._breaks)
        other._ranges = [other._wrap(index) for index in range(len(other._texts))]
        other._strong = self._strong
        other._count_lines()
        return other

    @property
    def breaks(self) -> list[int]:
        """The span boundaries in force (document offsets) that can split a ligature."""
        return [
            start + offset
            for start, found in zip(self._starts, self._breaks, strict=True)
            for offset in found
        ]
