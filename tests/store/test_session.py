"""Editing sessions: nothing is lost between edits, saves, crashes and second sessions."""

from __future__ import annotations

import pytest

from annotator.errors import LockedError, TextChangedError
from annotator.store.annotation_file import dump_annotation_set
from annotator.store.project import Project
from annotator.store.session import EditingSession

SEED = "xinhua-deir-ezzor"


def tag_first_word(session: EditingSession) -> None:
    schema = session.project.schema
    session.apply("tag", lambda s: s.add_span(schema, "ACTOR", 0, 4)[0])


def test_edit_save_and_reopen(sample_project: Project) -> None:
    session = EditingSession.open(sample_project, "carol", SEED)
    assert session.current.spans == () and not session.dirty
    tag_first_word(session)
    assert session.dirty
    session.close()
    again = EditingSession.open(sample_project, "carol", SEED)
    assert [(s.start, s.end) for s in again.current.spans] == [(0, 4)]
    assert again.current.status == "in_progress" and again.current.updated is not None
    again.close()


def test_a_second_session_on_the_same_file_is_refused(sample_project: Project) -> None:
    first = EditingSession.open(sample_project, "ann1", SEED)
    with pytest.raises(LockedError, match="open in another session"):
        EditingSession.open(sample_project, "ann1", SEED)
    first.close()
    EditingSession.open(sample_project, "ann1", SEED).close()


def test_unsaved_work_survives_a_crash_and_is_offered(sample_project: Project) -> None:
    session = EditingSession.open(sample_project, "ann1", SEED)
    saved = sample_project.annotation_path("ann1", SEED).read_bytes()
    tag_first_word(session)
    session.write_recovery()
    session.lock.release()  # the process "dies": no save, lock gone with it
    assert sample_project.annotation_path("ann1", SEED).read_bytes() == saved
    reopened = EditingSession.open(sample_project, "ann1", SEED)
    assert reopened.recovered is not None and reopened.recovered.problem is None
    assert len(reopened.recovered.aset.spans) == len(reopened.current.spans) + 1
    reopened.restore_recovered()
    assert reopened.dirty
    reopened.close()
    final = EditingSession.open(sample_project, "ann1", SEED)
    assert final.recovered is None
    assert any((s.start, s.end, s.label) == (0, 4, "ACTOR") for s in final.current.spans)
    final.close()


def test_discarding_recovered_work_deletes_the_copy(sample_project: Project) -> None:
    session = EditingSession.open(sample_project, "ann1", SEED)
    tag_first_word(session)
    session.write_recovery()
    session.lock.release()
    reopened = EditingSession.open(sample_project, "ann1", SEED)
    path = reopened.recovery_path
    reopened.discard_recovered()
    assert not path.exists()
    reopened.close()


def test_saving_twice_without_edits_keeps_the_bytes(sample_project: Project) -> None:
    session = EditingSession.open(sample_project, "ann2", SEED)
    before = sample_project.annotation_path("ann2", SEED).read_text(encoding="utf-8")
    session.close()  # not dirty: not written
    assert sample_project.annotation_path("ann2", SEED).read_text(encoding="utf-8") == before
    assert dump_annotation_set(sample_project.load_set("ann2", SEED)) == before


def test_undo_after_a_save_returns_to_the_saved_content(sample_project: Project) -> None:
    session = EditingSession.open(sample_project, "carol", SEED)
    tag_first_word(session)
    session.save()
    schema = session.project.schema
    session.apply("tag", lambda s: s.add_span(schema, "CLAIM", 0, 4)[0])
    session.undo()
    assert [(s.label, s.start, s.end) for s in session.current.spans] == [("ACTOR", 0, 4)]
    session.close()
    assert len(sample_project.load_set("carol", SEED).spans) == 1


def test_a_changed_text_refuses_to_open_and_keeps_the_file(sample_project: Project) -> None:
    path = sample_project.annotation_path("ann1", SEED)
    before = path.read_bytes()
    text = sample_project.text_path(SEED)
    text.write_text("تحديث: " + text.read_text(encoding="utf-8"), encoding="utf-8")
    sample_project.forget_document(SEED)
    with pytest.raises(TextChangedError, match="changed since these annotations were made"):
        EditingSession.open(sample_project, "ann1", SEED)
    assert path.read_bytes() == before
    EditingSession.open(sample_project, "carol", SEED).close()  # the lock was released
