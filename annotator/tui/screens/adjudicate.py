"""The adjudication screen: the article once, every annotator's spans over it, one conflict at a
time, and the full editing of the annotation app on the gold set.

Gold is the set being edited (an ``EditingSession`` on ``gold/<doc>.yaml``: lock, undo,
autosave, recovery). Decisions (take a version, take one annotator's every choice, reject) are
edits like any other, so ``u`` undoes them; a hand edit inside a conflict settles it as edited
(``Adjudication.after_hand_edit``, applied in ``refine_edit``). The article shows gold's spans
in their label colours and the open conflicts' versions striped over them; the current conflict
stands out. See docs/adjudicate.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import ClassVar, TypeVar

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Vertical
from textual.widget import Widget

from annotator.adjudication import Adjudication, Cluster
from annotator.adjudication.decision_index import DecisionIndex
from annotator.adjudication.layer import ConflictLayer
from annotator.model import AnnotationSet, Span
from annotator.store.session import EditingSession
from annotator.tui import theme
from annotator.tui.keymap import arabic_bindings, key_names, with_arabic_keys
from annotator.tui.screens.editing import SetEditorScreen
from annotator.tui.screens.modals import Choice, ChoiceModal, PickModal
from annotator.tui.visual import plural
from annotator.tui.widgets.article_view import ArticleView, SpanLayer, SpanStyler
from annotator.tui.widgets.conflict_article import ConflictArticleView
from annotator.tui.widgets.conflict_list import ConflictList
from annotator.tui.widgets.span_list import SpanList

CURRENT = Color.parse("#ff8c1a")
W = TypeVar("W", bound=Widget)


@lru_cache(maxsize=1024)
def conflict_style(color: str, current: bool) -> Style:
    """An open conflict's version: its label colour, paler, italic and underlined; the current
    conflict in orange so it cannot be missed."""
    if current:
        background = theme.BACKGROUND.blend(CURRENT, 0.75)
        return Style(
            bgcolor=background.rich_color,
            color=theme.DARK_TEXT.rich_color,
            bold=True,
            underline=True,
        )
    background = theme.BACKGROUND.blend(Color.parse(color), 0.28)
    return Style(
        bgcolor=background.rich_color,
        color=theme.LIGHT_TEXT.rich_color,
        italic=True,
        underline=True,
    )


class AdjudicateScreen(SetEditorScreen):
    DEFAULT_CSS = """
    AdjudicateScreen #side { width: 45%; max-width: 64; min-width: 30; border-left: tall $primary; }
    AdjudicateScreen #side SpanList { width: 100%; max-width: 100%; border-left: none;
        border-top: tall $primary; height: 35%; }
    AdjudicateScreen ConflictList { height: 1fr; }
    """

    LABEL_DIGITS: ClassVar[bool] = False
    ARTICLE_VIEW: ClassVar[type[ArticleView]] = ConflictArticleView

    BINDINGS: ClassVar[list[BindingType]] = arabic_bindings(
        [
            Binding(
                "right_square_bracket",
                "next_conflict(1)",
                "Next open conflict",
                id="adjudicate.next",
            ),
            Binding(
                "left_square_bracket",
                "next_conflict(-1)",
                "Previous open conflict",
                id="adjudicate.previous",
            ),
            Binding(
                "right_curly_bracket",
                "step_conflict(1)",
                "Next conflict, settled too",
                show=False,
                id="adjudicate.next_any",
            ),
            Binding(
                "left_curly_bracket",
                "step_conflict(-1)",
                "Previous conflict, settled too",
                show=False,
                id="adjudicate.previous_any",
            ),
            Binding("x", "reject", "Reject the conflict", id="adjudicate.reject"),
            Binding("A", "take_all", "Take all of one annotator", id="adjudicate.take_all"),
        ]
    )

    def __init__(
        self, session: EditingSession, adjudication: Adjudication, *, snap: bool = True
    ) -> None:
        self.adjudication = adjudication
        self.comparison = adjudication.comparison
        self.conflicts = self.comparison.conflicts
        self._position = {c.index: i for i, c in enumerate(self.conflicts)}
        self.current: Cluster | None = None
        #: Open conflicts and decisions of the gold set shown, followed edit by edit.
        self.decision_index = DecisionIndex(self.conflicts)
        self.decision_index.update(session.current)
        clusters = self.comparison.clusters
        self.conflict_layer = ConflictLayer(
            self.comparison,
            session.current,
            [clusters[i] for i in self.decision_index.open_indices()],
        )
        self._widgets: dict[type[Widget], Widget] = {}
        super().__init__(session, snap=snap)
        for number, name in enumerate(self.comparison.annotators[:9], 1):
            self._bindings.bind(
                with_arabic_keys(str(number)),
                f"take({number})",
                f"Take {name}'s version",
                show=number <= 3,
            )

    # -- hooks ---------------------------------------------------------------------------------

    def title_text(self) -> str:
        doc = self.aset.document
        who = ", ".join(f"{n} {name}" for n, name in enumerate(self.comparison.annotators, 1))
        return (
            f"{self.session.project.config.name} · {doc.id} · adjudicator {self.aset.annotator} · "
            f"comparing {who}"
        )

    def side_panels(self) -> ComposeResult:
        options = self.app.layout_options  # type: ignore[attr-defined]
        with Vertical(id="side"):
            yield ConflictList(
                self.conflicts,
                self.comparison.annotators,
                self.comparison.document.text,
                self.label_colors,
                options=options,
                id="conflicts",
            )
            spans = SpanList(self.aset, self.label_colors, options=options, id="spans")
            spans.add_class("hidden")  # gold's spans, shown with p/F2: the conflicts come first
            yield spans

    def span_layer(self) -> SpanLayer:
        return self.conflict_layer

    def span_styler(self) -> SpanStyler:
        return self._style

    def refine_edit(self, before: AnnotationSet, after: AnnotationSet) -> AnnotationSet:
        return self.adjudication.after_hand_edit(before, after)

    def status_text(self) -> str:
        total = len(self.conflicts)
        open_count = len(self.conflict_layer.open)
        return (
            f"{self.aset.status.replace('_', ' ')} · {open_count} of "
            f"{plural(total, 'conflict')} open"
        )

    def help_intro(self) -> str:
        return (
            "] and [ go to the next and previous open conflict; 1-9 take that annotator's version, "
            "x rejects them all, A takes one annotator's choice for every open conflict. Any edit "
            "of the gold spans (tag, trim, delete, attributes, links) settles the conflict it "
            "touches. u undoes anything. With an Arabic keyboard layout the keys work as marked "
            "(د and ج for ] and [, ١–٩ for 1–9, ء for x, ◌ِ for A)."
        )

    # The widgets are looked up several times on every key, and each DOM query walks the tree;
    # they never change once composed, so each is looked up once.

    def _widget(self, kind: type[W]) -> W:
        found = self._widgets.get(kind)
        if not isinstance(found, kind) or not found.is_attached:
            found = self.query_one(kind)
            self._widgets[kind] = found
        return found

    @property
    def conflict_list(self) -> ConflictList:
        return self._widget(ConflictList)

    @property
    def article(self) -> ArticleView:
        return self._widget(ArticleView)

    @property
    def spans_panel(self) -> SpanList:
        return self._widget(SpanList)

    def _show_details(self, span: Span | None) -> None:
        """This screen has no span details panel (the conflict list takes its place): nothing
        to show, and no query of the whole screen for one on every cursor move."""

    # -- drawing -------------------------------------------------------------------------------

    def _style(self, span: Span, depth: int, current: bool) -> Style:
        color = self.label_colors.get(span.label, "#888888")
        cluster = self.conflict_layer.cluster_of(span)
        if cluster is not None:
            return conflict_style(color, cluster is self.current)
        style = theme.span_style(color, depth, span.imported, current)
        here = self.current
        if here is not None and here.overlaps(span.start, span.end) and span.label in here.labels:
            style = style + Style(
                underline=True, bold=True
            )  # gold's answer to the current conflict
        return style

    def on_mount(self) -> None:
        # SetEditorScreen.on_mount runs after this one (Textual calls both).
        article = self.article
        if isinstance(article, ConflictArticleView):
            article.jump_targets = self._jump_targets
        self._show_decisions()
        first = self.adjudication.open_conflicts(self.aset)
        target = first[0] if first else (self.conflicts[0] if self.conflicts else None)
        if target is not None:
            self.go_to(target)
        self.update_status()

    def _breaks(self) -> list[int]:
        """Gold's span boundaries and every conflict version's (lam-alef is split at them)."""
        shown = [b for c in self.conflicts for k in c.keys for b in k[:2]]
        return [*super()._breaks(), *shown]

    def _show_decisions(self) -> None:
        index = self.decision_index
        self.conflict_list.set_decisions(index.decisions(), index.done)

    def _after_edit(
        self, changed: list[tuple[int, int]] | None, before: AnnotationSet | None = None
    ) -> None:
        # Only the conflicts whose decision changed are looked at, shown and repainted.
        index = self.decision_index
        touched = index.update(self.aset)
        opened = [c for c in touched if index.is_open(c)]
        settled = [c for c in touched if not index.is_open(c)]
        moved = self.conflict_layer.update(self.aset, opened, settled)
        if changed is not None:
            changed = [*changed, *moved]
        self.conflict_list.update_decisions(
            {c.index: index.decision(c) for c in touched}, index.done
        )
        super()._after_edit(changed, before)
        self._expect_jumps()  # the open conflicts changed

    # -- navigation ------------------------------------------------------------------------------

    def go_to(self, cluster: Cluster, *, move_cursor: bool = True) -> None:
        """Make ``cluster`` the current conflict: highlight it, show it in the list and, unless
        the cursor is already in it, put the cursor at its start."""
        old = self.current
        self.current = cluster
        article = self.article
        for c in (old, cluster):
            if c is not None:
                article.invalidate_range(c.start, c.end)
        self.conflict_list.show(cluster)
        if move_cursor and not cluster.start <= article.cursor < cluster.end:
            visible = self._on_screen(cluster)
            article.move_to(cluster.start)
            if not visible:  # one jump that brings the next conflicts on screen too
                article.scroll_to_offset(cluster.start, center=True)
        self.update_status()
        self._expect_jumps()

    def _jump_targets(self) -> list[int]:
        """Where the next and previous open conflict keys would take the article."""
        return [c.start for c in (self._open_after(1), self._open_after(-1)) if c is not None]

    def _expect_jumps(self) -> None:
        article = self.article
        if isinstance(article, ConflictArticleView):
            article.expect_jumps()

    def _on_screen(self, cluster: Cluster) -> bool:
        """Are all the conflict's lines in view? (Scrolling repaints the whole article, so the
        view moves only when it must.)"""
        article = self.article
        layout = article.doc_layout
        if layout is None:
            return True
        top = round(article.scroll_offset.y)
        height = article.scrollable_content_region.height
        first = layout.line_of(cluster.start)
        last = layout.line_of(max(cluster.start, cluster.end - 1))
        return top <= first and last < top + height

    def _open_after(self, direction: int) -> Cluster | None:
        here = self.current.index if self.current is not None else -1
        found = self.decision_index.open_after(here, direction)
        return self.comparison.clusters[found] if found is not None else None

    def action_next_conflict(self, direction: int) -> None:
        target = self._open_after(direction)
        if target is None:
            self.notify(
                "No open conflicts: every conflict is settled."
                + (" Ctrl+D marks the document done." if self.aset.status != "done" else "")
            )
            return
        self.go_to(target)

    def action_step_conflict(self, direction: int) -> None:
        if not self.conflicts:
            self.notify("No conflicts: every annotator agrees.")
            return
        position = self._position.get(self.current.index, -1) if self.current else -1
        self.go_to(self.conflicts[(position + direction) % len(self.conflicts)])

    def _cursor_moved(self, article: ArticleView) -> None:
        super()._cursor_moved(article)
        here = self.comparison.conflicts_overlapping(article.cursor, article.cursor + 1)
        if not here or any(c is self.current for c in here):
            return
        open_here = [c for c in here if c.index in self.conflict_layer.open]
        self.go_to((open_here or here)[-1], move_cursor=False)

    def on_conflict_list_highlighted(self, event: ConflictList.Highlighted) -> None:
        self.go_to(event.cluster)

    def on_conflict_list_chosen(self, event: ConflictList.Chosen) -> None:
        self.go_to(event.cluster)
        self.article.focus()

    # -- decisions -------------------------------------------------------------------------------

    def _decide(
        self, description: str, fn: Callable[[AnnotationSet], AnnotationSet], cluster: Cluster
    ) -> bool:
        if not self.edit(description, fn, [(cluster.start, cluster.end)], refine=False):
            return False
        nxt = self._open_after(1)
        if nxt is not None:
            self.go_to(nxt)
        else:
            self.notify("Every conflict is settled. Ctrl+D marks the document done.")
        return True

    def action_take(self, number: int) -> None:
        names = self.comparison.annotators
        cluster = self.current
        if cluster is None:
            self.notify("No conflict here: every annotator agrees.")
            return
        if not 1 <= number <= len(names):
            self.notify(f"{plural(len(names), 'annotator')} here: keys 1-{len(names)}.")
            return
        name = names[number - 1]
        label = "/".join(cluster.labels)
        self._decide(
            f"took {name}'s version of {label} {cluster.start}-{cluster.end}",
            lambda gold: self.adjudication.take(gold, cluster, name),
            cluster,
        )

    def action_reject(self) -> None:
        cluster = self.current
        if cluster is None:
            self.notify("No conflict here: every annotator agrees.")
            return
        label = "/".join(cluster.labels)
        self._decide(
            f"rejected {label} {cluster.start}-{cluster.end}",
            lambda gold: self.adjudication.reject(gold, cluster),
            cluster,
        )

    def action_take_all(self) -> None:
        open_count = len(self.adjudication.open_conflicts(self.aset))
        if not open_count:
            self.notify("No open conflicts to take.")
            return
        choices = [
            Choice(name, f"{key_names(str(n))}  {name}", str(n))  # 1 (or ١) picks
            for n, name in enumerate(self.comparison.annotators, 1)
        ]

        def done(name: str | None) -> None:
            if name is None:
                return
            taken = [0]

            def take_all(gold: AnnotationSet) -> AnnotationSet:
                gold, taken[0] = self.adjudication.take_all(gold, name)
                return gold

            if self.edit(
                f"took {name}'s version of every open conflict", take_all, None, refine=False
            ):
                self.notify(
                    f"Took {name}'s version of {plural(taken[0], 'conflict')} (u undoes it)."
                )

        self.app.push_screen(
            PickModal(f"Take whose version of the {open_count} open conflicts?", choices), done
        )

    def action_toggle_done(self) -> None:
        open_count = len(self.adjudication.open_conflicts(self.aset))
        if self.aset.status == "done" or not open_count:
            super().action_toggle_done()
            return

        def answer(choice: str | None) -> None:
            if choice == "done":
                super(AdjudicateScreen, self).action_toggle_done()

        self.app.push_screen(
            ChoiceModal(
                "Mark done with open conflicts?",
                f"{open_count} conflicts are still open. Marking the document done settles them "
                "as they stand in gold (spans gold has no decision for stay out).",
                [("done", "Mark done"), ("cancel", "Keep working")],
            ),
            answer,
        )
