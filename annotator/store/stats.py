"""Corpus statistics: what ``annotator stats`` prints and the corpus screen shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.errors import AnnotatorError
from annotator.store.annotation_file import read_annotation_file
from annotator.store.project import Project


@dataclass
class SetSummary:
    """One annotation file, summarised from its content without checking it against the text
    (a broken file is listed with its error rather than hiding the whole corpus)."""

    document: str
    source: str  # annotator name, or "gold"
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    relations: int = 0
    updated: str | None = None
    error: str | None = None

    @property
    def spans(self) -> int:
        return sum(self.counts.values())


def summarize_set(project: Project, source: str, doc_id: str) -> SetSummary | None:
    path = (
        project.gold_path(doc_id) if source == "gold" else project.annotation_path(source, doc_id)
    )
    if not path.is_file():
        return None
    try:
        parsed = read_annotation_file(path)
    except AnnotatorError as err:
        return SetSummary(doc_id, source, "error", error=str(err))
    counts: dict[str, int] = {}
    for record in parsed.spans:
        counts[record.span.label] = counts.get(record.span.label, 0) + 1
    return SetSummary(doc_id, source, parsed.status, counts, len(parsed.relations), parsed.updated)


def corpus_summary(project: Project, sources: list[str] | None = None) -> list[SetSummary]:
    sources = sources if sources is not None else [*project.annotators(), "gold"]
    result = []
    for doc_id in project.document_ids():
        for source in sources:
            summary = summarize_set(project, source, doc_id)
            if summary is not None:
                result.append(summary)
    return result
