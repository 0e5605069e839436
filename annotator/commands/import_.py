"""``annotator import``: other tools' files and model output into a project, all or nothing."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

from annotator.errors import ValidationError
from annotator.formats.base import Corpus, ReadOptions
from annotator.formats.cleaning import clean_document
from annotator.formats.importer import (
    ImportOptions,
    ImportPlan,
    apply_import,
    parse_label_map,
    plan_import,
)
from annotator.formats.progress import ProgressLine
from annotator.formats.registry import get_format, read_corpus, readable
from annotator.model.annotation_set import STATUSES
from annotator.store.project import GOLD_NAME, Project
from annotator.text.wording import plural

NAME = "import"
HELP = "Import texts and (pre-)annotations from brat, CoNLL, JSONL, Label Studio or spaCy files."


def _epilog() -> str:
    return "\n".join(
        [
            "Texts already in the project are matched by sha256 (CoNLL: by their tokens) and",
            "keep their ids; new texts are written to texts/<id>.txt. Nothing is written unless",
            "every document, span and relation is valid (or --skip-invalid, which lists each",
            "item left out). An existing annotation file is refused unless --merge or",
            "--replace. See docs/formats.md.",
        ]
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _epilog()
    names = [f.name for f in readable()]
    parser.add_argument("path", type=Path, help="file (or brat folder) to import")
    parser.add_argument(
        "--from",
        dest="format",
        required=True,
        choices=names,
        metavar="FORMAT",
        help="input format: " + ", ".join(names),
    )
    parser.add_argument("--into", required=True, type=Path, help="project folder")
    parser.add_argument(
        "--as",
        dest="annotator",
        required=True,
        metavar="NAME",
        help="annotator whose sets receive the import (annotations/NAME/), or 'gold'",
    )
    parser.add_argument(
        "--pre-annotation",
        nargs="?",
        const="",
        default=None,
        metavar="SOURCE",
        help="import spans as pre-annotations with origin imported:SOURCE (default SOURCE: "
        "NAME) for the app's accept/reject flow; Label Studio: take predictions first",
    )
    existing = parser.add_mutually_exclusive_group()
    existing.add_argument(
        "--merge", action="store_true", help="add to existing annotation files (no duplicates)"
    )
    existing.add_argument(
        "--replace", action="store_true", help="overwrite existing annotation files"
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave out invalid items (each is listed) instead of importing nothing",
    )
    parser.add_argument(
        "--map-labels",
        metavar="OLD=NEW,...|FILE.yaml",
        default="",
        help="rename labels, e.g. PER=ACTOR (OLD= drops), or a YAML label map with labels "
        "(null drops), relations and attributes (docs/formats.md)",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="normalise the texts before they come in: remove invisible (bidi) marks and "
        "tatweel, no-break spaces to spaces, presentation forms to letters, mixed ي/ی ك/ک to "
        "one variant; spans are moved exactly; what changed is reported",
    )
    parser.add_argument(
        "--jsonl-shape",
        choices=("auto", "ours", "doccano", "doccano-rel", "spacy"),
        default="auto",
        help="jsonl: shape of the lines (default: detected per line)",
    )
    parser.add_argument(
        "--status",
        choices=STATUSES,
        help="status of the new sets (default: new for pre-annotations, else in_progress)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check and print the summary; write nothing"
    )


class ProjectTexts(Mapping[str, str]):
    """The project's texts by id, read only when asked for."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.ids = project.document_ids()

    def __getitem__(self, doc_id: str) -> str:
        if doc_id not in self.ids:
            raise KeyError(doc_id)
        return self.project.document(doc_id).text

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def run(args: argparse.Namespace) -> int:
    fmt = get_format(args.format)
    project = Project.open(args.into, tidy=True)
    # Token-only formats (CoNLL) are aligned to the project's texts, and JSONL lines without a
    # text ({"id", "spans"}, as extractors write them) take the text of their document.
    texts: Mapping[str, str] | None = None
    if not fmt.carries_text or fmt.name in ("jsonl", "spacy"):
        texts = ProjectTexts(project)
    corpus = read_corpus(
        args.path,
        fmt.name,
        ReadOptions(
            skip_invalid=args.skip_invalid,
            jsonl_shape=args.jsonl_shape,
            prefer_predictions=args.pre_annotation is not None,
            texts=texts,
        ),
    )
    label_map = parse_label_map(args.map_labels)
    if args.clean:
        corpus = clean_corpus(corpus)
    options = ImportOptions(
        annotator=args.annotator,
        pre_annotation=args.pre_annotation is not None,
        origin_source=args.pre_annotation or None,
        skip_invalid=args.skip_invalid,
        existing="merge" if args.merge else "replace" if args.replace else "refuse",
        label_map=label_map,
        status=args.status,
    )
    plan = plan_import(project, corpus, options)
    print_notes(plan)
    if args.dry_run:
        print_summary(plan, args, written=False)
        return 0
    with ProgressLine("import", len(plan.documents)) as progress:
        apply_import(project, plan, progress)
    print_summary(plan, args, written=True)
    return 0


def clean_corpus(corpus: Corpus) -> Corpus:
    """Every document cleaned (cleaning.clean_document), or an error listing every span that
    cleaning would leave empty; prints what changed."""
    out = Corpus(skipped=corpus.skipped)
    changes: Counter[str] = Counter()
    problems = []
    changed = 0
    for doc in corpus:
        cleaned, done, trouble = clean_document(doc)
        problems.extend(trouble)
        changes.update(done)
        changed += bool(done)
        out.append(cleaned)
    if problems:
        raise ValidationError.from_problems(problems)
    if changes:
        listed = ", ".join(f"{what} {n}" for what, n in sorted(changes.items()))
        print(f"annotator: cleaned {changed} of {len(corpus)} texts: {listed}", file=sys.stderr)
    else:
        print(f"annotator: cleaned: nothing to change in {len(corpus)} texts", file=sys.stderr)
    return out


def print_notes(plan: ImportPlan) -> None:
    for problem in plan.skipped:
        print(f"annotator: {problem}", file=sys.stderr)
    for note in plan.notes:
        print(f"annotator: note: {note}", file=sys.stderr)
    if plan.removed_marks:
        listed = ", ".join(f"{what} {n}" for what, n in sorted(plan.removed_marks.items()))
        print(f"annotator: note: removed from tokens: {listed}", file=sys.stderr)
    if plan.dropped_labels:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(plan.dropped_labels.items()))
        print(f"annotator: note: spans dropped by the label map: {listed}", file=sys.stderr)
    if plan.dropped_relations:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(plan.dropped_relations.items()))
        print(
            f"annotator: note: relations dropped (by the map, or with their spans): {listed}",
            file=sys.stderr,
        )
    if plan.dropped_attributes:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(plan.dropped_attributes.items()))
        print(
            f"annotator: note: attributes the schema lacks, dropped (spans kept): {listed}",
            file=sys.stderr,
        )


def print_summary(plan: ImportPlan, args: argparse.Namespace, *, written: bool) -> None:
    where = "gold/" if args.annotator == GOLD_NAME else f"annotations/{args.annotator}/"
    verb = "imported" if written else "would import (dry run)"
    print(
        f"{verb} {plural(len(plan.documents), 'document')} into {where} "
        f"({plural(plan.created, 'new text')}, {plan.matched} matched existing "
        f"{'text' if plan.matched == 1 else 'texts'}): "
        f"{plural(plan.spans, 'span')}, {plural(plan.relations, 'relation')}"
    )
    if plan.labels:
        print("  spans per label: " + ", ".join(f"{k} {v}" for k, v in sorted(plan.labels.items())))
    actions = [d.action for d in plan.documents]
    merged, replaced = actions.count("merge"), actions.count("replace")
    if merged or replaced:
        print(f"  {plural(merged, 'set')} merged, {replaced} replaced")
    if plan.skipped:
        print(f"  {len(plan.skipped)} items skipped (listed on stderr)")
