"""The summary index never serves a figure the files no longer say.

Each test changes the files behind the index's back the way a person or another program could
(an editor saving in place, a git checkout replacing a file, a deletion, a damaged index) and
checks the summaries against what reading every file directly gives.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from annotator.store import summary_index
from annotator.store.project import Project
from annotator.store.stats import summarize_set
from annotator.store.summary_index import (
    INDEX_FORMAT,
    SetSummary,
    index_path,
    load_index,
    load_summaries,
    texts_index_path,
)
from tests.cli_helpers import run_cli

DOC = "xinhua-deir-ezzor"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat files written a moment ago as settled, so they are stored in the index (the
    default leaves out files changed in the last two seconds: see test_recent_files_...)."""
    monkeypatch.setattr(summary_index, "RACY_NS", 0)


def direct(project: Project) -> dict[tuple[str, str], SetSummary]:
    """Every summary read from its file now, without the index: the truth."""
    out = {}
    for source in [*project.annotators(), "gold"]:
        for doc_id in project.document_ids():
            summary = summarize_set(project, source, doc_id)
            if summary is not None:
                out[(source, doc_id)] = summary
    return out


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every annotation file the index reads."""
    seen: list[str] = []
    real = summary_index.summarize_file

    def spy(path: Path, doc_id: str, source: str) -> SetSummary:
        seen.append(f"{source}/{doc_id}")
        return real(path, doc_id, source)

    monkeypatch.setattr(summary_index, "summarize_file", spy)
    return seen


def stored(project: Project) -> dict[str, object]:
    """The index as written: a header line (format, sha256 of the rest), then JSON."""
    header, _, body = index_path(project).read_bytes().partition(b"\n")
    assert header == f"{INDEX_FORMAT} {hashlib.sha256(body).hexdigest()}".encode()
    return json.loads(body)  # type: ignore[no-any-return]


def write_stored(project: Project, data: dict[str, object], *, checksum: bool = True) -> None:
    body = json.dumps(data).encode()
    digest = hashlib.sha256(body).hexdigest() if checksum else "0" * 64
    index_path(project).write_bytes(f"{INDEX_FORMAT} {digest}\n".encode() + body)


def swap_label_in_place(path: Path) -> None:
    """Turn the first ACTOR span into a CLAIM (same length) writing into the same file, then
    set its mtime back: size, mtime and inode all stay the same."""
    before = path.stat()
    data = path.read_bytes()
    at = data.index(b"label: ACTOR")
    with open(path, "r+b") as handle:
        handle.seek(at)
        handle.write(b"label: CLAIM")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def test_summaries_equal_the_files_and_live_in_the_private_folder(
    sample_project: Project, settled: None
) -> None:
    summaries = load_summaries(sample_project)
    assert summaries == direct(sample_project)
    assert ("gold", DOC) in summaries and ("ann1", DOC) in summaries
    assert index_path(sample_project).is_relative_to(sample_project.private_dir)
    entry = stored(sample_project)["sets"][f"ann1/{DOC}"]  # type: ignore[index]
    assert entry[4] == summaries[("ann1", DOC)].status


def test_private_folder_is_ignored_by_git_in_a_new_project(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("نص قصير", encoding="utf-8")
    assert run_cli("init", tmp_path).returncode == 0
    assert ".annotator/" in (tmp_path / ".gitignore").read_text(encoding="utf-8").split()


def test_second_load_reads_no_file(
    sample_project: Project, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_summaries(sample_project)
    reads = count_reads(monkeypatch)
    assert load_summaries(sample_project) == first
    assert reads == []


def test_file_edited_behind_the_apps_back(
    sample_project: Project, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_summaries(sample_project)
    path = sample_project.annotation_path("ann1", DOC)
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: done", "status: in_progress"),
        encoding="utf-8",
    )
    reads = count_reads(monkeypatch)
    summaries = load_summaries(sample_project)
    assert summaries[("ann1", DOC)].status == "in_progress"
    assert summaries == direct(sample_project)
    assert reads == [f"ann1/{DOC}"]  # only the changed file was read again


def test_file_rewritten_in_place_with_same_size_and_mtime(
    sample_project: Project, settled: None
) -> None:
    before = load_summaries(sample_project)[("ann2", DOC)]
    swap_label_in_place(sample_project.annotation_path("ann2", DOC))
    after = load_summaries(sample_project)[("ann2", DOC)]
    assert after.counts["ACTOR"] == before.counts["ACTOR"] - 1
    assert after.counts["CLAIM"] == before.counts.get("CLAIM", 0) + 1
    assert load_summaries(sample_project) == direct(sample_project)


def test_file_replaced_by_another_with_same_size_and_mtime(
    sample_project: Project, settled: None
) -> None:
    """A git checkout or a save elsewhere: a new file renamed over the old one, its mtime set
    to the old one's."""
    path = sample_project.gold_path(DOC)
    load_summaries(sample_project)
    old = path.stat()
    data = path.read_bytes()
    at = data.index(b"label: ACTOR")
    replacement = path.with_name("incoming.tmp")
    replacement.write_bytes(data[:at] + b"label: CLAIM" + data[at + 12 :])
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, path)
    assert path.stat().st_size == old.st_size and path.stat().st_mtime_ns == old.st_mtime_ns
    assert load_summaries(sample_project) == direct(sample_project)


def test_deleted_file_is_gone_from_summaries_and_index(
    sample_project: Project, settled: None
) -> None:
    load_summaries(sample_project)
    sample_project.annotation_path("ann2", DOC).unlink()
    summaries = load_summaries(sample_project)
    assert ("ann2", DOC) not in summaries
    assert summaries == direct(sample_project)
    assert f"ann2/{DOC}" not in stored(sample_project)["sets"]  # type: ignore[operator]


def test_new_file_and_new_text_are_picked_up(sample_project: Project, settled: None) -> None:
    load_index(sample_project)
    text = sample_project.text_path(DOC).read_bytes()
    (sample_project.texts_dir / "copy.txt").write_bytes(text)
    gold = sample_project.gold_path(DOC).read_text(encoding="utf-8")
    sample_project.gold_path("copy").write_text(gold, encoding="utf-8")
    index = load_index(sample_project)
    assert "copy" in index.document_ids
    assert index.texts["copy"].chars == sample_project.document(DOC).chars
    assert index.sets[("gold", "copy")] == summarize_set(sample_project, "gold", "copy")


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not json at all",
        b'{"format": "annotator-summary-index/1", "sets": {"ann1/xinhua-deir-ezzor": [1, 2',
        b"[]",
        b"annotator-summary-index/999 " + hashlib.sha256(b"{}").hexdigest().encode() + b"\n{}",
        b"annotator-summary-index/1 " + hashlib.sha256(b"[]").hexdigest().encode() + b"\n[]",
        b"",
    ],
    ids=["binary", "truncated", "wrong-shape", "other-version", "body-not-a-mapping", "empty"],
)
def test_corrupt_index_is_rebuilt(sample_project: Project, settled: None, damage: bytes) -> None:
    load_summaries(sample_project)
    index_path(sample_project).write_bytes(damage)
    assert load_summaries(sample_project) == direct(sample_project)
    assert stored(sample_project)["sets"]  # written again, whole


def test_entries_that_match_the_file_but_hold_garbage_are_not_served(
    sample_project: Project, settled: None
) -> None:
    """An index edited by hand (its checksum no longer matches) is not read: entries whose
    key matches but whose figures are garbage are never served."""
    load_summaries(sample_project)
    data = stored(sample_project)
    sets = data["sets"]
    assert isinstance(sets, dict)
    entry = sets[f"ann1/{DOC}"]
    sets[f"ann1/{DOC}"] = [*entry[:4], "done", {"ACTOR": "many"}, 0, None, 0, None, None, None]
    sets[f"ann2/{DOC}"] = entry[:4]  # too short
    write_stored(sample_project, data, checksum=False)
    assert load_summaries(sample_project) == direct(sample_project)
    assert stored(sample_project)["sets"][f"ann1/{DOC}"][5] != {"ACTOR": "many"}  # type: ignore[index]


def test_index_with_figures_changed_but_keys_stale_is_not_trusted(
    sample_project: Project, settled: None
) -> None:
    """A stored entry is used only while its file's key is the same: change the figures in
    the index and the file, and the file's figures win."""
    load_summaries(sample_project)
    path = sample_project.annotation_path("ann1", DOC)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load_summaries(sample_project) == direct(sample_project)


def test_recent_files_are_summarised_but_not_stored(sample_project: Project) -> None:
    """A file changed within the filesystem clock's tick could change again without any key
    changing; such files are read again next time instead of being trusted."""
    summaries = load_summaries(sample_project)  # every file was just copied: all recent
    assert summaries == direct(sample_project)
    assert stored(sample_project)["sets"] == {}


def test_unparseable_file_is_listed_as_error_then_fixed(
    sample_project: Project, settled: None
) -> None:
    path = sample_project.annotation_path("ann1", DOC)
    good = path.read_bytes()
    path.write_bytes(b"format: annotator/1\nspans: [\n")
    broken = load_summaries(sample_project)[("ann1", DOC)]
    assert broken.status == "error" and broken.error and DOC in broken.error
    path.write_bytes(good)
    assert load_summaries(sample_project)[("ann1", DOC)].status == "done"


def test_unwritable_index_still_gives_summaries(sample_project: Project, settled: None) -> None:
    index_path(sample_project).mkdir(parents=True)  # a folder where the file should be
    assert load_summaries(sample_project) == direct(sample_project)
    assert load_summaries(sample_project) == direct(sample_project)


def test_text_changed_since_annotation(sample_project: Project, settled: None) -> None:
    text = sample_project.text_path(DOC)
    index = load_index(sample_project)
    assert not index.text_changed(index.sets[("ann1", DOC)])
    text.write_text(text.read_text(encoding="utf-8") + "ذيل", encoding="utf-8")
    index = load_index(sample_project)
    assert index.text_changed(index.sets[("ann1", DOC)])
    assert index.texts[DOC].chars == len(text.read_text(encoding="utf-8"))


def test_built_in_processes_equals_built_in_one(
    sample_project: Project, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.bulk.PARALLEL_FROM", 1)
    monkeypatch.setattr("annotator.bulk.MAX_CHUNK", 2)
    parallel = load_index(sample_project, jobs=2)
    index_path(sample_project).unlink()
    serial = load_index(sample_project, jobs=1)
    assert parallel.sets == serial.sets and parallel.texts == serial.texts
    assert list(parallel.sets) == list(serial.sets)


def test_stats_follows_a_file_edited_behind_its_back(sample_project: Project) -> None:
    root = sample_project.root
    first = run_cli("stats", root, "--format", "json")
    assert first.returncode == 0, first.stderr
    path = sample_project.annotation_path("ann1", DOC)
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: done", "status: in_progress"),
        encoding="utf-8",
    )
    second = json.loads(run_cli("stats", root, "--format", "json").stdout)
    ann1 = next(s for s in second["sets"] if s["source"] == "ann1" and s["document"] == DOC)
    assert ann1["status"] == "in_progress"


def test_corrupt_texts_index_is_rebuilt_and_a_text_edit_is_seen(
    sample_project: Project, settled: None
) -> None:
    """Texts have their own index file (progress reads sets only): the same rules hold."""
    load_index(sample_project)
    texts_index_path(sample_project).write_bytes(b"annotator-text-index/3 0\n{}")
    index = load_index(sample_project)
    assert index.texts[DOC].chars == sample_project.document(DOC).chars
    text = sample_project.text_path(DOC)
    text.write_text(text.read_text(encoding="utf-8") + "ذيل", encoding="utf-8")
    assert load_index(sample_project).texts[DOC].chars == sample_project.document(DOC).chars + 3


def test_sets_only_lists_the_same_documents_and_leaves_texts_alone(
    sample_project: Project, settled: None
) -> None:
    (sample_project.texts_dir / "bad name.txt").write_text("نص", encoding="utf-8")
    full = load_index(sample_project)
    before = texts_index_path(sample_project).read_bytes()
    (sample_project.texts_dir / "late.txt").write_text("نص", encoding="utf-8")
    sets_only = load_index(sample_project, texts=False)
    assert sets_only.texts == {}
    assert sets_only.document_ids == sample_project.document_ids()
    assert sets_only.document_ids == sorted([*full.document_ids, "late"])
    assert sets_only.sets == full.sets
    assert texts_index_path(sample_project).read_bytes() == before
