"""Which files sync commits for whom, how it reads git's status, and what its message says."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from annotator.team.sync import commit_message, owner_test, parse_porcelain_z, sync


def test_porcelain_z_entries_with_renames_and_odd_names() -> None:
    output = (
        "?? annotations/amal/d 1.yaml\0"
        " M gold/d2.yaml\0"
        "R  annotations/badr/new.yaml\0annotations/amal/old.yaml\0"
        '?? annotations/amal/quote".yaml\0'
    )
    assert parse_porcelain_z(output) == [
        ("??", "annotations/amal/d 1.yaml"),
        (" M", "gold/d2.yaml"),
        ("R ", "annotations/badr/new.yaml"),
        ("R ", "annotations/amal/old.yaml"),
        ("??", 'annotations/amal/quote".yaml'),
    ]


@pytest.mark.parametrize(
    ("role", "path", "owned"),
    [
        ("annotator", "annotations/amal/d1.yaml", True),
        ("annotator", "annotations/amalia/d1.yaml", False),
        ("annotator", "annotations/badr/d1.yaml", False),
        ("annotator", "gold/d1.yaml", False),
        ("annotator", "assignments.yaml", False),
        ("adjudicator", "gold/d1.yaml", True),
        ("adjudicator", "annotations/amal/d1.yaml", False),
        ("lead", "assignments.yaml", True),
        ("lead", "texts/d1.txt", True),
        ("lead", "annotations/amal/d1.yaml", False),
        ("lead", "gold/d1.yaml", False),
    ],
)
def test_whose_file(role: str, path: str, owned: bool) -> None:
    assert owner_test(role, "amal")(path) is owned  # type: ignore[arg-type]


def test_commit_message_names_the_documents_and_cuts_a_long_list() -> None:
    paths = [f"annotations/amal/d{i:02d}.yaml" for i in range(12)]
    assert commit_message("annotator", "amal", paths[:2]) == "annotations by amal: d00, d01"
    assert commit_message("annotator", "amal", paths).endswith("d09 and 2 more")
    assert commit_message("adjudicator", "judge", ["gold/x.yaml"]) == "gold by judge: x"


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    """Paths from git are relative to the repository's top; sync judges them from the project."""
    repo = tmp_path / "repo"
    project = repo / "projects" / "news"
    (project / "annotations" / "amal").mkdir(parents=True)
    (project / "annotations" / "badr").mkdir(parents=True)
    (project / "annotations" / "amal" / "d1.yaml").write_text("x\n")
    (project / "annotations" / "badr" / "d1.yaml").write_text("y\n")
    (repo / "elsewhere.txt").write_text("not the project's\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    for key, value in (("user.name", "amal"), ("user.email", "amal@example.org")):
        subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)
    report = sync(project, "amal", check_sets=False)  # (not a project: no texts to check by)
    assert report.committed == ["annotations/amal/d1.yaml"]
    assert report.left_out == ["annotations/badr/d1.yaml"]
    assert report.remote is None
    tracked = subprocess.run(
        ["git", "-C", str(repo), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == ["projects/news/annotations/amal/d1.yaml"]
