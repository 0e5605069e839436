"""``annotator evaluate GOLD... PRED``: score an extractor's predictions against the gold.

See docs/evaluate.md for the schemes, the input shapes, the JSON layout and the exit status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.bulk import add_jobs_argument
from annotator.errors import AnnotatorError
from annotator.formats.progress import ProgressLine
from annotator.metrics.corpus import evaluate_corpus
from annotator.metrics.evaluation import SCHEMES
from annotator.metrics.evaluation_report import (
    AVERAGES,
    ReportInputs,
    check_f1,
    to_csv,
    to_json,
    to_table,
)
from annotator.metrics.gold import GoldCorpus, load_gold
from annotator.metrics.predictions import (
    READERS,
    PredictionContext,
    detect_format,
    load_predictions,
)
from annotator.store.project import current_project
from annotator.text.safe import clean

NAME = "evaluate"
HELP = "Score predictions against the gold: strict, exact, partial and type matching, P/R/F1."


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def _percent(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 1.0 <= number <= 100.0:
        raise argparse.ArgumentTypeError(f"{value} is not a percentage between 1 and 100")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "gold",
        nargs="*",
        metavar="GOLD",
        help="a project (its gold/ folder is used), a folder of annotation files inside a "
        "project, or single annotation files (default: the project of the current folder)",
    )
    parser.add_argument(
        "pred",
        metavar="PRED",
        help='predictions: a folder of annotation YAML, a .jsonl file with one {"id", '
        '"spans": [{"start", "end", "label"}]} object per line, or anything annotator import '
        "reads (brat, conll, bioes, labelstudio, spacy: give --pred-format)",
    )
    parser.add_argument(
        "--pred-format",
        metavar="FORMAT",
        help=f"format of PRED ({', '.join(READERS)}); default: from the name",
    )
    parser.add_argument(
        "--labels",
        metavar="L1,L2",
        help="score only these labels; spans of others are ignored on both sides",
    )
    parser.add_argument(
        "--min-overlap",
        type=_percent,
        default=1.0,
        metavar="PERCENT",
        help="share of a gold span a prediction must cover to count as overlapping it "
        "(nervaluate's min_overlap_percentage; default 1)",
    )
    parser.add_argument(
        "--skip-missing",
        action="store_true",
        help="leave gold documents without a prediction out of the scores "
        "(default: count them as predicting nothing); they are listed either way",
    )
    parser.add_argument("--per-document", action="store_true", help="add scores per document")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list every false positive, miss, boundary and label error with its context",
    )
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="output (table)"
    )
    parser.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal"),
        default="auto",
        help="who reorders Arabic in error contexts: 'app' draws them as the article view does, "
        "'terminal' keeps logical order (for bidi-capable terminals, files and pipes); "
        "default auto: app when writing to a terminal, else terminal",
    )
    parser.add_argument(
        "--fail-under",
        type=_fraction,
        metavar="F1",
        help="exit with status 1 if the F1 is below this (0-1), for CI",
    )
    parser.add_argument(
        "--fail-metric",
        choices=SCHEMES,
        default="strict",
        help="scheme whose F1 --fail-under tests (strict)",
    )
    parser.add_argument(
        "--fail-average",
        choices=AVERAGES,
        default="micro",
        help="average whose F1 --fail-under tests (micro)",
    )
    add_jobs_argument(parser, "read the gold files and folders of annotation files")


def _labels(value: str | None, gold: GoldCorpus) -> frozenset[str] | None:
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    known = gold.schema.label_names
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise AnnotatorError(
            f"--labels: unknown label {unknown[0]!r} (the schema has {', '.join(known)})"
            if unknown
            else "--labels: give at least one label"
        )
    return frozenset(names)


def _note(message: str) -> None:
    print(f"annotator: note: {message}", file=sys.stderr)


def _notes(
    gold: GoldCorpus, missing: tuple[str, ...], extra: tuple[str, ...], counted: bool
) -> None:
    unfinished = [doc.id for doc in gold.documents.values() if doc.status != "done"]
    if unfinished:
        _note(f"{len(unfinished)} gold set(s) not marked done: {', '.join(unfinished)}")
    if missing:
        how = "counted as predicting nothing" if counted else "left out (--skip-missing)"
        _note(f"{len(missing)} gold document(s) without prediction, {how}: {', '.join(missing)}")
    if extra:
        _note(f"{len(extra)} predicted document(s) without gold, not scored: {', '.join(extra)}")


def run(args: argparse.Namespace) -> int:
    if args.format == "csv" and args.errors:
        raise AnnotatorError("--errors cannot be written as CSV; use --format table or json")
    if not args.gold:
        args.gold = [current_project()]
    gold = load_gold(
        [Path(p) for p in args.gold],
        jobs=args.jobs,
        progress=lambda total: ProgressLine("gold", total, unit="files"),
    )
    labels = _labels(args.labels, gold)
    pred_path = Path(args.pred)
    fmt = args.pred_format or detect_format(pred_path)
    predictions = load_predictions(
        pred_path, fmt, PredictionContext(gold.texts(), gold.schema, labels, jobs=args.jobs)
    )
    ev = evaluate_corpus(
        gold,
        predictions,
        labels=labels,
        min_overlap=args.min_overlap,
        count_missing=not args.skip_missing,
        per_document=args.per_document,
        errors=args.errors,
    )
    if ev.spans.documents == 0:
        raise AnnotatorError("no document to evaluate: none of the gold documents has a prediction")
    _notes(gold, ev.missing, ev.extra, ev.count_missing)
    check = None
    if args.fail_under is not None:
        check = check_f1(ev, args.fail_metric, args.fail_average, args.fail_under)
    inputs = ReportInputs(
        [str(p) for p in args.gold], str(pred_path), fmt, len(gold.documents), len(predictions)
    )
    texts = {doc_id: doc.document.text for doc_id, doc in gold.documents.items()}
    if args.format == "json":
        out = to_json(
            ev, inputs, texts, per_document=args.per_document, errors=args.errors, check=check
        )
    elif args.format == "csv":
        out = to_csv(ev, per_document=args.per_document)
    else:
        visual = args.bidi == "app" or (args.bidi == "auto" and sys.stdout.isatty())
        out = to_table(
            ev,
            inputs,
            texts,
            per_document=args.per_document,
            errors=args.errors,
            check=check,
            visual=visual,
        )
    sys.stdout.write(clean(out))
    sys.stdout.flush()
    if check is not None and not check.passed:
        print(
            f"annotator: {check.scheme} {check.average} F1 {check.value:.4f} is under "
            f"--fail-under {check.threshold}",
            file=sys.stderr,
        )
        return 1
    return 0
