"""Reading gold and predictions: every bad input is one clear error naming file and place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, ImportExportError, ProjectError, ValidationError
from annotator.metrics.gold import load_gold
from annotator.metrics.predictions import (
    PredictedDoc,
    PredictionContext,
    detect_format,
    load_predictions,
)
from annotator.store.project import Project

from .conftest import ARTICLE, at, save_gold, save_set

ACTOR = at(ARTICLE, "القوات الأمريكية")
PLACE = at(ARTICLE, "سوريا")
CLAIM = at(ARTICLE, "بتعرض القاعدتين العسكريتين للقوات الأمريكية")
AGENCY = at(ARTICLE, "وكالة الأنباء السورية")


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    project = make_project({"article": ARTICLE, "second": "نص قصير عن دير الزور.\n"})
    save_gold(
        project,
        "article",
        [("ACTOR", *ACTOR), ("LOCATION", *PLACE), ("CLAIM", *CLAIM), ("ACTOR", *AGENCY)],
        relations=[("source", 2, 3)],
    )
    return project


def _context(project: Project, labels: frozenset[str] | None = None) -> PredictionContext:
    gold = load_gold([project.root])
    return PredictionContext(gold.texts(), gold.schema, labels)


def _jsonl(path: Path, *records: object) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
        ),
        encoding="utf-8",
    )
    return path


def test_gold_from_a_project_its_gold_folder_or_a_file(project: Project) -> None:
    for given in (project.root, project.root / "gold", project.gold_path("article")):
        gold = load_gold([given])
        assert list(gold.documents) == ["article"]
        doc = gold.documents["article"]
        assert doc.spans == tuple(sorted(doc.spans))
        assert doc.relations == (("source", (*CLAIM, "CLAIM"), (*AGENCY, "ACTOR")),)


def test_gold_problems(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such file or folder"):
        load_gold([tmp_path / "nowhere"])
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "a.yaml").write_bytes(project.gold_path("article").read_bytes())
    with pytest.raises(ProjectError, match="not inside a project"):
        load_gold([stray])
    assert list(load_gold([project.root, project.gold_path("article")]).documents) == ["article"]
    copy = project.root / "gold" / "copy.yaml"
    copy.write_bytes(project.gold_path("article").read_bytes())
    with pytest.raises(ValidationError, match="already gold in"):
        load_gold([project.root])
    copy.unlink()
    empty = project.root / "gold" / "article.yaml"
    empty.write_text(
        empty.read_text(encoding="utf-8").replace("start: ", "start: 9"), encoding="utf-8"
    )
    with pytest.raises(AnnotatorError) as err:
        load_gold([project.root])
    assert all(p.place.file == str(empty) for p in err.value.problems)


def test_jsonl_predictions_with_relations_by_index_and_id(project: Project, tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "pred.jsonl",
        {
            "id": "article",
            "model": "x",  # other keys are ignored
            "spans": [
                {"start": CLAIM[0], "end": CLAIM[1], "label": "CLAIM", "id": "c"},
                {
                    "start": AGENCY[0],
                    "end": AGENCY[1],
                    "label": "ACTOR",
                    "text": "وكالة الأنباء السورية",
                },
            ],
            "relations": [{"type": "source", "from": "c", "to": 1}],
        },
        {"id": "unknown-doc", "spans": [{"start": 0, "end": 99999, "label": "WHATEVER"}]},
    )
    preds = load_predictions(path, None, _context(project))
    article = preds["article"]
    assert article.relations == (("source", (*CLAIM, "CLAIM"), (*AGENCY, "ACTOR")),)
    assert article.source == f"{path}:1"
    assert "unknown-doc" in preds  # not in the gold: kept unchecked, reported as extra


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a"]', "must be a JSON object"),
        ('{"spans": []}', '"id" must be'),
        ('{"id": "article"}', '"spans" must be a list'),
        ('{"id": "article", "spans": [{"start": 0, "end": 1}]}', "label must be"),
        (
            '{"id": "article", "spans": [{"start": true, "end": 3, "label": "ACTOR"}]}',
            "whole numbers",
        ),
        (
            '{"id": "article", "spans": [{"start": 5, "end": 5, "label": "ACTOR"}]}',
            "empty or reversed",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 99999, "label": "ACTOR"}]}',
            "outside the text",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 4, "label": "PER"}]}',
            "unknown label 'PER'",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 4, "label": "ACTOR", "text": "xx"}]}',
            "does not match",
        ),
        ('{"id": "article", "text": "other", "spans": []}', "not the gold text"),
        (
            '{"id": "article", "spans": [], "relations": [{"type": "source", "from": 0, "to": 1}]}',
            "neither a span index",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 4, "label": "ACTOR"}, '
            '{"start": 5, "end": 9, "label": "CLAIM"}], '
            '"relations": [{"type": "source", "from": 0, "to": 1}]}',
            "source cannot link ACTOR -> CLAIM",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 4, "label": "ACTOR", "id": "a"}, '
            '{"start": 5, "end": 9, "label": "ACTOR", "id": "a"}]}',
            "used twice",
        ),
        (
            '{"id": "article", "spans": [{"start": 0, "end": 4, "label": "ACTOR", "id": 1}]}',
            "id must be a string",
        ),
    ],
)
def test_jsonl_problems_name_the_line(
    project: Project, tmp_path: Path, line: str, message: str
) -> None:
    path = _jsonl(tmp_path / "pred.jsonl", {"id": "second", "spans": []}, line)
    with pytest.raises(ValidationError) as err:
        load_predictions(path, "jsonl", _context(project))
    problem = err.value.problems[0]
    assert message in problem.message
    assert (problem.place.file, problem.place.line) == (str(path), 2)


def test_a_broken_file_lists_fifty_problems_then_stops(project: Project, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "p.jsonl", *["{broken"] * 500)
    with pytest.raises(ValidationError) as err:
        load_predictions(path, None, _context(project))
    problems = err.value.problems
    assert len(problems) == 51 and "further problems not listed" in problems[-1].message
    assert [p.place.line for p in problems[:3]] == [1, 2, 3]


def test_jsonl_duplicate_document(project: Project, tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "p.jsonl", {"id": "second", "spans": []}, "", {"id": "second", "spans": []}
    )
    with pytest.raises(ValidationError, match="already appears on line 1") as err:
        load_predictions(path, None, _context(project))
    assert err.value.problems[0].place.line == 3


def test_labels_filter_ignores_other_labels(project: Project, tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "p.jsonl",
        {
            "id": "article",
            "spans": [
                {"start": 0, "end": 4, "label": "PER"},
                {"start": PLACE[0], "end": PLACE[1], "label": "LOCATION"},
            ],
        },
    )
    preds = load_predictions(path, None, _context(project, frozenset({"LOCATION"})))
    assert preds["article"].spans == ((*PLACE, "LOCATION"),)


def test_yaml_predictions_and_a_changed_text(project: Project, tmp_path: Path) -> None:
    save_set(project, "ann1", "article", [("ACTOR", *ACTOR)])
    folder = project.root / "annotations" / "ann1"
    preds = load_predictions(folder, None, _context(project))
    assert preds["article"] == PredictedDoc(
        "article", ((*ACTOR, "ACTOR"),), (), str(folder / "article.yaml")
    )
    other = make_other_text_set(project, tmp_path)
    with pytest.raises(ValidationError, match="made on a different text") as err:
        load_predictions(other, None, _context(project))
    assert err.value.problems[0].place.file == str(other)
    with pytest.raises(ImportExportError, match="this is a project"):
        load_predictions(project.root, None, _context(project))


def make_other_text_set(project: Project, tmp_path: Path) -> Path:
    """A prediction file for 'article' made on an edited copy of its text."""
    from annotator.model import AnnotationSet, Document
    from annotator.store.annotation_file import save_annotation_set

    edited = AnnotationSet(Document("article", "x" + ARTICLE), "model")
    edited, _ = edited.add_span(project.schema, "ACTOR", ACTOR[0] + 1, ACTOR[1] + 1)
    path = tmp_path / "other" / "article.yaml"
    save_annotation_set(edited, path)
    return path


def test_formats(project: Project, tmp_path: Path) -> None:
    assert detect_format(tmp_path) == "annotator"
    for name, fmt in (("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"), ("a.yaml", "annotator")):
        (tmp_path / name).write_text("")
        assert detect_format(tmp_path / name) == fmt
    (tmp_path / "a.ann").write_text("")
    with pytest.raises(ImportExportError, match="give --pred-format"):
        detect_format(tmp_path / "a.ann")
    with pytest.raises(ImportExportError, match="unknown prediction format 'brat'"):
        load_predictions(tmp_path / "a.ann", "brat", _context(project))
