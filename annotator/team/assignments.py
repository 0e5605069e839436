"""Which annotators work on which document: the project's ``assignments.yaml``.

The file holds one line per document, so a diff shows exactly which documents were handed out::

    # Written by 'annotator assign'. One line per document: the annotators who work on it.
    per_doc: 2
    seed: 7
    documents:
      doc-001: [amal, badr]
      doc-002: [badr, carim]

Assigning is greedy and deterministic: each new document goes to the ``per_doc`` annotators
with the fewest documents so far, ties broken by an order drawn from the seed. That keeps the
counts within one of each other (when they start balanced) and spreads the pairs of annotators
who share documents. Existing assignments never move, except that ``rebalance`` may move the
ones nobody has started to even out the counts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import FormatError, Place, Problem, ProjectError
from annotator.store.annotation_file import scalar
from annotator.store.atomic import write_atomic
from annotator.store.project import id_problem
from annotator.store.yaml_safe import decode_utf8, load_yaml_text, read_limited

ASSIGNMENTS_NAME = "assignments.yaml"
_HEADER = "# Written by 'annotator assign'. One line per document: the annotators who work on it."


@dataclass(frozen=True)
class Assignments:
    """Annotators per document, in the order they were given the document."""

    documents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    per_doc: int = 0
    seed: int = 0

    def annotators_of(self, doc_id: str) -> tuple[str, ...]:
        return self.documents.get(doc_id, ())

    def documents_of(self, annotator: str) -> list[str]:
        return sorted(d for d, who in self.documents.items() if annotator in who)

    def annotators(self) -> list[str]:
        """Everyone with at least one document, in order of first appearance."""
        seen: dict[str, None] = {}
        for who in self.documents.values():
            seen.update(dict.fromkeys(who))
        return list(seen)

    def loads(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for who in self.documents.values():
            for name in who:
                counts[name] = counts.get(name, 0) + 1
        return counts


@dataclass(frozen=True)
class AssignResult:
    assignments: Assignments
    added: dict[str, tuple[str, ...]]  # newly given: document -> annotators added to it
    moved: list[tuple[str, str, str]]  # (document, from, to) moved by rebalancing
    kept_unbalanced: bool = False  # started work kept the counts further apart than one


# -- the file --------------------------------------------------------------------------------


def assignments_path(root: Path) -> Path:
    return root / ASSIGNMENTS_NAME


def dump_assignments(assignments: Assignments) -> str:
    lines = [_HEADER, f"per_doc: {assignments.per_doc}", f"seed: {assignments.seed}"]
    if assignments.documents:
        lines.append("documents:")
        for doc_id in sorted(assignments.documents):
            who = ", ".join(scalar(n) for n in assignments.documents[doc_id])
            lines.append(f"  {scalar(doc_id)}: [{who}]")
    else:
        lines.append("documents: {}")
    return "\n".join(lines) + "\n"


def save_assignments(root: Path, assignments: Assignments) -> Path:
    path = assignments_path(root)
    write_atomic(path, dump_assignments(assignments))
    return path


def load_assignments(root: Path) -> Assignments:
    """The project's assignments; none (an empty set) when the file does not exist."""
    path = assignments_path(root)
    if not path.is_file():
        return Assignments()
    text = decode_utf8(read_limited(path), path)
    written = read_as_written(text)
    if written is not None:
        return written
    return parse_assignments(load_yaml_text(text, path), str(path))


#: One document's line exactly as ``dump_assignments`` writes it for plain names.
_DOC_LINE = re.compile(r"  ([A-Za-z0-9][A-Za-z0-9_.-]*): \[([A-Za-z0-9_., -]*)\]")


def read_as_written(text: str) -> Assignments | None:
    """The assignments of a file exactly as ``dump_assignments`` wrote it, or None.

    A project of 10,000 documents has a file of 10,000 lines, which the YAML loader (with its
    safety checks) takes most of a second to read, for every ``progress`` and every queue.
    The file ``assign`` writes has a fixed shape; this reads that shape line by line, and
    answers only when writing the result again gives back the same text, character for
    character: the same value the YAML loader would give. Anything else (a hand-edited file,
    comments, quoted names, a problem to report) returns None and goes through the loader.
    """
    lines = text.split("\n")
    if len(lines) < 5 or lines[0] != _HEADER or not lines[3].startswith("documents:"):
        return None
    head = re.fullmatch(r"per_doc: (\d{1,6})\nseed: (\d{1,20})", "\n".join(lines[1:3]))
    if head is None:
        return None
    documents: dict[str, tuple[str, ...]] = {}
    match = _DOC_LINE.fullmatch
    for line in lines[4:-1]:
        found = match(line)
        if found is None:
            return None
        who = tuple(found[2].split(", "))
        if "" in who or len(set(who)) != len(who):
            return None
        documents[found[1]] = who
    names = {n for who in documents.values() for n in who}
    if any(id_problem(n, "annotator name") or scalar(n) != n for n in names):
        return None
    if any(id_problem(d) or scalar(d) != d for d in documents):
        return None
    result = Assignments(documents, int(head[1]), int(head[2]))
    return result if dump_assignments(result) == text else None


def parse_assignments(data: Any, source: str) -> Assignments:
    problems: list[Problem] = []

    def bad(message: str) -> None:
        problems.append(Problem(Place(source), message))

    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise FormatError("must be a mapping with 'documents:'", file=source)
    for key in data:
        if key not in ("per_doc", "seed", "documents"):
            bad(f"unknown field {key!r} (fields: per_doc, seed, documents)")
    per_doc = data.get("per_doc", 0)
    seed = data.get("seed", 0)
    for name, value in (("per_doc", per_doc), ("seed", seed)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            bad(f"{name} must be a whole number, not {value!r}")
    raw = data.get("documents") or {}
    documents: dict[str, tuple[str, ...]] = {}
    if not isinstance(raw, Mapping):
        bad("documents must map each document id to a list of annotators")
        raw = {}
    for doc_id, who in raw.items():
        doc_id = str(doc_id)
        problem = id_problem(doc_id)
        if problem:
            bad(f"documents: {problem}")
            continue
        if not isinstance(who, list) or not all(isinstance(n, str) for n in who):
            bad(f"documents: {doc_id}: must be a list of annotator names")
            continue
        for name in who:
            problem = id_problem(name, "annotator name")
            if problem:
                bad(f"documents: {doc_id}: {problem}")
        if len(set(who)) != len(who):
            bad(f"documents: {doc_id}: an annotator is named twice")
        documents[doc_id] = tuple(who)
    if problems:
        raise FormatError.from_problems(problems)
    return Assignments(documents, int(per_doc), int(seed))


# -- assigning -------------------------------------------------------------------------------


def assign(
    existing: Assignments,
    doc_ids: Sequence[str],
    annotators: Sequence[str],
    per_doc: int,
    *,
    seed: int = 0,
    rebalance: bool = False,
    started: Callable[[str, str], bool] = lambda annotator, doc_id: False,
) -> AssignResult:
    """Give every document in ``doc_ids`` ``per_doc`` distinct annotators.

    Documents that already have annotators keep them (topped up to ``per_doc`` if they have
    fewer). With ``rebalance``, assignments nobody has started (``started(annotator, doc)`` is
    False) move from the busiest annotators, and from annotators no longer listed, to the least
    busy ones until the counts differ by at most one.
    """
    if per_doc < 1:
        raise ProjectError("--per-doc must be at least 1")
    if len(set(annotators)) != len(annotators):
        raise ProjectError("an annotator is listed twice in --annotators")
    if per_doc > len(annotators):
        raise ProjectError(
            f"--per-doc {per_doc} needs at least {per_doc} annotators; "
            f"{len(annotators)} given ({', '.join(annotators) or 'none'})"
        )
    rng = random.Random(seed)
    tie_order = {name: rng.random() for name in annotators}
    documents = {d: list(who) for d, who in existing.documents.items()}
    loads = {name: 0 for name in annotators}
    for who in documents.values():
        for name in who:
            if name in loads:
                loads[name] += 1
    added: dict[str, tuple[str, ...]] = {}
    moved: list[tuple[str, str, str]] = []

    if rebalance:
        moved = _rebalance(documents, loads, annotators, tie_order, started)

    new_docs = list(dict.fromkeys(doc_ids))
    rng.shuffle(new_docs)  # so no annotator gets all the low-numbered documents first
    for doc_id in new_docs:
        who = documents.setdefault(doc_id, [])
        need = per_doc - len(who)
        if need <= 0:
            continue
        candidates = sorted(
            (n for n in annotators if n not in who), key=lambda n: (loads[n], tie_order[n])
        )
        chosen = candidates[:need]
        for name in chosen:
            loads[name] += 1
        who.extend(chosen)
        added[doc_id] = tuple(chosen)
        # Rotate the tie order so the same pairs do not always share documents.
        for name in chosen:
            tie_order[name] = rng.random()
    result = Assignments({d: tuple(who) for d, who in documents.items() if who}, per_doc, seed)
    counts = [loads[n] for n in annotators]
    return AssignResult(result, added, moved, bool(counts) and max(counts) - min(counts) > 1)


def _rebalance(
    documents: dict[str, list[str]],
    loads: dict[str, int],
    annotators: Sequence[str],
    tie_order: dict[str, float],
    started: Callable[[str, str], bool],
) -> list[tuple[str, str, str]]:
    moved: list[tuple[str, str, str]] = []
    listed = set(annotators)
    # First: unstarted work of annotators who are no longer listed goes to listed ones.
    for doc_id in sorted(documents):
        who = documents[doc_id]
        for name in list(who):
            if name in listed or started(name, doc_id):
                continue
            target = _lightest(annotators, who, loads, tie_order)
            if target is None:
                continue
            who[who.index(name)] = target
            loads[target] += 1
            moved.append((doc_id, name, target))
    # Then: from the busiest to the lightest until within one.
    while True:
        busiest = max(annotators, key=lambda n: (loads[n], -tie_order[n]))
        lightest = min(annotators, key=lambda n: (loads[n], tie_order[n]))
        if loads[busiest] - loads[lightest] <= 1:
            break
        movable = next(
            (
                d
                for d in sorted(documents)
                if busiest in documents[d]
                and lightest not in documents[d]
                and not started(busiest, d)
            ),
            None,
        )
        if movable is None:
            break  # the rest is started work, which stays where it is
        who = documents[movable]
        who[who.index(busiest)] = lightest
        loads[busiest] -= 1
        loads[lightest] += 1
        moved.append((movable, busiest, lightest))
    return moved


def _lightest(
    annotators: Iterable[str],
    taken: Sequence[str],
    loads: dict[str, int],
    tie_order: dict[str, float],
) -> str | None:
    free = [n for n in annotators if n not in taken]
    return min(free, key=lambda n: (loads[n], tie_order[n])) if free else None
