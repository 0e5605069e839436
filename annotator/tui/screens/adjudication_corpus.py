"""The adjudicator's corpus screen: agreement per document, lowest first, conflicts and
adjudication status (not started, in progress, done); Enter opens a document.

Comparing every document means reading every annotator's file, so it runs in a worker thread
and fills the table as it goes; the list is re-ranked when it is complete. The figures are
kept (annotator/adjudication/list_cache.py, keyed by the summary index's listing): the next
time the list opens, documents whose files are unchanged have theirs at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.style import Style
from textual import events, work
from textual.app import ComposeResult
from textual.widgets import Footer, Input, Static

from annotator.adjudication.list_cache import ListCache
from annotator.adjudication.project import (
    AdjudicationStatus,
    DocumentState,
    agreement_figure,
    document_state,
)
from annotator.store.project import GOLD_NAME, Project
from annotator.store.stats import summarize_set
from annotator.store.summary_index import ProjectSummaries, SetSummary, load_index
from annotator.text.arabic import fold_text
from annotator.tui.screens.corpus import CorpusScreen, ThreadProgress
from annotator.tui.screens.help import HelpScreen, binding_rows
from annotator.tui.visual import plural
from annotator.tui.widgets.document_table import Cell, Column, DocumentTable
from annotator.tui.widgets.hint_line import HintLine
from annotator.tui.widgets.layout_input import LayoutInput

STATUS_STYLE = {
    "done": Style(color="green"),
    "in progress": Style(color="yellow"),
    "not started": None,
}
#: Seconds between repaints of the progress line while documents are compared.
COMPARE_PROGRESS_EVERY = 0.25
#: Seconds between saves of the figures computed so far (a list left half way keeps them).
SAVE_EVERY = 20.0


def status_from_gold(summary: SetSummary | None) -> AdjudicationStatus:
    """What adjudication_status says, from the gold file's summary."""
    if summary is None:
        return "not started"
    if summary.status == "error":
        return "in progress"  # a broken gold file is somebody's work: never "not started"
    return {"done": "done", "in_progress": "in progress"}.get(summary.status, "not started")  # type: ignore[return-value]


class AdjudicationCorpusScreen(CorpusScreen):
    """``CorpusScreen`` with the adjudicator's columns (its filter, keys and help are reused).

    The summary index gives, at once, who annotated each document and how far its
    adjudication is; agreement needs every set read and compared, so it is computed in a
    worker thread, rows filling as it goes, and the list is ranked when it is complete.
    """

    def __init__(
        self, project: Project, adjudicator: str, annotators: Sequence[str] | None = None
    ) -> None:
        super().__init__(project, adjudicator)
        self.annotators = tuple(annotators) if annotators else None
        self.states: dict[str, DocumentState] = {}
        self.agreement: dict[str, float | None] = {}
        self.index: ProjectSummaries | None = None
        self.complete = False
        self.started = False
        self.compare_progress = ""

    def title_text(self) -> str:
        who = ", ".join(self.annotators) if self.annotators else "all annotators"
        count = plural(len(self.doc_ids), "document") if self.loaded else "documents"
        return (
            f"{self.project.config.name} · {count} · adjudicator {self.annotator} · comparing {who}"
        )

    def columns(self) -> list[Column]:
        return [
            Column("document", "document", 28),
            Column("annotators", "annotators", 22),
            Column("agreement", "agreement α", 11, True),
            Column("agreed", "span F1", 7, True),
            Column("conflicts", "conflicts", 9, True),
            Column("open", "open", 5, True),
            Column("status", "adjudication", 12),
            Column("updated", "gold saved", 20),
        ]

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="title")
        yield HintLine("reading summaries…", id="progress")
        yield LayoutInput(
            placeholder="filter documents by id (/ to focus, Esc to clear)", id="filter"
        )
        yield DocumentTable(self.columns(), self.cells, id="documents")
        yield Footer()

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # Textual would run CorpusScreen.on_mount too
        self.refresh_documents()
        self.query_one(DocumentTable).focus()

    def _apply_index(self, index: ProjectSummaries) -> None:
        self.index = index
        super()._apply_index(index)

    def on_screen_resume(self) -> None:
        """Compare the documents the first time the list is shown (not while a document
        opened with --doc is on top of it), once the index is read."""
        if self._claim_start():
            self._compare_all()

    def _claim_start(self) -> bool:
        if not self.started and self.loaded and self.app.screen is self:
            self.started = True
            return True
        return False

    @work(thread=True, exclusive=True, group="summaries", description="read and compare")
    def _load_and_compare(self) -> None:
        """Read the index, show it, then compare every document, in one worker (so that
        waiting for the app's workers waits for the whole list)."""
        index = load_index(self.project, progress=lambda total: ThreadProgress(self, total))
        self.from_worker(self._apply_index, index)
        if self.from_worker(self._claim_start):
            self._compare_documents()

    @work(thread=True, exclusive=True, group="compare")
    def _compare_all(self) -> None:
        self._compare_documents()

    def _compare_documents(self) -> None:
        """Figures of documents whose files are unchanged come from the list's cache at once
        (annotator/adjudication/list_cache.py); the others are compared one by one, rows
        filling as they go, and kept for next time (also when the list is left half way)."""
        ids = list(self.doc_ids)
        index = self.index
        assert index is not None
        cache = ListCache(self.project, index, self.annotators)
        found: dict[str, tuple[DocumentState, float | None]] = {}
        todo: list[str] = []
        for doc_id in ids:
            hit = cache.get(doc_id, status_from_gold(index.sets.get((GOLD_NAME, doc_id))))
            if hit is None:
                todo.append(doc_id)
            else:
                found[doc_id] = hit
        if found:
            self.from_worker(self._store_many, found)
        shown = 0.0
        saved = time.monotonic()
        try:
            for n, doc_id in enumerate(todo, 1):
                state, figure = cache.compute(doc_id)
                self.project.forget_document(doc_id)
                now = time.monotonic()
                progress = ""
                if now - shown >= COMPARE_PROGRESS_EVERY:
                    shown = now
                    progress = f"comparing {n}/{len(todo)}…"
                if now - saved >= SAVE_EVERY:
                    saved = now
                    cache.save()
                self.from_worker(self._store, state, figure, progress)
        finally:
            cache.save()
        self.from_worker(self._finish)

    def _store_many(self, found: dict[str, tuple[DocumentState, float | None]]) -> None:
        for doc_id, (state, figure) in found.items():
            self.states[doc_id] = state
            self.agreement[doc_id] = figure
        self.query_one(DocumentTable).refresh_rows()

    def _store(self, state: DocumentState, figure: float | None, progress: str = "") -> None:
        self.states[state.document] = state
        self.agreement[state.document] = figure
        self.query_one(DocumentTable).refresh_rows([state.document])
        if progress:
            self.compare_progress = progress
            self._show_totals()

    def _finish(self) -> None:
        self.complete = True
        self.compare_progress = ""
        self.apply_filter(self.query_one("#filter", Input).value)
        table = self.query_one(DocumentTable)
        table.move_cursor(row=0)  # the lowest agreement: where adjudication should start
        table.refresh_rows()
        self._show_totals()

    def refresh_documents(self, only: str | None = None) -> None:  # type: ignore[override]
        """The first time: read the index. After a document was closed: compare it again
        (the others did not change)."""
        if only is None or not self.started:
            if not self.loaded:
                self._load_and_compare()
            return
        self._compare_one(only)

    @work(thread=True, group="compare-one")
    def _compare_one(self, doc_id: str) -> None:
        state = document_state(self.project, doc_id, self.annotators)
        figure = agreement_figure(self.project, state)
        gold = summarize_set(self.project, GOLD_NAME, doc_id)
        self.from_worker(self._store_one, state, figure, gold)

    def _store_one(
        self, state: DocumentState, figure: float | None, gold: SetSummary | None
    ) -> None:
        if gold is None:
            self.gold.pop(state.document, None)
        else:
            self.gold[state.document] = gold
        self._store(state, figure)
        self._show_totals()

    def ranked(self) -> list[str]:
        """Documents lowest agreement first; those that cannot be compared last (in id order
        until every document is compared)."""
        if not self.complete:
            return list(self.doc_ids)

        def rank(doc_id: str) -> tuple[int, float, str]:
            figure = self.agreement.get(doc_id)
            state = self.states.get(doc_id)
            if state is None or not state.comparable:
                return (2, 0.0, doc_id)
            return (1, 0.0, doc_id) if figure is None else (0, figure, doc_id)

        return sorted(self.doc_ids, key=rank)

    def apply_filter(self, needle: str) -> None:
        folded = fold_text(needle)  # as the / search folds: case, harakat, letter forms
        keys = self.ranked()
        if folded:
            keys = [d for d in keys if folded in fold_text(d)]
        self.query_one(DocumentTable).set_rows(keys)

    def _show_totals(self) -> None:
        done = sum(1 for d in self.doc_ids if self._status(d) == "done")
        open_total = sum(s.open for s in self.states.values() if s.comparable)
        tail = self.compare_progress or ("" if self.complete else "comparing…")
        self.show_progress(
            f"adjudicated {done} / {plural(len(self.doc_ids), 'document')} · "
            f"{plural(open_total, 'open conflict')} · "
            f"lowest agreement first · Enter opens · / filters · ? help"
            + (f" · {tail}" if tail else "")
        )

    def _status(self, doc_id: str) -> AdjudicationStatus:
        state = self.states.get(doc_id)
        return state.status if state is not None else status_from_gold(self.gold.get(doc_id))

    def _annotated(self, doc_id: str) -> tuple[str, ...]:
        """Who annotated the document (set present and not new), from the index."""
        if self.index is None:
            return ()
        names = self.annotators or tuple(self.project.annotators())
        sets = self.index.sets
        return tuple(
            n for n in names if (s := sets.get((n, doc_id))) is not None and s.status != "new"
        )

    def cells(self, doc_id: str) -> list[Cell]:
        if not self.loaded:
            return [(doc_id, None), ("…", None)]
        state = self.states.get(doc_id)
        gold = self.gold.get(doc_id)
        saved = (gold.updated or "") if gold else ""
        status = self._status(doc_id)
        if state is None:
            names = ", ".join(self._annotated(doc_id))
            return [(doc_id, None), (names, None), ("…", None), *[("", None)] * 3,
                    (status, STATUS_STYLE.get(status)), (saved, None)]  # fmt: skip
        names = ", ".join(state.annotators)
        if state.error is not None:
            error = ("error", Style(color="red", bold=True))
            return [(doc_id, None), (names, None), error, *[("", None)] * 3,
                    (state.status, None), (saved, None)]  # fmt: skip
        if not state.comparable:
            who = f"{names or 'none'} (needs 2)"
            return [(doc_id, None), (who, None), *[("", None)] * 4,
                    (state.status, Style(dim=True)), (saved, None)]  # fmt: skip
        figure = self.agreement.get(doc_id)
        open_style = Style(color="yellow", bold=True) if state.open else Style(color="green")
        return [
            (doc_id, None),
            (names, None),
            ("-" if figure is None else f"{figure:.3f}", None),
            (f"{state.span_f1:.2f}" if state.span_f1 is not None else "", None),
            (str(state.conflicts), None),
            (str(state.open), open_style),
            (state.status, STATUS_STYLE.get(state.status)),
            (saved, None),
        ]

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                binding_rows(self),
                "Documents are listed lowest agreement first. Pick one and press Enter to "
                "adjudicate it.",
            )
        )
