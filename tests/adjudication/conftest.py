"""Fixtures for adjudication tests: the sample corpus's two sets of the seed article, a project
copy without gold (to adjudicate from scratch), and small sets built with the model API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.adjudication import Comparison, compare_sets
from annotator.model import AnnotationSet, Document, LabelSchema, Span
from annotator.store.project import Project

SEED = "xinhua-deir-ezzor"


@pytest.fixture
def fresh_project(sample_project: Project) -> Project:
    """The sample corpus with the seed article's gold removed: nothing adjudicated yet."""
    sample_project.gold_path(SEED).unlink()
    return sample_project


@pytest.fixture
def sample_comparison(sample_project: Project) -> Comparison:
    return compare_sets({a: sample_project.load_set(a, SEED) for a in ("ann1", "ann2")})


def text_of(comparison: Comparison, key: tuple[int, int, str]) -> str:
    return comparison.document.text[key[0] : key[1]]


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


@pytest.fixture
def make_set(schema: LabelSchema) -> Callable[..., AnnotationSet]:
    """``make_set(document, "ann1", [(label, needle, attributes), ...], links=[(i, j)])``:
    spans found by their text (first occurrence unless ``needle`` is ``(text, nth)``)."""

    def make(
        document: Document,
        annotator: str,
        specs: list[tuple[str, str | tuple[str, int], dict[str, str]]],
        links: list[tuple[int, int]] = (),  # type: ignore[assignment]
        *,
        first_id: int = 1,
    ) -> AnnotationSet:
        aset = AnnotationSet(document, annotator)
        made: list[Span] = []
        for n, (label, needle, attributes) in enumerate(specs):
            text, nth = needle if isinstance(needle, tuple) else (needle, 0)
            start, end = find(document.text, text, nth)
            aset, span = aset.add_span(
                schema, label, start, end, attributes=attributes, span_id=f"s{first_id + n}"
            )
            made.append(span)
        for i, j in links:
            aset, _ = aset.add_relation(schema, "source", made[i].id, made[j].id)
        return aset

    return make
