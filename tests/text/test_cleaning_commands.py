"""Given texts are reported, never silently changed; init --clean and import --clean normalise
them, moving every span exactly, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.model import Span, build_set
from annotator.store.project import Project
from annotator.text.hygiene import clean
from tests.cli_helpers import run_cli

MARKED = "\ufeff\u200eقال المرصد السوري\u200e إن الجيـــش\u00a0قصف یوم الأحد.\r\n"


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".annotator" not in p.parts
    }


def project_with_marked_text(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    (root / "a.txt").write_bytes(MARKED.encode("utf-8"))
    (root / "b.txt").write_bytes("نص نظيف.\n".encode())
    result = run_cli("init", root, "--annotators", "ann1")
    assert result.returncode == 0, result.stderr
    return root


def test_validate_and_stats_report_what_a_text_holds_and_change_nothing(tmp_path: Path) -> None:
    root = project_with_marked_text(tmp_path)
    before = files(root)
    validate = run_cli("validate", root)
    assert validate.returncode == 0
    expected = (
        "texts/a.txt: U+200E LEFT-TO-RIGHT MARK 2, U+FEFF BYTE ORDER MARK 1, tatweel runs 1, "
        "no-break spaces 1, mixed ي/ی (Arabic 2, Persian 1) 3"
    )
    assert expected in validate.stderr
    assert "texts/b.txt" not in validate.stderr
    stats = run_cli("stats", root)
    assert expected in stats.stdout
    as_json = json.loads(run_cli("stats", root, "--format", "json").stdout)
    assert as_json["text_hygiene"] == {
        "a": {
            "U+200E LEFT-TO-RIGHT MARK": 2,
            "U+FEFF BYTE ORDER MARK": 1,
            "tatweel runs": 1,
            "no-break spaces": 1,
            "mixed ي/ی": 3,
        }
    }
    assert files(root) == before


def test_init_clean_moves_every_span_of_every_set_exactly(tmp_path: Path) -> None:
    root = project_with_marked_text(tmp_path)
    project = Project.open(root)
    doc = project.document("a")
    text = doc.text
    pieces = ["المرصد السوري", "الجيـــش", "یوم الأحد"]
    spans = []
    for n, piece in enumerate(pieces, start=1):
        start = text.index(piece)
        spans.append(Span(f"s{n}", "ACTOR", start, start + len(piece)))
    # A span that starts on the BOM and a mark: cleaning moves its start to the first letter.
    spans.append(Span("s9", "ACTOR", 0, text.index("قال") + 3))
    for who in ("ann1", "gold"):
        aset, problems = build_set(doc, who, project.schema, spans, [])
        assert not problems
        (project.save_gold if who == "gold" else project.save_set)(aset)
    result = run_cli("init", root, "--clean")
    assert result.returncode == 0, result.stderr
    assert "cleaned texts/a.txt:" in result.stdout and "removed tatweel 3" in result.stdout
    assert "cleaned 1 of 2 texts, 2 annotation sets moved with them" in result.stdout
    cleaned = Project.open(root)
    new_text = cleaned.document("a").text
    assert new_text == clean(text).text == "قال المرصد السوري إن الجيش قصف يوم الأحد.\r\n"
    for aset in (cleaned.load_set("ann1", "a"), cleaned.load_gold("a")):
        assert aset is not None
        got = {s.id: new_text[s.start : s.end] for s in aset.spans}
        assert got == {
            "s1": "المرصد السوري",
            "s2": "الجيش",
            "s3": "يوم الأحد",
            "s9": "قال",
        }
    assert run_cli("validate", root).returncode == 0


def test_init_clean_changes_nothing_when_a_span_would_be_emptied(tmp_path: Path) -> None:
    root = project_with_marked_text(tmp_path)
    project = Project.open(root)
    doc = project.document("a")
    start = doc.text.index("ـــ")
    aset, problems = build_set(
        doc, "ann1", project.schema, [Span("s1", "WEAPON", start, start + 3)], []
    )
    assert not problems
    project.save_set(aset)
    before = files(root)
    result = run_cli("init", root, "--clean")
    assert result.returncode == 1
    assert "span s1 WEAPON" in result.stderr and "cleaning removes" in result.stderr
    assert files(root) == before


def test_import_clean_normalises_given_texts_and_moves_their_spans(tmp_path: Path) -> None:
    root = project_with_marked_text(tmp_path)
    text = "\u200eقال المرصد\u200f إن الجيـــش قصف"
    start = text.index("الجيـــش")
    line = {"id": "c", "text": text, "spans": [
        {"start": start, "end": start + 8, "label": "ACTOR"}]}  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli("import", source, "--from", "jsonl", "--into", root, "--as", "ann1", "--clean")
    assert result.returncode == 0, result.stderr
    assert "cleaned 1 of 1 texts:" in result.stderr and "removed tatweel 3" in result.stderr
    project = Project.open(root)
    assert project.document("c").text == "قال المرصد إن الجيش قصف"
    (span,) = project.load_set("ann1", "c").spans
    assert project.document("c").text[span.start : span.end] == "الجيش"
    # Without --clean the given text comes in exactly as it is.
    line["id"] = "d"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert (
        run_cli("import", source, "--from", "jsonl", "--into", root, "--as", "ann1").returncode == 0
    )
    assert Project.open(root).document("d").text == text
