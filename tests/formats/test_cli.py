"""``annotator export`` and ``annotator import`` as a user runs them."""

from __future__ import annotations

import functools
import json
import operator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store.project import Project
from tests.cli_helpers import run_cli

SEED = "xinhua-deir-ezzor"


def test_help_lists_formats_with_what_they_drop() -> None:
    result = run_cli("export", "--help")
    assert result.returncode == 0
    for name in ("brat", "conll", "bioes", "jsonl", "spacy", "labelstudio"):
        assert f"  {name} " in result.stdout
    assert "drops:" in result.stdout
    assert run_cli("import", "--help").returncode == 0


def test_export_prints_sizes_and_reports_drops(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gold.conll"
    assert main(["export", str(sample_project.root), "--to", "conll", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    gold = sample_project.load_gold(SEED)
    assert gold is not None
    lines = captured.out.splitlines()
    assert lines[0].startswith("exported 1 document, ") and lines[0].endswith(f"to {out}")
    dropped = [line for line in captured.err.splitlines() if ": dropped " in line]
    assert dropped and all(line.startswith(f"annotator: {SEED}:") for line in dropped)
    assert "warning: 5 documents have no gold set and were not exported" in captured.err
    assert "conll cannot hold, so did not write:" in captured.err
    # An existing output is not overwritten without --force.
    assert main(["export", str(sample_project.root), "--to", "conll", "--out", str(out)]) == 1
    assert (
        f"annotator: {out}: exists; choose another --out or use --force" in capsys.readouterr().err
    )


def test_split_is_by_document_reproducible_and_printed(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = sample_project.root
    for doc_id in sample_project.document_ids():  # give every document a set
        aset = sample_project.load_set("ann1", doc_id)
        if not aset.spans:
            aset, _ = aset.add_span(sample_project.schema, "ACTOR", 0, 3)
            sample_project.save_set(aset)
    outs = []
    for n in range(2):
        out = tmp_path / f"split{n}"
        args = [
            "export",
            str(root),
            "--to",
            "jsonl",
            "--source",
            "ann1",
            "--out",
            str(out),
            "--split",
            "train=0.5,dev=0.25,test=0.25",
            "--seed",
            "7",
        ]
        assert main(args) == 0
        outs.append(out)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("exported 6 documents") and printed[0].endswith("(split seed 7):")
    assert [line.split(":")[0].strip() for line in printed[1:4]] == ["train", "dev", "test"]
    assert "train: 3 documents" in printed[1]
    ids = {}
    for part in ("train", "dev", "test"):
        first = (outs[0] / f"{part}.jsonl").read_bytes()
        assert first == (outs[1] / f"{part}.jsonl").read_bytes()
        ids[part] = [json.loads(x)["id"] for x in first.decode().splitlines()]
    assert (
        sorted(functools.reduce(operator.iadd, ids.values(), [])) == sample_project.document_ids()
    )
    # 6 documents at 0.5/0.25/0.25 are 3/1.5/1.5: the leftover one goes to the first tie, dev.
    assert [len(ids[p]) for p in ("train", "dev", "test")] == [3, 2, 1]


def test_docs_filter_and_unknown_source(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(sample_project.root)
    out = tmp_path / "one.json"
    assert (
        main(
            [
                "export",
                root,
                "--to",
                "labelstudio",
                "--source",
                "ann1",
                "--docs",
                "damascus-quotes",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert [t["data"]["doc_id"] for t in json.loads(out.read_text("utf-8"))] == ["damascus-quotes"]
    assert main(["export", root, "--to", "jsonl", "--source", "nobody", "--out", str(out)]) == 1
    assert "no annotator 'nobody' in this project (sources: gold, ann1, ann2)" in (
        capsys.readouterr().err
    )


def test_import_round_trip_through_the_cli(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(sample_project.root)
    out = tmp_path / "ann1.json"
    assert main(["export", root, "--to", "labelstudio", "--source", "ann1", "--out", str(out)]) == 0
    capsys.readouterr()
    args = ["import", str(out), "--from", "labelstudio", "--into", root, "--as", "copy"]
    assert main([*args, "--dry-run"]) == 0
    assert "would import (dry run) 2 documents" in capsys.readouterr().out
    assert not (sample_project.root / "annotations" / "copy").exists()
    assert main(args) == 0
    summary = capsys.readouterr().out.splitlines()
    assert summary[0].startswith(
        "imported 2 documents into annotations/copy/ (0 new texts, 2 matched"
    )
    assert summary[1].startswith("  spans per label: ACTOR ")
    reopened = Project.open(sample_project.root)
    for doc_id in ("damascus-quotes", SEED):
        original, copy = reopened.load_set("ann1", doc_id), reopened.load_set("copy", doc_id)
        assert [(s.id, s.key, s.attributes, s.note) for s in copy.spans] == [
            (s.id, s.key, s.attributes, s.note) for s in original.spans
        ]
        assert copy.relations == original.relations
    # Again: the files exist now, so the import is refused as a whole.
    assert main(args) == 1
    assert "exists already; use --merge" in capsys.readouterr().err


def test_import_errors_are_one_line_each(tmp_path: Path, sample_project: Project) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "ACTOR"}]}\n', encoding="utf-8"
    )
    result = run_cli("import", bad, "--from", "jsonl", "--into", sample_project.root, "--as", "m")
    assert result.returncode == 1
    assert result.stderr == (
        f"annotator: {bad}:1: span s1: offsets 0-9 are outside the text (0-3)\n"
    )


def test_extractor_output_without_texts_comes_in_as_pre_annotations(
    tmp_path: Path, sample_project: Project
) -> None:
    """{"id", "spans"} lines, as extractors write them about project texts, take the texts
    from the project; the spans come in as imported pre-annotations, offsets checked."""
    text = sample_project.document("beirut-harakat").text
    start = text.index("لبنان")
    lines = [
        {
            "id": "beirut-harakat",
            "spans": [{"start": start, "end": start + 5, "label": "LOCATION"}],
        },
        {"id": "erbil-drones-numbers", "spans": []},
    ]
    path = tmp_path / "model.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    result = run_cli(
        "import", path, "--from", "jsonl", "--into", sample_project.root, "--as", "ner",
        "--pre-annotation",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    aset = sample_project.load_set("ner", "beirut-harakat")
    assert [(s.label, aset.span_text(s), s.origin) for s in aset.spans] == [
        ("LOCATION", "لبنان", "imported:ner")
    ]
    path.write_text(json.dumps({"id": "missing-doc", "spans": []}), encoding="utf-8")
    refused = run_cli("import", path, "--from", "jsonl", "--into", sample_project.root, "--as", "x")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"annotator: {path}:1: no 'text', and no document 'missing-doc' in the project to take it from"
    )
