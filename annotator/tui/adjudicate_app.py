"""The adjudication app: the annotation app with the adjudicator's corpus screen, and documents
opened as a comparison of annotators' sets with the gold set under edit.

``build_adjudicator_app`` is the one factory the CLI, the tests and the benchmarks use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual import events
from textual.app import SystemCommand
from textual.screen import Screen

from annotator.adjudication import Adjudication, start_gold
from annotator.adjudication.project import load_comparison
from annotator.errors import AnnotatorError
from annotator.layout import LayoutOptions
from annotator.store.project import Project
from annotator.store.session import EditingSession
from annotator.tui.app import AnnotatorApp, TerminalMode, app_settings
from annotator.tui.screens.adjudicate import AdjudicateScreen
from annotator.tui.screens.adjudication_corpus import AdjudicationCorpusScreen


class AdjudicatorApp(AnnotatorApp):
    TITLE = "annotator adjudicate"

    def __init__(
        self,
        project: Project,
        adjudicator: str,
        *,
        annotators: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(project, adjudicator, **kwargs)
        self.annotators = tuple(annotators) if annotators else None

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # not AnnotatorApp.on_mount: another corpus screen
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self.corpus = AdjudicationCorpusScreen(self.project, self.annotator, self.annotators)
        self.push_screen(self.corpus)
        if self.start_document is not None:
            self.open_document(self.start_document)

    def open_document(self, doc_id: str) -> bool:
        """Compare the document's sets and open its gold set (resumed if it exists)."""
        try:
            comparison = load_comparison(self.project, doc_id, self.annotators)
            adjudication = Adjudication(comparison, self.project.schema)
            start = start_gold(comparison, self.project.schema, self.annotator)
            session = EditingSession.open_gold(self.project, self.annotator, doc_id, start)
        except AnnotatorError as err:
            self.notify(str(err), title=f"Cannot adjudicate {doc_id}", severity="error", timeout=12)
            return False
        self.show_session(AdjudicateScreen(session, adjudication, snap=self.snap), session)
        return True

    def _set_options(self, options: LayoutOptions) -> None:
        super()._set_options(options)
        screen = self.annotate_screen
        if isinstance(screen, AdjudicateScreen):
            screen.conflict_list.set_options(options)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, AdjudicateScreen):
            for title, help_text, action in (
                (
                    "Next open conflict",
                    "Go to the next conflict without a decision",
                    lambda: screen.action_next_conflict(1),
                ),
                (
                    "Previous open conflict",
                    "Go to the previous open conflict",
                    lambda: screen.action_next_conflict(-1),
                ),
                (
                    "Reject the conflict",
                    "Keep nothing of the current conflict in gold",
                    screen.action_reject,
                ),
                (
                    "Take all of one annotator",
                    "Take one annotator's version of every open conflict",
                    screen.action_take_all,
                ),
            ):
                yield SystemCommand(title, help_text, action)


def build_adjudicator_app(
    project: Project | Path | str,
    adjudicator: str,
    *,
    annotators: Sequence[str] | None = None,
    document: str | None = None,
    bidi: TerminalMode = "app",
    shaping: TerminalMode = "app",
    snap: bool = True,
    keymap_file: Path | None = None,
) -> AdjudicatorApp:
    """The adjudication app for a project, as the CLI, the tests and the benchmarks build it."""
    project, options, keymap = app_settings(project, bidi, shaping, keymap_file)
    return AdjudicatorApp(
        project,
        adjudicator,
        annotators=annotators,
        layout_options=options,
        start_document=document,
        snap=snap,
        keymap=keymap,
    )
