"""``annotator stats``: documents, annotators, status and spans per label."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.store.project import Project
from annotator.store.stats import SetSummary, corpus_summary
from annotator.tables import format_table
from annotator.text.hygiene import CLEAN_HINT, hygiene_lines, survey

NAME = "stats"
HELP = "Show documents, annotators, status and spans per label as a table."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, nargs="?", default=Path("."), help="project folder")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    labels = list(project.schema.label_names)
    summaries = corpus_summary(project)
    doc_ids = project.document_ids()
    if args.format == "json":
        print(
            json.dumps(
                {
                    "project": project.config.name,
                    "documents": len(doc_ids),
                    "annotators": project.annotators(),
                    "labels": labels,
                    "text_hygiene": {
                        d: dict(found.findings())
                        for d in doc_ids
                        if (found := survey(project.document(d).text))
                    },
                    "sets": [
                        {
                            "document": s.document,
                            "source": s.source,
                            "status": s.status,
                            "spans": {label: s.counts.get(label, 0) for label in labels},
                            "relations": s.relations,
                            "updated": s.updated,
                            "error": s.error,
                        }
                        for s in summaries
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    by_doc: dict[str, list[SetSummary]] = {d: [] for d in doc_ids}
    for s in summaries:
        by_doc[s.document].append(s)
    rows: list[list[object]] = []
    for doc_id in doc_ids:
        chars = project.document(doc_id).chars
        sets = by_doc[doc_id]
        if not sets:
            rows.append([doc_id, chars, "-", "new", *[0 for _ in labels], 0, ""])
        for n, s in enumerate(sets):
            rows.append(
                [
                    doc_id if n == 0 else "",
                    chars if n == 0 else "",
                    s.source,
                    s.status if s.error is None else "ERROR",
                    *[s.counts.get(label, 0) for label in labels],
                    s.relations,
                    s.updated or "",
                ]
            )
    headers = ["document", "chars", "set", "status", *labels, "relations", "updated"]
    numeric = [False, True, False, False, *[True for _ in labels], True, False]
    print(
        f"project {project.config.name}: {len(doc_ids)} documents, "
        f"annotators: {', '.join(project.annotators()) or 'none yet'}"
    )
    print(format_table(headers, rows, numeric=numeric))
    totals = {
        label: sum(s.counts.get(label, 0) for s in summaries if s.source != "gold")
        for label in labels
    }
    done = {}
    for who in project.annotators():
        done[who] = sum(1 for s in summaries if s.source == who and s.status == "done")
    print()
    print("spans by annotators: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print("done: " + (", ".join(f"{k} {v}/{len(doc_ids)}" for k, v in done.items()) or "-"))
    gold = sum(1 for s in summaries if s.source == "gold")
    print(f"gold: {gold}/{len(doc_ids)} documents")
    hygiene = hygiene_lines(
        (project.relative(project.text_path(d)), project.document(d).text) for d in doc_ids
    )
    if hygiene:
        print(f"text hygiene ({CLEAN_HINT}):")
        for line in hygiene:
            print(f"  {line}")
    for s in summaries:
        if s.error:
            print(f"error: {s.error}")
    return 1 if any(s.error for s in summaries) else 0
