"""Corpus statistics: what ``annotator stats`` prints and the corpus screen shows.

The figures come from the summary index (summary_index.py), which reads again only the files
that changed since it was last used.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.bulk import Advance
from annotator.store.project import GOLD_NAME, Project
from annotator.store.summary_index import SetSummary, load_index, summarize_file

__all__ = ["SetSummary", "corpus_summary", "summarize_set"]


def summarize_set(project: Project, source: str, doc_id: str) -> SetSummary | None:
    """One set's summary read from its file now (None when there is no file)."""
    path = (
        project.gold_path(doc_id)
        if source == GOLD_NAME
        else project.annotation_path(source, doc_id)
    )
    if not path.is_file():
        return None
    return summarize_file(path, doc_id, source)


def corpus_summary(
    project: Project,
    sources: list[str] | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
) -> list[SetSummary]:
    """The summaries of the ``sources`` (default: every annotator, then gold) of every
    document, by document then source."""
    sources = sources if sources is not None else [*project.annotators(), GOLD_NAME]
    index = load_index(project, jobs=jobs, progress=progress)
    result = []
    for doc_id in index.document_ids:
        for source in sources:
            summary = index.sets.get((source, doc_id))
            if summary is not None:
                result.append(summary)
    return result
