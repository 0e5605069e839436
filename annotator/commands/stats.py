"""``annotator stats``: documents, annotators, status and spans per label."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.bulk import add_jobs_argument
from annotator.formats.progress import ProgressLine
from annotator.store.project import GOLD_NAME, Project
from annotator.store.summary_index import SetSummary, load_index
from annotator.tables import format_table
from annotator.text.hygiene import CLEAN_HINT

NAME = "stats"
HELP = "Show documents, annotators, status and spans per label as a table."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, nargs="?", default=Path("."), help="project folder")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_jobs_argument(parser, "read the files changed since the summary index was last used")


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    labels = list(project.schema.label_names)
    index = load_index(
        project,
        jobs=args.jobs,
        progress=lambda total: ProgressLine("summaries", total, unit="files"),
    )
    doc_ids = index.document_ids
    sources = [*project.annotators(), GOLD_NAME]
    summaries = [
        s for d in doc_ids for src in sources if (s := index.sets.get((src, d))) is not None
    ]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "project": project.config.name,
                    "documents": len(doc_ids),
                    "annotators": project.annotators(),
                    "labels": labels,
                    "text_hygiene": {
                        d: dict(index.texts[d].findings) for d in doc_ids if index.texts[d].findings
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
        text = index.texts[doc_id]
        chars: object = text.chars if text.error is None else "?"
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
    # One pass over the sets (tens of thousands on a large project), not one per figure.
    totals = dict.fromkeys(labels, 0)
    done = dict.fromkeys(project.annotators(), 0)
    gold = 0
    for s in summaries:
        if s.source == GOLD_NAME:
            gold += 1
            continue
        for label, count in s.counts.items():
            if label in totals:
                totals[label] += count
        if s.status == "done" and s.source in done:
            done[s.source] += 1
    print()
    print("spans by annotators: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print("done: " + (", ".join(f"{k} {v}/{len(doc_ids)}" for k, v in done.items()) or "-"))
    print(f"gold: {gold}/{len(doc_ids)} documents")
    hygiene = [
        f"{project.relative(project.text_path(d))}: {index.texts[d].hygiene}"
        for d in doc_ids
        if index.texts[d].hygiene
    ]
    if hygiene:
        print(f"text hygiene ({CLEAN_HINT}):")
        for line in hygiene:
            print(f"  {line}")
    errors = [t.error for t in index.texts.values() if t.error]
    errors += [s.error for s in summaries if s.error]
    for error in errors:
        print(f"error: {error}")
    return 1 if errors else 0
