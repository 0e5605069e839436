"""The corpus screen: every document with this annotator's status and counts; pick one to open."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from annotator.store.project import Project
from annotator.store.stats import SetSummary, summarize_set
from annotator.team.assignments import Assignments
from annotator.team.queue import has_queue, people_columns, queue_order
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
        Binding("a", "toggle_all", "All documents / my queue", show=False, id="corpus.toggle_all"),
        Binding("question_mark,f1", "help", "Help", id="corpus.help"),
    ]

    def __init__(
        self, project: Project, annotator: str, assignments: Assignments | None = None
    ) -> None:
        super().__init__()
        self.project = project
        self.annotator = annotator
        self.labels = list(project.schema.label_names)
        self.summaries: dict[str, SetSummary | None] = {}
        self.assignments = assignments or Assignments()
        #: Each assigned annotator's status per document (read with the summaries).
        self.team_status: dict[str, dict[str, str]] = {}
        #: False: only this annotator's queue (when they have one); True: every document.
        self.show_all = not has_queue(annotator, self.assignments)
        #: The documents listed, in order (the queue, or all of them).
        self.visible_ids: list[str] = []

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
        # Wide enough for every id, not only the first rows shown (the queue may be short).
        widest = max((cell_len(d) for d in self.project.document_ids()), default=8)
        table.add_column("document", key="document", width=max(widest, 8))
        table.add_column("status", key="status")
        for label in self.labels:
            color = self.project.schema.labels[label].color
            table.add_column(Text(label, style=theme.label_badge(color)), key=label)
        table.add_column("relations", key="relations")
        table.add_column("gold", key="gold")
        table.add_column("last change", key="updated")
        if self.assignments.documents:
            table.add_column("assigned", key="assigned")
            table.add_column("done by", key="done_by")
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
        team = {doc_id: self._team_status(doc_id) for doc_id in ids}
        self.app.call_from_thread(self._update_summaries, found, team)

    def _team_status(self, doc_id: str) -> dict[str, str]:
        statuses = {}
        for who in self.assignments.annotators_of(doc_id):
            summary = summarize_set(self.project, who, doc_id)
            statuses[who] = "new" if summary is None else summary.status
        return statuses

    def _update_summaries(
        self, found: dict[str, SetSummary | None], team: dict[str, dict[str, str]] | None = None
    ) -> None:
        self.summaries.update(found)
        self.team_status.update(team or {})
        self._fill(self.query_one("#filter", Input).value)

    def _fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        done = 0
        all_ids = self.project.document_ids()
        statuses = {d: s.status for d, s in self.summaries.items() if s is not None}
        self.visible_ids = queue_order(
            all_ids, self.annotator, self.assignments, statuses, show_all=self.show_all
        )
        for doc_id in self.visible_ids:
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
                *self._people(doc_id),
                key=doc_id,
            )
        total = len(self.visible_ids)
        which = "documents" if self.show_all else f"documents in {self.annotator}'s queue"
        toggle = " · a all documents" if not self.show_all else ""
        if self.show_all and has_queue(self.annotator, self.assignments):
            toggle = " · a my queue"
        self.query_one("#progress", Static).update(
            f"done {done} / {total} {which} · Enter opens · / filters{toggle} · ? help"
        )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _people(self, doc_id: str) -> list[str]:
        """The "assigned" and "done by" cells, when the project has assignments."""
        if not self.assignments.documents:
            return []
        assigned = self.assignments.annotators_of(doc_id)
        statuses = self.team_status.get(doc_id, {})
        done = [who for who in assigned if statuses.get(who) == "done"]
        return list(people_columns(assigned, done, self.annotator, blind=self.project.config.blind))

    def action_toggle_all(self) -> None:
        """Switch between the annotator's queue and every document."""
        if not has_queue(self.annotator, self.assignments):
            self.notify(f"No documents are assigned to {self.annotator}; showing all of them.")
            return
        self.show_all = not self.show_all
        self._fill(self.query_one("#filter", Input).value)

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

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(binding_rows(self), "Pick a document and press Enter to annotate it.")
        )
