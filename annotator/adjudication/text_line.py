"""Article text on one line of command output, readable in a terminal and in a CI log.

Terminals do no bidi reordering or shaping, so on a terminal Arabic is drawn through the layout
engine (as the article view draws it); in files, pipes and CI logs it stays in logical order,
which is what editors and log viewers with their own bidi support expect. Invisible controls
are always shown as ``<U+hhhh>`` (hex) so one span stays on one line and cannot reorder the rest.
"""

from __future__ import annotations

import re

from annotator.metrics.context import as_drawn

_BLANKS = re.compile(r"\s+")
_CONTROLS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def flat(text: str, limit: int = 60) -> str:
    """``text`` on one line, controls made visible, long text cut in the middle."""
    line = _CONTROLS.sub(lambda m: f"<U+{ord(m.group()):04X}>", _BLANKS.sub(" ", text).strip())
    if len(line) > limit:
        half = (limit - 3) // 2
        line = f"{line[:half]} … {line[-half:]}"
    return line


def show(text: str, *, visual: bool, limit: int = 60) -> str:
    """Span text for output: flattened, and drawn when ``visual`` (a terminal) the way error
    contexts of ``annotator evaluate`` are (``annotator.metrics.context.as_drawn``)."""
    line = flat(text, limit)
    return as_drawn(line) if visual and line else line
