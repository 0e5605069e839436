"""The annotation screen: tag spans in one document, keyboard first.

All the editing is ``SetEditorScreen``'s (screens/editing.py), shared with the adjudication
screen; this screen adds what only annotators have: accepting and rejecting pre-annotations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType

from annotator.model import MANUAL, AnnotationSet, Span
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
        ]
    )

    def autosave_delay(self) -> float:
        return AUTOSAVE_SECONDS  # this module's name, so tests can shorten it here

    def action_toggle_panel(self) -> None:
        """Show or hide the span details and the span list together."""
        self.query_one("#side").toggle_class("hidden")

    # -- pre-annotations ---------------------------------------------------------------------------

    def _imported_target(self) -> Span | None:
        target = self._target_span()
        if target is None or not target.imported:
            imported = [s for s in self.aset.spans_at(self.article.cursor) if s.imported]
            target = imported[-1] if imported else None
        return target

    def action_accept(self, whole_label: bool) -> None:
        """Make the pre-annotation at the cursor (or all of its label) the annotator's own."""
        self._settle_imported(
            whole_label,
            "accept",
            lambda s, span: s.change_span(self.schema, span.id, origin=MANUAL),
        )

    def action_reject(self, whole_label: bool) -> None:
        """Remove the pre-annotation at the cursor (or all of its label)."""
        self._settle_imported(whole_label, "reject", lambda s, span: s.remove_span(span.id))

    def _settle_imported(
        self,
        whole_label: bool,
        verb: str,
        settle: Callable[[AnnotationSet, Span], AnnotationSet],
    ) -> None:
        target = self._imported_target()
        if target is None:
            self.notify("No pre-annotation here.")
            return
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
