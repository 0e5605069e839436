"""Importing into a project: matching texts, checking everything first, writing all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import ImportExportError, LockedError, ValidationError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.importer import ImportOptions, apply_import, parse_label_map, plan_import
from annotator.formats.registry import get_format, read_corpus
from annotator.model import AnnotationSet
from annotator.store.project import Project, init_project

SEED = "xinhua-deir-ezzor"


def jsonl(path: Path, *rows: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".annotator" not in p.parts
    }


def do_import(project: Project, path: Path, fmt: str = "jsonl", **options) -> object:
    corpus = read_corpus(path, fmt, ReadOptions(skip_invalid=options.get("skip_invalid", False)))
    plan = plan_import(project, corpus, ImportOptions(**options))
    apply_import(project, plan, NO_PROGRESS)
    return plan


def test_existing_texts_are_matched_by_sha256_and_new_ones_created(
    sample_project: Project, tmp_path: Path
) -> None:
    seed = sample_project.document(SEED).text
    path = jsonl(
        tmp_path / "in.jsonl",
        {"id": "renamed", "text": seed, "spans": [{"start": 0, "end": 4, "label": "CLAIM"}]},
        {
            "id": "new-doc",
            "text": "قصفت الطائرات\r\nدمشق",
            "spans": [
                {"start": 15, "end": 19, "label": "LOCATION", "attributes": {"kind": "city"}}
            ],
        },
    )
    plan = do_import(sample_project, path, annotator="model", pre_annotation=True)
    assert (plan.created, plan.matched, plan.spans) == (1, 1, 2)
    assert plan.notes == [f"{path}:1: same text as document {SEED}; imported as {SEED}"]
    assert (sample_project.root / "texts" / "new-doc.txt").read_bytes() == (
        "قصفت الطائرات\r\nدمشق".encode()
    )
    reopened = Project.open(sample_project.root)
    aset = reopened.load_set("model", "new-doc")
    [span] = aset.spans
    assert (span.origin, span.text_in(aset.text), dict(span.attributes)) == (
        "imported:model",
        "دمشق",
        {"kind": "city"},
    )
    assert aset.status == "new"
    assert reopened.load_set("model", SEED).spans[0].text_in(seed) == "قصفت"


def test_nothing_is_written_unless_everything_is_valid(
    sample_project: Project, tmp_path: Path
) -> None:
    before = snapshot(sample_project.root)
    path = jsonl(
        tmp_path / "bad.jsonl",
        {"id": "ok", "text": "نص جديد", "spans": [{"start": 0, "end": 2, "label": "ACTOR"}]},
        {
            "id": "bad",
            "text": "نص آخر",
            "spans": [
                {"start": 0, "end": 2, "label": "PER"},
                {"start": 3, "end": 6, "label": "WEAPON", "attributes": {"kind": "tank"}},
            ],
        },
        {"id": "../escape", "text": "x"},
    )
    corpus = read_corpus(path, "jsonl")
    with pytest.raises(ValidationError) as err:
        plan_import(sample_project, corpus, ImportOptions(annotator="model"))
    messages = [str(p) for p in err.value.problems]
    assert messages[0] == (
        f"{path}:2: span s1: unknown label 'PER' (schema {sample_project.schema.source} has "
        "ACTOR, LOCATION, WEAPON, CLAIM); map it with --map-labels PER=LABEL"
    )
    assert messages[1].startswith(f"{path}:2: span s2: attribute kind of WEAPON cannot be 'tank'")
    assert messages[2].startswith(f"{path}:3: document id '../escape' contains a path separator")
    assert snapshot(sample_project.root) == before
    # With --skip-invalid the good part goes in and each left-out item is listed.
    plan = do_import(sample_project, path, annotator="model", skip_invalid=True)
    assert [d.document.id for d in plan.documents] == ["ok", "bad"]
    assert [p.place.line for p in plan.skipped] == [2, 2, 3]
    assert all(p.message.startswith("skipped: ") for p in plan.skipped)


def test_labels_can_be_mapped(sample_project: Project, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "m.jsonl",
        {"id": "m", "text": "أحمد", "spans": [{"start": 0, "end": 4, "label": "PER"}]},
    )
    plan = do_import(
        sample_project, path, annotator="model", label_map=parse_label_map("PER=ACTOR")
    )
    assert dict(plan.labels) == {"ACTOR": 1}
    with pytest.raises(ImportExportError, match="expected OLD=NEW"):
        parse_label_map("PER:ACTOR")


def test_a_different_text_under_a_taken_id_is_an_error(
    sample_project: Project, tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"id": SEED, "text": "نص مختلف"})
    with pytest.raises(ValidationError, match=f"document id {SEED} is taken by a different text"):
        plan_import(sample_project, read_corpus(path, "jsonl"), ImportOptions(annotator="m"))


def test_existing_annotation_files_are_refused_merged_or_replaced(
    sample_project: Project, tmp_path: Path
) -> None:
    ann1 = sample_project.load_set("ann1", SEED)
    first = ann1.spans[0]
    path = jsonl(
        tmp_path / "e.jsonl",
        {
            "id": SEED,
            "text": ann1.text,
            "spans": [
                {"id": first.id, "start": first.start, "end": first.end, "label": first.label},
                {"id": first.id + "x", "start": 0, "end": 4, "label": "WEAPON"},
            ],
        },
    )
    corpus = read_corpus(path, "jsonl")
    with pytest.raises(ValidationError) as err:
        plan_import(sample_project, corpus, ImportOptions(annotator="ann1"))
    assert str(err.value.problems[0]) == (
        f"annotations/ann1/{SEED}.yaml: exists already; use --merge to add the imported spans "
        "to it or --replace to overwrite it"
    )
    plan = plan_import(sample_project, corpus, ImportOptions(annotator="ann1", existing="merge"))
    apply_import(sample_project, plan)
    merged = Project.open(sample_project.root).load_set("ann1", SEED)
    assert len(merged.spans) == len(ann1.spans) + 1  # the span already there is not doubled
    assert merged.relations == ann1.relations and merged.status == ann1.status
    plan = plan_import(sample_project, corpus, ImportOptions(annotator="ann1", existing="replace"))
    apply_import(sample_project, plan)
    assert len(Project.open(sample_project.root).load_set("ann1", SEED).spans) == 2


def test_a_locked_set_stops_the_import_before_anything_is_written(
    sample_project: Project, tmp_path: Path
) -> None:
    path = jsonl(
        tmp_path / "l.jsonl",
        {"id": "new", "text": "نص"},
        {"id": "x", "text": sample_project.document(SEED).text},
    )
    plan = plan_import(sample_project, read_corpus(path, "jsonl"), ImportOptions(annotator="m"))
    before = snapshot(sample_project.root)
    lock = sample_project.lock_set("m", SEED)  # another session has it open
    try:
        with pytest.raises(LockedError):
            apply_import(sample_project, plan)
    finally:
        lock.release()
    assert snapshot(sample_project.root) == before


def test_gold_import(sample_project: Project, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "g.jsonl",
        {"id": "g", "text": "دمشق", "spans": [{"start": 0, "end": 4, "label": "LOCATION"}]},
    )
    do_import(sample_project, path, annotator="gold", status="done")
    gold = Project.open(sample_project.root).load_gold("g")
    assert gold is not None and gold.status == "done" and len(gold.spans) == 1


def test_conll_predictions_land_on_the_exact_texts_they_came_from(
    sample_project: Project, tmp_path: Path
) -> None:
    gold = sample_project.load_gold(SEED)
    assert gold is not None
    exported = tmp_path / "gold.conll"
    report = get_format("conll").write([gold], exported, WriteOptions(), NO_PROGRESS)
    texts = {d: sample_project.document(d).text for d in sample_project.document_ids()}
    corpus = read_corpus(exported, "conll", ReadOptions(texts=texts))
    plan = plan_import(
        sample_project, corpus, ImportOptions(annotator="tagger", pre_annotation=True)
    )
    assert (plan.created, plan.matched) == (0, 1)
    apply_import(sample_project, plan)
    back = Project.open(sample_project.root).load_set("tagger", SEED)
    assert back.text == gold.text and len(back.spans) == report.spans
    kept = {s.key for s in gold.spans} - {(i.start, i.end, i.label) for i in report.dropped}
    changed = {(i.start, i.end, i.label) for i in report.changed}
    assert kept - changed <= {s.key for s in back.spans}


def test_a_project_made_from_imported_brat_files(tmp_path: Path, mixed_set: AnnotationSet) -> None:
    brat = tmp_path / "brat"
    get_format("brat").write([mixed_set], brat, WriteOptions(), NO_PROGRESS)
    project, _ = init_project(tmp_path / "p")
    do_import(project, brat, "brat", annotator="ann1")
    aset = Project.open(project.root).load_set("ann1", "mixed-1")
    assert aset.text == mixed_set.text
    assert [(s.id, s.key, dict(s.attributes), s.note) for s in aset.spans] == [
        (s.id, s.key, dict(s.attributes), s.note) for s in mixed_set.spans
    ]
    assert aset.relations == mixed_set.relations
