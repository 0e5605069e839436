"""The corpus screen: every document with this annotator's status and counts; pick one to open.

The figures come from the summary index (annotator/store/summary_index.py), read in a thread:
with a warm index the first rows appear with their counts at once, whatever the corpus size;
a cold one fills as it is built, with its progress shown. The table is virtual
(widgets/document_table.py): only rows on screen are built, so a filter keystroke over 10,000
ids only replaces the list of keys.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from annotator.store.project import GOLD_NAME, Project
from annotator.store.stats import summarize_set
from annotator.store.summary_index import ProjectSummaries, SetSummary, load_index
from annotator.suggest.review import recommenders, uncertainty_order
from annotator.team.assignments import Assignments
from annotator.team.queue import has_queue, people_columns, queue_order
from annotator.text.arabic import fold_text
from annotator.text.id_filter import IdFilter
from annotator.tui import collector, theme
from annotator.tui.keymap import arabic_bindings
from annotator.tui.screens.help import HelpScreen, binding_rows
from annotator.tui.visual import plural
from annotator.tui.widgets.document_table import Cell, Column, DocumentTable
from annotator.tui.widgets.hint_line import HintLine
from annotator.tui.widgets.layout_input import LayoutInput

T = TypeVar("T")

STATUS_STYLES = {
    "done": Style(color="green"),
    "in_progress": Style(color="yellow"),
    "error": Style(color="red", bold=True),
}
#: Seconds between progress updates while a cold index is built.
PROGRESS_EVERY = 0.2


class ThreadProgress:
    """Shows the index build's progress on the screen from the worker thread."""

    def __init__(self, screen: CorpusScreen, total: int) -> None:
        self.screen, self.total, self.done, self.shown = screen, total, 0, 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.shown >= PROGRESS_EVERY:
            self.shown = now
            message = f"reading summaries {self.done}/{self.total} files…"
            self.screen.from_worker(self.screen.show_progress, message)


class CorpusScreen(Screen[None]):
    DEFAULT_CSS = """
    CorpusScreen #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    CorpusScreen #progress { height: 1; padding: 0 1; color: $text-muted; }
    CorpusScreen #filter { margin: 0 1; }
    CorpusScreen DocumentTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = arabic_bindings(
        [
            Binding("slash", "filter", "Filter", id="corpus.filter"),
            Binding("escape", "clear_filter", "Clear filter", show=False),
            Binding(
                "a", "toggle_all", "All documents / my queue", show=False, id="corpus.toggle_all"
            ),
            Binding("question_mark,f1", "help", "Help", id="corpus.help"),
            Binding(
                "ctrl+c,super+c",
                "copy_id",
                "Copy the document's id",
                show=False,
                id="corpus.copy",
            ),
            Binding(
                "C",
                "sort_by_confidence",
                "Least confident first",
                show=False,
                id="corpus.uncertainty",
            ),
        ]
    )

    def __init__(
        self, project: Project, annotator: str, assignments: Assignments | None = None
    ) -> None:
        super().__init__()
        self.project = project
        self.annotator = annotator
        self.labels = list(project.schema.label_names)
        self.doc_ids: list[str] = []
        self.summaries: dict[str, SetSummary] = {}
        self.gold: dict[str, SetSummary] = {}
        self.loaded = False
        self.assignments = assignments or Assignments()
        #: Status of every annotator's set, for the "done by" column: (annotator, doc) -> status.
        self.team_status: dict[tuple[str, str], str] = {}
        #: False: only this annotator's queue (when they have one); True: every document.
        self.show_all = not has_queue(annotator, self.assignments)
        #: The documents listed before filtering, in order (the queue, or all of them).
        self.visible_ids: list[str] = []
        #: The filter over ``visible_ids`` (keeps its recent answers while the list stays).
        self.id_filter = IdFilter([], fold=fold_text)
        #: Document order when sorted by a recommender's confidence (None: by id).
        self.order: list[str] | None = None
        #: Whether this screen's summaries are set aside from the collector (collector.hold).
        self._holding = False

    # -- layout --------------------------------------------------------------------------------

    def title_text(self) -> str:
        count = plural(len(self.doc_ids), "document") if self.loaded else "documents"
        return f"{self.project.config.name} · {count} · annotator {self.annotator}"

    def columns(self) -> list[Column]:
        columns = [Column("document", "document", 28), Column("status", "status", 11)]
        for label in self.labels:
            color = self.project.schema.labels[label].color
            width = max(len(label), 5)
            columns.append(Column(label, label, width, True, theme.label_badge(color)))
        columns += [
            Column("relations", "relations", 9, True),
            Column("gold", "gold", 4),
            Column("updated", "last change", 20),
        ]
        if self.assignments.documents:
            columns += [Column("assigned", "assigned", 16), Column("done_by", "done by", 16)]
        return columns

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="title")
        yield HintLine("reading summaries…", id="progress")
        yield LayoutInput(
            placeholder="filter documents by id (/ to focus, Esc to clear)", id="filter"
        )
        yield DocumentTable(self.columns(), self.cells, id="documents")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_documents()
        self.query_one(DocumentTable).focus()
        collector.collect_in_pauses(self)

    # -- data ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="summaries", description="read document summaries")
    def refresh_documents(self, only: str | None = None) -> None:
        """Read the summaries (all of them from the index, or one document's file after it
        was edited) and redraw. In a thread: a cold index on a large corpus must not hold
        the app."""
        if only is not None and self.loaded:
            mine = summarize_set(self.project, self.annotator, only)
            gold = summarize_set(self.project, GOLD_NAME, only)
            self.from_worker(self._update_one, only, mine, gold)
            return
        index = load_index(self.project, progress=lambda total: ThreadProgress(self, total))
        self.from_worker(self._apply_index, index)

    def from_worker(self, update: Callable[..., T], *args: Any) -> T | None:
        """Run ``update`` on the app's thread, for a worker thread; a result that arrives after
        the screen has gone (the app quit, or the screen was closed) is dropped."""
        return self.app.call_from_thread(self._if_shown, update, *args)

    def _if_shown(self, update: Callable[..., T], *args: Any) -> T | None:
        if not self.query("#documents"):
            return None
        return update(*args)

    def show_progress(self, message: str) -> None:
        self.query_one("#progress", HintLine).update(message)

    def _apply_index(self, index: ProjectSummaries) -> None:
        self.doc_ids = index.document_ids
        self.summaries = {
            d: s for d, s in index.of_source(self.annotator).items() if d in index.texts
        }
        self.gold = index.of_source(GOLD_NAME)
        self.team_status = {key: s.status for key, s in index.sets.items() if key[0] != GOLD_NAME}
        self.loaded = True
        self.query_one("#title", Static).update(self.title_text())
        table = self.query_one(DocumentTable)
        self._list_documents()
        table.refresh_rows()
        self._show_totals()
        self.call_after_refresh(self._hold_summaries)

    def _hold_summaries(self) -> None:
        """After the first paint, set every summary aside from the collector: without this
        each full collection, which typing triggers every few dozen keys, walks them all
        again (50 ms and more on 10,000 documents). See tui/collector.py."""
        if not self._holding and self.is_attached:
            self._holding = True
            collector.hold()

    def on_unmount(self) -> None:
        if self._holding:
            collector.let_go()  # the summaries go with the screen

    def _update_one(self, doc_id: str, mine: SetSummary | None, gold: SetSummary | None) -> None:
        for store, summary in ((self.summaries, mine), (self.gold, gold)):
            if summary is None:
                store.pop(doc_id, None)
            else:
                store[doc_id] = summary
        if mine is None:
            self.team_status.pop((self.annotator, doc_id), None)
        else:
            self.team_status[(self.annotator, doc_id)] = mine.status
        self.query_one(DocumentTable).refresh_rows([doc_id])
        self._show_totals()

    def _show_totals(self) -> None:
        listed = set(self.visible_ids)
        done = sum(1 for d, s in self.summaries.items() if s.status == "done" and d in listed)
        which = "documents" if self.show_all else f"documents in {self.annotator}'s queue"
        toggle = "" if self.show_all else " · a all documents"
        if self.show_all and has_queue(self.annotator, self.assignments):
            toggle = " · a my queue"
        self.show_progress(
            f"done {done} / {len(self.visible_ids)} {which} · Enter opens · / filters"
            f"{toggle} · ? help"
        )

    def cells(self, doc_id: str) -> list[Cell]:
        """One row of the table, built when it is drawn."""
        if not self.loaded:
            return [(doc_id, None), ("…", None)]
        summary = self.summaries.get(doc_id)
        status = "new" if summary is None else summary.status
        counts = summary.counts if summary else {}
        gold = self.gold.get(doc_id)
        return [
            (doc_id, None),
            (status.replace("_", " "), STATUS_STYLES.get(status)),
            *[(str(counts.get(label, 0)), None) for label in self.labels],
            (str(summary.relations if summary else 0), None),
            ("✓" if gold is not None else "", None),
            ((summary.updated or "") if summary else "", None),
            *[(cell, None) for cell in self._people(doc_id)],
        ]

    def _people(self, doc_id: str) -> list[str]:
        """The "assigned" and "done by" cells, when the project has assignments."""
        if not self.assignments.documents:
            return []
        assigned = self.assignments.annotators_of(doc_id)
        done = [w for w in assigned if self.team_status.get((w, doc_id)) == "done"]
        return list(people_columns(assigned, done, self.annotator, blind=self.project.config.blind))

    # -- filter and keys -----------------------------------------------------------------------

    def apply_filter(self, needle: str) -> None:
        """Show the listed documents whose id contains ``needle``, folded as the ``/`` search
        folds (case, harakat, tatweel and Arabic letter forms ignored), in the order they are
        listed."""
        self.query_one(DocumentTable).set_rows(self.id_filter.matching(needle))

    def _list_documents(self) -> None:
        """The queue (unfinished first) or every document; then the filter applies."""
        statuses = {d: s.status for d, s in self.summaries.items()}
        listed = queue_order(
            self.doc_ids, self.annotator, self.assignments, statuses, show_all=self.show_all
        )
        if self.order is not None:
            keep = set(listed)
            listed = [d for d in self.order if d in keep]
        self.visible_ids = listed
        self.id_filter = IdFilter(listed, fold=fold_text)
        self.apply_filter(self.query_one("#filter", Input).value)

    def action_toggle_all(self) -> None:
        """Switch between the annotator's queue and every document."""
        if not has_queue(self.annotator, self.assignments):
            self.notify(f"No documents are assigned to {self.annotator}; showing all of them.")
            return
        self.show_all = not self.show_all
        self._list_documents()
        self._show_totals()

    async def on_input_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)
        # What the key left alive (drawn rows, their strips and caches: tens of thousands of
        # objects) is set aside once its frame is drawn: else the collector's young passes
        # walk it again within the next keys (5-15 ms each, one key in fifteen). Cycles wait
        # for a pause in the typing (collect_in_pause).
        self.call_after_refresh(collector.settle)
        # The table (and its scrollbar) ask the screen for a repaint from their own message
        # loops, one step later than the filter box's request: yield that step, so that the
        # screen's next update draws the filtered rows in the same frame as the typed key, not
        # in the frame after it.
        await asyncio.sleep(0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DocumentTable).focus()

    def on_document_table_row_selected(self, event: DocumentTable.RowSelected) -> None:
        self.app.open_document(event.key)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        self.query_one(DocumentTable).focus()

    def action_sort_by_confidence(self) -> None:
        """Active learning: documents whose suggestions the recommender is least sure of first
        (mean score, annotator.suggest.review); again: back to the order by id."""
        if self.order is not None:
            self.order = None
            self.notify("Documents in order of their ids.")
        else:
            names = recommenders(self.project, self.annotator)
            chosen = getattr(self.app, "suggestions", None) or (names[0] if names else None)
            if chosen is None:
                self.notify("No suggestions to sort by: run 'annotator suggest' first.")
                return
            self.order = uncertainty_order(self.project, chosen, self.doc_ids)
            self.notify(f"Least confident first, by the scores of {chosen}'s suggestions.")
        self._list_documents()

    def action_copy_id(self) -> None:
        """Ctrl+C: the highlighted document's id to the clipboard (OSC 52); never quits."""
        doc_id = self.query_one(DocumentTable).cursor_key
        if doc_id is None:
            self.notify("No document to copy. (Ctrl+Q quits.)")
            return
        self.app.copy_to_clipboard(doc_id)
        self.notify(f"Copied {doc_id}.")

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(binding_rows(self), "Pick a document and press Enter to annotate it.")
        )
