"""The adjudicator's corpus screen: agreement per document, lowest first, conflicts and
adjudication status (not started, in progress, done); Enter opens a document.

Comparing every document means reading every annotator's file, so it runs in a worker thread
and fills the table as it goes; the list is re-ranked when it is complete.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Input, Static

from annotator.adjudication.project import DocumentState, agreement_figure, document_state
from annotator.store.project import Project
from annotator.store.stats import summarize_set
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.screens.help import HelpScreen, binding_rows

STATUS_STYLE = {"done": "green", "in progress": "yellow", "not started": ""}


class AdjudicationCorpusScreen(CorpusScreen):
    """``CorpusScreen`` with the adjudicator's columns (its filter, keys and help are reused)."""

    def __init__(
        self, project: Project, adjudicator: str, annotators: Sequence[str] | None = None
    ) -> None:
        super().__init__(project, adjudicator)
        self.annotators = tuple(annotators) if annotators else None
        self.states: dict[str, DocumentState] = {}
        self.agreement: dict[str, float | None] = {}
        self.complete = False
        self.started = False

    def compose(self) -> ComposeResult:
        who = ", ".join(self.annotators) if self.annotators else "all annotators"
        yield Static(
            f"{self.project.config.name} · {len(self.project.document_ids())} documents · "
            f"adjudicator {self.annotator} · comparing {who}",
            id="title",
        )
        yield Static(id="progress")
        yield Input(placeholder="filter documents by id (/ to focus, Esc to clear)", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="documents")
        yield Footer()

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # Textual would run CorpusScreen.on_mount too: other columns
        table = self.query_one(DataTable)
        for key, title in (
            ("document", "document"),
            ("annotators", "annotators"),
            ("agreement", "agreement α"),
            ("agreed", "span F1"),
            ("conflicts", "conflicts"),
            ("open", "open"),
            ("status", "adjudication"),
            ("updated", "gold saved"),
        ):
            table.add_column(title, key=key)
        self._fill(self.query_one("#filter", Input).value)
        table.focus()

    def on_screen_resume(self) -> None:
        """Compare the documents the first time the list is shown (not while a document
        opened with --doc is on top of it)."""
        if not self.started and self.app.screen is self:
            self.started = True
            self._compare_all()

    @work(thread=True, exclusive=True, group="compare")
    def _compare_all(self) -> None:
        ids = self.project.document_ids()
        for n, doc_id in enumerate(ids, 1):
            state = document_state(self.project, doc_id, self.annotators)
            figure = agreement_figure(self.project, state)
            self.app.call_from_thread(self._store, state, figure, f"comparing {n}/{len(ids)}…")
        self.app.call_from_thread(self._finish)

    def _store(self, state: DocumentState, figure: float | None, progress: str = "") -> None:
        self.states[state.document] = state
        self.agreement[state.document] = figure
        self._fill(self.query_one("#filter", Input).value, progress)

    def _finish(self) -> None:
        self.complete = True
        self._fill(self.query_one("#filter", Input).value)

    def refresh_documents(self, only: str | None = None) -> None:  # type: ignore[override]
        """After a document was closed: compare it again (the others did not change)."""
        if only is None or not self.started:
            return  # everything is compared when the list is first shown
        self._compare_one(only)

    @work(thread=True, group="compare-one")
    def _compare_one(self, doc_id: str) -> None:
        state = document_state(self.project, doc_id, self.annotators)
        figure = agreement_figure(self.project, state)
        self.app.call_from_thread(self._store, state, figure)

    def ranked(self) -> list[str]:
        """Documents lowest agreement first; those that cannot be compared last."""

        def rank(doc_id: str) -> tuple[int, float, str]:
            figure = self.agreement.get(doc_id)
            state = self.states.get(doc_id)
            if state is None or not state.comparable:
                return (2, 0.0, doc_id)
            return (1, 0.0, doc_id) if figure is None else (0, figure, doc_id)

        return sorted(self.project.document_ids(), key=rank)

    def _fill(self, needle: str, progress: str = "") -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        done = open_total = 0
        for doc_id in self.ranked():
            state = self.states.get(doc_id)
            done += state is not None and state.status == "done"
            if state is not None and state.comparable:
                open_total += state.open
            if needle and needle.casefold() not in doc_id.casefold():
                continue
            table.add_row(*self._cells(doc_id, state), key=doc_id)
        total = len(self.project.document_ids())
        tail = progress or ("" if self.complete else "comparing…")
        self.query_one("#progress", Static).update(
            f"adjudicated {done} / {total} documents · {open_total} open conflicts · "
            f"lowest agreement first · Enter opens · / filters · ? help"
            + (f" · {tail}" if tail else "")
        )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _cells(self, doc_id: str, state: DocumentState | None) -> list[object]:
        if state is None:
            return [doc_id, "…", "", "", "", "", "", ""]
        summary = summarize_set(self.project, "gold", doc_id)
        saved = (summary.updated or "") if summary else ""
        names = ", ".join(state.annotators)
        if state.error is not None:
            error = Text("error", style="bold red")
            return [doc_id, names, error, "", "", "", state.status, saved]
        if not state.comparable:
            who = f"{names or 'none'} (needs 2)"
            return [doc_id, who, "", "", "", "", Text(state.status, style="dim"), saved]
        figure = self.agreement.get(doc_id)
        open_style = "bold yellow" if state.open else "green"
        return [
            doc_id,
            names,
            "-" if figure is None else f"{figure:.3f}",
            f"{state.span_f1:.2f}" if state.span_f1 is not None else "",
            str(state.conflicts),
            Text(str(state.open), style=open_style),
            Text(state.status, style=STATUS_STYLE.get(state.status, "")),
            saved,
        ]

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                binding_rows(self),
                "Documents are listed lowest agreement first. Pick one and press Enter to "
                "adjudicate it.",
            )
        )
