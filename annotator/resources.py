"""Where the bundled schemas and sample corpus are, installed or in a checkout.

A wheel carries them inside the package (``annotator/_data``, see pyproject.toml); an editable
install or a plain checkout finds them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(relative: str) -> Path:
    """Path of a bundled file or folder such as ``schemas/labels.yaml`` or ``sample_corpus``."""
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled resource {relative!r} is missing from this installation")


def labels_schema_path() -> Path:
    return bundled("schemas/labels.yaml")


def annotation_json_schema_path() -> Path:
    return bundled("schemas/annotation.schema.json")


def sample_corpus_path() -> Path:
    return bundled("sample_corpus")
