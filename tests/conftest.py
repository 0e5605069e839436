"""Fixtures shared by every test area: the sample corpus, the seed article, the schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.model import LabelSchema
from annotator.resources import labels_schema_path, sample_corpus_path
from annotator.store.project import Project, load_label_schema

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "xinhua-deir-ezzor"


@pytest.fixture(scope="session")
def schema() -> LabelSchema:
    return load_label_schema(labels_schema_path())


@pytest.fixture
def sample_project(tmp_path: Path) -> Project:
    """A private copy of the bundled sample corpus, safe to edit."""
    root = tmp_path / "sample"
    shutil.copytree(sample_corpus_path(), root, ignore=shutil.ignore_patterns(".annotator"))
    return Project.open(root)


@pytest.fixture(scope="session")
def seed_text() -> str:
    with open(sample_corpus_path() / "texts" / f"{SEED_ID}.txt", encoding="utf-8", newline="") as f:
        return f.read()
