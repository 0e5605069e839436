"""Adjudication: compare annotators' sets of a document and settle the gold set. Pure.

``compare_sets`` groups the spans of several sets into clusters (agreed or conflicts);
``Adjudication`` applies decisions (take a version, reject, edit by hand) to a gold set;
``load_comparison`` reads a project's sets for a document. See docs/adjudicate.md.
"""

from annotator.adjudication.conflicts import (
    KIND_NAMES,
    KINDS,
    Cluster,
    Comparison,
    Incoming,
    Key,
    LinkKey,
    Version,
    VersionSpan,
    compare_sets,
    conflict_kinds,
)
from annotator.adjudication.gold import Adjudication, fresh_ids, provenance_of, start_gold

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "Adjudication",
    "Cluster",
    "Comparison",
    "Incoming",
    "Key",
    "LinkKey",
    "Version",
    "VersionSpan",
    "compare_sets",
    "conflict_kinds",
    "fresh_ids",
    "provenance_of",
    "start_gold",
]
