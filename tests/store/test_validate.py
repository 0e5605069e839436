"""``annotator validate`` reports each kind of bad file with one line naming file and place,
and changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.store.project import Project
from annotator.store.validation import validate_paths
from tests.cli_helpers import run_cli

SEED = "xinhua-deir-ezzor"


def test_the_sample_corpus_is_valid(sample_project: Project) -> None:
    result = run_cli("validate", sample_project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "ok: 6 documents, 4 annotation files" in result.stderr


def ann1(project: Project) -> Path:
    return project.annotation_path("ann1", SEED)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def problems(project: Project, *paths: Path) -> list[str]:
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = run_cli("validate", *(paths or (project.root,)))
    after = {
        p: p.read_bytes()
        for p in project.root.rglob("*")
        if p.is_file() and ".annotator" not in p.parts
    }
    assert {p: b for p, b in before.items() if ".annotator" not in p.parts} == after, (
        "validate changed files"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    return lines


def test_broken_yaml_names_line_and_column(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(path, "status: done", "status: [done")
    (line,) = problems(sample_project)
    assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: YAML syntax error", line), line


def test_schema_violation_names_the_field_and_line(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(path, "start: 5, end: 21,", "start: five, end: 21,")
    (line,) = problems(sample_project)
    n = line_of(path, "start: five")
    assert line.startswith(f"{path}:{n}:") and "spans/1/start" in line and "'five'" in line


def test_offsets_out_of_range(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(
        path,
        "start: 5, end: 21, text: القوات الأمريكية",
        "start: 5, end: 99999, text: القوات الأمريكية",
    )
    lines = problems(sample_project)
    n = line_of(path, "end: 99999")
    assert lines == [f"{path}:{n}: span s1: offsets 5-99999 are outside the text (0-2940)"]


def test_text_mismatch_names_the_span(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(
        path, "start: 5, end: 21, text: القوات الأمريكية", "start: 5, end: 21, text: القوات الروسية"
    )
    (line,) = problems(sample_project)
    n = line_of(path, "القوات الروسية")
    assert line.startswith(f"{path}:{n}: span s1: text 'القوات الروسية' does not match")
    assert "'القوات الأمريكية'" in line


def test_unknown_label(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(path, "label: WEAPON", "label: VEHICLE")
    lines = problems(sample_project)
    n = line_of(path, "label: VEHICLE")
    assert lines[0].startswith(f"{path}:{n}: span ") and "unknown label 'VEHICLE'" in lines[0]


def test_dangling_relation(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(
        path,
        "{id: r1, type: source, from: s9, to: s7}",
        "{id: r1, type: source, from: s9, to: s404}",
    )
    (line,) = problems(sample_project)
    n = line_of(path, "to: s404")
    assert line == f"{path}:{n}: relation r1: to span 's404' does not exist"


def test_non_utf8_text(sample_project: Project) -> None:
    path = sample_project.text_path("beirut-harakat")
    raw = path.read_bytes()
    path.write_bytes(raw[:20] + b"\xff" + raw[20:])
    (line,) = problems(sample_project)
    assert line.startswith(f"{path}:1:") and "not valid UTF-8" in line


def test_changed_text_is_reported_and_nothing_is_shifted(sample_project: Project) -> None:
    text = sample_project.text_path(SEED)
    text.write_text("خبر عاجل: " + text.read_text(encoding="utf-8"), encoding="utf-8")
    lines = problems(sample_project)
    assert len(lines) == 3  # ann1, ann2 and gold each refer to the old text
    assert all(
        "texts/xinhua-deir-ezzor.txt changed since these annotations were made" in x for x in lines
    )


def test_alias_bomb_is_refused(sample_project: Project) -> None:
    path = ann1(sample_project)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 20)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    path.write_text(bomb, encoding="utf-8")
    (line,) = problems(sample_project)
    assert re.match(
        rf"^{re.escape(str(path))}:\d+:\d+: YAML document expands to more than", line
    ), line


def test_oversized_file_is_refused_before_parsing(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.store.yaml_safe.MAX_BYTES", 5000)
    report = validate_paths([sample_project.root])
    messages = [str(p) for p in report.problems]
    path = ann1(sample_project)
    size = path.stat().st_size
    assert (
        f"{path}: file is {size / 1024:.1f} kB, over the 4.9 kB limit for this kind of file"
        in messages
    )


def test_validate_single_files_and_missing_paths(sample_project: Project, tmp_path: Path) -> None:
    good = run_cli("validate", ann1(sample_project))
    assert good.returncode == 0, good.stdout
    missing = run_cli("validate", tmp_path / "nope.yaml")
    assert missing.returncode == 1
    assert missing.stdout.strip() == f"{tmp_path / 'nope.yaml'}: no such file or folder"


def test_every_problem_in_a_file_is_listed(sample_project: Project) -> None:
    path = ann1(sample_project)
    edit(path, "label: WEAPON", "label: VEHICLE")
    edit(path, "start: 5, end: 21, text: القوات الأمريكية", "start: 5, end: 21, text: x")
    lines = problems(sample_project)
    assert len(lines) == 2


@pytest.mark.parametrize("digits", [19, 5001])
def test_a_number_too_long_for_python_is_one_line_not_a_traceback(
    sample_project: Project, digits: int
) -> None:
    """Python refuses to turn more than 4,300 digits into an int (a ValueError from deep in
    the YAML loader). A file with such an offset, or with an offset of 19 digits (beyond the
    canonical reader, still a number), is one problem on its line for validate and agree."""
    path = ann1(sample_project)
    line = line_of(path, "start: ")
    edit(path, "start: ", "start: 1" + "0" * (digits - 1) + "0", 1)
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "start: 1" + "0" * (digits - 1) in text
    for command in ("validate", "agree"):
        result = run_cli(command, sample_project.root)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        output = (result.stdout + result.stderr).splitlines()
        mine = [o for o in output if f"{path.name}:{line}" in o]
        assert len(mine) == 1, output
    if digits > 4300:  # the file cannot be read at all: one problem, counted in the singular
        result = run_cli("validate", sample_project.root)
        summary = r"^1 problem: 6 documents, 4 annotation files, \d+ spans"
        assert re.search(summary, result.stderr, re.M), result.stderr
