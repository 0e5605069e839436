"""``annotator export``: a project's annotations out as training data or another tool's files."""

from __future__ import annotations

import argparse
import builtins
import functools
import sys
import tempfile
from pathlib import Path

from annotator.bulk import whole_number
from annotator.errors import ImportExportError
from annotator.formats.base import ALIGNMENTS, ExportReport, WriteOptions
from annotator.formats.exporter import ExportResult, export_project
from annotator.formats.parallel_export import jobs_available
from annotator.formats.progress import ProgressLine
from annotator.formats.registry import Format, ensure_available, get_format, writable
from annotator.formats.splits import DEFAULT_SEED, parse_split
from annotator.store.project import GOLD_NAME, Project
from annotator.text.wording import plural

NAME = "export"
HELP = (
    "Export gold or an annotator's sets as brat, CoNLL/BIO, BIOES, JSONL, spaCy, Hugging Face "
    "datasets or Label Studio."
)


def _format_list() -> str:
    lines = ["formats:"]
    for fmt in writable():
        kind = "lossless" if fmt.lossless else "lossy"
        lines.append(f"  {fmt.name:<12} {fmt.description} ({kind})")
        lines.append(f"  {'':<12} drops: {fmt.drops}")
    lines.append("")
    lines.append(
        "With --split the output is a folder with one output per part (out/train.conll, "
        "out/dev.conll ... or out/train/ ... for brat). Every span a format cannot hold is "
        "listed on stderr with its document and offsets. See docs/formats.md."
    )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _format_list()
    parser.add_argument("project", type=Path, help="project folder")
    parser.add_argument(
        "--to",
        required=True,
        choices=[f.name for f in writable()],
        metavar="FORMAT",
        help="output format: " + ", ".join(f.name for f in writable()),
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="file (or folder for brat and --split) to write"
    )
    parser.add_argument(
        "--source",
        default=GOLD_NAME,
        metavar="gold|ANNOTATOR",
        help="whose annotations: the adjudicated gold sets (default) or an annotator's",
    )
    parser.add_argument(
        "--docs",
        nargs="+",
        metavar="ID",
        help="only these document ids (space or comma separated)",
    )
    parser.add_argument(
        "--labels",
        metavar="LABEL,...",
        help="only spans with these labels (e.g. ACTOR,LOCATION,WEAPON for NER training: "
        "token formats cannot nest entities inside CLAIM spans)",
    )
    parser.add_argument(
        "--split",
        metavar="NAME=RATIO,...",
        help="split by document, e.g. train=0.8,dev=0.1,test=0.1 (reproducible with --seed)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0),
        default=DEFAULT_SEED,
        help=f"seed of the split (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--split-clitics",
        action="store_true",
        help="token formats: split Arabic proclitics (و ف ب ك ل) off words as tokens of their own",
    )
    parser.add_argument(
        "--align",
        choices=ALIGNMENTS,
        default="expand",
        help="token formats: a span that does not line up with tokens is expanded to whole "
        "tokens (default) or skipped; either way it is listed",
    )
    parser.add_argument(
        "--tokens",
        choices=("ours", "whitespace"),
        default="ours",
        help="conll, bioes, hf: our tokens (default; the spaCy export always uses them) or "
        "whitespace-separated runs as many public corpora have; --split-clitics applies to both",
    )
    parser.add_argument(
        "--ents",
        metavar="LABEL,...",
        help="spacy and hf: the labels that go to doc.ents / ner_tags (default: every label but CLAIM, whose "
        "spans would push out the entities nested in them); every span is in doc.spans['sc']",
    )
    parser.add_argument(
        "--jsonl-shape",
        choices=("ours", "doccano", "doccano-rel", "spacy"),
        default="ours",
        help="jsonl: our lossless shape (default), doccano's (label lists or entities+relations) "
        "or spaCy's Doc JSON",
    )
    parser.add_argument(
        "--ls-target",
        choices=("annotations", "predictions"),
        default="annotations",
        help="labelstudio: put the spans under annotations (default) or predictions",
    )
    parser.add_argument("--force", action="store_true", help="write over an existing output")
    parser.add_argument(
        "--jobs",
        type=int,
        default=jobs_available(),
        metavar="N",
        help="processes that load and write documents, for "
        + ", ".join(f.name for f in writable() if f.join is not None)
        + " exports of many documents (default: the CPUs here, %(default)s); the output is "
        "the same with any number",
    )


def _export_to_stdout(args: argparse.Namespace, fmt: Format, split: object) -> int:
    """``--out -``: a single-file export written to standard output (the summary goes to
    standard error). Text on a terminal goes through the sanitiser like all output; binary
    output (spaCy) is refused on a terminal."""
    if split or fmt.folder or fmt.name == "labelstudio":
        raise ImportExportError(
            f"--out - (standard output) holds one file; {fmt.name}"
            + (" with --split" if split else "")
            + " writes several: give a file or folder"
        )
    binary = fmt.name == "spacy"
    if binary and sys.stdout.isatty():
        raise ImportExportError("--out -: spaCy output is binary; redirect it to a file")
    with tempfile.TemporaryDirectory(prefix="annotator-export-") as folder:
        target = Path(folder) / f"out{fmt.default_extension}"
        args.out = target
        args.summary_to = sys.stderr
        code = run(args)
        data = target.read_bytes()
    sys.stdout.flush()
    if sys.stdout.isatty():
        sys.stdout.write(data.decode("utf-8", "replace"))
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return code


def run(args: argparse.Namespace) -> int:
    fmt = get_format(args.to)
    ensure_available(fmt)
    split = parse_split(args.split) if args.split else None
    if args.jobs < 1:
        raise ImportExportError(f"--jobs must be 1 or more, not {args.jobs}")
    project = Project.open(args.project)
    if str(args.out) == "-":
        return _export_to_stdout(args, fmt, split)
    doc_ids = None
    if args.docs:
        doc_ids = [d for item in args.docs for d in item.split(",") if d]
    labels = None
    if args.labels:
        labels = [x.strip() for x in args.labels.split(",") if x.strip()]
        unknown = [x for x in labels if x not in project.schema.labels]
        if unknown:
            raise ImportExportError(
                f"--labels: unknown label {unknown[0]!r} "
                f"(schema has {', '.join(project.schema.label_names)})"
            )
    if args.tokens != "ours" and fmt.name == "spacy":
        raise ImportExportError(
            "--tokens whitespace: the spacy export always uses our tokens, which its "
            "config.cfg's tokenizer reproduces for training (use --to hf or conll for others)"
        )
    ent_labels = None
    if args.ents:
        ent_labels = tuple(x.strip() for x in args.ents.split(",") if x.strip())
        unknown = [x for x in ent_labels if x not in project.schema.labels]
        if unknown:
            raise ImportExportError(
                f"--ents: unknown label {unknown[0]!r} "
                f"(schema has {', '.join(project.schema.label_names)})"
            )
    options = WriteOptions(
        schema=project.schema,
        ent_labels=ent_labels,
        token_scheme=args.tokens,
        split_clitics=args.split_clitics,
        alignment=args.align,
        jsonl_shape=args.jsonl_shape,
        labelstudio_target=args.ls_target,
        model_version=f"annotator:{args.source}",
    )
    result = export_project(
        project,
        args.source,
        fmt,
        args.out,
        options,
        doc_ids=doc_ids,
        labels=labels,
        split=split,
        seed=args.seed,
        force=args.force,
        progress=lambda label, total: ProgressLine(label, total),
        jobs=args.jobs,
    )
    if result.missing:
        listed = ", ".join(result.missing)
        print(
            f"annotator: warning: {len(result.missing)} documents have no {args.source} set "
            f"and were not exported: {listed}",
            file=sys.stderr,
        )
    if result.left_out:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(result.left_out.items()))
        print(f"annotator: note: spans of other labels not exported: {counts}", file=sys.stderr)
    print_report(result.report)
    print_summary(result, args, fmt.name)
    return 0


def print_report(report: ExportReport) -> None:
    """Every dropped or changed span on stderr, then what the format could not hold at all."""
    for item in report.dropped:
        print(
            f"annotator: {item.document}:{item.start}-{item.end}: dropped {item.label} "
            f"{item.ident}: {item.reason}",
            file=sys.stderr,
        )
    for item in report.changed:
        print(
            f"annotator: {item.document}:{item.start}-{item.end}: changed {item.label} "
            f"{item.ident}: {item.reason}",
            file=sys.stderr,
        )
    for note in report.notes:
        print(f"annotator: note: {note}", file=sys.stderr)
    if report.lost:
        lost = ", ".join(f"{n} {what}" for what, n in sorted(report.lost.items()))
        print(
            f"annotator: note: {report.format} cannot hold, so did not write: {lost}",
            file=sys.stderr,
        )


def _shown_out(args: argparse.Namespace) -> str:
    return "standard output" if getattr(args, "summary_to", None) else str(args.out)


def print_summary(result: ExportResult, args: argparse.Namespace, name: str) -> None:
    report = result.report
    # With --out - standard output carries the export itself; the summary goes to stderr.
    print = functools.partial(builtins.print, file=getattr(args, "summary_to", None) or sys.stdout)
    print(
        f"exported {plural(report.documents, 'document')}, {plural(report.spans, 'span')}, "
        f"{plural(report.relations, 'relation')} from {args.source} as {name}"
        + (f" to {_shown_out(args)}" if len(result.parts) == 1 else f" (split seed {args.seed}):")
    )
    if len(result.parts) > 1:
        for part in result.parts:
            counts = f"{plural(part.documents, 'document')}, {plural(part.spans, 'span')}"
            print(f"  {part.name}: {counts} -> {part.target}")
    dropped = len(report.dropped)
    changed = len(report.changed)
    if dropped or changed:
        print(f"{dropped} spans dropped, {changed} changed (listed on stderr)")
