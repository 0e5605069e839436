"""``annotator suggest``: a recommender proposes spans, written as pre-annotation sets.

See docs/suggest.md. The recommender is the string matcher (``--matcher``, learnt on the spot),
a model trained with ``annotator train`` (``--model DIR``), or both (the model's suggestions, and
the matcher's where the model proposes nothing overlapping).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from annotator.errors import ProjectError
from annotator.formats.progress import ProgressLine
from annotator.store.project import Project
from annotator.suggest.base import Recommender
from annotator.suggest.sources import learning_sets, parse_names
from annotator.suggest.writing import (
    check_recommender_name,
    plan_suggestions,
    suggest_documents,
    target_documents,
    write_suggestions,
)

NAME = "suggest"
HELP = "Propose spans with the string matcher or a trained model, as pre-annotation sets."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "\n".join(
        [
            "Suggestions go to annotations/NAME/<doc>.yaml with origin imported:NAME and a score,",
            "on the documents without gold (or --docs). Re-running replaces NAME's own earlier",
            "suggestions only. Review them with: annotator annotate PROJECT --suggestions NAME.",
            "See docs/suggest.md.",
        ]
    )
    parser.add_argument("project", type=Path, help="project folder")
    parser.add_argument(
        "--matcher",
        action="store_true",
        help="learn surface forms from the gold (and --from) and propose their occurrences; "
        "with --model: where the model proposes nothing overlapping",
    )
    parser.add_argument(
        "--model", type=Path, metavar="DIR", help="a model trained with 'annotator train'"
    )
    parser.add_argument(
        "--as",
        dest="name",
        required=True,
        metavar="NAME",
        help="the recommender's name: suggestions are written to annotations/NAME/",
    )
    parser.add_argument(
        "--docs", metavar="ID,...", help="suggest on these documents (default: those without gold)"
    )
    parser.add_argument(
        "--from",
        dest="annotators",
        metavar="A,B",
        help="matcher: also learn from these annotators' sets marked done",
    )
    parser.add_argument(
        "--labels", metavar="L1,L2", help="propose only these labels (default: all)"
    )
    parser.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="X",
        help="leave out suggestions scored below X (matcher default 0.4, model 0.0)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be suggested; write nothing"
    )


def build_recommender(project: Project, args: argparse.Namespace) -> Recommender:
    if args.model is None and not args.matcher:
        raise ProjectError("say which recommender: --matcher, --model DIR, or both")
    if args.min_score is not None and not 0.0 <= args.min_score <= 1.0:
        # Scores are confidences from 0 to 1: above 1 every suggestion would be left out,
        # and the earlier suggestions replaced by none.
        raise ProjectError(f"--min-score: {args.min_score} is not a score between 0 and 1")
    labels = parse_names(args.labels, "--labels")
    unknown = [label for label in labels if label not in project.schema.labels]
    if unknown:
        raise ProjectError(
            f"--labels: unknown label {', '.join(unknown)} (schema: "
            f"{', '.join(project.schema.labels)})"
        )
    chosen = frozenset(labels) if labels else None
    model: Recommender | None = None
    if args.model is not None:
        from annotator.suggest.spacy_model import SpacyRecommender

        model = SpacyRecommender.load(args.model, labels=chosen, min_score=args.min_score or 0.0)
        if not args.matcher:
            return model
    from annotator.suggest.matcher import StringMatcher

    matcher = StringMatcher(
        labels=chosen, min_score=0.4 if args.min_score is None else args.min_score
    )
    sets = learning_sets(project, annotators=parse_names(args.annotators, "--from"))
    if not sets:
        raise ProjectError(
            "nothing to learn from: the project has no gold (adjudicate some documents, or "
            "give --from A,B to learn from annotators' done sets)",
            file=args.project,
        )
    matcher.learn(sets)
    print(f"matcher: learnt {len(matcher.forms)} surface forms from {len(sets)} documents")
    if model is None:
        return matcher
    from annotator.suggest.combined import Combined

    return Combined(model, matcher)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    name = check_recommender_name(project, args.name)
    docs = target_documents(project, parse_names(args.docs, "--docs"))
    if not docs:
        print("every document has gold; nothing to suggest on (name some with --docs)")
        return 0
    started = time.perf_counter()
    recommender = build_recommender(project, args)
    with ProgressLine("suggest", len(docs)) as progress:
        plan = plan_suggestions(
            project, name, suggest_documents(project, docs, recommender.propose, progress)
        )
    if not args.dry_run:
        with ProgressLine("write", len(plan.plan.documents)) as progress:
            write_suggestions(project, plan, progress)
    seconds = time.perf_counter() - started
    verb = "would suggest (dry run)" if args.dry_run else "suggested"
    print(
        f"{verb} {plan.spans} spans on {len(plan.plan.documents)} documents into "
        f"annotations/{name}/ in {seconds:.2f} s"
        + (f" (replacing {plan.replaced} earlier suggestions)" if plan.replaced else "")
    )
    if plan.labels:
        print("  spans per label: " + ", ".join(f"{k} {v}" for k, v in sorted(plan.labels.items())))
    for doc_id in plan.kept_done:
        print(
            f"annotator: note: annotations/{name}/{doc_id}.yaml is marked done; left as it is",
            file=sys.stderr,
        )
    return 0
