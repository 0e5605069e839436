"""How far the team is: per annotator, per document, and agreement so far on the overlap.

The figures come from the assignments, one small fact sheet per annotation file (status, spans,
active seconds: ``facts_from_index``, from the project's summary index) and span counts per
pair of annotators per finished document (``PairCache``, keyed by the same listing). The
arithmetic in ``team_progress`` takes them as plain values and a function, so it is tested
without files.

Definitions (what ``annotator progress`` prints and docs/team.md explains):

- an annotator's set is *done* when the file says ``status: done``, *not started* when there
  is no file or it is ``new`` with no spans, else *in progress*;
- an annotator's *done* and *in progress* count their sets, assigned or not (as their spans
  and active time do, and as ``stats`` counts done sets: a project without assignments shows
  the same figures in both); *assigned* and *not started* count the documents given to them,
  *not started* being those among them without a started set;
- a document is *ready* for adjudication when it has assigned annotators and all are done, and
  *adjudicated* when its gold file says ``status: done``;
- agreement for a pair is span F1 (strict and overlap, annotator/metrics/span_agreement.py)
  summed over the documents assigned to both that both have finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.bulk import cycle_collector_paused
from annotator.metrics.span_agreement import SpanPairCounts
from annotator.store.project import GOLD_NAME, Project
from annotator.store.summary_index import ProjectSummaries, load_index, summarize_file
from annotator.team.assignments import Assignments
from annotator.team.pair_cache import PairCache


@dataclass(frozen=True, slots=True)
class SetFacts:
    """What progress needs from one annotation file."""

    status: str  # new, in_progress, done, or error (a file that cannot be read)
    spans: int
    active_seconds: int

    @property
    def started(self) -> bool:
        return self.status != "new" or self.spans > 0


@dataclass(frozen=True)
class ProjectFacts:
    doc_ids: list[str]
    sets: dict[tuple[str, str], SetFacts]  # (annotator, document) -> facts
    gold_done: set[str]
    errors: list[str] = field(default_factory=list)


#: Span counts of two annotators on one document: (first, second, document) -> counts.
PairCounter = Callable[[str, str, str], SpanPairCounts]


def set_started(project: Project, annotator: str, doc_id: str) -> bool:
    """True when the annotator has begun the document (``assign --rebalance`` leaves it)."""
    path = project.annotation_path(annotator, doc_id)
    if not path.is_file():
        return False
    summary = summarize_file(path, doc_id, annotator)
    return summary.status != "new" or summary.spans > 0


def read_set_facts(project: Project) -> ProjectFacts:
    """Every annotation file's facts and which documents have finished gold, from the summary
    index (annotator/store/summary_index.py: only files changed since are read)."""
    return facts_from_index(load_index(project, texts=False))


def facts_from_index(index: ProjectSummaries) -> ProjectFacts:
    doc_ids = index.document_ids
    known = set(doc_ids)
    sets: dict[tuple[str, str], SetFacts] = {}
    gold_done: set[str] = set()
    errors: list[str] = []
    for (source, doc_id), summary in index.sets.items():
        if doc_id not in known:
            continue
        status = summary.status
        if status == "error":
            errors.append(summary.error or f"{source}/{doc_id}")
        if source == GOLD_NAME:
            if status == "done":
                gold_done.add(doc_id)
            continue
        sets[(source, doc_id)] = SetFacts(
            status, sum(summary.counts.values()), round(summary.active_seconds)
        )
    return ProjectFacts(doc_ids, sets, gold_done, errors)


# -- the figures -------------------------------------------------------------------------------


@dataclass
class AnnotatorProgress:
    assigned: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    spans: int = 0
    active_seconds: int = 0

    @property
    def spans_per_hour(self) -> float | None:
        if self.active_seconds <= 0:
            return None
        return self.spans * 3600 / self.active_seconds

    def as_json(self) -> dict[str, int]:
        return {
            "assigned": self.assigned,
            "done": self.done,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "spans": self.spans,
            "active_seconds": self.active_seconds,
        }


@dataclass(frozen=True)
class DocumentProgress:
    assigned: tuple[str, ...]
    done: tuple[str, ...]
    ready: bool
    adjudicated: bool

    def as_json(self) -> dict[str, object]:
        return {
            "assigned": list(self.assigned),
            "done": list(self.done),
            "ready": self.ready,
            "adjudicated": self.adjudicated,
        }


@dataclass(frozen=True)
class PairProgress:
    first: str
    second: str
    documents: int  # finished by both
    counts: SpanPairCounts

    def as_json(self) -> dict[str, object]:
        return {
            "annotators": [self.first, self.second],
            "documents": self.documents,
            "strict_f1": round(self.counts.f1("strict"), 4) if self.documents else None,
            "overlap_f1": round(self.counts.f1("overlap"), 4) if self.documents else None,
        }


@dataclass(frozen=True)
class TeamProgress:
    annotators: dict[str, AnnotatorProgress]
    documents: dict[str, DocumentProgress]
    agreement: list[PairProgress]
    errors: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "annotators": {n: p.as_json() for n, p in self.annotators.items()},
            "documents": {d: p.as_json() for d, p in self.documents.items()},
            "agreement": [p.as_json() for p in self.agreement],
        }


def _who(assignments: Assignments, facts: ProjectFacts, extra: Iterable[str]) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(extra)  # the project's list first, in its order
    seen.update(dict.fromkeys(assignments.annotators()))
    seen.update(dict.fromkeys(who for who, _ in facts.sets))
    return list(seen)


def team_progress(
    facts: ProjectFacts,
    assignments: Assignments,
    pair_counts: PairCounter,
    annotators: Sequence[str] = (),
) -> TeamProgress:
    """The figures for everyone in the assignments, ``annotators`` and with files."""
    people = {name: AnnotatorProgress() for name in _who(assignments, facts, annotators)}
    done_by: dict[str, list[str]] = {}
    for (who, doc_id), facts_of_set in facts.sets.items():
        person = people[who]
        person.spans += facts_of_set.spans
        person.active_seconds += facts_of_set.active_seconds
        if facts_of_set.status == "done":
            person.done += 1
            done_by.setdefault(doc_id, []).append(who)
        elif facts_of_set.started:
            person.in_progress += 1
    documents: dict[str, DocumentProgress] = {}
    sets = facts.sets
    gold_done = facts.gold_done
    for doc_id in facts.doc_ids:
        assigned = assignments.documents.get(doc_id, ())
        finished = done_by.get(doc_id, ())
        for who in assigned:
            person = people[who]
            person.assigned += 1
            sheet = sets.get((who, doc_id))
            if sheet is None or not sheet.started:
                person.not_started += 1
        if finished:
            ordered = tuple(w for w in assigned if w in finished) + tuple(
                sorted(w for w in finished if w not in assigned)
            )
        else:
            ordered = ()
        documents[doc_id] = DocumentProgress(
            assigned,
            ordered,
            bool(assigned)
            and len(ordered) >= len(assigned)
            and ordered[: len(assigned)] == assigned,
            doc_id in gold_done,
        )
    agreement = pair_agreement(facts, assignments, pair_counts)
    return TeamProgress(people, documents, agreement, facts.errors)


def pair_agreement(
    facts: ProjectFacts, assignments: Assignments, pair_counts: PairCounter
) -> list[PairProgress]:
    """Span F1 per pair of annotators over the documents both were given and both finished."""
    per_pair: dict[tuple[str, str], tuple[list[int], SpanPairCounts]] = {}
    sets = facts.sets
    for doc_id, assigned in assignments.documents.items():
        pairs = (
            [
                (assigned[0], assigned[1])
                if assigned[0] < assigned[1]
                else (assigned[1], assigned[0])
            ]
            if len(assigned) == 2
            else combinations(sorted(assigned), 2)
        )
        for pair in pairs:
            entry = per_pair.get(pair)
            if entry is None:
                entry = per_pair[pair] = ([0], SpanPairCounts())
            a = sets.get((pair[0], doc_id))
            if a is None or a.status != "done":
                continue
            b = sets.get((pair[1], doc_id))
            if b is None or b.status != "done":
                continue
            entry[0][0] += 1
            entry[1].add(pair_counts(pair[0], pair[1], doc_id))
    return [
        PairProgress(first, second, n[0], summed)
        for (first, second), (n, summed) in sorted(per_pair.items())
    ]


def progress_of(project: Project, assignments: Assignments) -> TeamProgress:
    """The figures for a project: facts from the summary index, agreement from a cache of
    per-document pair counts keyed by the same listing (both read only the files changed
    since they were stored)."""
    index = load_index(project, texts=False)
    with PairCache(project, index.keys) as cache, cycle_collector_paused():
        return team_progress(
            facts_from_index(index), assignments, cache.counts, project.config.annotators
        )


def done_fraction(people: Mapping[str, AnnotatorProgress]) -> dict[str, tuple[int, int, int]]:
    """(done, in progress, not started) per annotator, for the chart."""
    return {n: (p.done, p.in_progress, p.not_started) for n, p in people.items()}
