"""``annotator evaluate`` as a user runs it: outputs, exit status, notes and errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.layout import render_text
from annotator.metrics.context import format_context
from annotator.metrics.evaluation import NERVALUATE_NAME, SCHEMES, DocumentInput
from annotator.metrics.gold import load_gold
from annotator.store.project import Project

from .conftest import ARTICLE, at, save_gold, save_set
from .reference import nervaluate

Run = Callable[..., tuple[int, str, str]]

ACTOR = at(ARTICLE, "القوات الأمريكية")
PLACE = at(ARTICLE, "سوريا")
DEIR = at(ARTICLE, "دير الزور")
CLAIM = at(ARTICLE, "بتعرض القاعدتين العسكريتين للقوات الأمريكية")
AGENCY = at(ARTICLE, "وكالة الأنباء السورية")
WEAPON = at(ARTICLE, "بالقذائف الصاروخية")
SHORT = "أعلن الجيش السوري سيطرته على دير الزور.\n"


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    project = make_project({"article": ARTICLE, "short": SHORT, "extra-text": SHORT})
    save_gold(
        project,
        "article",
        [
            ("ACTOR", *ACTOR),
            ("LOCATION", *PLACE),
            ("LOCATION", *DEIR),
            ("CLAIM", *CLAIM),
            ("ACTOR", *AGENCY),
            ("WEAPON", *WEAPON),
        ],
        relations=[("source", 3, 4)],
    )
    save_gold(project, "short", [("ACTOR", *at(SHORT, "الجيش السوري"))])
    return project


def _span(bounds: tuple[int, int], label: str, **extra: object) -> dict[str, object]:
    return {"start": bounds[0], "end": bounds[1], "label": label, **extra}


@pytest.fixture
def predictions(tmp_path: Path) -> Path:
    """Right, shifted, relabelled, missing and spurious spans; one extra document; 'short'
    has no prediction."""
    records = [
        {
            "id": "article",
            "spans": [
                _span(ACTOR, "LOCATION"),  # label error
                _span((PLACE[0], PLACE[1] + 3), "LOCATION"),  # boundary error
                _span(DEIR, "LOCATION"),
                _span((CLAIM[0] + 1, CLAIM[1]), "CLAIM", id="c"),
                _span(AGENCY, "ACTOR"),
                _span((0, 4), "WEAPON"),  # spurious (قصفت)
            ],  # WEAPON missed
            "relations": [{"type": "source", "from": "c", "to": 4}],
        },
        {"id": "not-in-gold", "spans": []},
    ]
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def _reference(project: Project, predictions: Path, skip_missing: bool = False) -> dict:
    gold = load_gold([project.root])
    preds = {}
    for line in predictions.read_text().splitlines():
        record = json.loads(line)
        preds[record["id"]] = sorted((s["start"], s["end"], s["label"]) for s in record["spans"])
    docs = [
        DocumentInput(doc_id, list(g.spans), preds.get(doc_id, []))
        for doc_id, g in gold.documents.items()
        if not (skip_missing and doc_id not in preds)
    ]
    return nervaluate(docs)


def test_json_matches_nervaluate_and_is_stable(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    status, out, err = run_cli("evaluate", str(project.root), str(predictions), "--format", "json")
    assert status == 0
    data = json.loads(out)
    reference = _reference(project, predictions)
    for scheme in SCHEMES:
        ref = reference["overall"][NERVALUATE_NAME[scheme]]
        micro = data["schemes"][scheme]["micro"]
        assert (micro["precision"], micro["recall"], micro["f1"]) == (
            ref.precision,
            ref.recall,
            ref.f1,
        )
        assert (
            micro["correct"],
            micro["incorrect"],
            micro["partial"],
            micro["missed"],
            micro["spurious"],
        ) == (
            ref.correct,
            ref.incorrect,
            ref.partial,
            ref.missed,
            ref.spurious,
        )
        for label, counts in data["schemes"][scheme]["labels"].items():
            assert counts["f1"] == reference["entities"][label][NERVALUATE_NAME[scheme]].f1
    assert list(data) == [
        "format",
        "gold",
        "predictions",
        "prediction_format",
        "settings",
        "documents",
        "spans",
        "schemes",
        "relations",
    ]
    assert data["documents"]["missing"] == ["short"] and data["documents"]["extra"] == [
        "not-in-gold"
    ]
    assert data["relations"]["strict"]["micro"]["correct"] == 0  # claim starts one later
    assert data["relations"]["partial"]["micro"]["correct"] == 1
    assert "1 gold document(s) without prediction, counted as predicting nothing: short" in err
    assert "not-in-gold" in err
    again = run_cli("evaluate", str(project.root), str(predictions), "--format", "json")[1]
    assert again == out


def test_skip_missing_leaves_the_document_out(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    _, out, err = run_cli(
        "evaluate", str(project.root), str(predictions), "--format", "json", "--skip-missing"
    )
    data = json.loads(out)
    assert data["documents"]["evaluated"] == 1 and data["spans"]["gold"] == 6
    ref = _reference(project, predictions, skip_missing=True)["overall"]["strict"]
    assert data["schemes"]["strict"]["micro"]["recall"] == ref.recall
    assert "left out (--skip-missing): short" in err


def test_table_with_errors_shows_arabic_context(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    status, out, _ = run_cli(
        "evaluate", str(project.root), str(predictions), "--errors", "--per-document"
    )
    assert status == 0
    assert "Spans, micro average" in out and "Per label" in out and "Per document" in out
    assert "Label errors (right extent, different label): 1" in out
    assert "gold ACTOR {}-{} -> predicted LOCATION {}-{}".format(*ACTOR, *ACTOR) in out
    assert "قصفت ⟦القوات الأمريكية⟧ الموجودة" in out  # logical order, span in brackets
    assert "⟦بالقذائف الصاروخية⟧" in out  # the missed WEAPON
    assert "False positives (no gold span overlaps the prediction): 1" in out
    assert "Gold relations not predicted: 1" in out and "(partial match: claim" in out


def test_bidi_app_draws_contexts_as_the_article_view(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    logical = format_context(ARTICLE, *WEAPON)
    _, piped, _ = run_cli("evaluate", str(project.root), str(predictions), "--errors")
    _, drawn, _ = run_cli(
        "evaluate", str(project.root), str(predictions), "--errors", "--bidi", "app"
    )
    assert logical in piped and logical not in drawn
    visual = render_text(logical, 500)[0].strip()
    assert visual in drawn and visual.startswith(".⟦ﺔﻴﺧﻭﺭﺎﺼﻟﺍ ﻒﺋﺍﺬﻘﻟﺎﺑ⟧")  # reordered, shaped


def test_errors_add_up_to_the_strict_counts(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    data = json.loads(
        run_cli("evaluate", str(project.root), str(predictions), "--format", "json", "--errors")[1]
    )
    kinds = [e["kind"] for e in data["errors"]["spans"]]
    micro = data["schemes"]["strict"]["micro"]
    assert kinds.count("spurious") == micro["spurious"]
    assert kinds.count("missed") == micro["missed"]
    assert sum(k in ("boundary", "label", "label_boundary") for k in kinds) == micro["incorrect"]
    label_error = next(e for e in data["errors"]["spans"] if e["kind"] == "label")
    assert label_error["gold"] == {
        "start": ACTOR[0],
        "end": ACTOR[1],
        "label": "ACTOR",
        "text": "القوات الأمريكية",
    }
    assert label_error["context"]["before"] == "قصفت "


def test_csv_has_one_row_per_scheme_and_label(
    project: Project, predictions: Path, run_cli: Run
) -> None:
    _, out, _ = run_cli("evaluate", str(project.root), str(predictions), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    data = json.loads(
        run_cli("evaluate", str(project.root), str(predictions), "--format", "json")[1]
    )
    for row in rows:
        if row["scope"] == "micro":
            assert float(row["f1"]) == data["schemes"][row["scheme"]]["micro"]["f1"]
        elif row["scope"] == "label":
            assert (
                int(row["correct"])
                == data["schemes"][row["scheme"]]["labels"][row["name"]]["correct"]
            )
    labels = len(data["schemes"]["strict"]["labels"])
    assert len([r for r in rows if r["scope"] != "relation"]) == len(SCHEMES) * (2 + labels)
    assert {r["name"] for r in rows if r["scope"] == "relation"} == {"source"}


@pytest.mark.parametrize(
    ("options", "status"),
    [
        (["--fail-under", "0.2"], 0),
        (["--fail-under", "0.99"], 1),
        (["--fail-under", "0.99", "--fail-metric", "type", "--fail-average", "macro"], 1),
        (["--fail-under", "0.3", "--fail-metric", "partial"], 0),
    ],
)
def test_fail_under(
    project: Project, predictions: Path, run_cli: Run, options: list[str], status: int
) -> None:
    code, out, err = run_cli(
        "evaluate", str(project.root), str(predictions), "--format", "json", *options
    )
    assert code == status
    check = json.loads(out)["check"]
    assert check["passed"] == (status == 0)
    if status:
        assert f"F1 {check['f1']:.4f} is under --fail-under" in err


def test_yaml_folder_as_predictions_and_labels_subset(project: Project, run_cli: Run) -> None:
    save_set(project, "ann1", "article", [("ACTOR", *ACTOR), ("LOCATION", *PLACE)])
    folder = project.root / "annotations" / "ann1"
    status, out, _ = run_cli(
        "evaluate",
        str(project.root / "gold"),
        str(folder),
        "--labels",
        "LOCATION",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert status == 0 and data["prediction_format"] == "annotator"
    assert list(data["schemes"]["strict"]["labels"]) == ["LOCATION"]
    assert data["schemes"]["strict"]["micro"]["correct"] == 1 and data["spans"]["gold"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--labels", "PERSON"], "--labels: unknown label 'PERSON'"),
        (["--format", "csv", "--errors"], "--errors cannot be written as CSV"),
        (["--pred-format", "conll"], "unknown prediction format 'conll'"),
    ],
)
def test_usage_errors(
    project: Project, predictions: Path, run_cli: Run, args: list[str], message: str
) -> None:
    status, out, err = run_cli("evaluate", str(project.root), str(predictions), *args)
    assert status == 1 and out == "" and message in err


def test_bad_prediction_line_is_reported_with_file_and_line(
    project: Project, tmp_path: Path, run_cli: Run
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "article", "spans": []}\n'
        '{"id": "short", "spans": [{"start": 0, "end": 500, "label": "ACTOR"}]}\n'
    )
    status, out, err = run_cli("evaluate", str(project.root), str(bad))
    assert status == 1 and out == ""
    assert err.startswith(f"annotator: {bad}:2: spans[0]: offsets 0-500 are outside the text")


def test_nothing_to_evaluate(project: Project, tmp_path: Path, run_cli: Run) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "unknown", "spans": []}\n')
    status, _, err = run_cli("evaluate", str(project.root), str(other), "--skip-missing")
    assert status == 1 and "no document to evaluate" in err
