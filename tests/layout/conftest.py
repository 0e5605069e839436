"""Shared fixtures for the layout tests: the Unicode data files and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

UNICODE_DIR = Path("/usr/share/unicode")
REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "sample_corpus" / "texts" / "xinhua-deir-ezzor.txt"
DATA = Path(__file__).resolve().parent / "data"


def unicode_file(name: str) -> Path:
    """A Unicode Character Database file, or skip: CI installs them (Debian unicode-data)."""
    path = UNICODE_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} is missing: install Debian's unicode-data package (.ci/run does)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article exactly as stored (offsets index it with no newline translation)."""
    with SEED.open(encoding="utf-8", newline="") as handle:
        return handle.read()
