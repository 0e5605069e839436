"""Editing one annotation set with the keyboard: what the annotation screen and the
adjudication screen share.

``SetEditorScreen`` dispatches keys to the editing session (store/session.py) and the model's
editing API, and redraws what changed; all rules (what is a valid span, snapping, proclitics,
search folding) live in the pure layers. Subclasses say what else the screen shows through a
few hooks: ``title_text``, ``side_panels``, ``span_layer`` and ``span_styler`` (what the article
highlights and how), ``refine_edit`` (adjust every hand edit inside its undo step),
``status_text``, ``help_intro`` and ``autosave_delay``.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import chain
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from annotator.errors import AnnotatorError, EditError
from annotator.model import AnnotationSet, Span
from annotator.store.session import EditingSession
from annotator.text.arabic import find_all, trim_selection
from annotator.text.tokens import has_word, snap_to_tokens, word_at
from annotator.tui import collector
from annotator.tui.keymap import arabic_bindings, key_names, with_arabic_keys
from annotator.tui.partial_compositor import PartialCompositor
from annotator.tui.screens.help import HelpScreen, binding_rows
from annotator.tui.screens.modals import (
    AttributesModal,
    Choice,
    ChoiceModal,
    ConfirmMatchesModal,
    NoteModal,
    PickModal,
)
from annotator.tui.visual import one_line, plural
from annotator.tui.widgets.article_view import ArticleView, SpanLayer, SpanStyler
from annotator.tui.widgets.layout_input import LayoutInput
from annotator.tui.widgets.span_details import SpanDetails
from annotator.tui.widgets.span_list import SpanList
from annotator.tui.widgets.status_bar import StatusBar

AUTOSAVE_SECONDS = 2.0
#: Unsaved work is copied to the recovery file this long after the last edit (a crash inside
#: this window loses at most that edit; quitting, Ctrl+C, SIGHUP and exceptions save first).
RECOVERY_SECONDS = 0.4


class SetEditorScreen(Screen[None]):
    DEFAULT_CSS = """
    SetEditorScreen #title { height: 1; background: $primary; color: $text; padding: 0 1; }
    SetEditorScreen #main { height: 1fr; }
    SetEditorScreen ArticleView { width: 1fr; }
    SetEditorScreen #side { width: 38%; max-width: 52; min-width: 24; border-left: tall $primary; }
    SetEditorScreen #side.hidden { display: none; }
    SetEditorScreen SpanList { height: 1fr; }
    SetEditorScreen SpanList.hidden { display: none; }
    SetEditorScreen #search { display: none; }
    SetEditorScreen #search.visible { display: block; }
    """

    #: The article's widget class (the adjudication screen's draws ahead where its keys jump).
    ARTICLE_VIEW: ClassVar[type[ArticleView]] = ArticleView

    #: Digits 1-9 tag with the schema's labels in order (the adjudication screen uses them to
    #: take annotators' versions instead).
    LABEL_DIGITS: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = arabic_bindings(
        [
            Binding("t", "trim", "Trim proclitics/punctuation", id="annotate.trim"),
            Binding(
                "ctrl+c,super+c",
                "copy_text",
                "Copy the selection (or the span at the cursor)",
                show=False,
                id="annotate.copy",
            ),
            Binding("s", "toggle_snap", "Snap to words on/off", show=False, id="annotate.snap"),
            Binding("e", "edit_attributes", "Attributes", id="annotate.attributes"),
            Binding("n", "edit_note", "Note", show=False, id="annotate.note"),
            Binding("d,delete", "delete_span", "Delete span", id="annotate.delete"),
            Binding("r", "link", "Link claim→source", id="annotate.link"),
            Binding("o", "cycle_span", "Next nested span", show=False, id="annotate.cycle"),
            Binding("u,ctrl+z", "undo", "Undo", id="annotate.undo"),
            Binding("ctrl+y,U", "redo", "Redo", show=False, id="annotate.redo"),
            Binding("slash", "search", "Search", id="annotate.search"),
            Binding(
                "full_stop,f3", "next_match(1)", "Next match", show=False, id="annotate.next_match"
            ),
            Binding(
                "comma,shift+f3",
                "next_match(-1)",
                "Previous match",
                show=False,
                id="annotate.prev_match",
            ),
            Binding("T", "tag_matches", "Tag all matches", show=False, id="annotate.tag_matches"),
            Binding("ctrl+d", "toggle_done", "Done", id="annotate.done"),
            Binding(
                "greater_than_sign,ctrl+pagedown",
                "other_document(1)",
                "Next doc",
                show=False,
                id="annotate.next_doc",
            ),
            Binding(
                "less_than_sign,ctrl+pageup",
                "other_document(-1)",
                "Previous doc",
                show=False,
                id="annotate.prev_doc",
            ),
            Binding("ctrl+s", "save", "Save", show=False, id="annotate.save"),
            Binding("ctrl+o", "documents", "Documents", id="annotate.documents"),
            Binding("p,f2", "toggle_panel", "Span panel", show=False, id="annotate.panel"),
            Binding("question_mark,f1", "help", "Help", id="annotate.help"),
            Binding("tab", "link_jump(1)", "Next actor when linking (else next pane)", show=False),
            Binding("shift+tab", "link_jump(-1)", "Previous actor when linking", show=False),
            Binding("enter", "link_confirm", "Link to (or unlink from) this actor", show=False),
            Binding(
                "L", "link_pick", "Pick the source from a list", show=False, id="annotate.link_list"
            ),
            Binding("escape", "cancel_mode", "Cancel linking, search or selection", show=False),
        ]
    )

    def __init__(self, session: EditingSession, *, snap: bool = True) -> None:
        super().__init__()
        # Partial updates (every key) draw only the rows and widgets they send.
        self._compositor = PartialCompositor()
        self.session = session
        self.schema = session.project.schema
        self.label_colors = {name: label.color for name, label in self.schema.labels.items()}
        self.snap = snap
        self.current_label: str | None = None
        self.status_message = ""
        self.link_from: Span | None = None
        #: A span made current by hand (o, or a jump from the span list) stays current until
        #: the cursor moves; otherwise the innermost span at the cursor is current.
        self._pinned: tuple[Span, int] | None = None
        self._autosave_timer: Timer | None = None
        self._edit_extents: dict[int, tuple[AnnotationSet, list[tuple[int, int]]]] = {}
        self._recovery_timer: Timer | None = None
        self._details: list[SpanDetails] = []
        self._pages_top: int | None = None  # the article's scroll when the list last drew ahead
        # The label keys are the most used: bound first, so the footer shows them first.
        declared = self._bindings
        self._bindings = BindingsMap()
        for number, (name, label) in enumerate(self.schema.labels.items(), 1):
            digit = str(number) if number < 10 and self.LABEL_DIGITS else ""
            keys = ",".join(k for k in (label.key, digit) if k)
            self._bindings.bind(
                with_arabic_keys(keys), f"tag('{name}')", f"Tag {name}", show=number <= 4
            )
        for key, bindings in declared.key_to_bindings.items():
            self._bindings.key_to_bindings.setdefault(key, []).extend(bindings)

    # -- composition ---------------------------------------------------------------------------

    @property
    def aset(self) -> AnnotationSet:
        return self.session.current

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def spans_panel(self) -> SpanList:
        return self.query_one(SpanList)

    def compose(self) -> ComposeResult:
        options = self.app.layout_options  # type: ignore[attr-defined]
        doc = self.aset.document
        yield Static(self.title_text(), id="title")
        with Horizontal(id="main"):
            yield self.ARTICLE_VIEW(
                doc.text,
                self.span_layer(),
                self.label_colors,
                options=options,
                styler=self.span_styler(),
                id="article",
            )
            yield from self.side_panels()
        yield LayoutInput(
            placeholder="search (harakat, tatweel and letter forms ignored)", id="search"
        )
        yield StatusBar(id="status")
        yield Footer()

    # -- hooks for subclasses ----------------------------------------------------------------------

    def title_text(self) -> str:
        doc = self.aset.document
        return (
            f"{self.session.project.config.name} · {doc.id} · {plural(doc.chars, 'character')} · "
            f"annotator {self.aset.annotator}"
        )

    def side_panels(self) -> ComposeResult:
        """The panels right of the article (the span list, at least: editing uses it)."""
        options = self.app.layout_options  # type: ignore[attr-defined]
        with Vertical(id="side"):
            details = SpanDetails(self.label_colors, id="details")
            details.layout_options = options
            details.label_defs = self.schema.labels
            yield details
            yield SpanList(self.aset, self.label_colors, options=options, id="spans")

    def span_layer(self) -> SpanLayer:
        """What the article highlights: the set being edited."""
        return self.aset

    def span_styler(self) -> SpanStyler | None:
        """How the article draws a span (None: the label colours)."""
        return None

    def refine_edit(self, before: AnnotationSet, after: AnnotationSet) -> AnnotationSet:
        """Adjust a hand edit's result inside its undo step (the adjudication screen records
        provenance and decisions here)."""
        return after

    def status_text(self) -> str:
        return self.aset.status.replace("_", " ")

    def help_intro(self) -> str:
        return (
            "Select text with Shift+arrows or the mouse, press a label key to tag it. "
            "Arrows move as the text is drawn: in Arabic, Left goes forward. "
            "With an Arabic keyboard layout every letter key works as marked (ش on a tags "
            "ACTOR, ١–٤ act like 1–4). Shift+L sends / there (search): use the Latin layout "
            "for L; Shift+T and Shift+G work on Linux's Arabic layout, not on Windows' (it "
            "sends two letters, لإ and لأ)."
        )

    def autosave_delay(self) -> float:
        """Seconds of quiet after an edit before the file is written."""
        return AUTOSAVE_SECONDS

    def on_mount(self) -> None:
        self.article.cursor_listener = self._cursor_moved
        self.article.selection_filter = self._selection_as_used
        self.article.set_breaks(self._breaks())
        self.article.focus()
        self._sync_current()
        self.update_status()
        if self.session.recovered is not None:
            self.call_after_refresh(self._offer_recovery)
        self.call_after_refresh(collector.settle)  # the document, its spans and first page
        collector.collect_in_pauses(self)

    def on_unmount(self) -> None:
        collector.release()

    def _breaks(self) -> list[int]:
        return [b for s in self.aset.spans for b in (s.start, s.end)]

    # -- recovery, saving ---------------------------------------------------------------------

    def _offer_recovery(self) -> None:
        recovered = self.session.recovered
        if recovered is None:
            return
        if recovered.problem is not None:
            self.notify(
                f"Unsaved work was found but cannot be read; it is kept at {recovered.path}: "
                f"{recovered.problem}",
                severity="error",
                timeout=15,
            )
            return
        body = (
            f"A session on this document ended without saving. The unsaved copy has "
            f"{plural(len(recovered.aset.spans), 'span')}; the saved file has "
            f"{plural(len(self.aset.spans), 'span')}."
        )

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self.session.restore_recovered()
                self._after_edit(None)
                self.notify("Unsaved work restored (u undoes it).")
            elif choice == "discard":
                self.session.discard_recovered()

        self.app.push_screen(
            ChoiceModal(
                "Recover unsaved work?",
                body,
                [("restore", "Restore it"), ("discard", "Discard it"), ("later", "Decide later")],
            ),
            answer,
        )

    def _schedule_autosave(self) -> None:
        for timer in (self._autosave_timer, self._recovery_timer):
            if timer is not None:
                timer.stop()
        self._autosave_timer = self.set_timer(self.autosave_delay(), self.autosave)
        self._recovery_timer = self.set_timer(RECOVERY_SECONDS, self._write_recovery)

    class Autosaved(Message):
        """A background save ended (``error``: why it failed, else None)."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def autosave(self) -> None:
        """Save unsaved work on a worker thread: writing a large set takes tens of
        milliseconds, and a key pressed meanwhile is handled at once. Nothing is lost to
        the thread: the session saves only what is current when it writes, never over a
        newer edit, and quitting or closing the document saves synchronously after any save
        under way (EditingSession.close)."""
        self._save_in_background()

    @work(thread=True, group="autosave", description="autosave")
    def _save_in_background(self) -> None:
        try:
            saved = self.session.save_if_dirty()
        except OSError as err:
            self._tell(self.Autosaved(f"Could not save {self.session.path}: {err}"))
            return
        if saved:
            self._tell(self.Autosaved(None))

    def _tell(self, message: Message) -> None:
        """Post from a worker thread (post_message is thread-safe); an app already shutting
        down has no loop to take it, and has nothing left to show it on."""
        with contextlib.suppress(RuntimeError):
            self.post_message(message)

    def on_set_editor_screen_autosaved(self, event: SetEditorScreen.Autosaved) -> None:
        if event.error is not None:
            self.notify(event.error, severity="error")
        else:
            self.update_status()

    @work(thread=True, exclusive=True, group="recovery", description="write recovery copy")
    def _write_recovery(self) -> None:
        with contextlib.suppress(OSError):  # the real save will report the problem
            self.session.write_recovery()

    def action_save(self) -> None:
        try:
            path = self.session.save()
        except OSError as err:
            self.notify(f"Could not save: {err}", severity="error")
            return
        self.notify(f"Saved {self.session.project.relative(path)}")
        self.update_status()

    # -- edits ----------------------------------------------------------------------------------

    def edit(
        self,
        description: str,
        fn: Callable[[AnnotationSet], AnnotationSet],
        changed: list[tuple[int, int]] | None = None,
        *,
        refine: bool = True,
    ) -> bool:
        """Apply an edit through the undo history and redraw what it changed.

        ``refine=False`` for edits that already are what they should be (``refine_edit`` is
        for hand edits)."""
        before = self.aset
        try:
            changed_anything = self.session.apply(
                description,
                (lambda old: self.refine_edit(old, fn(old))) if refine else fn,
            )
        except EditError as err:
            self.notify(err.message, severity="warning")
            return False
        if changed_anything:
            self.status_message = description
            if changed is not None:
                self._remember_extents(self.aset, changed)
            self._after_edit(changed, before)
        return changed_anything

    def _remember_extents(self, after: AnnotationSet, changed: list[tuple[int, int]]) -> None:
        """Keep where an edit changed the text's spans, so that undoing or redoing it repaints
        only there (a full repaint and a pass over every span boundary cost a 10,000-span
        document tens of milliseconds a key)."""
        extents = self._edit_extents
        extents[id(after)] = (after, changed)
        while len(extents) > self.session.history.limit:  # the oldest steps are gone anyway
            del extents[next(iter(extents))]

    def _extents_of(self, after: AnnotationSet) -> list[tuple[int, int]] | None:
        found = self._edit_extents.get(id(after))
        return found[1] if found is not None and found[0] is after else None

    def _after_edit(
        self, changed: list[tuple[int, int]] | None, before: AnnotationSet | None = None
    ) -> None:
        aset = self.aset
        self.article.set_layer(self.span_layer(), changed)
        if changed is None or before is None:
            self.article.set_breaks(self._breaks())
        else:
            old = {s for a, b in changed for s in before.spans_overlapping(a, b)}
            new = {s for a, b in changed for s in aset.spans_overlapping(a, b)}
            self.article.update_breaks(
                [b for s in new - old for b in (s.start, s.end)],
                [b for s in old - new for b in (s.start, s.end)],
            )
        self.spans_panel.set_set(aset)
        self._sync_current()
        self.update_status()
        self._schedule_autosave()
        collector.settle()  # this version of the set lives in the undo history from now on

    def _target_span(self) -> Span | None:
        """The span keys act on: the highlighted one in the span list when it has focus,
        else the article's current span (innermost at the cursor, or chosen with o)."""
        if self.focused is self.spans_panel:
            return self.spans_panel.highlighted
        return self.article.current_span

    def _selection_as_used(self, start: int, end: int) -> tuple[int, int]:
        """A selection as the label keys use it (and the article highlights it): whole words
        when snapping is on."""
        return snap_to_tokens(self.article.text, start, end) if self.snap else (start, end)

    def _tag_range(self) -> tuple[int, int] | None:
        """What a label key tags: exactly the selection shown, or the word at the cursor."""
        article = self.article
        if article.selection is not None:
            return article.shown_selection
        return word_at(article.text, article.cursor)

    def action_tag(self, label: str) -> None:
        """Label key: tag the selection (or the word at the cursor) with ``label``; on an
        existing span with no selection, change that span's label."""
        self.current_label = label
        article = self.article
        if self.link_from is not None:
            return
        if article.selection is None:
            target = self._target_span()
            if target is not None and (
                self.focused is self.spans_panel or target.contains(article.cursor)
            ):
                if target.label == label:
                    return
                defaults = self._defaults(label)
                self.edit(
                    f"relabel {target.id} as {label}",
                    lambda s: s.change_span(
                        self.schema, target.id, label=label, attributes=defaults
                    ),
                    [(target.start, target.end)],
                )
                return
        extent = self._tag_range()
        if extent is None:
            self.notify("Select text (shift+arrows or drag) or put the cursor on a word.")
            return
        start, end = extent
        if not has_word(article.text, start, end):
            self.notify(
                "Nothing to tag: "
                + ("the selection holds" if article.selection else "the cursor is on")
                + " only punctuation or space. Select a word, or move onto one.",
                severity="warning",
            )
            return
        existing = self.aset.find(start, end, label)
        if existing is not None:
            self.notify(f"Already tagged {label} as {existing.id}.")
            return
        created: list[Span] = []

        def add(s: AnnotationSet) -> AnnotationSet:
            new, span = s.add_span(self.schema, label, start, end, attributes=self._defaults(label))
            created.append(span)
            return new

        if self.edit(f"tag {label}", add, [(start, end)]):
            article.clear_selection()
            self._pin(created[0])

    def _defaults(self, label: str) -> dict[str, str]:
        definition = self.schema.labels.get(label)
        if definition is None:
            return {}
        return {n: a.default for n, a in definition.attributes.items() if a.default is not None}

    def action_trim(self) -> None:
        """Trim proclitics (و ف ب ك ل ...) and punctuation off the selection, or off the span
        at the cursor when nothing is selected."""
        article = self.article
        text = article.text
        if article.selection is not None:
            start, end = trim_selection(text, *article.selection)
            article.select_range(start, end)
            return
        target = self._target_span()
        if target is None:
            self.notify("Nothing to trim: select text or put the cursor on a span.")
            return
        start, end = trim_selection(text, target.start, target.end)
        if (start, end) == (target.start, target.end):
            self.notify("Nothing to trim (words like للقوات stay whole: see the guidelines).")
            return
        self.edit(
            f"trim {target.id}",
            lambda s: s.change_span(self.schema, target.id, start=start, end=end),
            [(target.start, target.end)],
        )

    def action_copy_text(self) -> None:
        """Ctrl+C: copy the selection as it would be tagged (or the span at the cursor) to the
        clipboard; Textual sends it to the terminal with OSC 52. Never quits."""
        article = self.article
        extent = article.shown_selection
        if extent is None:
            target = self._target_span()
            extent = (target.start, target.end) if target is not None else None
        if extent is None:
            self.notify("Nothing to copy: select text first. (Ctrl+Q quits.)")
            return
        text = article.text[extent[0] : extent[1]]
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {plural(len(text), 'character')}.")

    def action_toggle_snap(self) -> None:
        self.snap = not self.snap
        self.article.invalidate_selection()
        self.notify("Selections snap to whole words." if self.snap else "Selections are exact.")
        self.update_status()

    def action_delete_span(self) -> None:
        target = self._target_span()
        if target is None:
            self.notify("No span here.")
            return
        self.edit(
            f"delete {target.label} {target.id}",
            lambda s: s.remove_span(target.id),
            [(target.start, target.end)],
        )

    def action_edit_attributes(self) -> None:
        target = self._target_span()
        if target is None:
            self.notify("No span here.")
            return
        label = self.schema.labels.get(target.label)
        if label is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                self.edit(
                    f"attributes of {target.id}",
                    lambda s: s.change_span(self.schema, target.id, attributes=values),
                    [(target.start, target.end)],
                )

        self.app.push_screen(
            AttributesModal(
                label, dict(target.attributes), one_line(self.aset.span_text(target), 50)
            ),
            done,
        )

    def action_edit_note(self) -> None:
        target = self._target_span()
        if target is None:
            self.notify("No span here.")
            return

        def done(note: str | None) -> None:
            if note is not None:
                self.edit(
                    f"note on {target.id}",
                    lambda s: s.change_span(self.schema, target.id, note=note),
                )

        self.app.push_screen(
            NoteModal(target.note, one_line(self.aset.span_text(target), 50)), done
        )

    def action_cycle_span(self) -> None:
        """Make the next span around the cursor current (outer CLAIM, inner ACTOR, ...)."""
        spans = self.aset.spans_at(self.article.cursor)
        if not spans:
            return
        current = self.article.current_span
        index = spans.index(current) if current in spans else -1
        self._pin(spans[(index + 1) % len(spans)])
        self.update_status()

    def action_undo(self) -> None:
        step = self.session.undo()
        if step is None:
            self.notify("Nothing to undo.")
            return
        self._after_edit(self._extents_of(step.after), step.after)
        self.status_message = f"undid {step.description}"
        self.update_status()

    def action_redo(self) -> None:
        step = self.session.redo()
        if step is None:
            self.notify("Nothing to redo.")
            return
        self._after_edit(self._extents_of(step.after), step.before)
        self.status_message = f"redid {step.description}"
        self.update_status()

    def action_toggle_done(self) -> None:
        status = "in_progress" if self.aset.status == "done" else "done"
        missing = self.schema.missing_required(self.aset.spans) if status == "done" else []
        if missing:
            self._confirm_done_with_missing(missing)
            return
        self._set_status(status)

    def _confirm_done_with_missing(self, missing: list[tuple[Span, list[str]]]) -> None:
        lines = [
            f"{span.id} {span.label} {one_line(self.aset.span_text(span), 30)}: " + ", ".join(names)
            for span, names in missing[:12]
        ]
        if len(missing) > 12:
            lines.append(f"… and {len(missing) - 12} more")
        body = (
            f"{plural(len(missing), 'span')} {'lacks' if len(missing) == 1 else 'lack'} "
            "a required attribute:\n" + "\n".join(lines)
        )

        def answer(choice: str | None) -> None:
            if choice == "done":
                self._set_status("done")
            elif choice == "first":
                span = missing[0][0]
                self.article.move_to(span.start)
                self._pin(span)
                self.article.scroll_to_offset(span.start, center=True)

        self.app.push_screen(
            ChoiceModal(
                "Required attributes are empty",
                body,
                [("first", "Go to the first"), ("done", "Mark done anyway"), ("cancel", "Cancel")],
            ),
            answer,
        )

    def _set_status(self, status: str) -> None:
        if self.edit(f"mark {status}", lambda s: s.with_status(status)):  # type: ignore[arg-type]
            self.notify(f"Document marked {status.replace('_', ' ')}.")

    # -- linking ------------------------------------------------------------------------------------

    def _source_types(self, span: Span) -> list[str]:
        return [r.type for r in self.schema.relation_types_from(span.label)]

    def _actor_targets(self, claim: Span) -> list[Span]:
        """Every span the claim can be linked to (for the list; the keys use _next_target)."""
        return [s for s in self.aset.spans if self._is_target(claim, s)]

    def _is_target(self, claim: Span, span: Span) -> bool:
        """Can ``span`` be the claim's source (by the schema's first relation from it)?"""
        rtype = self._source_types(claim)[0]
        return span.label in self.schema.relations[rtype].to_labels and span.id != claim.id

    def _next_target(self, claim: Span, here: int, direction: int) -> Span | None:
        """The first possible source starting after ``here`` (direction +1) or the last one
        starting before it (-1), wrapping round; None when there is none. Spans are in start
        order: a bisection and a walk to the nearest one, not a pass over 10,000 spans on
        every Tab."""
        spans = self.aset.spans
        if direction > 0:
            i = bisect_right(spans, here, key=lambda s: s.start)
            order = chain(range(i, len(spans)), range(i))
        else:
            i = bisect_left(spans, here, key=lambda s: s.start)
            order = chain(range(i - 1, -1, -1), range(len(spans) - 1, i - 1, -1))
        return next((spans[j] for j in order if self._is_target(claim, spans[j])), None)

    def action_link(self) -> None:
        target = self._target_span()
        if target is None or not self._source_types(target):
            self.notify("Put the cursor on a CLAIM (or another span that can have a source) first.")
            return
        if self._next_target(target, target.start, 1) is None:
            self.notify("Tag the source ACTOR first.")
            return
        self.link_from = target
        self.action_link_jump(1)
        self.status_message = (
            "LINK: Tab/Shift+Tab next/previous actor · Enter link (or unlink) · L list · Esc cancel"
        )
        self.update_status()

    def action_link_jump(self, direction: int) -> None:
        if self.link_from is None:
            if direction > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        nxt = self._next_target(self.link_from, self.article.cursor, direction)
        if nxt is None:
            return
        self.article.move_to(nxt.start)
        self.article.set_current_span(nxt)

    def action_link_confirm(self) -> None:
        if self.link_from is None:
            if self.focused is self.spans_panel:
                self.spans_panel.action_choose()
            return
        current = self.article.current_span
        actor = (
            self.aset.span(current.id)
            if current is not None and self.aset.has_span(current.id)
            else None
        )
        if actor is None or not self._is_target(self.link_from, actor):
            self.notify("Move to an ACTOR with Tab first.")
            return
        self._link(self.link_from, actor)

    def _link(self, claim: Span, actor: Span) -> None:
        """Link the claim to the actor, or unlink them if they are linked already."""
        rtype = self._source_types(claim)[0]
        self.link_from = None
        self.status_message = ""
        existing = [
            r
            for r in self.aset.relations_of(claim.id)
            if (r.type, r.from_id, r.to_id) == (rtype, claim.id, actor.id)
        ]
        changed = [(claim.start, claim.end), (actor.start, actor.end)]
        if existing:
            if self.edit(
                f"unlink {claim.id} from {actor.id}",
                lambda s: s.remove_relation(existing[0].id),
                changed,
            ):
                self.notify(f"{claim.label} {claim.id} is no longer linked to {actor.id}")
        elif self.edit(
            f"link {claim.id} to {actor.id}",
            lambda s: s.add_relation(self.schema, rtype, claim.id, actor.id)[0],
            changed,
        ):
            self.notify(f"{claim.label} {claim.id} → {actor.label} {actor.id}")
        self.article.move_to(claim.start)
        self._pin(claim)
        self.update_status()

    def action_link_pick(self) -> None:
        claim = self.link_from or self._target_span()
        if claim is None or not self._source_types(claim):
            return
        actors = sorted(self._actor_targets(claim), key=lambda a: abs(a.start - claim.start))
        choices = [
            Choice(
                a.id,
                f"{a.id:>5}  {one_line(self.aset.span_text(a), 40)}  "
                f"({plural(abs(a.start - claim.start), 'char')} away)",
            )
            for a in actors
        ]

        def done(key: str | None) -> None:
            if key is not None and self.aset.has_span(key):
                self._link(claim, self.aset.span(key))

        self.app.push_screen(
            PickModal(f"Source of {claim.id}: {one_line(self.aset.span_text(claim), 40)}", choices),
            done,
        )

    def action_cancel_mode(self) -> None:
        if self.link_from is not None:
            self.link_from = None
            self.status_message = "linking cancelled"
            self.update_status()
        elif self.query_one("#search").has_class("visible"):
            self._close_search()
        elif self.article.matches:
            self.article.set_matches([])
        else:
            self.article.clear_selection()

    # -- search -----------------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("visible")
        search.focus()

    def _close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.remove_class("visible")
        self.article.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        matches = find_all(self.article.text, event.value) if event.value.strip() else []
        self.article.set_matches(matches)
        self._close_search()
        # the query as drawn (Arabic joined, right to left), not in typing order
        query = "'" + one_line(event.value, 40, self.app.layout_options) + "'"  # type: ignore[attr-defined]
        if matches:
            self.action_next_match(1)
            self.status_message = f"{plural(len(matches), 'match')} for {query}"
        else:
            self.status_message = f"no match for {query}"
        self.update_status()

    def action_next_match(self, direction: int) -> None:
        article = self.article
        here = article.selection[0] if article.selection is not None else article.cursor
        index = article.match_index_after(here, direction)
        if index is None:
            self.notify("No search results: press / to search.")
            return
        start, end = article.matches[index]
        article.select_range(start, end)
        self.status_message = f"match {index + 1}/{len(article.matches)}"
        self.update_status()

    def action_tag_matches(self) -> None:
        """T: ask which label to give every search match (the last one used first), then show
        the matches to confirm."""
        if not self.article.matches:
            self.notify("Search first (/), then tag all matches.")
            return
        names = list(self.schema.labels)
        if self.current_label in names:
            names.remove(self.current_label)
            names.insert(0, self.current_label)
        order = list(self.schema.labels)
        choices = []
        for name in names:
            number = order.index(name) + 1
            digit = str(number) if number < 10 and self.LABEL_DIGITS else ""
            keys = ",".join(k for k in (self.schema.labels[name].key, digit) if k)
            last = "  · last used" if name == self.current_label else ""
            choices.append(Choice(name, f"{name}  ({key_names(keys)}){last}", keys))

        def chosen(label: str | None) -> None:
            if label is not None:
                self._confirm_matches(label)

        self.app.push_screen(
            PickModal(f"Tag {plural(len(self.article.matches), 'match')} as which label?", choices),
            chosen,
        )

    def _confirm_matches(self, label: str) -> None:
        article = self.article
        self.current_label = label
        todo = [(s, e) for s, e in article.matches if self.aset.find(s, e, label) is None]
        if not todo:
            self.notify(f"Every match is already tagged {label}.")
            return
        text = article.text
        contexts = [
            one_line(f"{text[max(0, s - 25) : s]}⟦{text[s:e]}⟧{text[e : e + 25]}", 70)
            for s, e in todo
        ]

        def done(chosen: list[int] | None) -> None:
            if not chosen:
                return

            def tag_all(s: AnnotationSet) -> AnnotationSet:
                for i in chosen:
                    start, end = todo[i]
                    s, _ = s.add_span(
                        self.schema, label, start, end, attributes=self._defaults(label)
                    )
                return s

            what = plural(len(chosen), "match")
            if self.edit(f"tag {what} {label}", tag_all, [todo[i] for i in chosen]):
                self.notify(f"Tagged {what} as {label}.")

        self.app.push_screen(
            ConfirmMatchesModal(
                f"Tag {plural(len(todo), 'match')} as {label}? Untick the ones to leave.", contexts
            ),
            done,
        )

    # -- navigation -------------------------------------------------------------------------------

    def _cursor_moved(self, article: ArticleView) -> None:
        if self.link_from is None:
            self._sync_current()
        else:
            claim = self.link_from
            here = [s for s in self.aset.spans_at(article.cursor) if self._is_target(claim, s)]
            self.article.set_current_span(here[-1] if here else None)
        self.update_status()
        top = round(article.scroll_offset.y)
        if top != self._pages_top:  # scrolled: the list draws ahead the next pages' rows
            self._pages_top = top
            pages = article.pages_around()
            if pages is not None:
                self.spans_panel.prefetch_spans(*pages)

    def _sync_current(self) -> None:
        article = self.article
        spans = self.aset.spans_at(article.cursor)
        current = None
        if self._pinned is not None:
            pinned, offset = self._pinned
            if offset == article.cursor and self.aset.has_span(pinned.id):
                current = self.aset.span(pinned.id)
            else:
                self._pinned = None
        if current is None and spans:
            current = min(spans, key=lambda s: (s.end - s.start, s.start))
        article.set_current_span(current)
        self.spans_panel.show_span(current)
        self._show_details(current)

    def _pin(self, span: Span) -> None:
        self._pinned = (span, self.article.cursor)
        self.article.set_current_span(span)
        self.spans_panel.show_span(span)
        self._show_details(span)

    def _show_details(self, span: Span | None) -> None:
        # Found once (a query walks the whole screen, and this runs on every cursor move).
        if not self._details:
            self._details = list(self.query(SpanDetails))
        for details in self._details:
            details.show(span, self.aset)

    def on_span_list_chosen(self, event: SpanList.Chosen) -> None:
        self.article.move_to(event.span.start)
        self._pin(event.span)
        self.article.scroll_to_offset(event.span.start, center=True)
        self.article.focus()

    def on_span_list_highlighted(self, event: SpanList.Highlighted) -> None:
        self.update_status()

    def action_toggle_panel(self) -> None:
        self.spans_panel.toggle_class("hidden")

    def action_other_document(self, delta: int) -> None:
        self.app.open_neighbour(self.aset.document.id, delta)  # type: ignore[attr-defined]

    def action_documents(self) -> None:
        self.app.close_document()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(binding_rows(self), self.help_intro()))

    # -- status -------------------------------------------------------------------------------------

    def update_status(self) -> None:
        article = self.article
        counts = {name: 0 for name in self.schema.labels}
        counts.update(self.aset.counts())
        self.query_one(StatusBar).show(
            document=self.aset.document.id,
            annotator=self.aset.annotator,
            counts=counts,
            colors=self.label_colors,
            saved=not self.session.dirty,
            offset=article.cursor,
            selection=article.shown_selection,
            snap=self.snap,
            status=self.status_text(),
            message=self.status_message,
        )

    def close_session(self) -> None:
        """Save and release the document (on leaving the screen or quitting)."""
        for timer in (self._autosave_timer, self._recovery_timer):
            if timer is not None:
                timer.stop()
        try:
            self.session.close(save=True)
        except AnnotatorError as err:
            self.notify(str(err), severity="error")
