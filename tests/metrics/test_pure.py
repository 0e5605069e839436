"""The metrics package is pure: importing any of it loads neither Textual nor the reference
packages, which are test dependencies only."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import annotator.metrics

MODULES = [
    *sorted(
        f"annotator.metrics.{m.name}" for m in pkgutil.iter_modules(annotator.metrics.__path__)
    ),
    "annotator.commands.evaluate",
    "annotator.commands.agree",
]
FORBIDDEN = ("textual", "nervaluate", "sklearn", "krippendorff", "statsmodels", "numpy", "scipy")


@pytest.mark.parametrize("module", MODULES)
def test_import_is_pure(module: str) -> None:
    code = f"import sys, {module}; print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
