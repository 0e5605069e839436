"""``annotator train``: a spaCy NER model from the gold (or annotators' done sets), on CPU.

See docs/suggest.md. Needs the ``spacy`` extra; ``--curve`` draws with the ``plot`` extra.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.bulk import whole_number
from annotator.errors import ProjectError
from annotator.store.project import GOLD_NAME, Project
from annotator.suggest.sources import learning_sets, parse_names

if TYPE_CHECKING:
    from annotator.suggest.spacy_model import CurvePoint

NAME = "train"
HELP = "Train a spaCy NER model from the gold on CPU, for 'annotator suggest --model'."
PLOT_HINT = "pip install 'annotator[plot]'"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "\n".join(
        [
            "Writes DIR/model-best (the model), DIR/model-last, DIR/corpus (the spaCy export and",
            "its config.cfg) and DIR/scores.json (strict dev scores per label, as annotator",
            "evaluate counts them). Training stops by itself when the dev score has not improved",
            "for --patience steps. Then: annotator suggest PROJECT --model DIR --as NAME.",
        ]
    )
    parser.add_argument("project", type=Path, help="project folder")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="model folder")
    parser.add_argument(
        "--labels",
        metavar="L1,L2",
        help="entity labels to learn (default: ACTOR,LOCATION,WEAPON, which do not overlap)",
    )
    parser.add_argument(
        "--source",
        default=GOLD_NAME,
        metavar="gold|A,B",
        help="learn from the gold (default) or from these annotators' sets marked done",
    )
    parser.add_argument(
        "--dev", type=float, default=0.2, metavar="SHARE", help="share of documents for dev (0.2)"
    )
    parser.add_argument(
        "--seed", type=whole_number(0), default=0, help="seed of the split and training"
    )
    parser.add_argument(
        "--patience",
        type=whole_number(0),
        default=400,
        help="stop after this many steps without a better dev score (400; 0: never early)",
    )
    parser.add_argument(
        "--max-steps",
        type=whole_number(0),
        default=4000,
        help="stop after this many steps at most (4000; 0: no limit, with --patience above 0)",
    )
    parser.add_argument(
        "--eval-every",
        type=whole_number(1),
        default=100,
        help="steps between dev evaluations (100)",
    )
    parser.add_argument(
        "--curve",
        action="store_true",
        help="also train on 25/50/75/100%% of the training documents and show the learning curve",
    )
    parser.add_argument(
        "--spancat",
        type=whole_number(0),
        default=0,
        metavar="TOKENS",
        help="also train a span categoriser on every span (nested ones, CLAIMs) of up to "
        "TOKENS tokens; its suggestions carry a probability (default: none)",
    )
    parser.add_argument("--force", action="store_true", help="write into a non-empty DIR")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    from annotator.suggest.scoring import score_table
    from annotator.suggest.spacy_model import (
        TrainSettings,
        learning_curve,
        require_spacy,
        split_sets,
        train_model,
        write_curve,
    )

    project = Project.open(args.project)
    require_spacy()
    if not 0.0 < args.dev < 1.0:
        raise ProjectError(f"--dev: {args.dev} is not a share between 0 and 1")
    if args.max_steps == 0 and args.patience == 0:
        raise ProjectError("--max-steps 0 with --patience 0: the training would never stop")
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise ProjectError("exists and is not a folder", file=out)
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise ProjectError("folder is not empty; choose another --out or use --force", file=out)
    labels = tuple(parse_names(args.labels, "--labels")) or None
    if labels:
        unknown = [x for x in labels if x not in project.schema.labels]
        if unknown:
            raise ProjectError(f"--labels: unknown label {', '.join(unknown)}", file=args.project)
    settings = TrainSettings(
        dev_share=args.dev,
        seed=args.seed,
        patience=args.patience,
        max_steps=args.max_steps,
        eval_frequency=args.eval_every,
        progress_bar=not args.quiet,
        spancat_tokens=args.spancat,
        **({"labels": labels} if labels else {}),
    )
    if args.source == GOLD_NAME:
        sets = learning_sets(project)
    else:
        sets = learning_sets(
            project,
            gold=False,
            annotators=parse_names(args.source, "--source"),
            option="--source",
        )
    if not sets:
        raise ProjectError(f"no {args.source} sets to learn from", file=args.project)
    train, dev = split_sets(sets, settings.dev_share, settings.seed)
    if train == dev:
        print(
            "annotator: note: one document only: it is both train and dev, so the dev scores "
            "say how well the model fits it, not how well it generalises"
        )
    print(
        f"training on {len(train)} documents, dev {len(dev)} documents, labels "
        f"{', '.join(settings.labels)} (CPU)"
    )
    result = train_model(train, dev, out, project.schema, settings)
    for note in result.notes:
        print(f"annotator: note: {note}")
    print(f"model: {result.model} ({result.seconds:.1f} s)")
    print("dev scores (strict):")
    print(score_table(result.scores))
    print(f"written: {out / 'scores.json'}")
    if args.curve:
        points = learning_curve(train, dev, out, project.schema, settings)
        print("learning curve (strict dev F1):")
        print(f"{'share':>6} {'documents':>9} {'F1':>7} {'seconds':>8}")
        for p in points:
            print(f"{p.share:>6.0%} {p.documents:>9} {p.f1:>7.3f} {p.seconds:>8.1f}")
        print(f"written: {write_curve(out, points)}")
        print(plot_curve(points))
    return 0


def plot_curve(points: Sequence[CurvePoint]) -> str:
    """The learning curve drawn by plotext, or how to get it."""
    try:
        import plotext as plt
    except ImportError:
        return f"(the plot needs plotext, which is not installed: {PLOT_HINT})"
    plt.clear_figure()
    plt.plot([p.share * 100 for p in points], [p.f1 for p in points], marker="dot")
    plt.xlabel("% of training documents")
    plt.ylabel("strict F1")
    plt.ylim(0, 1)
    plt.plotsize(60, 15)
    plt.theme("clear")
    return str(plt.build())
