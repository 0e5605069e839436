"""``annotator diff A.yaml B.yaml``: what differs between two annotation sets of the same text.

Spans and relations are matched by content, not ids (see annotator/adjudication/set_diff.py).
Exit status as diff(1): 0 when the sets are equal, 1 when they differ, 2 when a file cannot be
compared (unreadable, or annotating another text).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.adjudication.conflicts import Key
from annotator.adjudication.set_diff import SetDiff, SpanChange, diff_sets
from annotator.adjudication.text_line import show
from annotator.errors import AnnotatorError, ValidationError
from annotator.model import Relation, Span
from annotator.store.annotation_file import check_annotation_file, read_annotation_file
from annotator.store.project import Project, find_project_root
from annotator.text.safe import clean, dumps
from annotator.text.wording import plural

NAME = "diff"
HELP = "Show the differences between two annotation sets of the same document (exit 1 if any)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("first", type=Path, metavar="A.yaml", help="an annotation or gold file")
    parser.add_argument("second", type=Path, metavar="B.yaml", help="another set of the same text")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output (text)")
    parser.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal"),
        default="auto",
        help="who reorders Arabic span text: 'app' draws it as the article view does, "
        "'terminal' keeps logical order (bidi-capable terminals, files, CI logs); "
        "default auto: app when writing to a terminal",
    )


@dataclass(frozen=True)
class Side:
    """One file to compare: its spans and relations, and the text of each span."""

    path: Path
    document: str
    sha256: str
    annotator: str
    spans: list[Span]
    relations: list[Relation]
    texts: dict[str, str]  # span id -> its text

    @property
    def content(self) -> tuple[list[Span], list[Relation]]:
        return (self.spans, self.relations)

    def text_at(self, key: Key) -> str:
        for span in self.spans:
            if span.key == key:
                return self.texts[span.id]
        return ""


def load_side(path: Path) -> Side:
    """Read a file; inside a project it is checked against its text and label schema too."""
    parsed = read_annotation_file(path)
    spans = [r.span for r in parsed.spans]
    relations = [r.relation for r in parsed.relations]
    texts = {r.span.id: r.text for r in parsed.spans}
    root = find_project_root(path.resolve().parent)
    if root is not None:
        project = Project.open(root)
        if parsed.document_id in project.document_ids():
            document = project.document(parsed.document_id)
            aset, problems = check_annotation_file(parsed, document, project.schema)
            if problems:
                raise ValidationError.from_problems(problems)
            spans, relations = list(aset.spans), list(aset.relations)
            texts = {s.id: aset.span_text(s) for s in spans}
    return Side(path, parsed.document_id, parsed.sha256, parsed.annotator, spans, relations, texts)


def run(args: argparse.Namespace) -> int:
    try:
        first, second = load_side(args.first), load_side(args.second)
        if first.sha256 != second.sha256:
            raise ValidationError(
                f"not sets of the same text: {first.path} annotates {first.document} "
                f"(sha256 {first.sha256}), {second.path} annotates {second.document} "
                f"(sha256 {second.sha256})",
                file=second.path,
            )
    except AnnotatorError as err:
        for problem in err.problems:
            print(f"annotator: {clean(str(problem))}", file=sys.stderr)
        return 2
    result = diff_sets(first.content, second.content)
    visual = args.bidi == "app" or (args.bidi == "auto" and sys.stdout.isatty())
    if args.format == "json":
        print(dumps(to_json(first, second, result), indent=2))
    else:
        print(clean(to_text(first, second, result, visual=visual)))
    return 0 if result.equal else 1


# -- text ----------------------------------------------------------------------------------------


def _where(span: Span) -> str:
    return f"{span.label} {span.start}-{span.end}"


def _attributes(span: Span) -> str:
    return ", ".join(f"{k}={v}" for k, v in span.attributes.items())


def _span_line(sign: str, span: Span, text: str, visual: bool) -> str:
    attrs = _attributes(span)
    return f"{sign} {_where(span):<22} {show(text, visual=visual)}" + (
        f"  [{attrs}]" if attrs else ""
    )


def _change_lines(change: SpanChange, first: Side, second: Side, visual: bool) -> list[str]:
    if change.kind == "removed":
        assert change.before is not None
        return [_span_line("-", change.before, first.texts[change.before.id], visual)]
    if change.kind == "added":
        assert change.after is not None
        return [_span_line("+", change.after, second.texts[change.after.id], visual)]
    a, b = change.before, change.after
    assert a is not None and b is not None
    lines = [_span_line("~", a, first.texts[a.id], visual)]
    details = []
    if "label" in change.fields:
        details.append(f"label {a.label} → {b.label}")
    if "extent" in change.fields:
        now = show(second.texts[b.id], visual=visual)
        details.append(f"extent {a.start}-{a.end} → {b.start}-{b.end}: {now}")
    if "attributes" in change.fields:
        details.append(f"attributes [{_attributes(a)}] → [{_attributes(b)}]")
    if "note" in change.fields:
        details.append(f"note {a.note!r} → {b.note!r}")
    if "origin" in change.fields:
        details.append(f"origin {a.origin} → {b.origin}")
    if "provenance" in change.fields:
        details.append(f"provenance {_provenance(a)} → {_provenance(b)}")
    lines.extend(f"      {d}" for d in details)
    return lines


def _provenance(span: Span) -> str:
    p = span.provenance
    if p is None:
        return "none"
    return f"[{', '.join(p.annotators)}]{' edited' if p.edited else ''}"


def _key_text(key: Key, first: Side, second: Side, visual: bool) -> str:
    text = first.text_at(key) or second.text_at(key)
    return f"{key[2]} {key[0]}-{key[1]} {show(text, visual=visual, limit=30)}"


def _header(side: Side) -> str:
    return (
        f"{side.path} ({side.annotator}: {plural(len(side.spans), 'span')}, "
        f"{plural(len(side.relations), 'relation')})"
    )


def to_text(first: Side, second: Side, result: SetDiff, *, visual: bool) -> str:
    lines = [f"--- {_header(first)}", f"+++ {_header(second)}"]
    if result.equal:
        lines.append("no differences: the same spans, attributes and relations")
        return "\n".join(lines)
    if result.spans:
        lines.append("spans:")
        for change in result.spans:
            lines.extend(_change_lines(change, first, second, visual))
    if result.relations:
        lines.append("relations:")
        for rel in result.relations:
            sign = "-" if rel.kind == "removed" else "+"
            lines.append(
                f"{sign} {rel.type}: {_key_text(rel.source, first, second, visual)} → "
                f"{_key_text(rel.target, first, second, visual)}"
            )
    lines.append(
        f"{result.count('changed')} changed, {result.count('removed')} removed, "
        f"{result.count('added')} added spans; "
        f"{sum(r.kind == 'removed' for r in result.relations)} removed, "
        f"{sum(r.kind == 'added' for r in result.relations)} added relations"
    )
    return "\n".join(lines)


# -- json ----------------------------------------------------------------------------------------


def _span_json(span: Span | None, side: Side) -> dict[str, Any] | None:
    if span is None:
        return None
    data: dict[str, Any] = {
        "id": span.id,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": side.texts[span.id],
        "attributes": dict(span.attributes),
    }
    if span.note:
        data["note"] = span.note
    if span.provenance is not None:
        data["provenance"] = {
            "annotators": list(span.provenance.annotators),
            "edited": span.provenance.edited,
        }
    return data


def _key_json(key: Key, first: Side, second: Side) -> dict[str, Any]:
    return {
        "label": key[2],
        "start": key[0],
        "end": key[1],
        "text": first.text_at(key) or second.text_at(key),
    }


def to_json(first: Side, second: Side, result: SetDiff) -> dict[str, Any]:
    return {
        "a": {"file": str(first.path), "annotator": first.annotator, "document": first.document},
        "b": {"file": str(second.path), "annotator": second.annotator, "document": second.document},
        "equal": result.equal,
        "spans": [
            {
                "change": c.kind,
                "fields": list(c.fields),
                "a": _span_json(c.before, first),
                "b": _span_json(c.after, second),
            }
            for c in result.spans
        ],
        "relations": [
            {
                "change": r.kind,
                "type": r.type,
                "from": _key_json(r.source, first, second),
                "to": _key_json(r.target, first, second),
            }
            for r in result.relations
        ],
    }
