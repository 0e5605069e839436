"""Nothing raw reaches the terminal: diff, evaluate --errors, validate and errors are sanitised."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile.helpers import RAW_CONTROL, TEXT, make_project, run, span_file

OSC52 = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e\x9b"


def _with_note(root: Path, who: str, note: str) -> Path:
    esc = json.dumps(note)  # YAML reads JSON double-quoted strings the same way
    span = (
        "  - {id: s1, label: ACTOR, start: 5, end: 21, text: القوات الأمريكية, "
        f"attributes: {{kind: state_forces}}, note: {esc}}}\n"
    )
    path = root / "annotations" / who / "doc1.yaml"
    path.write_text(span_file("doc1", TEXT, who, span), encoding="utf-8")
    return path


def test_diff_shows_hostile_notes_as_escapes_in_text_and_json(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    a = _with_note(root, "ann1", "calm")
    b = _with_note(root, "ann2", OSC52)
    for extra in ([], ["--bidi", "terminal"], ["--format", "json"]):
        result = run("diff", a, b, *extra)
        assert result.returncode == 1, result.stderr
        assert RAW_CONTROL.search(result.stdout + result.stderr) is None, repr(result.stdout)
        assert "52;c;ZXZpbA==" in result.stdout
    data = json.loads(run("diff", a, b, "--format", "json").stdout)
    assert data["spans"][0]["b"]["note"] == OSC52  # JSON escapes, the value is intact


def test_diff_and_evaluate_errors_escape_controls_in_article_text(tmp_path: Path) -> None:
    text = "قصفت \x9bالقوات\u202e الأمريكية مستودعات أسلحة.\n"
    root = make_project(tmp_path / "p", text)
    span = '  - {id: s1, label: ACTOR, start: 5, end: 13, text: "\\x9bالقوات\\u202e"}\n'
    span2 = '  - {id: s1, label: LOCATION, start: 5, end: 13, text: "\\x9bالقوات\\u202e"}\n'
    (root / "gold" / "doc1.yaml").write_text(
        span_file("doc1", text, "gold", span), encoding="utf-8"
    )
    for who, s in (("ann1", span), ("ann2", span2)):
        (root / "annotations" / who / "doc1.yaml").write_text(
            span_file("doc1", text, who, s), encoding="utf-8"
        )
    result = run(
        "diff",
        root / "annotations/ann1/doc1.yaml",
        root / "annotations/ann2/doc1.yaml",
        "--bidi",
        "terminal",
    )
    assert result.returncode == 1, result.stderr
    assert RAW_CONTROL.search(result.stdout) is None and "\\u009b" in result.stdout
    result = run("evaluate", root, root / "annotations" / "ann2", "--errors", "--bidi", "terminal")
    assert result.returncode == 0, result.stderr
    assert RAW_CONTROL.search(result.stdout + result.stderr) is None, repr(result.stdout)
    assert "\\u009b" in result.stdout


def test_validate_shows_hostile_file_names_escaped(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "texts" / "evil\x1b[2J\u202e.txt").write_text("x\n", encoding="utf-8")
    result = run("validate", root)
    assert result.returncode == 1
    assert RAW_CONTROL.search(result.stdout + result.stderr) is None, repr(result.stdout)
    assert "evil\\u001b[2J\\u202e.txt" in result.stdout
