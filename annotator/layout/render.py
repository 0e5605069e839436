"""Plain renderings of a laid-out document: the lines as drawn, and the cell map as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.layout.document import DocumentLayout
from annotator.layout.model import DEFAULT_OPTIONS, LayoutOptions, VisualLine


def render_text(text: str, width: int, options: LayoutOptions = DEFAULT_OPTIONS) -> list[str]:
    """Every visual line as the article view draws it, without colours (RTL right-aligned)."""
    return [line.text for line in DocumentLayout(text, width, options).lines()]


def line_map(line: VisualLine) -> dict[str, Any]:
    """One line of ``annotator render --map``: its range, its text and [col, start, end] per
    cell (hidden controls included, with width 0)."""
    return {
        "paragraph": line.paragraph,
        "start": line.start,
        "end": line.end,
        "text": line.text,
        "cells": [[cell.col, cell.start, cell.end] for cell in line.cells],
    }


def map_lines(
    text: str, width: int, options: LayoutOptions = DEFAULT_OPTIONS
) -> Iterator[dict[str, Any]]:
    """``line_map`` of every visual line of ``text``."""
    for line in DocumentLayout(text, width, options).lines():
        yield line_map(line)
