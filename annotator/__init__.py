"""annotator: annotate Arabic news articles in the terminal.

The Python API (annotator/api.py, docs/api.md) is available from here: ``annotator.open_project``,
``annotator.evaluate``, ``annotator.export``. It is loaded on first use, so importing the package
(as the command line and the app do) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Annotations",
    "OpenProject",
    "Report",
    "Span",
    "__version__",
    "evaluate",
    "export",
    "open_project",
]
_API = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from annotator.api import (
        Annotations,
        OpenProject,
        Report,
        Span,
        evaluate,
        export,
        open_project,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from annotator import api

        return getattr(api, name)
    raise AttributeError(f"module 'annotator' has no attribute {name!r}")
