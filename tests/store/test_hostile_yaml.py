"""YAML that costs time or memory, repeats keys, or carries offsets that are not integers."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.store.yaml_safe import load_yaml_text
from tests.hostile.helpers import TEXT, assert_clean_failure, make_project, run, snapshot, span_file

#: A 9-level "billion laughs" of about 20 kB with 81 aliases: under any alias count cap.
BOMB_ANCHORS = (
    "lol: &a ["
    + ", ".join(['"' + "x" * 200 + '"'] * 90)
    + "]\n"
    + "".join(
        f"l{i}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
        for i, (p, c) in enumerate(zip("abcdefgh", "bcdefghi", strict=True))
    )
)


def _bomb_value(indent: str) -> str:
    """The bomb as one mapping value (a flow mapping of anchors, then the last alias)."""
    return "{" + ", ".join(line.rstrip() for line in BOMB_ANCHORS.splitlines()) + ", all: *i}"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run_bounded(*args: str | Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_limited,
    )


@pytest.mark.parametrize("where", ["config description", "labels attribute", "span note"])
@pytest.mark.parametrize("command", ["validate", "stats", "evaluate", "export"])
def test_alias_bomb_is_refused_fast_and_small(tmp_path: Path, where: str, command: str) -> None:
    root = make_project(tmp_path / "p")
    if where == "config description":
        (root / "annotator.yaml").write_text(
            "name: hostile\nannotators: [ann1, ann2]\ndescription: " + _bomb_value("") + "\n"
        )
    elif where == "labels attribute":
        from annotator.resources import labels_schema_path

        labels = labels_schema_path().read_text(encoding="utf-8")
        labels = labels.replace(
            "description: What sort of actor this is.", "description: " + _bomb_value(""), 1
        )
        assert "all: *i" in labels
        (root / "labels.yaml").write_text(labels, encoding="utf-8")
        (root / "annotator.yaml").write_text(
            "name: h\nannotators: [ann1, ann2]\nlabels: labels.yaml\n"
        )
    else:
        spans = (
            "  - {id: s1, label: ACTOR, start: 5, end: 21, text: القوات الأمريكية, "
            "note: " + _bomb_value("") + "}\n"
        )
        (root / "gold" / "doc1.yaml").write_text(span_file("doc1", TEXT, "gold", spans))
    before = snapshot(root)
    args = {
        "validate": ["validate", root],
        "stats": ["stats", root],
        "evaluate": ["evaluate", root, root / "annotations" / "ann1"],
        "export": ["export", root, "--to", "jsonl", "--out", tmp_path / "out.jsonl"],
    }[command]
    result = _run_bounded(*args)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert "expands to more than" in out, out[-2000:]
    assert result.returncode == 1 or command == "stats", out[-2000:]
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("doc", "line"),
    [
        ("a: 1\nstatus: done\nstatus: new\n", 3),
        ("spans:\n  - {id: s1, label: ACTOR, label: WEAPON}\n", 2),
    ],
)
def test_duplicate_keys_are_refused_with_their_line(doc: str, line: int) -> None:
    with pytest.raises(FormatError) as err:
        load_yaml_text(doc, "f.yaml")
    assert err.value.place.line == line
    assert "duplicate key" in err.value.message


def test_duplicate_status_in_an_annotation_file_is_a_validate_problem(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = root / "annotations" / "ann1" / "doc1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: done\n", "status: done\nstatus: new\n")
    )
    result = run("validate", root)
    assert result.returncode == 1
    assert f"{path}:5:1: duplicate key 'status' (first at line 4)" in result.stdout


def test_self_referencing_and_deep_documents_are_refused() -> None:
    for doc in ("a: &x [*x]\n", "[" * 5000 + "]" * 5000):
        with pytest.raises(FormatError):
            load_yaml_text(doc, "f.yaml")


@pytest.mark.parametrize("value", ["5.0", ".inf", "true", "-.nan", "0x10", '"5"'])
@pytest.mark.parametrize("command", ["validate", "evaluate", "export", "agree"])
def test_non_integer_offsets_are_schema_errors(tmp_path: Path, value: str, command: str) -> None:
    root = make_project(tmp_path / "p")
    path = root / "annotations" / "ann1" / "doc1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("start: 5,", f"start: {value},"))
    args = {
        "validate": ["validate", root],
        "evaluate": ["evaluate", root, root / "annotations" / "ann1"],
        "export": [
            "export",
            root,
            "--source",
            "ann1",
            "--to",
            "jsonl",
            "--out",
            tmp_path / "o.jsonl",
        ],
        "agree": ["agree", root],
    }[command]
    result = run(*args)
    assert_clean_failure(result)
    out = result.stdout + result.stderr
    if value == "0x10":  # YAML 1.1 reads it as 16: an integer, and an offset that is wrong
        assert "doc1.yaml:6" in out
        return
    assert f"{path}:6:" in out and "spans/0/start" in out and "not of type 'integer'" in out, out


def test_chars_that_disagree_with_the_text_are_reported(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = root / "annotations" / "ann1" / "doc1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"chars: {len(TEXT)}", "chars: 7"))
    result = run("validate", root)
    assert result.returncode == 1
    assert (
        f"{path}:2: document chars is 7 but texts/doc1.txt has {len(TEXT)} characters"
        in result.stdout
    )


def test_a_changed_text_shows_both_hashes_in_full(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "texts" / "doc1.txt").write_text(TEXT + "x", encoding="utf-8")
    from tests.hostile.helpers import sha

    out = run("validate", root).stdout
    assert sha(TEXT) in out and sha(TEXT + "x") in out
