"""The corpus screen: every document with this annotator's status and counts; pick one to open."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from annotator.store.project import Project
from annotator.store.stats import SetSummary, summarize_set
from annotator.suggest.review import recommenders, uncertainty_order
from annotator.tui import theme
from annotator.tui.screens.help import HelpScreen, binding_rows


class CorpusScreen(Screen[None]):
    DEFAULT_CSS = """
    CorpusScreen #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    CorpusScreen #progress { height: 1; padding: 0 1; color: $text-muted; }
    CorpusScreen #filter { margin: 0 1; }
    CorpusScreen DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="corpus.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("question_mark,f1", "help", "Help", id="corpus.help"),
        Binding(
            "C",
            "sort_by_confidence",
            "Least confident first",
            show=False,
            id="corpus.uncertainty",
        ),
    ]

    def __init__(self, project: Project, annotator: str) -> None:
        super().__init__()
        self.project = project
        self.annotator = annotator
        self.labels = list(project.schema.label_names)
        self.summaries: dict[str, SetSummary | None] = {}
        #: Document order when sorted by a recommender's confidence (None: by id).
        self.order: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            f"{self.project.config.name} · {len(self.project.document_ids())} documents · "
            f"annotator {self.annotator}",
            id="title",
        )
        yield Static(id="progress")
        yield Input(placeholder="filter documents by id (/ to focus, Esc to clear)", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="documents")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("document", key="document")
        table.add_column("status", key="status")
        for label in self.labels:
            color = self.project.schema.labels[label].color
            table.add_column(Text(label, style=theme.label_badge(color)), key=label)
        table.add_column("relations", key="relations")
        table.add_column("gold", key="gold")
        table.add_column("last change", key="updated")
        self._fill("")
        self.refresh_documents()
        table.focus()

    @work(thread=True, exclusive=True, group="summaries", description="read document summaries")
    def refresh_documents(self, only: str | None = None) -> None:
        """Re-read the summaries (all, or one document after it was edited) and redraw.

        In a thread: a large corpus must not delay the first paint of the app.
        """
        ids = [only] if only else self.project.document_ids()
        found = {doc_id: summarize_set(self.project, self.annotator, doc_id) for doc_id in ids}
        self.app.call_from_thread(self._update_summaries, found)

    def _update_summaries(self, found: dict[str, SetSummary | None]) -> None:
        self.summaries.update(found)
        self._fill(self.query_one("#filter", Input).value)

    def _fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        done = 0
        for doc_id in self.order or self.project.document_ids():
            summary = self.summaries.get(doc_id)
            status = "new" if summary is None else summary.status
            done += status == "done"
            if needle and needle.casefold() not in doc_id.casefold():
                continue
            counts = summary.counts if summary else {}
            gold = "✓" if self.project.gold_path(doc_id).is_file() else ""
            style = {"done": "green", "in_progress": "yellow", "error": "bold red"}.get(status, "")
            table.add_row(
                doc_id,
                Text(status.replace("_", " "), style=style),
                *[str(counts.get(label, 0)) for label in self.labels],
                str(summary.relations if summary else 0),
                gold,
                (summary.updated or "") if summary else "",
                key=doc_id,
            )
        total = len(self.project.document_ids())
        self.query_one("#progress", Static).update(
            f"done {done} / {total} documents · Enter opens · / filters · ? help"
        )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        assert event.row_key.value is not None
        self.app.open_document(event.row_key.value)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        self.query_one(DataTable).focus()

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
            self.order = uncertainty_order(self.project, chosen, self.project.document_ids())
            self.notify(f"Least confident first, by the scores of {chosen}'s suggestions.")
        self._fill(self.query_one("#filter", Input).value)

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(binding_rows(self), "Pick a document and press Enter to annotate it.")
        )
