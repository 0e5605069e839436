"""Fixtures for metrics tests: small projects built with the model API, and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest

from annotator import cli
from annotator.model import AnnotationSet, Status
from annotator.store.project import Project, init_project

#: The opening of the seed article (Xinhua, Deir ez-Zor), enough for real Arabic context.
ARTICLE = (
    "قصفت القوات الأمريكية الموجودة في سوريا يوم الأربعاء مستودعات أسلحة ومعسكرات تدريب "
    "للمقاتلين الموالين لإيران، بعد تعرض قاعدتين عسكريتين تابعتين للقوات الأمريكية في دير "
    "الزور للقصف، بحسب الإعلام الرسمي السوري، والمرصد السوري لحقوق الإنسان.\n"
    "وأفادت وكالة الأنباء السورية (سانا) يوم الأربعاء بتعرض القاعدتين العسكريتين للقوات "
    "الأمريكية في حقلي العمر وكونيكو النفطيين بريف دير الزور (شرق سوريا) لهجوم بالقذائف "
    "الصاروخية.\n"
)


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


#: (label, start, end) as a test writes spans; relations as (type, from index, to index).
SpanSpec = tuple[str, int, int]


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Project]:
    """A project in tmp_path with the given texts (id -> text) and annotators."""

    def make(texts: dict[str, str], annotators: Sequence[str] = ("ann1", "ann2")) -> Project:
        source = tmp_path / "texts-in"
        source.mkdir()
        for doc_id, text in texts.items():
            (source / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
        project, _ = init_project(
            tmp_path / "project", texts_from=source, annotators=tuple(annotators)
        )
        return project

    return make


def build_set(
    project: Project,
    who: str,
    doc_id: str,
    spans: Iterable[SpanSpec],
    relations: Iterable[tuple[str, int, int]] = (),
    status: Status = "done",
) -> AnnotationSet:
    aset = AnnotationSet(project.document(doc_id), who)
    made = []
    for label, start, end in spans:
        aset, span = aset.add_span(project.schema, label, start, end)
        made.append(span)
    for rtype, a, b in relations:
        aset, _ = aset.add_relation(project.schema, rtype, made[a].id, made[b].id)
    return aset.with_status(status)


def save_gold(project: Project, doc_id: str, spans: Iterable[SpanSpec], **kw: object) -> Path:
    return project.save_gold(build_set(project, "adjudicator", doc_id, spans, **kw))  # type: ignore[arg-type]


def save_set(
    project: Project, who: str, doc_id: str, spans: Iterable[SpanSpec], **kw: object
) -> Path:
    return project.save_set(build_set(project, who, doc_id, spans, **kw))  # type: ignore[arg-type]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``annotator ARGS`` in this process through cli.main; returns (status, out, err)."""

    def run(*args: str) -> tuple[int, str, str]:
        status = cli.main(list(args))
        out = capsys.readouterr()
        return status, out.out, out.err

    return run
