"""Saving on another thread while editing (the app's autosave): whatever the interleaving of
edits, undos, redos and background saves, no edit is lost from the session, and after
``close`` the file holds exactly the last state."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import AnnotationSet
from annotator.model.history import History
from annotator.resources import sample_corpus_path
from annotator.store.project import Project
from annotator.store.session import EditingSession

SEED = "xinhua-deir-ezzor"

#: edit n: tag the n-th word; undo; redo; save: start a save on a worker thread.
operations = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 40)),
        st.tuples(st.sampled_from(["undo", "redo", "save"]), st.just(0)),
    ),
    max_size=30,
)


def content(aset: AnnotationSet) -> list[tuple[int, int, str]]:
    return sorted(s.key for s in aset.spans)


def word_ranges(text: str) -> list[tuple[int, int]]:
    ranges, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() or ch in "،.":
            if start is not None:
                ranges.append((start, i))
                start = None
        elif start is None:
            start = i
    return ranges


@settings(max_examples=40, deadline=None)
@given(ops=operations, slow=st.booleans())
def test_background_saves_never_lose_an_edit(ops: list[tuple[str, int]], slow: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sample"
        shutil.copytree(sample_corpus_path(), root, ignore=shutil.ignore_patterns(".annotator"))
        project = Project.open(root)
        session = EditingSession.open(project, "carol", SEED)
        schema = project.schema
        words = word_ranges(session.current.text)
        reference: History[AnnotationSet] = History(session.current)
        if slow:  # widen the window between a save's snapshot and its compare-and-replace
            session.saved_form = lambda aset: (threading.Event().wait(0.002), aset)[1]
        savers: list[threading.Thread] = []
        errors: list[BaseException] = []

        def save() -> None:
            try:
                session.save_if_dirty()
            except BaseException as err:
                errors.append(err)

        for op, n in ops:
            if op == "edit":
                start, end = words[n % len(words)]

                def tag(s: AnnotationSet, a: int = start, b: int = end) -> AnnotationSet:
                    found = s.find(a, b, "ACTOR")
                    return (
                        s.remove_span(found.id) if found else s.add_span(schema, "ACTOR", a, b)[0]
                    )

                session.apply("tag", tag)
                reference.apply("tag", tag)
            elif op == "undo":
                session.undo()
                reference.undo()
            elif op == "redo":
                session.redo()
                reference.redo()
            else:
                thread = threading.Thread(target=save)
                thread.start()
                savers.append(thread)
            assert content(session.current) == content(reference.current)
        session.close()  # waits for a save under way, then saves what is current
        for thread in savers:
            thread.join()
        assert not errors
        assert content(session.current) == content(reference.current)
        saved = project.load_set("carol", SEED)
        assert content(saved) == content(reference.current)
        assert not session.recovery_path.exists() or session.dirty is False


def test_a_save_after_close_writes_nothing(sample_project: Project) -> None:
    """A background save that starts only after the session was closed (its file lock given
    back) leaves the file as close wrote it."""
    session = EditingSession.open(sample_project, "carol", SEED)
    schema = sample_project.schema
    session.apply("tag", lambda s: s.add_span(schema, "ACTOR", 0, 4)[0])
    session.close()
    path = sample_project.annotation_path("carol", SEED)
    written = path.read_bytes()
    session.apply("tag", lambda s: s.add_span(schema, "ACTOR", 5, 9)[0])
    assert session.save_if_dirty() is False
    assert path.read_bytes() == written
