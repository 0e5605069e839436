"""Projects on disk: init, defaults, ids that cannot escape, locks."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from annotator.errors import LockedError, ProjectError, ValidationError
from annotator.store.project import Project, id_problem, init_project
from tests.cli_helpers import run_cli

SEED = Path(__file__).resolve().parents[2] / "sample_corpus" / "texts" / "xinhua-deir-ezzor.txt"


def test_init_moves_top_level_texts_into_a_project(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_text("خبر قصير\r\nسطر ثان", encoding="utf-8", newline="")
    result = run_cli("init", tmp_path, "--annotators", "ann1,ann2")
    assert result.returncode == 0, result.stderr
    assert "project" in result.stdout and "2 documents" in result.stdout
    project = Project.open(tmp_path)
    assert project.document_ids() == ["a", "b"]
    assert (tmp_path / "texts" / "a.txt").read_bytes() == SEED.read_bytes()
    assert project.document("b").text == "خبر قصير\r\nسطر ثان"  # CRLF kept: offsets are exact
    assert project.config.annotators == ("ann1", "ann2")
    assert not (tmp_path / "a.txt").exists()


def test_init_from_another_folder_copies(tmp_path: Path) -> None:
    source = tmp_path / "incoming"
    source.mkdir()
    (source / "x.txt").write_bytes(SEED.read_bytes())
    project, _ = init_project(tmp_path / "proj", texts_from=source)
    assert project.document_ids() == ["x"] and (source / "x.txt").exists()


def test_init_refuses_bad_texts_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xd9\x82\xff\n")
    with pytest.raises(ValidationError, match=r"bad\.txt:1:2: not valid UTF-8"):
        init_project(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "good.txt"]


def test_a_config_with_only_a_name_is_a_project(tmp_path: Path) -> None:
    (tmp_path / "annotator.yaml").write_text("name: x\n", encoding="utf-8")
    project = Project.open(tmp_path)
    assert project.config.name == "x"
    assert project.schema.label_names == ("ACTOR", "LOCATION", "WEAPON", "CLAIM")
    assert project.document_ids() == [] and project.annotators() == []


def test_config_problems_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "annotator.yaml").write_text(
        "name: x\nlables: l.yaml\nannotators: [ok, ../evil]\n", encoding="utf-8"
    )
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path)
    messages = [p.message for p in info.value.problems]
    assert any("unknown field 'lables'" in m for m in messages)
    assert any("'../evil'" in m for m in messages)


def test_project_labels_file_overrides_the_bundled_schema(tmp_path: Path) -> None:
    (tmp_path / "annotator.yaml").write_text("name: x\nlabels: my-labels.yaml\n", encoding="utf-8")
    (tmp_path / "my-labels.yaml").write_text(
        "labels:\n  PER: {color: '#123456', key: p}\n", encoding="utf-8"
    )
    assert Project.open(tmp_path).schema.label_names == ("PER",)


@pytest.mark.parametrize("bad", ["..", "../x", "a/b", "/etc/passwd", "a\\b", ".hidden", "", "a..b"])
def test_ids_that_would_escape_the_project_are_refused(bad: str, sample_project: Project) -> None:
    assert id_problem(bad)
    with pytest.raises(ProjectError):
        sample_project.annotation_path("ann1", bad)
    with pytest.raises(ProjectError):
        sample_project.annotation_path(bad, "doc")


@pytest.mark.parametrize("good", ["xinhua-deir-ezzor", "doc_1.v2", "خبر-1", "2023-08-24"])
def test_ordinary_ids_are_accepted(good: str) -> None:
    assert id_problem(good) is None


def _hold_lock(
    root: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    lock = Project.open(root).lock_set("ann1", "xinhua-deir-ezzor")
    ready.set()
    done.wait(30)
    lock.release()


def test_a_second_session_is_told_who_holds_the_file(sample_project: Project) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(sample_project.root), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(LockedError) as info:
            sample_project.lock_set("ann1", "xinhua-deir-ezzor")
        message = str(info.value)
        assert "annotations/ann1/xinhua-deir-ezzor.yaml is open in another session" in message
        assert f"pid {holder.pid}" in message and "ann1 as " in message
    finally:
        done.set()
        holder.join(30)
    sample_project.lock_set("ann1", "xinhua-deir-ezzor").release()  # free again


def test_a_killed_session_does_not_leave_a_stale_lock(sample_project: Project) -> None:
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(sample_project.root), ready, done))
    holder.start()
    assert ready.wait(30)
    holder.kill()
    holder.join(30)
    sample_project.lock_set("ann1", "xinhua-deir-ezzor").release()
