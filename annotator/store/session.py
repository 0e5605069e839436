"""One person editing one annotation file: lock, undo history, saving and crash recovery.

The app only draws and dispatches; everything that decides whether work is safe lives here and
is tested without a terminal:

- the file is locked for the whole session (a second session is refused with the holder's name);
- every edit goes through the undo history;
- ``save`` stamps the time and replaces the file atomically, then deletes the recovery file;
- ``write_recovery`` keeps a copy of unsaved work under ``.annotator/recovery/`` after each edit,
  so a crash, a killed terminal or a power cut loses nothing: the next session finds the copy
  and offers it (``recovered``) before anything else;
- a project on a read-only filesystem (or one the user may not write) opens read-only:
  ``read_only`` says why, nothing is locked or written, and ``save`` refuses with that reason.

Saving may run on a worker thread while the editing thread goes on editing (the app autosaves
that way: writing a 10,000-span set takes tens of milliseconds, too long to hold a key). So a
save takes its snapshot under ``_state_lock``, the lock every change of the current set takes,
and after writing puts the stamped set in place only if the current set is still the very one
it wrote (compare-and-replace, under the same lock): an edit made meanwhile is never
overwritten, and stays unsaved (dirty) until the next save. Saves and recovery copies are
serialised by ``_write_lock`` and each takes its snapshot inside it, so the last one to write
writes the newest state. Once ``close`` has saved, background saves do nothing (the file's lock
is released then).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.errors import AnnotatorError, DiskError
from annotator.model.annotation_set import AnnotationSet
from annotator.model.history import History, Step
from annotator.store.annotation_file import dump_annotation_set, load_annotation_set
from annotator.store.atomic import write_atomic
from annotator.store.locks import SetLock
from annotator.store.project import PRIVATE, Project
from annotator.team.active_time import ActiveClock


def _as_is(aset: AnnotationSet) -> AnnotationSet:
    return aset


@dataclass(frozen=True, slots=True)
class Recovered:
    """Unsaved work found from an earlier session that ended without saving."""

    path: Path
    aset: AnnotationSet
    problem: str | None = None  # set when the copy could not be read; it is kept, not deleted


class EditingSession:
    def __init__(
        self,
        project: Project,
        aset: AnnotationSet,
        path: Path,
        lock: SetLock | None,
        *,
        gold: bool = False,
        read_only: str | None = None,
    ) -> None:
        self.project = project
        self.path = path
        self.lock = lock
        self.gold = gold
        #: Why this session cannot save (a read-only project), or None.
        self.read_only = read_only
        self.history: History[AnnotationSet] = History(aset)
        self._saved_generation = 0
        #: Held while a file of this session is written (saves and recovery copies in turn).
        self._write_lock = threading.RLock()
        #: Held by every change of the current set and by a save's snapshot and its
        #: compare-and-replace, so that a save on another thread never loses an edit.
        self._state_lock = threading.Lock()
        self._closed = False
        #: Active annotation time on this set; the app feeds it key presses.
        self.clock = ActiveClock(aset.active_seconds)
        self._saved_seconds = aset.active_seconds
        relative = project.relative(path)
        self.recovery_path = project.root / PRIVATE / "recovery" / relative
        self.recovered = self._find_recovery()
        #: What of the set is written (e.g. without suggestions merely shown; docs/suggest.md).
        self.saved_form: Callable[[AnnotationSet], AnnotationSet] = _as_is

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, project: Project, annotator: str, doc_id: str) -> EditingSession:
        """Lock and load ``annotator``'s set for the document (a new set if there is none).

        Raises LockedError, or the load's FormatError/ValidationError/TextChangedError; in
        every case the lock is released again and nothing on disk is touched.
        """
        reason = project.read_only_reason()
        if reason is not None:
            aset = project.load_set(annotator, doc_id)
            path = project.annotation_path(annotator, doc_id)
            return cls(project, aset, path, None, read_only=reason)
        lock = project.lock_set(annotator, doc_id)
        try:
            aset = project.load_set(annotator, doc_id)
        except BaseException:
            lock.release()
            raise
        return cls(project, aset, project.annotation_path(annotator, doc_id), lock)

    @classmethod
    def open_gold(
        cls, project: Project, adjudicator: str, doc_id: str, start: AnnotationSet
    ) -> EditingSession:
        """Lock the gold file; edit the existing gold set, or ``start`` if there is none."""
        reason = project.read_only_reason()
        if reason is not None:
            existing = project.load_gold(doc_id)
            path = project.gold_path(doc_id)
            return cls(project, existing or start, path, None, gold=True, read_only=reason)
        lock = project.lock_gold(doc_id, adjudicator)
        try:
            existing = project.load_gold(doc_id)
        except BaseException:
            lock.release()
            raise
        return cls(project, existing or start, project.gold_path(doc_id), lock, gold=True)

    def _find_recovery(self) -> Recovered | None:
        if not self.recovery_path.is_file():
            return None
        try:
            aset = load_annotation_set(
                self.recovery_path, self.current.document, self.project.schema
            )
        except AnnotatorError as err:
            return Recovered(self.recovery_path, self.current, str(err))
        if dump_annotation_set(aset.touched(self.current.updated)) == dump_annotation_set(
            self.current
        ):
            self.recovery_path.unlink()  # nothing was lost: the file has it all
            return None
        return Recovered(self.recovery_path, aset)

    def restore_recovered(self) -> None:
        """Take the recovered work as an undoable edit (saved at the next save)."""
        if self.recovered is None or self.recovered.problem is not None:
            return
        recovered = self.recovered.aset
        with self._state_lock:
            self.history.apply("restore unsaved work", lambda _: recovered)
        self.recovered = None

    def discard_recovered(self) -> None:
        if self.recovered is not None and self.recovered.problem is None:
            with contextlib.suppress(OSError):
                self.recovered.path.unlink()
        self.recovered = None

    # -- editing -------------------------------------------------------------------------------

    @property
    def current(self) -> AnnotationSet:
        return self.history.current

    @property
    def dirty(self) -> bool:
        return self.history.generation != self._saved_generation

    def apply(self, description: str, edit: Callable[[AnnotationSet], AnnotationSet]) -> bool:
        """Apply an edit; True if it changed the set. Raises EditError, changing nothing."""
        with self._state_lock:
            before = self.history.generation
            self.history.apply(description, edit)
            return self.history.generation != before

    def undo(self) -> Step[AnnotationSet] | None:
        with self._state_lock:
            return self.history.undo()

    def redo(self) -> Step[AnnotationSet] | None:
        with self._state_lock:
            return self.history.redo()

    def replace_current(self, aset: AnnotationSet) -> None:
        """Show ``aset`` instead of the current set without an undo step (not an edit: e.g.
        suggestions shown), safely against a save running on another thread."""
        with self._state_lock:
            self.history.replace_current(aset)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> Path:
        """Write the current set (stamped now) atomically and drop the recovery copy."""
        if self.read_only is not None:
            raise DiskError(
                f"cannot save: the project is open read-only ({self.read_only})",
                file=self.project.relative(self.path),
            )
        with self._write_lock:
            with self._state_lock:
                current = self.history.current
                generation = self.history.generation
                seconds = self.clock.total
            stamped = replace(current.touched(), active_seconds=seconds)
            write_atomic(self.path, dump_annotation_set(self.saved_form(stamped)))
            with self._state_lock:
                if self.history.current is current:  # nothing changed while writing
                    self.history.replace_current(stamped)
                # The file now holds this generation; an edit made while writing keeps the
                # set dirty (generations only grow).
                self._saved_generation = generation
                self._saved_seconds = seconds
            with contextlib.suppress(OSError):
                self.recovery_path.unlink()
        return self.path

    def save_if_dirty(self) -> bool:
        """Save unsaved edits, or new active time on a set that has a file already (time
        spent only reading a document with no file yet creates none); never in a project
        opened read-only, nor after ``close``. Safe to call from a worker thread."""
        with self._write_lock:
            if self._closed or self.read_only is not None:
                return False
            time_to_record = self.clock.total != self._saved_seconds and self.path.exists()
            if self.dirty or time_to_record:
                self.save()
                return True
            return False

    def write_recovery(self, aset: AnnotationSet | None = None) -> None:
        """Keep a copy of unsaved work; safe to call from a worker thread."""
        with self._write_lock:
            if not self.dirty or self.read_only is not None:
                return
            snapshot = aset or self.current
            write_atomic(self.recovery_path, dump_annotation_set(self.saved_form(snapshot)))

    def close(self, *, save: bool = True) -> None:
        """Save if asked and needed (waiting for a save under way on another thread), then
        release the lock; background saves do nothing from then on. Idempotent."""
        try:
            if save:
                self.save_if_dirty()
        finally:
            with self._write_lock:
                self._closed = True
            if self.lock is not None:
                self.lock.release()
