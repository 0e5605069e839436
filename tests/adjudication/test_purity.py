"""The adjudication logic and the commands' non-app paths never load Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import annotator.adjudication

MODULES = [
    "annotator.adjudication",
    *(
        f"annotator.adjudication.{m.name}"
        for m in pkgutil.iter_modules(annotator.adjudication.__path__)
    ),
    "annotator.model.decision",
    "annotator.commands.adjudicate",
    "annotator.commands.diff",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"{module} loads textual"
