"""Driving the annotation app as a person would, on a private copy of the sample corpus."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.model import AnnotationSet, Span
from annotator.store.project import Project
from annotator.tui.app import AnnotatorApp, build_app
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.article_view import ArticleView

SEED = "xinhua-deir-ezzor"


@pytest.fixture
def make_app(sample_project: Project) -> Callable[..., AnnotatorApp]:
    def make(
        annotator: str = "tester", document: str | None = SEED, **kwargs: object
    ) -> AnnotatorApp:
        return build_app(sample_project, annotator, document=document, **kwargs)  # type: ignore[arg-type]

    return make


def screen_of(app: AnnotatorApp) -> AnnotateScreen:
    screen = app.screen
    assert isinstance(screen, AnnotateScreen), type(screen).__name__
    return screen


def article_of(app: AnnotatorApp) -> ArticleView:
    return screen_of(app).article


def spans_of(app: AnnotatorApp) -> list[tuple[str, int, int, str]]:
    aset: AnnotationSet = screen_of(app).aset
    return [(s.label, s.start, s.end, aset.span_text(s)) for s in aset.spans]


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def span_at(app: AnnotatorApp, start: int, end: int, label: str) -> Span:
    span = screen_of(app).aset.find(start, end, label)
    assert span is not None, (start, end, label, spans_of(app))
    return span
