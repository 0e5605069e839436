"""One rule for names and ids that become paths; init checks everything and undoes a failure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotator.store import names
from annotator.store.names import MAX_BYTES, name_problem
from tests.hostile.disks import fill, tmpfs
from tests.hostile.helpers import assert_clean_failure, make_project, run, snapshot

BAD_NAMES = [
    "abc\n",
    "ab\u202ec",
    "a\u200bb",
    "x\x1b[2J",
    "é" * (MAX_BYTES // 2 + 1),
    "a" * 256,
    "",
    "../x",
    "a/b",
    ".hidden",
    "a b",
]


@pytest.mark.parametrize("value", BAD_NAMES)
def test_the_name_rule_refuses_what_would_not_be_one_clean_file_name(value: str) -> None:
    assert name_problem(value, "annotator name") is not None


@pytest.mark.parametrize("value", ["ann1", "قصف-1", "x.y", "A_b-2", "a" * MAX_BYTES])
def test_the_name_rule_accepts_ordinary_names(value: str) -> None:
    assert name_problem(value, "annotator name") is None


@pytest.mark.parametrize("value", ["abc\n", "ab\u202ec", "a" * 300])
def test_import_as_a_bad_name_writes_nothing(tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path / "p")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "new1", "text": "نص جديد", "spans": []}\n', encoding="utf-8")
    before = snapshot(root)
    result = run("import", source, "--from", "jsonl", "--into", root, "--as", value)
    assert_clean_failure(result)
    assert snapshot(root) == before


@pytest.mark.parametrize("folder", ["2024", "yes", "007", "a: b", "null", "~", "- x"])
def test_init_writes_the_folder_name_as_a_yaml_string(tmp_path: Path, folder: str) -> None:
    root = tmp_path / folder
    root.mkdir()
    (root / "a.txt").write_text("نص\n", encoding="utf-8")
    result = run("init", root)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((root / "annotator.yaml").read_text(encoding="utf-8"))
    assert config == {"name": folder}
    assert run("validate", root).returncode == 0


def test_init_name_cannot_inject_a_key(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.txt").write_text("نص\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("init", root, "--name", "x\nlabels: /etc/passwd")
    assert_clean_failure(result)
    assert snapshot(tmp_path) == before
    result = run("init", root, "--name", "x: y # z")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((root / "annotator.yaml").read_text(encoding="utf-8")) == {
        "name": "x: y # z"
    }


def test_init_with_a_bad_annotator_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.txt").write_text("نص\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert_clean_failure(run("init", root, "--annotators", "ann1,ann\u202e2"))
    assert snapshot(tmp_path) == before


def test_init_on_a_full_disk_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "1m") as disk:
        root = disk / "p"
        root.mkdir()
        for i in range(3):
            (root / f"a{i}.txt").write_text("نص\n" * 50, encoding="utf-8")
        fill(disk)
        before = snapshot(root)
        result = run("init", root)
        assert_clean_failure(result, max_lines=1)
        assert "disk is full" in result.stderr and str(root) in result.stderr
        assert snapshot(root) == before
        (disk / ".filler").unlink()
        (disk / ".filler2").unlink(missing_ok=True)
        assert run("init", root).returncode == 0  # a rerun works


@given(
    st.text(alphabet="aZ09._-/\\ \n\u200eé", max_size=12)
    | st.text(alphabet="ab.-", min_size=195, max_size=205)
)
def test_the_quick_path_for_plain_names_agrees_with_the_whole_rule(value: str) -> None:
    """Plain ASCII names skip the character-by-character check: they must get exactly the
    answer the whole rule gives."""
    quick = names._PLAIN.fullmatch(value) and ".." not in value and not value.endswith(".")
    if quick:
        assert name_problem(value) is None
        saved = names._PLAIN
        try:
            names._PLAIN = names.re.compile(r"(?!)")  # never matches: the whole rule runs
            assert name_problem(value) is None
        finally:
            names._PLAIN = saved
