"""docs/api.md's examples run as written (doctest), and the API agrees with the CLI."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import annotator
from annotator.errors import AnnotatorError
from annotator.store.project import Project
from tests.cli_helpers import run_cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_examples_of_docs_api_md_run() -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("pandas")
    failures, tried = doctest.testfile(
        str(DOC),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert tried > 30
    assert failures == 0


@pytest.mark.parametrize(
    "extra", [[], ["--labels", "ACTOR,CLAIM"], ["--per-document", "--errors"], ["--skip-missing"]]
)
def test_to_dict_is_the_json_of_the_cli(sample_project: Project, extra: list[str]) -> None:
    pred = sample_project.root / "annotations" / "ann2"
    cli = run_cli("evaluate", sample_project.root, pred, "--format", "json", *extra)
    assert cli.returncode == 0, cli.stderr
    keywords: dict[str, object] = {}
    if "--labels" in extra:
        keywords["labels"] = ["ACTOR", "CLAIM"]
    keywords["per_document"] = "--per-document" in extra
    keywords["errors"] = "--errors" in extra
    keywords["skip_missing"] = "--skip-missing" in extra
    report = annotator.evaluate(sample_project.root, pred, **keywords)
    assert report.to_dict() == json.loads(cli.stdout)
    # The same predictions as dicts score the same.
    project = annotator.open_project(sample_project.root)
    records = [
        {
            "id": doc_id,
            "spans": [{"id": s.id, "start": s.start, "end": s.end, "label": s.label}
                      for s in a.spans],
            "relations": [{"type": r.type, "from": r.source, "to": r.target}
                          for r in a.relations],
        }
        for doc_id, a in project.sets("ann2").items()
    ]  # fmt: skip
    from_dicts = annotator.evaluate(project, records, **keywords)
    assert from_dicts.to_dict()["schemes"] == report.to_dict()["schemes"]
    assert from_dicts.to_dict()["relations"] == report.to_dict()["relations"]


def test_clear_errors(sample_project: Project) -> None:
    project = annotator.open_project(sample_project.root)
    with pytest.raises(AnnotatorError, match="no annotator 'nobody'"):
        project.annotations("nobody", "xinhua-deir-ezzor")
    with pytest.raises(AnnotatorError, match="unknown label 'PERSON'"):
        annotator.evaluate(project, [], labels=["PERSON"])
    with pytest.raises(AnnotatorError, match="no document to evaluate"):
        annotator.evaluate(project, [], skip_missing=True)
    with pytest.raises(AnnotatorError, match=r"<predictions>\[0\]: each item must be a dict"):
        annotator.evaluate(project, ["not a dict"])


def test_the_package_exports_the_api_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, annotator; assert 'annotator.api' not in sys.modules; "
        "annotator.open_project; assert 'annotator.api' in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert set(annotator.__all__) >= {"open_project", "evaluate", "export"}
