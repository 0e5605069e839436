"""The annotation screen: tag spans in one document, keyboard first.

All the editing is ``SetEditorScreen``'s (screens/editing.py), shared with the adjudication
screen; this screen adds what only annotators have: accepting and rejecting pre-annotations,
among them a recommender's suggestions (``annotator.suggest.review``: S chooses whose, [ and ]
go from one to the next; rejections are remembered per document).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType

from annotator.errors import AnnotatorError
from annotator.model import AnnotationSet, Span
from annotator.store.session import EditingSession
from annotator.suggest.review import SuggestionView, accepted, recommenders
from annotator.tui.keymap import arabic_bindings
from annotator.tui.screens.editing import AUTOSAVE_SECONDS, RECOVERY_SECONDS, SetEditorScreen
from annotator.tui.visual import plural

__all__ = ["AUTOSAVE_SECONDS", "RECOVERY_SECONDS", "AnnotateScreen"]


class AnnotateScreen(SetEditorScreen):
    BINDINGS: ClassVar[list[BindingType]] = arabic_bindings(
        [
            Binding(
                "y", "accept(False)", "Accept pre-annotation", show=False, id="annotate.accept"
            ),
            Binding(
                "Y", "accept(True)", "Accept all of label", show=False, id="annotate.accept_all"
            ),
            Binding(
                "x", "reject(False)", "Reject pre-annotation", show=False, id="annotate.reject"
            ),
            Binding(
                "X", "reject(True)", "Reject all of label", show=False, id="annotate.reject_all"
            ),
            Binding(
                "right_square_bracket",
                "next_suggestion(1)",
                "Next suggestion",
                show=False,
                id="annotate.next_suggestion",
            ),
            Binding(
                "left_square_bracket",
                "next_suggestion(-1)",
                "Previous suggestion",
                show=False,
                id="annotate.prev_suggestion",
            ),
            Binding("S", "cycle_suggestions", "Suggestions", id="annotate.suggestions"),
        ]
    )

    def __init__(
        self, session: EditingSession, *, snap: bool = True, suggestions: str | None = None
    ) -> None:
        super().__init__(session, snap=snap)
        self.suggestions = SuggestionView(session.project, session)
        if suggestions is not None:
            self.suggestions.show(suggestions)

    def autosave_delay(self) -> float:
        return AUTOSAVE_SECONDS  # this module's name, so tests can shorten it here

    def action_toggle_panel(self) -> None:
        """Show or hide the span details and the span list together."""
        self.query_one("#side").toggle_class("hidden")

    # -- pre-annotations and suggestions ------------------------------------------------------------

    def _imported_target(self) -> Span | None:
        target = self._target_span()
        if target is None or not target.imported:
            imported = [s for s in self.aset.spans_at(self.article.cursor) if s.imported]
            target = imported[-1] if imported else None
        return target

    def action_accept(self, whole_label: bool) -> None:
        """Make the pre-annotation at the cursor (or all of its label) the annotator's own,
        remembering who suggested it (``suggested_by``)."""

        def accept(s: AnnotationSet, span: Span) -> AnnotationSet:
            mine = accepted(span)
            return s.change_span(
                self.schema,
                span.id,
                origin=mine.origin,
                suggested_by=mine.suggested_by,
                score=mine.score,
            )

        self._settle_imported(whole_label, "accept", accept)

    def action_reject(self, whole_label: bool) -> None:
        """Remove the pre-annotation at the cursor (or all of its label); the rejection is
        remembered so the same suggestion is not shown again on this document."""
        chosen = self._settle_imported(
            whole_label, "reject", lambda s, span: s.remove_span(span.id)
        )
        if chosen:
            try:
                self.suggestions.reject(chosen)
            except OSError as err:
                self.notify(f"Could not remember the rejection: {err}", severity="warning")

    def _settle_imported(
        self,
        whole_label: bool,
        verb: str,
        settle: Callable[[AnnotationSet, Span], AnnotationSet],
    ) -> list[Span]:
        target = self._imported_target()
        if target is None:
            self.notify("No pre-annotation here.")
            return []
        chosen = (
            [s for s in self.aset.spans if s.imported and s.label == target.label]
            if whole_label
            else [target]
        )

        def apply(s: AnnotationSet) -> AnnotationSet:
            for span in chosen:
                s = settle(s, span)
            return s

        extents = [(x.start, x.end) for x in chosen]
        if self.edit(f"{verb} {len(chosen)} {target.label}", apply, extents):
            self.notify(
                f"{verb.capitalize()}ed {plural(len(chosen), 'pre-annotated ' + target.label + ' span')}."
            )
            return chosen
        return []

    def action_next_suggestion(self, direction: int) -> None:
        """Move to the next (or previous) pre-annotation or suggestion still to settle."""
        waiting = [s for s in self.aset.spans if s.imported]
        if not waiting:
            self.notify("No suggestions left on this document.")
            return
        here = self.article.cursor
        current = self.article.current_span
        if current is not None and current in waiting:
            i = waiting.index(current) + direction
            span = waiting[i % len(waiting)]
        elif direction > 0:
            span = next((s for s in waiting if s.start >= here), waiting[0])
        else:
            span = next((s for s in reversed(waiting) if s.start < here), waiting[-1])
        self.article.move_to(span.start)
        self.article.set_current_span(span)

    def action_cycle_suggestions(self) -> None:
        """Show the next recommender's suggestions (after the last: none)."""
        names = recommenders(self.session.project, self.aset.annotator)
        if not names:
            self.notify(
                "No suggestions in this project: make some with "
                "'annotator suggest PROJECT --matcher --as NAME'."
            )
            return
        current = self.suggestions.source
        if current not in names:
            chosen: str | None = names[0]
        elif current == names[-1]:
            chosen = None
        else:
            chosen = names[names.index(current) + 1]
        try:
            added = self.suggestions.show(chosen)
        except AnnotatorError as err:
            self.notify(str(err), title=f"Cannot show {chosen}'s suggestions", severity="error")
            return
        app = self.app
        if hasattr(app, "suggestions"):
            app.suggestions = chosen  # the next documents open with the same view
        self._after_edit(None)
        self.notify(
            f"Suggestions of {chosen}: {added} to review." if chosen else "Suggestions hidden."
        )
