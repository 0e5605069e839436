"""Label maps for real tag sets: YAML files that rename, drop (counted) and set attributes;
attributes the schema lacks are dropped, not the spans; brat equivalences are explained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions
from annotator.formats.importer import ImportOptions, apply_import, plan_import
from annotator.formats.label_map import LabelMap, parse_label_map
from annotator.formats.registry import read_corpus
from annotator.store.project import Project
from tests.cli_helpers import run_cli

TEXT = "قال الوزير إن صاروخا سقط على سوريا مع الخبز"


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def source(tmp_path: Path) -> Path:
    spans = [
        ("الوزير", "Politician", {}),
        ("صاروخا", "Projectile", {"kind": "missile_rocket", "colour": "red"}),
        ("سوريا", "Nation", {}),
        ("الخبز", "Food", {}),
    ]
    rows = [
        {
            "id": "m",
            "text": TEXT,
            "spans": [
                {"id": f"s{n}", "start": at(p)[0], "end": at(p)[1], "label": label,
                 "attributes": attrs}
                for n, (p, label, attrs) in enumerate(spans, start=1)
            ],
            "relations": [
                {"id": "r1", "type": "says", "from": "s2", "to": "s1"},
                {"id": "r2", "type": "about", "from": "s4", "to": "s1"},
            ],
        }
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


MAP = """labels: {Politician: ACTOR, Nation: LOCATION, Projectile: WEAPON, Food: null}
relations: {says: source}
attributes: {ACTOR: {Politician: {kind: person}}}
"""


def test_a_yaml_label_map_renames_drops_and_sets_attributes(
    sample_project: Project, tmp_path: Path
) -> None:
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    mapping = parse_label_map(str(tmp_path / "map.yaml"))
    assert mapping == LabelMap(
        labels={"Politician": "ACTOR", "Nation": "LOCATION", "Projectile": "WEAPON", "Food": None},
        relations={"says": "source"},
        attributes={"ACTOR": {"Politician": {"kind": "person"}}},
    )
    corpus = read_corpus(source(tmp_path), "jsonl", ReadOptions())
    options = ImportOptions(annotator="model", label_map=mapping)
    with pytest.raises(Exception, match="source"):
        # A CLAIM -> ACTOR relation is all the schema allows: WEAPON -> ACTOR is refused.
        plan_import(sample_project, corpus, options)
    relabelled = LabelMap(
        labels={**mapping.labels, "Projectile": "CLAIM"},
        relations=mapping.relations,
        attributes=mapping.attributes,
    )
    plan = plan_import(
        sample_project, corpus, ImportOptions(annotator="model", label_map=relabelled)
    )
    apply_import(sample_project, plan, NO_PROGRESS)
    assert dict(plan.dropped_labels) == {"Food": 1}
    assert dict(plan.dropped_relations) == {"about": 1}
    # The CLAIM's "kind" and "colour" are not CLAIM attributes: dropped, the span kept.
    assert dict(plan.dropped_attributes) == {"CLAIM.colour": 1, "CLAIM.kind": 1}
    aset = sample_project.load_set("model", "m")
    got = {(TEXT[s.start : s.end], s.label, tuple(s.attributes.items())) for s in aset.spans}
    assert got == {
        ("الوزير", "ACTOR", (("kind", "person"),)),
        ("صاروخا", "CLAIM", ()),
        ("سوريا", "LOCATION", ()),
    }
    assert [r.type for r in aset.relations] == ["source"]


def test_inline_pairs_and_bad_maps(tmp_path: Path) -> None:
    assert parse_label_map("PER=ACTOR, Food=").labels == {"PER": "ACTOR", "Food": None}
    with pytest.raises(ImportExportError, match="expected OLD=NEW"):
        parse_label_map("PER:ACTOR")
    bad = tmp_path / "bad.yaml"
    bad.write_text("labels: [PER, ACTOR]\n", encoding="utf-8")
    with pytest.raises(ImportExportError, match=r"bad\.yaml.*labels: expected"):
        parse_label_map(str(bad))
    bad.write_text("label: {PER: ACTOR}\n", encoding="utf-8")
    with pytest.raises(ImportExportError, match="unknown key 'label'"):
        parse_label_map(str(bad))
    with pytest.raises(ImportExportError, match="no such file"):
        parse_label_map(str(tmp_path / "missing.yaml"))


def test_the_cli_counts_what_the_map_dropped(sample_project: Project, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(
        "labels: {Politician: ACTOR, Nation: LOCATION, Projectile: CLAIM, Food: null}\n"
        "relations: {says: source}\n",
        encoding="utf-8",
    )
    result = run_cli(
        "import", source(tmp_path), "--from", "jsonl", "--into", sample_project.root,
        "--as", "model", "--map-labels", tmp_path / "map.yaml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "spans dropped by the label map: Food 1" in result.stderr
    assert "relations dropped (by the map, or with their spans): about 1" in result.stderr
    assert "attributes the schema lacks, dropped (spans kept): CLAIM.colour 1" in result.stderr


def test_brat_equivalence_lines_are_explained(sample_project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "e.txt").write_text("سوريا وسوريا", encoding="utf-8")
    (folder / "e.ann").write_text(
        "T1\tLOCATION 0 5\tسوريا\nT2\tLOCATION 7 12\tسوريا\n*\tEquiv T1 T2\n", encoding="utf-8"
    )
    result = run_cli(
        "import", folder, "--from", "brat", "--into", sample_project.root, "--as", "model"
    )
    assert result.returncode == 1
    assert "e.ann:3: brat equivalence line" in result.stderr
    assert "name the same thing" in result.stderr
    again = run_cli(
        "import", folder, "--from", "brat", "--into", sample_project.root, "--as", "model",
        "--skip-invalid",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert len(Project.open(sample_project.root).load_set("model", "e").spans) == 2
