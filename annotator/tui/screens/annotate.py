"""The annotation screen: tag spans in one document, keyboard first.

All the editing is ``SetEditorScreen``'s (screens/editing.py), shared with the adjudication
screen; this screen adds what only annotators have: accepting and rejecting pre-annotations.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from annotator.model import MANUAL, AnnotationSet, Span
from annotator.tui.screens.editing import AUTOSAVE_SECONDS, RECOVERY_SECONDS, SetEditorScreen

__all__ = ["AUTOSAVE_SECONDS", "RECOVERY_SECONDS", "AnnotateScreen"]


class AnnotateScreen(SetEditorScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "accept(False)", "Accept pre-annotation", show=False, id="annotate.accept"),
        Binding("Y", "accept(True)", "Accept all of label", show=False, id="annotate.accept_all"),
        Binding("x", "reject(False)", "Reject pre-annotation", show=False, id="annotate.reject"),
        Binding("X", "reject(True)", "Reject all of label", show=False, id="annotate.reject_all"),
    ]

    def autosave_delay(self) -> float:
        return AUTOSAVE_SECONDS  # this module's name, so tests can shorten it here

    # -- pre-annotations ---------------------------------------------------------------------------

    def _imported_target(self) -> Span | None:
        target = self._target_span()
        if target is None or not target.imported:
            imported = [s for s in self.aset.spans_at(self.article.cursor) if s.imported]
            target = imported[-1] if imported else None
        return target

    def action_accept(self, whole_label: bool) -> None:
        target = self._imported_target()
        if target is None:
            self.notify("No pre-annotation here.")
            return
        chosen = (
            [s for s in self.aset.spans if s.imported and s.label == target.label]
            if whole_label
            else [target]
        )

        def accept(s: AnnotationSet) -> AnnotationSet:
            for span in chosen:
                s = s.change_span(self.schema, span.id, origin=MANUAL)
            return s

        if self.edit(
            f"accept {len(chosen)} {target.label}", accept, [(x.start, x.end) for x in chosen]
        ):
            self.notify(f"Accepted {len(chosen)} pre-annotated {target.label} span(s).")

    def action_reject(self, whole_label: bool) -> None:
        target = self._imported_target()
        if target is None:
            self.notify("No pre-annotation here.")
            return
        chosen = (
            [s for s in self.aset.spans if s.imported and s.label == target.label]
            if whole_label
            else [target]
        )

        def reject(s: AnnotationSet) -> AnnotationSet:
            for span in chosen:
                s = s.remove_span(span.id)
            return s

        if self.edit(
            f"reject {len(chosen)} {target.label}", reject, [(x.start, x.end) for x in chosen]
        ):
            self.notify(f"Rejected {len(chosen)} pre-annotated {target.label} span(s).")
