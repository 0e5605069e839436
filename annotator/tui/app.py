"""The application: which project, who annotates, which document is open. Screens do the rest.

``build_app`` is the one factory the CLI, the tests and the benchmarks use.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from annotator.errors import AnnotatorError
from annotator.layout import LayoutOptions
from annotator.store.project import Project
from annotator.store.session import EditingSession
from annotator.team.assignments import load_assignments
from annotator.tui import input_clock
from annotator.tui.keymap import load_keymap
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.screens.editing import SetEditorScreen
from annotator.tui.widgets.span_details import SpanDetails

TerminalMode = Literal["app", "terminal"]


class AnnotatorApp(App[None]):
    TITLE = "annotator"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Ctrl+C copies (on the editing screens, the selection); only Ctrl+Q quits.
        Binding("ctrl+q", "quit", "Quit (saves)", priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        project: Project,
        annotator: str,
        *,
        layout_options: LayoutOptions | None = None,
        start_document: str | None = None,
        snap: bool = True,
        keymap: dict[str, str] | None = None,
        suggestions: str | None = None,
    ) -> None:
        super().__init__()
        #: Whose suggestions the annotation screen shows (a recommender's name), if any.
        self.suggestions = suggestions
        self.project = project
        self.annotator = annotator
        self.layout_options = layout_options or LayoutOptions()
        self.start_document = start_document
        self.snap = snap
        self.user_keymap = keymap or {}
        self.corpus: CorpusScreen | None = None
        #: Where active annotation time is read from (tests put a fake clock here).
        self.clock_source: Callable[[], float] = time.monotonic

    # -- screens -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        try:
            assignments = load_assignments(self.project.root)
        except AnnotatorError as err:
            self.notify(str(err), title="Assignments not read", severity="error", timeout=12)
            assignments = None
        self.corpus = CorpusScreen(self.project, self.annotator, assignments)
        self.push_screen(self.corpus)
        if self.start_document is not None:
            self.open_document(self.start_document)

    @property
    def annotate_screen(self) -> SetEditorScreen | None:
        """The open editing screen (annotation or adjudication), if any."""
        screen = self.screen
        for candidate in reversed(self.screen_stack):
            if isinstance(candidate, SetEditorScreen):
                return candidate
        return screen if isinstance(screen, SetEditorScreen) else None

    def open_document(self, doc_id: str) -> bool:
        """Lock, load and show a document; explain instead when it cannot be opened."""
        try:
            session = EditingSession.open(self.project, self.annotator, doc_id)
        except AnnotatorError as err:
            self.notify(str(err), title=f"Cannot open {doc_id}", severity="error", timeout=12)
            return False
        try:
            screen = AnnotateScreen(session, snap=self.snap, suggestions=self.suggestions)
        except AnnotatorError as err:
            session.close(save=False)
            self.notify(str(err), title=f"Cannot open {doc_id}", severity="error", timeout=12)
            return False
        self.show_session(screen, session)
        return True

    def show_session(self, screen: Screen[Any], session: EditingSession) -> None:
        """Show an editing screen, saying so when its project can only be read."""
        self.push_screen(screen)
        if session.read_only is not None:
            self.notify(
                f"Opened read-only: {session.read_only}. You can read and try edits; "
                "nothing will be saved.",
                title="Read-only project",
                severity="warning",
                timeout=12,
            )

    def close_document(self) -> None:
        screen = self.annotate_screen
        if screen is None:
            return
        screen.close_session()
        doc_id = screen.session.current.document.id
        while self.screen is not screen:
            self.pop_screen()
        self.pop_screen()
        if self.corpus is not None:
            self.corpus.refresh_documents(doc_id)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            input_clock.note_input()
            self.record_activity()
        await super().on_event(event)

    def record_activity(self) -> None:
        """A key or a click: active annotation time on the open document (if any)."""
        screen = self.annotate_screen
        if screen is not None:
            screen.session.clock.key_pressed(self.clock_source())

    def open_neighbour(self, doc_id: str, delta: int) -> None:
        ids = self.project.document_ids()
        if self.corpus is not None and doc_id in self.corpus.visible_ids:
            ids = self.corpus.visible_ids  # the annotator's queue, in its order
        index = ids.index(doc_id) + delta
        if not 0 <= index < len(ids):
            self.notify("No more documents in that direction.")
            return
        self.close_document()
        self.open_document(ids[index])

    async def action_quit(self) -> None:
        self.save_all()
        self.exit()

    def save_all(self) -> None:
        """Save and release every open document (quit, Ctrl+C, a closing terminal)."""
        for screen in self.screen_stack:
            if isinstance(screen, SetEditorScreen):
                screen.close_session()

    def open_sessions(self) -> list[EditingSession]:
        return [s.session for s in self.screen_stack if isinstance(s, SetEditorScreen)]

    # -- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, SetEditorScreen):
            for title, help_text, action in (
                ("Save", "Write the annotation file now", screen.action_save),
                (
                    "Mark done / in progress",
                    "Toggle the document's status",
                    screen.action_toggle_done,
                ),
                (
                    "Toggle word snapping",
                    "Tag whole words or exact selections",
                    screen.action_toggle_snap,
                ),
                ("Span panel", "Show or hide the span list", screen.action_toggle_panel),
                ("Documents", "Back to the list of documents", screen.action_documents),
                (
                    "Next document",
                    "Save and open the next document",
                    lambda: screen.action_other_document(1),
                ),
                (
                    "Previous document",
                    "Save and open the previous document",
                    lambda: screen.action_other_document(-1),
                ),
                ("Undo", "Undo the last edit", screen.action_undo),
                ("Redo", "Redo the last undone edit", screen.action_redo),
                (
                    "Show invisible characters",
                    "Draw bidi controls as visible marks",
                    self.toggle_controls,
                ),
                ("Show / hide harakat", "Hide or show the short vowels", self.toggle_harakat),
            ):
                yield SystemCommand(title, help_text, action)

    def _set_options(self, options: LayoutOptions) -> None:
        self.layout_options = options
        screen = self.annotate_screen
        if screen is not None:
            screen.article.set_options(self.layout_options)
            screen.spans_panel.layout_options = self.layout_options
            screen.spans_panel.set_set(screen.aset)
            for details in screen.query(SpanDetails):
                details.set_options(self.layout_options)
                details.show(screen.article.current_span, screen.aset)

    def toggle_controls(self) -> None:
        self._set_options(
            replace(self.layout_options, show_controls=not self.layout_options.show_controls)
        )

    def toggle_harakat(self) -> None:
        self._set_options(replace(self.layout_options, harakat=not self.layout_options.harakat))


def app_settings(
    project: Project | Path | str,
    bidi: TerminalMode,
    shaping: TerminalMode,
    keymap_file: Path | None,
) -> tuple[Project, LayoutOptions, dict[str, str]]:
    """The project, layout options and user keymap every app of the tool starts from."""
    if not isinstance(project, Project):
        project = Project.open(project)
    options = LayoutOptions(bidi=bidi == "app", shaping=shaping == "app")
    keymap: dict[str, str] = {}
    with contextlib.suppress(FileNotFoundError):
        keymap = load_keymap(keymap_file)
    return project, options, keymap


def build_app(
    project: Project | Path | str,
    annotator: str,
    *,
    document: str | None = None,
    bidi: TerminalMode = "app",
    shaping: TerminalMode = "app",
    snap: bool = True,
    keymap_file: Path | None = None,
    suggestions: str | None = None,
) -> AnnotatorApp:
    """The app for a project, as the CLI, the tests and the benchmarks build it."""
    project, options, keymap = app_settings(project, bidi, shaping, keymap_file)
    return AnnotatorApp(
        project,
        annotator,
        layout_options=options,
        start_document=document,
        snap=snap,
        keymap=keymap,
        suggestions=suggestions,
    )
