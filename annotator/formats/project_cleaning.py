"""Cleaning a project's texts in place (``annotator init --clean``), annotations carried over.

A text with no annotations is simply rewritten cleaned (hygiene.clean). A text that has
annotation sets (any annotator's, or gold) is cleaned only together with them: every span of
every set is moved through the exact offset map, and if any span would be left with no
characters nothing is written at all. Texts and sets are then written in one batch
(store.atomic.write_atomic_many: all staged before any is renamed into place), with every
set's lock held, so the project is never half cleaned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.errors import Place, Problem, ValidationError
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document, text_sha256
from annotator.store.annotation_file import dump_annotation_set
from annotator.store.atomic import write_atomic_many
from annotator.store.locks import SetLock
from annotator.store.project import GOLD_NAME, Project
from annotator.text.hygiene import clean


@dataclass
class CleanPlan:
    #: Per changed document: what changed.
    changes: dict[str, Counter[str]] = field(default_factory=dict)
    #: Files to write: the cleaned texts and the remapped sets.
    files: list[tuple[Path, str]] = field(default_factory=list)
    #: (annotator or gold, document id) of every set rewritten.
    sets: list[tuple[str, str]] = field(default_factory=list)

    def total(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for counts in self.changes.values():
            out.update(counts)
        return out


def _sets_of(project: Project, doc_id: str) -> list[tuple[str, AnnotationSet]]:
    found = []
    for who in project.annotators():
        if project.has_set(who, doc_id):
            found.append((who, project.load_set(who, doc_id)))
    gold = project.load_gold(doc_id)
    if gold is not None:
        found.append((GOLD_NAME, gold))
    return found


def plan_clean(project: Project, doc_ids: Sequence[str] | None = None) -> CleanPlan:
    """What cleaning would write; raises ValidationError naming every span that cleaning
    would empty (then nothing may be written)."""
    plan = CleanPlan()
    problems: list[Problem] = []
    for doc_id in doc_ids if doc_ids is not None else project.document_ids():
        document = project.document(doc_id)
        cleaned = clean(document.text)
        if not cleaned.changed:
            continue
        new_doc = Document(doc_id, cleaned.text, document.file, text_sha256(cleaned.text))
        rewritten = []
        for who, aset in _sets_of(project, doc_id):
            path = (
                project.gold_path(doc_id)
                if who == GOLD_NAME
                else project.annotation_path(who, doc_id)
            )
            spans = []
            for span in aset.spans:
                a, b = cleaned.remap(span.start, span.end)
                if a >= b:
                    problems.append(
                        Problem(
                            Place(project.relative(path)),
                            f"span {span.id} {span.label} {span.start}-{span.end} is only "
                            "characters that cleaning removes; fix or delete it first",
                        )
                    )
                spans.append(replace(span, start=a, end=b))
            moved = replace(aset, document=new_doc, spans=tuple(spans), _by_id={}, _index=None)
            rewritten.append((who, path, moved))
        plan.changes[doc_id] = cleaned.changes
        plan.files.append((project.text_path(doc_id), cleaned.text))
        for who, path, moved in rewritten:
            plan.files.append((path, dump_annotation_set(moved)))
            plan.sets.append((who, doc_id))
    if problems:
        raise ValidationError.from_problems(problems)
    return plan


def apply_clean(project: Project, plan: CleanPlan) -> None:
    """Write the plan in one batch, holding the lock of every set it rewrites."""
    locks: list[SetLock] = []
    try:
        for who, doc_id in plan.sets:
            locks.append(
                project.lock_gold(doc_id, "clean")
                if who == GOLD_NAME
                else project.lock_set(who, doc_id)
            )
        write_atomic_many(list(plan.files))
    finally:
        for lock in locks:
            lock.release()
    for doc_id in plan.changes:
        project.forget_document(doc_id)
