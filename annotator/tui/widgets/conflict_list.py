"""The conflict panel: every conflict in reading order, each with who said what.

A conflict takes a heading row (its number, what kind of disagreement, its labels, and how it
was settled) and one row per distinct version, numbered by annotator: the number is the key
that takes that version. Span text is drawn through the layout engine (``visual.one_line``).
A Line API list, so thousands of conflicts cost nothing until their rows are on screen.

Deciding a conflict repaints only the rows of the conflicts it changed. Rows are cached by what
they show; when the list scrolls a screenful of rows it has never drawn, drawing their Arabic
text in the key's frame would cost tens of milliseconds, so the rows just above and below the
window are drawn into the cache between keys: the list is an ``AheadView``, like the article
and the span list, and shares their drawing ahead in slices after the key's frame and whatever
else makes their scrolling cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from annotator.adjudication import Cluster, Version
from annotator.layout import DEFAULT_OPTIONS, LayoutOptions
from annotator.model import Decision
from annotator.tui import theme
from annotator.tui.visual import one_line, pad
from annotator.tui.widgets.ahead_view import AheadView

MARKS = {"open": "●", "take": "✓", "reject": "✗", "edit": "✎", "done": "·"}


@dataclass(frozen=True, slots=True)
class _Styles:
    """The list's styles, looked up once per repaint (each lookup walks the widget's ancestors)."""

    base: Style
    cursor: Style
    dim: Style
    open: Style
    taken: Style


@dataclass(frozen=True, slots=True)
class _Row:
    cluster: Cluster
    number: int  # 1-based position among conflicts
    group: int  # -1 for the heading, else the version group shown


class ConflictList(AheadView, can_focus=True, inherit_bindings=False):
    DEFAULT_CSS = """
    ConflictList {
        background: $panel;
        color: $foreground;
    }
    ConflictList > .conflict-list--cursor { background: $accent 40%; }
    ConflictList > .conflict-list--dim { color: $text-muted; }
    ConflictList > .conflict-list--open { color: $warning; text-style: bold; }
    ConflictList > .conflict-list--taken { color: $success; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conflict-list--cursor",
        "conflict-list--dim",
        "conflict-list--open",
        "conflict-list--taken",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous conflict", show=False, id="conflicts.up"),
        Binding("down", "move(1)", "Next conflict", show=False, id="conflicts.down"),
        Binding("pageup", "move(-10)", "Ten conflicts up", show=False),
        Binding("pagedown", "move(10)", "Ten conflicts down", show=False),
        Binding("home", "edge(0)", "First conflict", show=False),
        Binding("end", "edge(1)", "Last conflict", show=False),
        Binding("enter", "choose", "Go to the conflict in the article", id="conflicts.jump"),
    ]

    class Highlighted(Message):
        """The list's cursor moved to another conflict."""

        def __init__(self, cluster: Cluster) -> None:
            super().__init__()
            self.cluster = cluster

    class Chosen(Message):
        """Enter (or a double click) on a conflict: the article takes the focus there."""

        def __init__(self, cluster: Cluster) -> None:
            super().__init__()
            self.cluster = cluster

    def __init__(
        self,
        conflicts: Sequence[Cluster],
        annotators: Sequence[str],
        text: str,
        colors: dict[str, str],
        *,
        options: LayoutOptions = DEFAULT_OPTIONS,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.conflicts = list(conflicts)
        self.annotators = list(annotators)
        self.text = text
        self.label_colors = colors
        self.layout_options = options
        self.decisions: dict[int, Decision] = {}
        self.done = False
        self.current = 0  # index into conflicts
        self._rows: list[_Row] = []
        self._heading_row: list[int] = []
        self._groups = {c.index: c.groups() for c in self.conflicts}
        for number, cluster in enumerate(self.conflicts, 1):
            self._heading_row.append(len(self._rows))
            self._rows.append(_Row(cluster, number, -1))
            for g in range(len(self._groups[cluster.index])):
                self._rows.append(_Row(cluster, number, g))
        self._position = {c.index: i for i, c in enumerate(self.conflicts)}
        #: Drawn rows by what they show (bounded: a long session visits every row in several
        #: states; the window and the rows drawn ahead are far fewer).
        self._cache: LRUCache[tuple[int, int, int, bool, Decision | None, bool], Strip] = LRUCache(
            1024
        )
        self._texts: dict[tuple[int, int, int], str] = {}
        self._styles: _Styles | None = None
        self._drawn_with: _Styles | None = None  # the styles of the rows in _cache

    # -- state from the screen ------------------------------------------------------------------

    @property
    def highlighted(self) -> Cluster | None:
        return self.conflicts[self.current] if self.conflicts else None

    def set_decisions(self, decisions: dict[int, Decision], done: bool) -> None:
        """Decisions by cluster index, and whether gold is marked done."""
        old = self.decisions
        changed = [i for i in old.keys() | decisions.keys() if old.get(i) != decisions.get(i)]
        self.decisions = decisions
        if done != self.done:
            self.done = done
            self.refresh()
            return
        for index in changed:
            if index in self._position:
                self._refresh_conflict(self._position[index])

    def update_decisions(self, changes: Mapping[int, Decision | None], done: bool) -> None:
        """Decisions (None: none any more) of the conflicts an edit changed, by cluster index,
        and whether gold is marked done: repaints only those conflicts' rows."""
        if done != self.done:
            decisions = dict(self.decisions)
            for index, decision in changes.items():
                if decision is None:
                    decisions.pop(index, None)
                else:
                    decisions[index] = decision
            self.set_decisions(decisions, done)
            return
        for index, decision in changes.items():
            if self.decisions.get(index) == decision:
                continue
            if decision is None:
                del self.decisions[index]
            else:
                self.decisions[index] = decision
            if index in self._position:
                self._refresh_conflict(self._position[index])

    def set_options(self, options: LayoutOptions) -> None:
        """Draw span text with other layout options (harakat, invisible characters)."""
        self.layout_options = options
        self._cache.clear()
        self._texts.clear()
        self.refresh()

    def show(self, cluster: Cluster | None) -> None:
        """Highlight ``cluster`` (the screen's current conflict) without taking focus."""
        if cluster is None or cluster.index not in self._position:
            return
        position = self._position[cluster.index]
        if position != self.current:
            old, self.current = self.current, position
            self._refresh_conflict(old)
            self._refresh_conflict(position)
            self._schedule_prefetch()  # the next open conflict is another one now
        self._scroll_to_current()

    def _rows_of(self, position: int) -> tuple[int, int]:
        """First row and number of rows of the conflict at ``position``."""
        first = self._heading_row[position]
        return first, 1 + len(self._groups[self.conflicts[position].index])

    def _refresh_conflict(self, position: int) -> None:
        """Repaint one conflict's rows if they are on screen (not the whole list: a key press
        changes one or two conflicts)."""
        if not 0 <= position < len(self.conflicts):
            return
        first, count = self._rows_of(position)
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        lo, hi = max(first, top), min(first + count - 1, top + height - 1)
        if lo <= hi:
            width = self.scrollable_content_region.width
            self.refresh(Region(0, lo - top, width, hi - lo + 1))  # content-relative

    # -- drawing ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, max(len(self._rows), 1))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, max(len(self._rows), 1))
        self._schedule_prefetch()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # looked up again at the next repaint

    def _looked_up_styles(self) -> _Styles:
        return _Styles(
            base=self.rich_style,
            cursor=self.get_component_rich_style("conflict-list--cursor", partial=True),
            dim=self.get_component_rich_style("conflict-list--dim", partial=True),
            open=self.get_component_rich_style("conflict-list--open", partial=True),
            taken=self.get_component_rich_style("conflict-list--taken", partial=True),
        )

    def _row_styles(self) -> _Styles:
        """The styles rows are drawn with. Textual forgets a widget's component styles on every
        refresh, and looking them up walks the ancestors: they are kept here until the CSS
        that makes them changes (theme, classes), and the cached rows go when they differ."""
        if self._styles is None:
            styles = self._looked_up_styles()
            if styles != self._drawn_with:
                self._cache.clear()
                self._drawn_with = styles
            self._styles = styles
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        if not self._rows:
            if y == 0:
                dim = self.get_component_rich_style("conflict-list--dim")
                return Strip(
                    [Segment(pad(" no conflicts: every annotator agrees", width), dim)], width
                )
            return Strip.blank(width, self._row_styles().base)
        if index >= len(self._rows):
            return Strip.blank(width, self._row_styles().base)
        return self._row_strip(index, width)

    def _row_strip(self, index: int, width: int, selected: bool | None = None) -> Strip:
        """Row ``index`` drawn, from the cache when it shows the same as before; ``selected``
        draws it highlighted or not whatever the cursor is on (drawing ahead)."""
        self._row_styles()  # first: it empties the cache when the styles changed
        row = self._rows[index]
        if selected is None:
            selected = self._position[row.cluster.index] == self.current
        decision = self.decisions.get(row.cluster.index)
        key = (row.cluster.index, row.group, width, selected, decision, self.done)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, selected, decision)
            self._cache.set(key, strip)
        return strip

    def _render_row(
        self, row: _Row, width: int, selected: bool, decision: Decision | None
    ) -> Strip:
        look = self._row_styles()
        base = look.base
        if selected:
            base = base + look.cursor
        dim = look.dim
        settled = decision is not None or self.done
        segments = (
            self._heading(row, base, dim, decision)
            if row.group < 0
            else self._version_row(row, width, base, dim if settled else Style(), decision)
        )
        strip = Strip(Segment.simplify(segments)).extend_cell_length(width, base)
        return strip.crop(0, width)

    def _heading(
        self, row: _Row, base: Style, dim: Style, decision: Decision | None
    ) -> list[Segment]:
        cluster = row.cluster
        if decision is not None:
            mark, state = MARKS[decision.action], decision.describe()
            mark_style = self._row_styles().taken
        elif self.done:
            mark, state, mark_style = MARKS["done"], "done", dim
        else:
            mark, state = MARKS["open"], "open"
            mark_style = self._row_styles().open
        segments = [
            Segment(f" {mark} ", base + mark_style),
            Segment(f"{row.number:>3} ", base + Style(bold=True)),
        ]
        for label in cluster.labels:
            badge = theme.label_badge(self.label_colors.get(label, "#888888"))
            segments.append(Segment(f" {label} ", badge))
            segments.append(Segment(" ", base))
        segments.append(Segment(cluster.describe_kinds(), base + (dim if decision else Style())))
        segments.append(Segment(f"  {cluster.start}-{cluster.end}  {state}", base + dim))
        return segments

    def _version_row(
        self, row: _Row, width: int, base: Style, dim: Style, decision: Decision | None
    ) -> list[Segment]:
        names, version = self._groups[row.cluster.index][row.group]
        numbers = ",".join(str(self.annotators.index(n) + 1) for n in names)
        chosen = decision is not None and decision.action == "take" and decision.annotator in names
        marker = "▶" if chosen else " "
        who = f"   {marker}{numbers:>3} {', '.join(names)}  "
        room = max(width - len(who), 8)
        text_key = (row.cluster.index, row.group, room)
        content = self._texts.get(text_key)
        if content is None:  # drawing Arabic is the costly part: keep it across highlights
            content = self._texts[text_key] = self._version_text(row.cluster, version, room)
        style = base + (Style(bold=True) if chosen else dim)
        return [Segment(who, base + Style(bold=True)), Segment(content, style)]

    def _version_text(self, cluster: Cluster, version: Version, room: int) -> str:
        if not version:
            return "(nothing here)"
        parts = []
        share = max(room // len(version) - 3, 6)
        for vs in version:
            span = vs.span
            extras = []
            if "label" in cluster.kinds or len(cluster.labels) > 1:
                extras.append(span.label)
            if "attribute" in cluster.kinds or "label" in cluster.kinds:
                # free-text values may be Arabic: drawn through the layout engine too
                extras.extend(
                    one_line(v, share, self.layout_options) for v in span.attributes.values()
                )
            if "relation" in cluster.kinds:
                # the sources are what differs: they get most of the room, the claim the rest
                each = max(12, (share * 2 // 3) // max(len(vs.links), 1))
                targets = [
                    one_line(self.text[t[0] : t[1]], each, self.layout_options) for _, t in vs.links
                ]
                extras.append("→ " + ("، ".join(targets) if targets else "no source"))
            extra = f" [{' '.join(extras)}]" if extras else ""
            text_room = max(share - len(extra), 6)
            drawn = one_line(self.text[span.start : span.end], text_room, self.layout_options)
            parts.append(drawn + extra)
        return " + ".join(parts)

    # -- drawing ahead (AheadView) -------------------------------------------------------------

    def _next_open(self) -> int | None:
        """The position of the first undecided conflict after the current one: where take,
        reject and next conflict move the cursor."""
        if self.done:
            return None
        decisions, conflicts = self.decisions, self.conflicts
        for position in range(self.current + 1, len(conflicts)):
            if conflicts[position].index not in decisions:
                return position
        return None

    def lines_ahead(self) -> Iterable[int]:
        """The rows of the next open conflict, then the screenfuls of rows below and above
        the window (below first: deciding moves down the list)."""
        if not self._rows:
            return ()
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        below = range(top + height, min(len(self._rows), top + 2 * height))
        above = range(max(0, top - height), top)
        following = self._next_open()
        if following is None:
            return (*below, *reversed(above))
        first, count = self._rows_of(following)
        return (*range(first, first + count), *below, *reversed(above))

    def draw_ahead(self, index: int) -> Strip | None:
        """Row ``index`` as it looks now; a row of the next open conflict also highlighted,
        as the key that moves there will show it."""
        width = self.scrollable_content_region.width
        if index >= len(self._rows) or width <= 0:
            return None
        strip = self._row_strip(index, width)
        following = self._next_open()
        if following is not None and self._position[self._rows[index].cluster.index] == following:
            self._row_strip(index, width, selected=True)
        return strip

    # -- actions -----------------------------------------------------------------------------

    def _scroll_to_current(self) -> None:
        if not self.conflicts:
            return
        top_row, count = self._rows_of(self.current)
        last_row = top_row + count - 1
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        if top_row < top or last_row >= top + height:
            # Scrolling repaints the whole list: jump so the current conflict is a third of the
            # way down and the next ones are already in view, rather than creep a row at a time.
            self.scroll_to(y=max(0, top_row - height // 3), animate=False)

    def _set_current(self, position: int) -> None:
        if not self.conflicts:
            return
        old, self.current = self.current, max(0, min(position, len(self.conflicts) - 1))
        self._refresh_conflict(old)
        self._refresh_conflict(self.current)
        self._schedule_prefetch()
        self._scroll_to_current()
        self.post_message(self.Highlighted(self.conflicts[self.current]))

    def action_move(self, delta: int) -> None:
        self._set_current(self.current + delta)

    def action_edge(self, end: int) -> None:
        self._set_current(len(self.conflicts) - 1 if end else 0)

    def action_choose(self) -> None:
        cluster = self.highlighted
        if cluster is not None:
            self.post_message(self.Chosen(cluster))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return
        index = round(self.scroll_offset.y) + offset.y
        if index < len(self._rows):
            self._set_current(self._position[self._rows[index].cluster.index])
            if event.chain >= 2:
                self.action_choose()
