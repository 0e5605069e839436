"""Hugging Face datasets export: load_dataset reads it, ner_tags are a ClassLabel, and the
tags are those of our CoNLL export for the same tokens."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, WriteOptions
from annotator.formats.exporter import export_sets, select_labels
from annotator.formats.registry import get_format
from annotator.model import AnnotationSet
from annotator.store.project import Project
from tests.cli_helpers import run_cli

ENTITIES = ["ACTOR", "LOCATION", "WEAPON"]


def one_set_per_document(project: Project) -> list[AnnotationSet]:
    sets = []
    for doc_id in project.document_ids():
        gold = project.load_gold(doc_id)
        if gold is not None:
            sets.append(gold)
            continue
        for who in project.annotators():
            if project.has_set(who, doc_id):
                sets.append(project.load_set(who, doc_id))
                break
        else:
            sets.append(AnnotationSet(project.document(doc_id), "empty"))
    return sets


def conll_documents(path: Path) -> list[list[tuple[str, str]]]:
    docs: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line:
            token, tag = line.rsplit(" ", 1)
            docs[-1].append((token, tag))
    return docs


@pytest.mark.parametrize(
    ("scheme", "split_clitics"),
    [("ours", False), ("ours", True), ("whitespace", False), ("whitespace", True)],
)
def test_load_dataset_reads_the_export_and_its_tags_are_the_conll_exports(
    sample_project: Project, tmp_path: Path, scheme: str, split_clitics: bool
) -> None:
    datasets = pytest.importorskip("datasets")
    sets = one_set_per_document(sample_project)
    options = WriteOptions(
        schema=sample_project.schema, split_clitics=split_clitics, token_scheme=scheme
    )
    out = tmp_path / "hf"
    export_sets(get_format("hf"), sets, out, options, split=[("train", 0.5), ("dev", 0.5)])
    loaded = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert set(loaded) == {"train", "dev"}
    tags = loaded["train"].features["ner_tags"].feature
    assert tags.names == ["O", *(f"{p}-{label}" for label in ENTITIES for p in "BI")]
    rows = sorted((r for part in loaded.values() for r in part), key=lambda r: r["id"])
    by_doc: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["document"], r["sentence"])):
        by_doc.setdefault(row["document"], []).append(row)
    assert set(by_doc) == {s.document.id for s in sets if s.text.strip()}

    ner_only, _ = select_labels(sets, ENTITIES)
    conll = tmp_path / "same.conll"
    export_sets(get_format("conll"), ner_only, conll, options)
    expected = dict(zip([s.document.id for s in sets], conll_documents(conll), strict=True))
    text_of = {s.document.id: s.text for s in sets}
    spans_of = {s.document.id: s.spans for s in sets}
    entities = 0
    for doc_id, doc_rows in by_doc.items():
        got = [
            (token, tags.int2str(tag))
            for row in doc_rows
            for token, tag in zip(row["tokens"], row["ner_tags"], strict=True)
        ]
        assert got == expected[doc_id]
        entities += sum(tag.startswith("B-") for _, tag in got)
        text = text_of[doc_id]
        for row in doc_rows:
            assert row["text"] == text[row["start"] : row["start"] + len(row["text"])]
            for token, a, b in zip(row["tokens"], row["token_starts"], row["token_ends"],
                                   strict=True):  # fmt: skip
                assert text[a:b] == token
        listed = sorted((s["start"], s["end"], s["label"]) for r in doc_rows for s in r["spans"])
        assert listed == sorted((s.start, s.end, s.label) for s in spans_of[doc_id])
    assert entities > 30


def test_ents_choose_the_tagged_labels_and_the_cli_writes_a_card(
    sample_project: Project, tmp_path: Path
) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "claims"
    result = run_cli(
        "export", sample_project.root, "--to", "hf", "--out", out, "--ents", "CLAIM",
        "--tokens", "whitespace",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "load with datasets.load_dataset" in result.stderr
    assert (out / "README.md").read_text(encoding="utf-8").startswith("---\nconfigs:")
    loaded = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "cache"))
    assert list(loaded) == ["train"]
    assert loaded["train"].features["ner_tags"].feature.names == ["O", "B-CLAIM", "I-CLAIM"]
    again = run_cli("export", sample_project.root, "--to", "hf", "--out", out)
    assert again.returncode == 1 and "not empty" in again.stderr


def test_without_datasets_the_error_says_how_to_install_it(
    sample_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    sets = one_set_per_document(sample_project)[:1]
    with pytest.raises(ImportExportError, match=r"pip install 'annotator\[hf\]'"):
        get_format("hf").write(sets, tmp_path / "x", replace(WriteOptions()), NO_PROGRESS)
