"""``annotator assign``: give documents to annotators, each to N of them, in assignments.yaml."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.bulk import whole_number
from annotator.errors import ProjectError
from annotator.store.project import Project, check_id
from annotator.team.assignments import ASSIGNMENTS_NAME, assign, load_assignments, save_assignments
from annotator.team.progress import set_started

NAME = "assign"
HELP = (
    "Give each document to N distinct annotators (balanced, reproducible with --seed); "
    "re-run as documents arrive."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, nargs="?", default=Path("."), help="project folder")
    parser.add_argument(
        "--annotators",
        metavar="A,B,C",
        help="comma-separated annotator names (default: 'annotators' in annotator.yaml)",
    )
    parser.add_argument(
        "--per-doc",
        type=whole_number(1),
        metavar="N",
        help="annotators per document (default: as last time, else 2; 2 or more gives overlap "
        "to measure agreement on)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0),
        metavar="N",
        help="seed for the tie-breaking order (default: as last time, else 0): the same seed "
        "and input give the same assignments",
    )
    parser.add_argument(
        "--docs",
        nargs="+",
        metavar="ID",
        help="assign only these documents (default: every document in texts/)",
    )
    parser.add_argument(
        "--rebalance",
        action="store_true",
        help="also move assignments nobody has started, so the counts differ by at most one "
        "(started work never moves)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=f"show what would change; do not write {ASSIGNMENTS_NAME}",
    )


def _annotators(args: argparse.Namespace, project: Project) -> list[str]:
    if args.annotators:
        names = [n.strip() for n in args.annotators.split(",") if n.strip()]
    else:
        names = list(project.config.annotators)
    if not names:
        raise ProjectError(
            "no annotators: give --annotators a,b,c or list them in annotator.yaml",
            file=project.root,
        )
    return [check_id(n, "annotator name") for n in names]


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    annotators = _annotators(args, project)
    existing = load_assignments(project.root)
    all_ids = project.document_ids()
    if args.docs:
        unknown = [d for d in args.docs if d not in set(all_ids)]
        if unknown:
            raise ProjectError(
                f"no such document(s): {', '.join(unknown)} (not in texts/)", file=project.root
            )
        doc_ids = list(args.docs)
    else:
        doc_ids = all_ids
    per_doc = args.per_doc or existing.per_doc or 2  # (--per-doc is 1 or more)
    seed = args.seed if args.seed is not None else existing.seed
    try:
        result = assign(
            existing,
            doc_ids,
            annotators,
            per_doc,
            seed=seed,
            rebalance=args.rebalance,
            started=lambda who, doc_id: set_started(project, who, doc_id),
        )
    except ProjectError as err:
        raise ProjectError(err.message, file=project.root) from None
    unchanged = not result.added and not result.moved and existing.per_doc == per_doc
    if not args.dry_run and not unchanged:
        save_assignments(project.root, result.assignments)
    verb = "would assign" if args.dry_run else "assigned"
    new_slots = sum(len(who) for who in result.added.values())
    print(
        f"{verb} {new_slots} document slot(s) on {len(result.added)} document(s); "
        f"{len(result.moved)} unstarted assignment(s) moved"
    )
    for doc_id, source, target in result.moved:
        print(f"  moved {doc_id}: {source} -> {target}")
    loads = result.assignments.loads()
    print(
        "documents per annotator: "
        + ", ".join(f"{name} {loads.get(name, 0)}" for name in annotators)
    )
    others = [n for n in loads if n not in annotators]
    if others:
        print(
            f"still assigned (not in --annotators): {', '.join(f'{n} {loads[n]}' for n in others)}"
        )
    if result.kept_unbalanced:
        hint = "" if args.rebalance else "; --rebalance moves unstarted ones"
        print(f"note: counts differ by more than one because earlier assignments stay{hint}")
    if not args.dry_run:
        print(f"wrote {ASSIGNMENTS_NAME}" if not unchanged else f"{ASSIGNMENTS_NAME} is up to date")
    return 0
