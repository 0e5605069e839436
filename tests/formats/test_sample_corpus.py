"""The bundled sample corpus exported in every format: counts and texts as the corpus has them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.base import ReadOptions, WriteOptions
from annotator.formats.exporter import collect_sets, export_sets
from annotator.formats.registry import formats, get_format, read_corpus
from annotator.store.project import Project
from tests.formats import brat_reference
from tests.formats.helpers import read_content, set_content

SOURCES = ("gold", "ann1", "ann2")


# Every format that can be read back (the Hugging Face export is write-only: tests/formats/
# test_hf.py loads it with `datasets` and checks it against the CoNLL export).
@pytest.mark.parametrize("name", [f.name for f in formats() if f.read is not None])
@pytest.mark.parametrize("source", SOURCES)
def test_sample_corpus_exports_in_every_format(
    sample_project: Project, tmp_path: Path, name: str, source: str
) -> None:
    fmt = get_format(name)
    if fmt.extra:
        pytest.importorskip(fmt.extra)
    selection = collect_sets(sample_project, source)
    sets = selection.sets
    assert sets and len(sets) + len(selection.missing) == 6
    out = tmp_path / ("out" if fmt.folder else f"out{fmt.default_extension}")
    result = export_sets(fmt, sets, out, WriteOptions(schema=sample_project.schema))
    report = result.report
    assert report.documents == len(sets)
    total = sum(len(a.spans) for a in sets)
    texts = {d: sample_project.document(d).text for d in sample_project.document_ids()}
    back = read_corpus(out, name, ReadOptions(texts=texts))
    assert [d.id for d in back] == [a.document.id for a in sets]
    assert [d.text for d in back] == [a.text for a in sets]
    dropped = {(i.document, i.ident) for i in report.dropped}
    if fmt.lossless:
        assert [read_content(d) for d in back] == [set_content(a) for a in sets]
        assert not dropped and report.spans == total
        assert report.relations == sum(len(a.relations) for a in sets)
    else:
        assert report.spans == sum(len(d.spans) for d in back) == total - len(dropped)
        for doc in back:
            for span in doc.spans:  # every span read back is on a whole word of the text
                piece = doc.text[span.start : span.end]
                assert piece == piece.strip() and piece
    if name == "brat":
        ref = brat_reference.read_collection(out)
        assert sum(len(d.entities) for d in ref.values()) == total


def test_sample_gold_as_ner_training_data(sample_project: Project, tmp_path: Path) -> None:
    """The gold entities without CLAIM, in BIOES with clitics split: nothing is lost."""
    from annotator.formats.exporter import select_labels

    sets, left_out = select_labels(
        collect_sets(sample_project, "gold").sets, ["ACTOR", "LOCATION", "WEAPON"]
    )
    gold = sample_project.load_gold("xinhua-deir-ezzor")
    assert gold is not None
    assert left_out == {"CLAIM": gold.counts()["CLAIM"]}
    out = tmp_path / "ner.conll"
    report = export_sets(get_format("bioes"), sets, out, WriteOptions(split_clitics=True)).report
    # Only genuinely nested entities (an ACTOR inside a longer ACTOR) are left out.
    for item in report.dropped:
        assert "overlaps" in item.reason
    counts = {k: v for k, v in gold.counts().items() if k != "CLAIM"}
    written = {}
    for line in out.read_text("utf-8").splitlines():
        if line and not line.startswith("-DOCSTART-"):
            tag = line.split(" ")[1]
            if tag[:2] in ("B-", "S-"):
                written[tag[2:]] = written.get(tag[2:], 0) + 1
    dropped = {}
    for item in report.dropped:
        dropped[item.label] = dropped.get(item.label, 0) + 1
    assert {k: written.get(k, 0) + dropped.get(k, 0) for k in counts} == counts


def test_labelstudio_sample_export_is_valid_json_with_one_task_per_document(
    sample_project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "ls.json"
    sets = collect_sets(sample_project, "ann1").sets
    export_sets(get_format("labelstudio"), sets, out, WriteOptions(schema=sample_project.schema))
    tasks = json.loads(out.read_text("utf-8"))
    assert [t["data"]["doc_id"] for t in tasks] == ["damascus-quotes", "xinhua-deir-ezzor"]
