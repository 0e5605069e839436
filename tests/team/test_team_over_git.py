"""The whole team flow over a real bare repository and three clones, driving the real command.

The lead sets up and assigns, two annotators work and sync in turn without pulling first, one of
them has touched the other's file, and the lead's progress report shows exactly who did what.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from annotator.resources import sample_corpus_path
from annotator.store.project import Project
from annotator.team.assignments import load_assignments
from tests.cli_helpers import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def clone(remote: Path, where: Path, name: str) -> Path:
    subprocess.run(["git", "clone", "-q", str(remote), str(where)], check=True)
    git(where, "config", "user.name", name)
    git(where, "config", "user.email", f"{name}@example.org")
    return where


def ok(*args: str | Path) -> str:
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def annotate(root: Path, who: str, doc_id: str, status: str, spans: int = 1) -> None:
    """What the app does for an annotator: tag the first words, set the status, save."""
    project = Project.open(root)
    aset = project.load_set(who, doc_id)
    text = aset.document.text
    start = 0
    for _ in range(spans):
        while not text[start].isalpha():
            start += 1
        end = start
        while end < len(text) and text[end].isalpha():
            end += 1
        aset, _span = aset.add_span(project.schema, "ACTOR", start, end)
        start = end
    project.save_set(aset.with_status(status))  # type: ignore[arg-type]


@pytest.fixture
def team(tmp_path: Path) -> dict[str, Path]:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    lead = clone(remote, tmp_path / "lead", "lead")
    texts = tmp_path / "incoming"
    shutil.copytree(sample_corpus_path() / "texts", texts)
    ok("init", lead, "--texts", texts, "--annotators", "amal,badr,carim")
    return {"remote": remote, "lead": lead, "root": tmp_path}


def test_lead_assigns_annotators_sync_in_turn_and_progress_shows_who_did_what(
    team: dict[str, Path],
) -> None:
    lead, remote, tmp = team["lead"], team["remote"], team["root"]
    ok("assign", lead, "--per-doc", "2", "--seed", "3")
    out = ok("sync", lead, "--as", "lead", "--role", "lead")
    assert "pushed to origin" in out
    assignments = load_assignments(lead)
    assert len(assignments.documents) == 6
    assert all(len(who) == 2 for who in assignments.documents.values())
    assert sorted(assignments.loads().values()) == [4, 4, 4]

    amal = clone(remote, tmp / "amal", "amal")
    badr = clone(remote, tmp / "badr", "badr")
    amal_docs = assignments.documents_of("amal")
    badr_docs = assignments.documents_of("badr")

    # amal finishes all her documents, and by mistake also edits one of badr's.
    for doc_id in amal_docs:
        annotate(amal, "amal", doc_id, "done", spans=2)
    annotate(amal, "badr", badr_docs[0], "in_progress", spans=5)
    out = ok("sync", amal, "--as", "amal")
    assert f"committed {len(amal_docs)} file(s): annotations by amal: " in out
    assert f"left uncommitted, not yours (1): annotations/badr/{badr_docs[0]}.yaml" in out
    message = git(amal, "log", "-1", "--format=%s")
    assert message.strip() == f"annotations by amal: {', '.join(amal_docs)}"
    assert (
        git(amal, "status", "--porcelain", "-uall").strip()
        == f"?? annotations/badr/{badr_docs[0]}.yaml"
    )

    # badr never pulled: his sync rebases over amal's push.
    annotate(badr, "badr", badr_docs[0], "done", spans=1)
    annotate(badr, "badr", badr_docs[1], "in_progress", spans=3)
    out = ok("sync", badr, "--as", "badr")
    assert "committed 2 file(s)" in out
    assert "pulled 1 commit(s) from origin" in out and "pushed to origin" in out
    assert "not yours" not in out

    git(lead, "pull", "-q", "--rebase")
    report = json.loads(ok("progress", lead, "--format", "json"))
    people = report["annotators"]
    assert people["amal"] == {
        "assigned": 4,
        "done": 4,
        "in_progress": 0,
        "not_started": 0,
        "spans": 8,
        "active_seconds": 0,
    }
    assert people["badr"] == {
        "assigned": 4,
        "done": 1,
        "in_progress": 1,
        "not_started": 2,
        "spans": 4,
        "active_seconds": 0,
    }
    assert people["carim"] == {
        "assigned": 4,
        "done": 0,
        "in_progress": 0,
        "not_started": 4,
        "spans": 0,
        "active_seconds": 0,
    }
    for doc_id, who in assignments.documents.items():
        entry = report["documents"][doc_id]
        done = [w for w in who if (w == "amal") or (w == "badr" and doc_id == badr_docs[0])]
        assert entry == {
            "assigned": list(who),
            "done": done,
            "ready": set(done) == set(who),
            "adjudicated": False,
        }
    # amal's stray edit never reached the remote: badr's file there is his own.
    badr_file = f"annotations/badr/{badr_docs[0]}.yaml"
    assert "spans" in git(lead, "show", f"HEAD:{badr_file}")
    assert (lead / badr_file).read_text(encoding="utf-8").count("label: ACTOR") == 1
    pair = next(p for p in report["agreement"] if p["annotators"] == ["amal", "badr"])
    both = [d for d in assignments.documents_of("amal") if d == badr_docs[0]]
    assert pair["documents"] == len(both)


def test_sync_without_a_remote_commits_locally_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "p"
    ok("init", root, "--texts", sample_corpus_path() / "texts")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "amal")
    git(root, "config", "user.email", "amal@example.org")
    annotate(root, "amal", "beirut-harakat", "done")
    out = ok("sync", root, "--as", "amal")
    assert "committed 1 file(s): annotations by amal: beirut-harakat" in out
    assert "no remote: committed locally only" in out
    assert git(root, "log", "--format=%s").strip() == "annotations by amal: beirut-harakat"


def test_sync_with_an_unreachable_remote_commits_locally_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "p"
    ok("init", root, "--texts", sample_corpus_path() / "texts")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "config", "user.name", "amal")
    git(root, "config", "user.email", "amal@example.org")
    git(root, "remote", "add", "origin", str(tmp_path / "gone.git"))
    annotate(root, "amal", "beirut-harakat", "done")
    out = ok("sync", root, "--as", "amal")
    assert "not synced with the remote: cannot reach 'origin'" in out
    assert "your commit is kept locally" in out
    assert git(root, "log", "--format=%s").strip() == "annotations by amal: beirut-harakat"


def test_a_rejected_push_is_one_line_and_never_forced(team: dict[str, Path]) -> None:
    lead, remote = team["lead"], team["remote"]
    ok("sync", lead, "--as", "lead", "--role", "lead")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'annotations are closed' >&2\nexit 1\n")
    hook.chmod(0o755)
    annotate(lead, "amal", "beirut-harakat", "done")
    done = run_cli("sync", lead, "--as", "amal")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"annotator: {lead}: push to 'origin' was rejected"
    )
    assert "nothing was forced" in lines[0]
    assert git(lead, "log", "-1", "--format=%s").strip() == "annotations by amal: beirut-harakat"


def test_not_a_repository_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    ok("init", root, "--texts", sample_corpus_path() / "texts")
    done = subprocess.run(
        [*_cli(), "sync", str(root), "--as", "amal"],
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"annotator: {root}: not in a git repository (start one with 'git -C {root} init', "
        "or clone the team's repository)"
    ]


def test_missing_git_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    ok("init", root, "--texts", sample_corpus_path() / "texts")
    empty = tmp_path / "bin"
    empty.mkdir()
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "annotator", "sync", str(root), "--as", "amal"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(empty)},
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"annotator: {root}: git is not installed or not on PATH; install git to sync "
        "(nothing was changed)"
    ]


def _cli() -> list[str]:
    import sys

    return [sys.executable, "-m", "annotator"]


def test_a_set_that_would_not_validate_is_never_committed(team: dict[str, Path]) -> None:
    """A hand edit gone wrong (or a merge's conflict markers) in one's own set stops the sync
    before anything is committed, with the file and line, so it never reaches the team."""
    lead, root = team["lead"], team["root"]
    ok("sync", lead, "--as", "lead", "--role", "lead")
    amal = clone(team["remote"], root / "amal", "amal")
    annotate(amal, "amal", "beirut-harakat", "done")
    annotate(amal, "amal", "damascus-quotes", "done")
    broken = amal / "annotations" / "amal" / "damascus-quotes.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    head = git(amal, "rev-parse", "HEAD")
    done = run_cli("sync", amal, "--as", "amal")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"annotator: {broken}:")
    assert lines[-1] == (
        "annotator: sync stopped: 1 set would not pass 'annotator validate' (above); "
        "nothing was committed, pulled or pushed"
    )
    assert git(amal, "rev-parse", "HEAD") == head
    assert git(team["remote"], "log", "-1", "--format=%s").strip() != "annotations by amal"
    broken.write_text(broken.read_text(encoding="utf-8").replace("<<<<<<< HEAD\n", ""))
    assert "committed 2 file(s)" in ok("sync", amal, "--as", "amal")


def test_own_changes_to_the_teams_files_that_clash_leave_no_conflict_markers(
    team: dict[str, Path],
) -> None:
    """An annotator changed the lead's annotator.yaml here (not theirs: sync leaves it out)
    while the lead changed the same line. The pull puts the lead's version in place (a config
    with conflict markers would stop every command) and keeps the annotator's in git's stash."""
    lead, root = team["lead"], team["root"]
    ok("sync", lead, "--as", "lead", "--role", "lead")
    amal = clone(team["remote"], root / "amal", "amal")
    config = "annotator.yaml"
    for where, name in ((lead, "by-the-lead"), (amal, "by-amal")):
        path = where / config
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^name: .*$", f"name: {name}", text), encoding="utf-8")
    ok("sync", lead, "--as", "lead", "--role", "lead")
    annotate(amal, "amal", "beirut-harakat", "done")
    out = ok("sync", amal, "--as", "amal")
    assert "committed 1 file(s)" in out and "pushed to origin" in out
    assert (
        f"your uncommitted changes to {config} clash with the team's: the team's version is in "
        "place and yours are kept in git's stash ('git stash show -p' shows them)"
    ) in out
    assert "left uncommitted" not in out
    assert "name: by-the-lead" in (amal / config).read_text(encoding="utf-8")
    assert git(amal, "status", "--porcelain") == ""
    assert "name: by-amal" in git(amal, "stash", "show", "-p", "stash@{0}")
    ok("stats", amal)  # the project still opens
    assert "nothing of yours to commit" in ok("sync", amal, "--as", "amal")


def test_the_lead_cannot_push_a_text_changed_under_its_annotations(team: dict[str, Path]) -> None:
    """Every set of a document holds offsets into its text: a text edited after annotation
    started would make every teammate's app refuse those sets, so the lead's sync stops,
    naming each set, and commits nothing. A text nobody annotated yet may change."""
    lead = team["lead"]
    ok("sync", lead, "--as", "lead", "--role", "lead")
    annotate(lead, "amal", "beirut-harakat", "done")
    ok("sync", lead, "--as", "amal")
    head = git(lead, "rev-parse", "HEAD")
    for doc in ("beirut-harakat", "damascus-quotes"):
        text = lead / "texts" / f"{doc}.txt"
        text.write_bytes(text.read_bytes().replace(b" ", b"  ", 1))
    done = run_cli("sync", lead, "--as", "lead", "--role", "lead")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    set_path = lead / "annotations" / "amal" / "beirut-harakat.yaml"
    assert lines[0].startswith(f"annotator: {set_path}:2: texts/beirut-harakat.txt changed")
    assert lines[-1] == (
        "annotator: sync stopped: 1 set would not pass 'annotator validate' (above) with the "
        "texts you changed: restore them (git restore) or add the corrected article as a new "
        "document; nothing was committed, pulled or pushed"
    )
    assert git(lead, "rev-parse", "HEAD") == head
    git(lead, "restore", "texts/beirut-harakat.txt")
    assert "committed 1 file(s)" in ok("sync", lead, "--as", "lead", "--role", "lead")


def test_a_local_change_to_a_file_the_team_deleted_leaves_it_deleted(
    team: dict[str, Path],
) -> None:
    """The lead removed a text; an annotator had changed it here. The pull leaves it removed,
    as the team has it, and the annotator's change in git's stash."""
    lead, root = team["lead"], team["root"]
    ok("sync", lead, "--as", "lead", "--role", "lead")
    amal = clone(team["remote"], root / "amal", "amal")
    text = "texts/pentagon-f16-latin.txt"
    (lead / text).unlink()
    ok("sync", lead, "--as", "lead", "--role", "lead")
    (amal / text).write_text("changed here\n", encoding="utf-8")
    out = ok("sync", amal, "--as", "amal")
    assert f"your uncommitted changes to {text} clash with the team's" in out
    assert not (amal / text).exists()
    assert git(amal, "status", "--porcelain") == ""
    assert "changed here" in git(amal, "stash", "show", "-p", "stash@{0}")
