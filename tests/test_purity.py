"""The pure layers never load Textual: they must run in scripts, CI and other programs."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import annotator

#: Everything but annotator.tui. The commands load the app only when they open it.
PURE_PACKAGES = (
    "model",
    "store",
    "text",
    "layout",
    "formats",
    "metrics",
    "adjudication",
    "commands",
    "team",
    "suggest",
)


def pure_modules() -> list[str]:
    names = ["annotator.errors", "annotator.resources", "annotator.tables", "annotator.cli"]
    names += ["annotator.api"]
    for package in PURE_PACKAGES:
        names.append(f"annotator.{package}")
        path = [f"{annotator.__path__[0]}/{package}"]
        names += [f"annotator.{package}.{m.name}" for m in pkgutil.iter_modules(path)]
    return names


@pytest.mark.parametrize("module", pure_modules())
def test_pure_module_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"{module} loads textual"
