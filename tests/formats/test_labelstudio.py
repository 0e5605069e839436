"""Label Studio tasks: the shape Label Studio imports, its labeling config, and reading back
annotations or predictions."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.labelstudio import config_path, read_labelstudio, write_labelstudio
from annotator.model import AnnotationSet, LabelSchema


def test_tasks_and_config_fit_together(
    mixed_set: AnnotationSet, schema: LabelSchema, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.json"
    report = write_labelstudio([mixed_set], path, WriteOptions(schema=schema), NO_PROGRESS)
    assert report.files == [path, tmp_path / "tasks.label_config.xml"]
    [task] = json.loads(path.read_text(encoding="utf-8"))
    assert task["data"] == {"text": mixed_set.text, "doc_id": "mixed-1"}
    [annotation] = task["annotations"]
    result = annotation["result"]
    config = ET.fromstring(config_path(path).read_text(encoding="utf-8"))
    controls = {el.get("name"): el for el in config.iter() if el.get("toName") == "text"}
    labels = {el.get("value") for el in controls["label"]}
    assert labels == set(schema.labels)
    assert [el.get("value") for el in config.iter("Relation")] == ["source"]
    for item in result:
        if item["type"] == "relation":
            assert item["labels"] == ["source"] and item["direction"] == "right"
            continue
        control = controls[item["from_name"]]
        assert (
            control.tag
            == {"labels": "Labels", "choices": "Choices", "textarea": "TextArea"}[item["type"]]
        )
        value = item["value"]
        if item["type"] == "labels":
            assert value["text"] == mixed_set.text[value["start"] : value["end"]]
        if item["type"] == "choices":
            assert control.get("perRegion") == "true"
            assert value["choices"][0] in {c.get("value") for c in control}
    kinds = [(r["id"], r["from_name"]) for r in result if r["type"] != "relation"]
    assert (
        ("s1", "ACTOR.kind") in kinds
        and ("s1", "note") in kinds
        and ("s4", "CLAIM.stance") in kinds
    )


def test_predictions_target(mixed_set: AnnotationSet, tmp_path: Path) -> None:
    path = tmp_path / "pre.json"
    options = WriteOptions(labelstudio_target="predictions", model_version="crf-2")
    write_labelstudio([mixed_set], path, options, NO_PROGRESS)
    [task] = json.loads(path.read_text(encoding="utf-8"))
    assert "annotations" not in task
    assert task["predictions"][0]["model_version"] == "crf-2"
    [doc] = read_labelstudio(path, ReadOptions(prefer_predictions=True))
    assert len(doc.spans) == len(mixed_set.spans)
    [doc] = read_labelstudio(path, ReadOptions())
    assert doc.notes == (f"{path}[task 1]: no annotation; took the prediction",)


def ls_task(result: list, **extra) -> dict:
    return {
        "id": 41,
        "data": {"text": "قصفت الطائرات دمشق"},
        "annotations": [{"result": result}],
        **extra,
    }


def region(ident: str, start: int, end: int, label: str, text: str | None = None) -> dict:
    value = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": ident, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_reading_an_export_of_label_studio(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    tasks = [
        ls_task(
            [
                region("Xy1", 5, 13, "WEAPON", "الطائرات"),
                region("Qw2", 14, 18, "LOCATION", "دمشق"),
                {
                    "id": "Qw2",
                    "from_name": "LOCATION.kind",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"start": 14, "end": 18, "choices": ["city"]},
                },
                {
                    "from_id": "Qw2",
                    "to_id": "Xy1",
                    "type": "relation",
                    "direction": "left",
                    "labels": ["at"],
                },
            ]
        ),
        {
            "data": {"content": "نص"},
            "annotations": [
                {"result": [region("a", 0, 1, "ACTOR")], "updated_at": "2024-01-02"},
                {"result": [region("b", 0, 2, "ACTOR")], "updated_at": "2024-03-01"},
                {"result": [], "updated_at": "2025-01-01", "was_cancelled": True},
            ],
        },
    ]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    first, second = read_labelstudio(path, ReadOptions())
    assert (first.id, first.id_given) == ("41", True)
    spans = {s.id: s for s in first.spans}
    assert dict(spans["Qw2"].attributes) == {"kind": "city"}
    [rel] = first.relations
    assert (rel.type, rel.from_id, rel.to_id) == ("at", "Xy1", "Qw2")  # "left" reversed
    assert (second.id, second.text, [s.id for s in second.spans]) == ("export-2", "نص", ["b"])
    assert second.notes == (f"{path}[task 2]: 2 annotations; took the latest",)


def test_what_cannot_be_held_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    tasks = [
        ls_task(
            [
                region("r1", 5, 13, "WEAPON", "الطائرة"),
                {
                    "id": "img",
                    "type": "rectanglelabels",
                    "from_name": "box",
                    "to_name": "image",
                    "value": {"x": 1, "y": 2, "rectanglelabels": ["ACTOR"]},
                },
                {"from_id": "r1", "to_id": "zz", "type": "relation", "labels": ["source"]},
            ]
        ),
        {"data": {"a": 1}},
    ]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportExportError) as err:
        read_labelstudio(path, ReadOptions())
    assert [str(p) for p in err.value.problems] == [
        f"{path}[task 1]: region r1: text 'الطائرة' does not match the document at 5-13, which "
        "reads 'الطائرات'",
        f"{path}[task 1]: region img: start/end must be character offsets (a rectanglelabels "
        "result on HyperText or images cannot be held)",
        f"{path}[task 1]: relation r1 -> zz: 'r1' is not a text region read",
        f"{path}[task 2]: no text: data must have a 'text' string (or exactly one string)",
    ]
    corpus = read_labelstudio(path, ReadOptions(skip_invalid=True))
    assert len(corpus) == 1 and len(corpus.all_skipped()) == 4
