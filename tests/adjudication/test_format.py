"""Gold files' ``decisions``: written as documented, read by both readers, bad ones reported
with their line; and the JSON layouts docs/adjudicate.md documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.errors import FormatError, ValidationError
from annotator.model import Decision
from annotator.store.annotation_file import (
    _parse_canonical,
    _parse_general,
    dump_annotation_set,
    load_annotation_set,
)
from annotator.store.project import Project
from tests.adjudication.conftest import SEED
from tests.cli_helpers import run_cli

DOCS = Path(__file__).resolve().parents[2] / "docs"


def gold_text(project: Project) -> str:
    gold = project.load_gold(SEED)
    assert gold is not None
    decided = gold.with_decisions(
        [
            Decision(("WEAPON",), 62, 67, "reject"),
            Decision(("ACTOR",), 5, 39, "take", "ann1"),
        ]
    )
    return dump_annotation_set(decided)


def test_decisions_end_the_file_and_both_readers_agree(sample_project: Project) -> None:
    text = gold_text(sample_project)
    assert text.endswith(
        "decisions:\n"
        "  - {labels: [ACTOR], start: 5, end: 39, decision: take, annotator: ann1}\n"
        "  - {labels: [WEAPON], start: 62, end: 67, decision: reject}\n"
    )
    fast = _parse_canonical(text, "g.yaml")
    assert fast is not None and fast == _parse_general(text, "g.yaml")
    block = text.replace(
        "  - {labels: [WEAPON], start: 62, end: 67, decision: reject}\n",
        "  - labels:\n      - WEAPON\n    start: 62\n    end: 67\n    decision: reject\n",
    )
    assert _parse_canonical(block, "g.yaml") is None  # hand-edited shape: the YAML path
    assert _parse_general(block, "g.yaml").decisions == fast.decisions


@pytest.mark.parametrize(
    ("line", "error", "message"),
    [
        (
            "  - {labels: [WEAPON], start: 62, end: 9999, decision: reject}",
            ValidationError,
            "decision 2 (WEAPON 62-9999): range is outside the text (0-2940)",
        ),
        (
            "  - {labels: [ACTOR], start: 5, end: 39, decision: reject}",
            ValidationError,
            "decision 2 (ACTOR 5-39): the same conflict is decided twice",
        ),
        ("  - {labels: [WEAPON], start: 62, end: 67, decision: take}", FormatError, "decisions/1"),
        (
            "  - {labels: [WEAPON], start: 62, end: 67, decision: keep}",
            FormatError,
            "decisions/1/decision",
        ),
    ],
)
def test_bad_decisions_are_reported_with_their_line(
    sample_project: Project, tmp_path: Path, line: str, error: type, message: str
) -> None:
    lines = gold_text(sample_project).rstrip("\n").split("\n")
    lines[-1] = line
    path = tmp_path / "gold.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(error) as caught:
        load_annotation_set(path, sample_project.document(SEED), sample_project.schema)
    problem = str(caught.value.problems[0])
    assert problem.startswith(f"{path}:{len(lines)}") and message in problem


def test_the_json_layouts_are_the_documented_ones(sample_project: Project) -> None:
    doc = (DOCS / "adjudicate.md").read_text(encoding="utf-8")
    auto = json.loads(
        run_cli("adjudicate", sample_project.root, "--auto", "--format", "json").stdout
    )
    documented = re.search(r"list of objects \(([^)]*)\)", doc.replace("\n", " "))
    assert documented is not None
    assert set(auto[0]) == set(re.findall(r"`(\w+)`", documented.group(1)))
    a = sample_project.annotation_path("ann1", SEED)
    b = sample_project.annotation_path("ann2", SEED)
    diff = json.loads(run_cli("diff", a, b, "--format", "json").stdout)
    assert set(diff) == {"a", "b", "equal", "spans", "relations"}
    assert set(diff["spans"][0]) == {"change", "fields", "a", "b"}
    assert set(diff["relations"][0]) == {"change", "type", "from", "to"}
    for key in ("change", "fields", "type", "from", "to", "equal"):
        assert f'"{key}"' in doc
