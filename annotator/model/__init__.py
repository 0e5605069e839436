"""Annotation model: documents, spans, relations, label schemas, edits and undo. Pure."""

from annotator.model.annotation_set import STATUSES, AnnotationSet, Status, build_set, utc_now
from annotator.model.decision import DECISION_ACTIONS, ConflictKey, Decision, DecisionAction
from annotator.model.document import Document, text_sha256
from annotator.model.history import History
from annotator.model.labels import AttributeDef, LabelDef, LabelSchema, RelationDef
from annotator.model.span import (
    IMPORTED_PREFIX,
    MANUAL,
    Attributes,
    Provenance,
    Relation,
    Span,
)

__all__ = [
    "DECISION_ACTIONS",
    "IMPORTED_PREFIX",
    "MANUAL",
    "STATUSES",
    "AnnotationSet",
    "AttributeDef",
    "Attributes",
    "ConflictKey",
    "Decision",
    "DecisionAction",
    "Document",
    "History",
    "LabelDef",
    "LabelSchema",
    "Provenance",
    "Relation",
    "RelationDef",
    "Span",
    "Status",
    "build_set",
    "text_sha256",
    "utc_now",
]
