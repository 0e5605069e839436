"""Importing documents read from another tool's file into a project, all or nothing.

``plan_import`` checks everything before anything is written: each document is matched to the
project's texts by sha256 (same text under another id: the project's id is used, and the user is
told); a new text takes its id from the source (checked as a file name; an id already used by a
different text is an error); each span and relation is checked against the text and the label
schema (after ``label_map``), naming the file and line it came from. An annotation file that
already exists is refused unless ``existing`` is ``merge`` (imported spans are added; spans
already there are kept, not doubled) or ``replace``. Any problem stops the import, unless
``skip_invalid``, which leaves out each bad item and lists it.

``apply_import`` then takes the lock of every set it writes, writes new texts and the sets, each
atomically, and releases the locks. With ``pre_annotation`` spans come in with origin
``imported:<source>`` (the annotation app's accept/reject flow); otherwise as ``manual``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from annotator.errors import ImportExportError, Place, Problem, ValidationError
from annotator.formats.base import NO_PROGRESS, ImportedDocument, Progress
from annotator.formats.label_map import LabelMap
from annotator.formats.label_map import parse_label_map as parse_label_map
from annotator.model.annotation_set import (
    AnnotationSet,
    Status,
    build_set,
    utc_now,
)
from annotator.model.document import Document, text_sha256
from annotator.model.labels import LabelSchema
from annotator.model.span import IMPORTED_PREFIX, MANUAL, Relation, Span, as_attributes
from annotator.store.annotation_file import dump_annotation_set
from annotator.store.atomic import write_atomic_many
from annotator.store.locks import SetLock
from annotator.store.project import GOLD_NAME, TEXTS, Project, id_problem

Existing = Literal["refuse", "merge", "replace"]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    #: Whose sets receive the import: an annotator name, or ``gold``.
    annotator: str
    pre_annotation: bool = False
    #: Name in ``imported:<source>`` for pre-annotations (default: the annotator name).
    origin_source: str | None = None
    skip_invalid: bool = False
    existing: Existing = "refuse"
    #: A LabelMap (label_map.py), or plain renames ``{OLD: NEW}``.
    label_map: LabelMap | Mapping[str, str | None] = field(default_factory=dict)
    status: Status | None = None

    @property
    def mapping(self) -> LabelMap:
        if isinstance(self.label_map, LabelMap):
            return self.label_map
        return LabelMap(labels=dict(self.label_map))

    @property
    def origin(self) -> str:
        if not self.pre_annotation:
            return MANUAL
        return f"{IMPORTED_PREFIX}{self.origin_source or self.annotator}"

    @property
    def set_status(self) -> Status:
        if self.status is not None:
            return self.status
        return "new" if self.pre_annotation else "in_progress"


@dataclass
class PlannedDocument:
    document: Document
    new_text: bool
    aset: AnnotationSet
    path: Path
    action: Literal["create", "merge", "replace"]
    #: Ids (in ``aset``) of the spans this import adds.
    imported_ids: frozenset[str]
    imported_relations: int

    @property
    def imported_spans(self) -> int:
        return len(self.imported_ids)


@dataclass
class ImportPlan:
    annotator: str
    documents: list[PlannedDocument] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    #: Spans left out because the label map drops their label, by source label.
    dropped_labels: Counter[str] = field(default_factory=Counter)
    #: Relations left out (type dropped by the map, or an end span dropped), by type.
    dropped_relations: Counter[str] = field(default_factory=Counter)
    #: Attributes the schema lacks, taken off spans that were kept, as ``LABEL.name``.
    dropped_attributes: Counter[str] = field(default_factory=Counter)
    #: Invisible marks taken out of tokens by readers that build the text (by mark name).
    removed_marks: Counter[str] = field(default_factory=Counter)

    @property
    def created(self) -> int:
        return sum(1 for d in self.documents if d.new_text)

    @property
    def matched(self) -> int:
        return sum(1 for d in self.documents if not d.new_text)

    @property
    def spans(self) -> int:
        return sum(d.imported_spans for d in self.documents)

    @property
    def relations(self) -> int:
        return sum(d.imported_relations for d in self.documents)


class _Checker:
    """Collects problems; under skip_invalid they become skipped items instead of errors."""

    def __init__(self, skip_invalid: bool) -> None:
        self.skip_invalid = skip_invalid
        self.errors: list[Problem] = []
        self.skipped: list[Problem] = []

    def item(self, place: Place, message: str) -> None:
        if self.skip_invalid:
            self.skipped.append(Problem(place, f"skipped: {message}"))
        else:
            self.errors.append(Problem(place, message))

    def error(self, place: Place, message: str) -> None:
        self.errors.append(Problem(place, message))


def plan_import(
    project: Project, documents: Sequence[ImportedDocument], options: ImportOptions
) -> ImportPlan:
    """Everything the import would write, checked; raises ValidationError listing every problem."""
    to_gold = options.annotator == GOLD_NAME
    if not to_gold:
        problem = id_problem(options.annotator, "annotator name")
        if problem:
            raise ImportExportError(f"--as: {problem}")
    check = _Checker(options.skip_invalid)
    plan = ImportPlan(options.annotator)
    existing_ids = project.document_ids()
    by_sha: dict[str, str] = {}
    for doc_id in existing_ids:
        by_sha.setdefault(project.document(doc_id).sha256, doc_id)
    claimed: dict[str, Place] = {}
    now = utc_now()
    plan.skipped.extend(getattr(documents, "skipped", ()))  # whole items a reader left out
    for doc in documents:
        plan.skipped.extend(doc.skipped)
        plan.notes.extend(doc.notes)
        plan.removed_marks.update(doc.removed_marks)
        target = _target_document(project, doc, by_sha, existing_ids, check, plan)
        if target is None:
            continue
        document, new_text = target
        if document.id in claimed:
            check.item(
                doc.source,
                f"document {document.id} was already imported from {claimed[document.id]}",
            )
            continue
        claimed[document.id] = doc.source
        planned = _plan_set(project, doc, document, new_text, options, check, now, plan)
        if planned is not None:
            plan.documents.append(planned)
    if check.errors:
        raise ValidationError.from_problems(check.errors)
    plan.skipped.extend(check.skipped)
    for planned in plan.documents:
        plan.labels.update(s.label for s in planned.aset.spans if s.id in planned.imported_ids)
    return plan


def _target_document(
    project: Project,
    doc: ImportedDocument,
    by_sha: Mapping[str, str],
    existing_ids: Sequence[str],
    check: _Checker,
    plan: ImportPlan,
) -> tuple[Document, bool] | None:
    """The project document ``doc`` goes to, and whether its text is new."""
    sha = text_sha256(doc.text)
    if sha in by_sha:
        known = by_sha[sha]
        if doc.id != known and doc.id_given:
            plan.notes.append(f"{doc.source}: same text as document {known}; imported as {known}")
        return project.document(known), False
    if not doc.text_exact:
        plan.notes.append(
            f"{doc.source}: its tokens match no text in the project; created as {doc.id} with "
            "the text rebuilt from tokens"
        )
    problem = id_problem(doc.id)
    if problem:
        check.item(doc.source, f"{problem}; it cannot name a text file")
        return None
    if doc.id in existing_ids:
        check.item(
            doc.source,
            f"document id {doc.id} is taken by a different text ({TEXTS}/{doc.id}.txt); "
            "rename the document in the source",
        )
        return None
    return Document(doc.id, doc.text), True


def _plan_set(
    project: Project,
    doc: ImportedDocument,
    document: Document,
    new_text: bool,
    options: ImportOptions,
    check: _Checker,
    now: datetime,
    plan: ImportPlan,
) -> PlannedDocument | None:
    to_gold = options.annotator == GOLD_NAME
    path = (
        project.gold_path(document.id)
        if to_gold
        else project.annotation_path(options.annotator, document.id)
    )
    spans = _imported_spans(doc, options, project, plan)
    relations = _imported_relations(doc, options, {s.id for s in spans}, plan)
    action: Literal["create", "merge", "replace"] = "create"
    base: AnnotationSet | None = None
    if path.exists():
        if options.existing == "refuse":
            check.error(
                Place(project.relative(path)),
                "exists already; use --merge to add the imported spans to it or --replace to "
                "overwrite it",
            )
            return None
        action = options.existing
        if action == "merge":
            base = (
                project.load_gold(document.id)
                if to_gold
                else project.load_set(options.annotator, document.id)
            )
    imported_ids = {s.id for s in spans}
    status = options.set_status
    if base is not None:
        spans, relations, imported_ids = _merged(base, spans, relations)
        status = base.status
    # build_set checks every span and relation against the text and the schema, in one pass.
    aset, problems = build_set(
        document,
        GOLD_NAME if to_gold else options.annotator,
        project.schema,
        spans,
        relations,
        status=status,
        updated=now,
    )
    for message in problems:
        check.item(*_explained(message, doc))
    if base is not None and base.adjudicated_from:
        aset = aset.with_adjudicated_from(base.adjudicated_from)
    kept = frozenset(s.id for s in aset.spans if s.id in imported_ids)
    added_relations = len(aset.relations) - (len(base.relations) if base is not None else 0)
    return PlannedDocument(document, new_text, aset, path, action, kept, added_relations)


def _imported_spans(
    doc: ImportedDocument, options: ImportOptions, project: Project, plan: ImportPlan
) -> list[Span]:
    """The document's spans with labels mapped (dropped ones counted), the map's attributes
    added, attributes the schema lacks taken off (counted: the span is kept), and the
    import's origin."""
    origin = options.origin
    mapping = options.mapping
    schema = project.schema
    if (
        not mapping
        and all(s.origin == origin for s in doc.spans)
        and not _unknown_attributes(doc, schema)
    ):
        return list(doc.spans)
    out = []
    for s in doc.spans:
        label = mapping.label(s.label)
        if label is None:
            plan.dropped_labels[s.label] += 1
            continue
        attributes = dict(s.attributes)
        attributes.update(mapping.attributes_for(s.label, label))
        if label in schema.labels:
            known = schema.label(label).attributes
            for name in [n for n in attributes if n not in known]:
                plan.dropped_attributes[f"{label}.{name}"] += 1
                del attributes[name]
        out.append(Span(s.id, label, s.start, s.end, as_attributes(attributes), s.note, origin))
    return out


def _unknown_attributes(doc: ImportedDocument, schema: LabelSchema) -> bool:
    return any(
        s.attributes
        and s.label in schema.labels
        and set(s.attributes) - set(schema.label(s.label).attributes)
        for s in doc.spans
    )


def _imported_relations(
    doc: ImportedDocument, options: ImportOptions, kept: set[str], plan: ImportPlan
) -> list[Relation]:
    """The document's relations with types mapped; a dropped type, or a relation whose span
    was dropped, is counted and left out."""
    mapping = options.mapping
    out = []
    for r in doc.relations:
        kind = mapping.relation(r.type)
        if kind is None or r.from_id not in kept or r.to_id not in kept:
            plan.dropped_relations[r.type] += 1
            continue
        out.append(r if kind == r.type else Relation(r.id, kind, r.from_id, r.to_id))
    return out


_UNKNOWN_LABEL = re.compile(r"unknown label '([^']*)'")
_MISSING_END = re.compile(r"(?:from|to) span '([^']*)' does not exist")


def _explained(message: str, doc: ImportedDocument) -> tuple[Place, str]:
    """Where a build_set problem came from in the source file, and the message with a hint."""
    kind, _, rest = message.partition(" ")
    places = doc.span_places if kind == "span" else doc.relation_places
    place = doc.source
    for ident in sorted(places, key=len, reverse=True):
        if rest.startswith(f"{ident}:"):
            place = places[ident]
            break
    label = _UNKNOWN_LABEL.search(message)
    if label:
        message += f"; map it with --map-labels {label.group(1)}=LABEL"
    missing = _MISSING_END.search(message)
    if missing and missing.group(1) in doc.span_places:
        message = message[: missing.start()] + f"links span {missing.group(1)}, which was left out"
    return place, message


_NUMBERED = re.compile(r"^([a-z]+)([0-9]+)$")


def _fresh(prefix: str, used: set[str]) -> str:
    highest = 0
    for ident in used:
        match = _NUMBERED.match(ident)
        if match and match.group(1) == prefix:
            highest = max(highest, int(match.group(2)))
    return f"{prefix}{highest + 1}"


def _merged(
    base: AnnotationSet, spans: list[Span], relations: list[Relation]
) -> tuple[list[Span], list[Relation], set[str]]:
    """The base set's spans plus the imported ones not already there (same label and
    offsets), renumbered where their ids are taken; relations remapped accordingly."""
    used = {s.id for s in base.spans}
    rename: dict[str, str] = {}
    added: list[Span] = []
    for span in spans:
        twin = base.find(span.start, span.end, span.label)
        if twin is not None:
            rename[span.id] = twin.id
            continue
        new_id = span.id
        if new_id in used:
            new_id = _fresh("s", used)
        used.add(new_id)
        rename[span.id] = new_id
        added.append(replace(span, id=new_id))
    rel_used = {r.id for r in base.relations}
    rel_keys = {r.key for r in base.relations}
    merged_rels = list(base.relations)
    for rel in relations:
        moved = replace(rel, from_id=rename[rel.from_id], to_id=rename[rel.to_id])
        if moved.key in rel_keys:
            continue
        if moved.id in rel_used:
            moved = replace(moved, id=_fresh("r", rel_used))
        rel_used.add(moved.id)
        rel_keys.add(moved.key)
        merged_rels.append(moved)
    return [*base.spans, *added], merged_rels, {s.id for s in added}


def apply_import(
    project: Project, plan: ImportPlan, progress: Progress = NO_PROGRESS
) -> list[Path]:
    """Write the plan: lock every set, then write the new texts and the sets as one batch
    (store.atomic.write_atomic_many: all flushed to disk before any is renamed into place); returns the
    paths written."""
    locks: list[SetLock] = []
    files: list[tuple[Path, bytes | str]] = []
    try:
        for planned in plan.documents:
            doc_id = planned.document.id
            if plan.annotator == GOLD_NAME:
                locks.append(project.lock_gold(doc_id, "import"))
            else:
                locks.append(project.lock_set(plan.annotator, doc_id))
        for planned in plan.documents:
            if planned.action == "create" and planned.path.exists():
                raise ImportExportError(
                    "was created while importing; nothing was written, run the import again",
                    file=project.relative(planned.path),
                )
            if planned.new_text:
                files.append((project.text_path(planned.document.id), planned.document.text))
            files.append((planned.path, dump_annotation_set(planned.aset)))
        sets = {planned.path for planned in plan.documents}
        write_atomic_many(files, lambda path: progress.advance() if path in sets else None)
    finally:
        for lock in locks:
            lock.release()
    for planned in plan.documents:
        project.forget_document(planned.document.id)
    return [path for path, _ in files]
