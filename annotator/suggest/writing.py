"""A recommender's proposals as pre-annotation sets: ``annotations/NAME/<doc>.yaml``.

The sets are written exactly as ``annotator import --pre-annotation`` writes them (the import's
plan and ``apply_import``: every set locked, all written in one atomic batch), with each span's
origin ``imported:NAME`` and its score. Three rules keep anyone's work safe:

- NAME must not be ``gold`` nor an annotator of the project's configuration;
- by default only documents without gold get suggestions (``docs`` picks others explicitly);
- re-running replaces the recommender's own earlier suggestions only: a span in the set whose
  origin is not ``imported:NAME`` (someone opened the recommender's set and edited it) is kept,
  and a set marked done is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from annotator.errors import Place, Problem, ProjectError, ValidationError
from annotator.formats.base import NO_PROGRESS, Progress
from annotator.formats.importer import ImportPlan, PlannedDocument, apply_import
from annotator.model.annotation_set import AnnotationSet, build_set, next_id, utc_now
from annotator.model.document import Document
from annotator.model.span import IMPORTED_PREFIX, Span
from annotator.store.project import GOLD_NAME, Project, id_problem
from annotator.suggest.base import Suggestion


def origin_of(name: str) -> str:
    return f"{IMPORTED_PREFIX}{name}"


def check_recommender_name(project: Project, name: str) -> str:
    """``name`` if suggestions may be written under annotations/NAME/, else a clear error."""
    problem = id_problem(name, "recommender name")
    if problem:
        raise ProjectError(f"--as: {problem}", file=project.root)
    if name == GOLD_NAME:
        raise ProjectError(
            "--as: suggestions never go into the gold; choose another name", file=project.root
        )
    if name in project.config.annotators:
        raise ProjectError(
            f"--as: {name} is an annotator of this project (annotator.yaml); suggestions go "
            "into a set of their own, e.g. --as matcher",
            file=project.root,
        )
    return name


def target_documents(project: Project, docs: Sequence[str] | None) -> list[str]:
    """The documents to suggest on: ``docs`` (each checked), else those without gold."""
    ids = project.document_ids()
    if docs:
        unknown = [d for d in docs if d not in ids]
        if unknown:
            raise ProjectError(
                f"--docs: no document {', '.join(map(repr, unknown))} in the project",
                file=project.root,
            )
        return list(dict.fromkeys(docs))
    return [d for d in ids if not project.gold_path(d).is_file()]


@dataclass
class SuggestionPlan:
    name: str
    plan: ImportPlan
    kept_done: list[str] = field(default_factory=list)
    replaced: int = 0

    @property
    def labels(self) -> Counter[str]:
        return self.plan.labels

    @property
    def spans(self) -> int:
        return self.plan.spans


def plan_suggestions(
    project: Project,
    name: str,
    proposals: Iterable[tuple[Document, list[Suggestion]]],
) -> SuggestionPlan:
    """The sets to write: each document's earlier suggestions by ``name`` replaced by these."""
    origin = origin_of(name)
    result = SuggestionPlan(name, ImportPlan(name))
    now = utc_now()
    problems: list[Problem] = []
    for document, suggestions in proposals:
        path = project.annotation_path(name, document.id)
        existing: AnnotationSet | None = None
        if path.exists():
            existing = project.load_set(name, document.id)
            if existing.status == "done":
                result.kept_done.append(document.id)
                continue
        kept = [s for s in existing.spans if s.origin != origin] if existing else []
        result.replaced += len(existing.spans) - len(kept) if existing else 0
        taken = {s.key for s in kept}
        used = {s.id for s in kept}
        new: list[Span] = []
        number = int(next_id("s", used)[1:])  # ids after the kept spans' (one pass)
        for suggestion in sorted(suggestions):
            if suggestion.key in taken:
                continue
            span_id = f"s{number}"
            number += 1
            taken.add(suggestion.key)
            new.append(
                Span(
                    span_id,
                    suggestion.label,
                    suggestion.start,
                    suggestion.end,
                    origin=origin,
                    score=suggestion.score,
                )
            )
        relations = existing.relations if existing else ()
        aset, refused = build_set(
            document,
            name,
            project.schema,
            [*kept, *new],
            relations,
            status=existing.status if existing else "new",
            updated=now,
        )
        problems.extend(Problem(Place(project.relative(path)), p) for p in refused)
        result.plan.documents.append(
            PlannedDocument(
                document,
                False,
                aset,
                path,
                "replace" if existing else "create",
                frozenset(s.id for s in new),
                0,
            )
        )
        result.plan.labels.update(s.label for s in new)
    if problems:
        raise ValidationError.from_problems(problems)
    return result


def write_suggestions(
    project: Project, plan: SuggestionPlan, progress: Progress = NO_PROGRESS
) -> None:
    apply_import(project, plan.plan, progress)


def suggest_documents(
    project: Project,
    doc_ids: Sequence[str],
    propose: Callable[[Document], list[Suggestion]],
    progress: Progress = NO_PROGRESS,
) -> Iterable[tuple[Document, list[Suggestion]]]:
    """Each document with the recommender's proposals, loaded one at a time."""
    for doc_id in doc_ids:
        document = project.document(doc_id)
        yield document, propose(document)
        progress.advance()
