"""``annotator diff`` and ``annotator adjudicate --auto`` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from annotator.adjudication import compare_sets
from annotator.adjudication.set_diff import diff_sets
from annotator.model import AnnotationSet
from annotator.store.project import Project
from tests.adjudication.conftest import SEED
from tests.adjudication.test_properties import set_families
from tests.cli_helpers import run_cli


def agreement_headline(project: Project) -> float:
    """The seed article's agreement as ``annotator agree`` reports it (the metrics' own CLI)."""
    data = json.loads(run_cli("agree", project.root, "--format", "json").stdout)
    (seed,) = [d for d in data["documents"] if d["document"] == SEED]
    return float(seed["headline"])


def paths(project: Project) -> tuple[Path, Path]:
    return project.annotation_path("ann1", SEED), project.annotation_path("ann2", SEED)


# -- diff --------------------------------------------------------------------------------------


def test_diff_lists_every_difference_of_the_sample_sets(sample_project: Project) -> None:
    a, b = paths(sample_project)
    result = run_cli("diff", a, b)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.splitlines()[0].startswith("--- ") and "ann1: 101 spans, 18 relations" in out
    assert "~ ACTOR 5-21" in out and "extent 5-21 → 5-39: القوات الأمريكية الموجودة في سوريا" in out
    assert "- WEAPON 62-67" in out and "أسلحة" in out
    assert "+ ACTOR 269-273" in out and "سانا" in out  # the second half of a split mention
    assert "label ACTOR → LOCATION" in out
    assert "attributes [stance=asserted] → [stance=reported]" in out
    assert "- source: CLAIM 468-577" in out and "مصادر أهلية" in out
    assert out.rstrip().endswith(
        "12 changed, 4 removed, 2 added spans; 5 removed, 4 added relations"
    )
    # not a terminal: Arabic stays in logical order (no presentation forms) for logs
    assert not any("\ufe70" <= c <= "\ufeff" for c in out)


def test_diff_of_a_set_with_itself_is_empty_and_exits_0(
    sample_project: Project, tmp_path: Path
) -> None:
    a, _ = paths(sample_project)
    copy = tmp_path / "copy.yaml"
    shutil.copy(a, copy)
    result = run_cli("diff", a, copy)
    assert result.returncode == 0, result.stderr
    assert "no differences" in result.stdout


def test_diff_refuses_sets_of_different_texts(sample_project: Project) -> None:
    a, _ = paths(sample_project)
    other = sample_project.annotation_path("ann1", "damascus-quotes")
    result = run_cli("diff", a, other)
    assert result.returncode == 2
    assert "not sets of the same text" in result.stderr and "damascus-quotes" in result.stderr
    assert result.stderr.startswith("annotator: ") and result.stdout == ""


def test_diff_reports_a_broken_file_with_its_line(sample_project: Project) -> None:
    a, b = paths(sample_project)
    lines = b.read_text(encoding="utf-8").split("\n")
    assert "start: 83" in lines[9]
    lines[9] = lines[9].replace("start: 83", "start: 82")
    b.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("diff", a, b)
    assert result.returncode == 2
    assert f"{b}:10:" in result.stderr and "does not match the document" in result.stderr


def test_diff_json_and_drawn_arabic(sample_project: Project) -> None:
    a, b = paths(sample_project)
    data = json.loads(run_cli("diff", a, b, "--format", "json").stdout)
    assert data["equal"] is False and data["a"]["annotator"] == "ann1"
    label = next(c for c in data["spans"] if c["fields"][:1] == ["label"])
    assert label["a"]["text"] == label["b"]["text"] == "واشنطن"
    assert (label["a"]["label"], label["b"]["label"]) == ("ACTOR", "LOCATION")
    rel = next(r for r in data["relations"] if r["change"] == "added")
    assert set(rel) == {"change", "type", "from", "to"} and rel["from"]["label"] == "CLAIM"
    drawn = run_cli("diff", a, b, "--bidi", "app").stdout
    assert "ﺃﺳﻠﺤﺔ" in drawn or "ﺔﺤﻠﺳﺃ" in drawn  # أسلحة shaped (and reordered) as on screen


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(set_families())
def test_diff_one_way_is_the_other_way_reversed(sets: dict[str, AnnotationSet]) -> None:
    first, second, *_ = sets.values()
    there = diff_sets((first.spans, first.relations), (second.spans, second.relations))
    back = diff_sets((second.spans, second.relations), (first.spans, first.relations))
    assert there.count("added") == back.count("removed")
    assert there.count("changed") == back.count("changed")
    assert {(r.kind, r.source, r.target) for r in there.relations} == {
        ("added" if r.kind == "removed" else "removed", r.source, r.target) for r in back.relations
    }
    assert there.equal == (
        compare_sets([first, second]).conflicts == [] and len(first.spans) == len(second.spans)
    )


# -- adjudicate --auto -----------------------------------------------------------------------------


def test_auto_writes_agreed_gold_and_prints_conflicts(fresh_project: Project) -> None:
    result = run_cli("adjudicate", fresh_project.root, "--auto", "--as", "judge")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:-1]}
    alpha = agreement_headline(fresh_project)
    assert rows[SEED].split()[1:8] == ["ann1,", "ann2", f"{alpha:.3f}", "84", "18", "18", "written"]
    assert "needs two annotators' sets (has: ann1)" in rows["damascus-quotes"]
    assert "1 of 6 documents compared, 18 conflicts (18 open), gold written for 1" in result.stdout
    gold = fresh_project.load_gold(SEED)
    assert gold is not None and gold.status == "new" and gold.annotator == "judge"
    assert len(gold.spans) == 84 and len(gold.relations) == 11 and gold.decisions == ()
    assert gold.adjudicated_from == ("ann1", "ann2")


def test_auto_never_changes_existing_gold(sample_project: Project) -> None:
    path = sample_project.gold_path(SEED)
    before = path.read_bytes()
    result = run_cli("adjudicate", sample_project.root, "--auto", "--format", "json")
    assert result.returncode == 0, result.stderr
    (seed,) = [r for r in json.loads(result.stdout) if r["document"] == SEED]
    assert seed["gold"] == "kept" and seed["status"] == "done" and seed["open"] == 0
    assert seed["agreement"] == agreement_headline(sample_project)
    assert seed["conflicts"] == 18 and seed["agreed_spans"] == 84
    assert path.read_bytes() == before


def test_auto_leaves_a_gold_file_someone_is_editing(fresh_project: Project) -> None:
    lock = fresh_project.lock_gold(SEED, "someone")
    try:
        result = run_cli("adjudicate", fresh_project.root, "--auto", "--doc", SEED)
    finally:
        lock.release()
    assert result.returncode == 1, result.stderr  # something was left undone
    assert "locked" in result.stdout and "someone" in result.stdout
    assert f"gold not written for 1 locked document(s): {SEED}" in result.stderr
    assert not fresh_project.gold_path(SEED).exists()


def test_auto_with_chosen_annotators_and_bad_input(fresh_project: Project) -> None:
    result = run_cli("adjudicate", fresh_project.root, "--auto", "--annotators", "ann1,nobody")
    assert result.returncode == 1
    assert "unknown annotator 'nobody' (the project has ann1, ann2)" in result.stderr
    result = run_cli("adjudicate", fresh_project.root, "--auto", "--doc", "nope")
    assert result.returncode == 1 and "no document 'nope'" in result.stderr
    broken = fresh_project.annotation_path("ann2", SEED)
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("start: 83", "start: 82"), encoding="utf-8"
    )
    result = run_cli("adjudicate", fresh_project.root, "--auto")
    assert result.returncode == 1 and f"{broken}:" in result.stderr
    assert not fresh_project.gold_path(SEED).exists()  # nothing written when any input is bad


def test_help_lists_both_commands() -> None:
    out = run_cli("--help").stdout
    assert "adjudicate" in out and "diff" in out
    assert "--auto" in run_cli("adjudicate", "--help").stdout


def test_opening_a_document_with_one_annotator_fails_before_the_app(fresh_project: Project) -> None:
    result = run_cli("adjudicate", fresh_project.root, "--doc", "damascus-quotes")
    assert result.returncode == 1
    assert "damascus-quotes needs sets from at least two annotators" in result.stderr
    assert "(has: ann1)" in result.stderr


def test_span_text_in_output_keeps_controls_visible_and_lines_whole() -> None:
    from annotator.adjudication.text_line import flat, show

    assert flat("قال\u202eسانا\nأمس") == "قال<U+202E>سانا أمس"
    long = "كلمة " * 40
    assert len(flat(long, 30)) <= 30 and " … " in flat(long, 30)
    drawn = show("سانا", visual=True)
    assert drawn == "ﺎﻧﺎﺳ"  # shaped and reordered as the article view draws it
