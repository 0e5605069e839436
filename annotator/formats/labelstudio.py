"""Label Studio JSON: a list of tasks with annotations (or predictions), and a labeling config.

The shape is Label Studio's "Basic Label Studio JSON format" for importing tasks with
pre-annotations (https://labelstud.io/guide/predictions; https://labelstud.io/guide/task_format):

    [{"data": {"text": "...", "doc_id": "..."},
      "annotations": [{"result": [
          {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 0, "end": 5, "text": "...", "labels": ["ACTOR"]}},
          {"id": "s1", "from_name": "ACTOR.kind", "to_name": "text", "type": "choices",
           "value": {"start": 0, "end": 5, "choices": ["state_forces"]}},
          {"id": "s1", "from_name": "note", "to_name": "text", "type": "textarea",
           "value": {"start": 0, "end": 5, "text": ["a note"]}},
          {"id": "r1", "type": "relation", "from_id": "s2", "to_id": "s1",
           "direction": "right", "labels": ["source"]}]}]}]

Region ids are our span ids, so attributes (per-region ``Choices``, or ``TextArea`` for free-text
attributes, named ``LABEL.attribute``), notes (per-region ``TextArea`` named ``note``) and
relations refer to them. Relations carry our relation id in ``id`` (Label Studio ignores it).
With ``labelstudio_target = "predictions"`` the result goes under ``predictions`` (with a
``model_version``) so Label Studio shows it as pre-annotations. Next to the JSON the writer puts
``<name>.label_config.xml``, the labeling config to create the project with.

Offsets are code points, as Label Studio stores them since 1.6 (earlier versions counted UTF-16
units; a mismatch error says when offsets fit that way). Reading takes, per task, the latest
non-cancelled annotation, or the latest prediction when there is none or when predictions are
preferred (``--pre-annotation``); choosing among several is noted. A region with several labels
becomes one span per label. Result types other than labels, choices, textarea and relation
(images, rectangles, HyperText xpaths) cannot be held and are reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.errors import ImportExportError, Place
from annotator.formats.base import (
    Corpus,
    ExportReport,
    ImportedDocument,
    Problems,
    Progress,
    ReadOptions,
    WriteOptions,
    check_quoted_text,
    document_id_from,
    sorted_spans,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.model.labels import LabelSchema
from annotator.model.span import Relation, Span, as_attributes
from annotator.store.atomic import write_atomic
from annotator.store.json_safe import JsonProblem, parse_json
from annotator.store.texts import read_text

FROM_NAME = "label"
TO_NAME = "text"
NOTE_NAME = "note"
DOC_ID_KEY = "doc_id"


# -- writing ------------------------------------------------------------------------------------


def _free_text(schema: LabelSchema | None, label: str, name: str) -> bool:
    if schema is None or label not in schema.labels:
        return False
    attr = schema.labels[label].attributes.get(name)
    return attr is not None and attr.free_text


def task_result(aset: AnnotationSet, schema: LabelSchema | None) -> list[dict[str, Any]]:
    text = aset.text
    result: list[dict[str, Any]] = []
    for s in aset.spans:
        where = {"start": s.start, "end": s.end}
        result.append(
            {
                "id": s.id,
                "from_name": FROM_NAME,
                "to_name": TO_NAME,
                "type": "labels",
                "value": {**where, "text": text[s.start : s.end], "labels": [s.label]},
            }
        )
        for name, value in s.attributes.items():
            free = _free_text(schema, s.label, name)
            result.append(
                {
                    "id": s.id,
                    "from_name": f"{s.label}.{name}",
                    "to_name": TO_NAME,
                    "type": "textarea" if free else "choices",
                    "value": {**where, ("text" if free else "choices"): [value]},
                }
            )
        if s.note:
            result.append(
                {
                    "id": s.id,
                    "from_name": NOTE_NAME,
                    "to_name": TO_NAME,
                    "type": "textarea",
                    "value": {**where, "text": [s.note]},
                }
            )
    for r in aset.relations:
        result.append(
            {
                "id": r.id,
                "type": "relation",
                "from_id": r.from_id,
                "to_id": r.to_id,
                "direction": "right",
                "labels": [r.type],
            }
        )
    return result


def task(aset: AnnotationSet, options: WriteOptions) -> dict[str, Any]:
    result = task_result(aset, options.schema)
    data = {"text": aset.text, DOC_ID_KEY: aset.document.id}
    if options.labelstudio_target == "predictions":
        prediction = {"model_version": options.model_version, "result": result}
        return {"data": data, "predictions": [prediction]}
    return {"data": data, "annotations": [{"result": result}]}


def label_config(schema: LabelSchema | None, sets: Sequence[AnnotationSet]) -> str:
    """The Label Studio labeling config (XML) that the tasks' results refer to."""
    if schema is not None:
        labels = [(d.name, d.color) for d in schema.labels.values()]
        relations = list(schema.relations)
    else:
        labels = [(name, "#888888") for name in sorted({s.label for a in sets for s in a.spans})]
        relations = sorted({r.type for a in sets for r in a.relations})
    lines = ["<View>"]
    if relations:
        lines.append("  <Relations>")
        lines.extend(f"    <Relation value={quoteattr(r)}/>" for r in relations)
        lines.append("  </Relations>")
    lines.append(f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">')
    lines.extend(f"    <Label value={quoteattr(n)} background={quoteattr(c)}/>" for n, c in labels)
    lines.append("  </Labels>")
    lines.append(f'  <Text name="{TO_NAME}" value="$text"/>')
    if schema is not None:
        for label in schema.labels.values():
            for attr in label.attributes.values():
                name = quoteattr(f"{label.name}.{attr.name}")
                lines.append(
                    f'  <View visibleWhen="region-selected" whenLabelValue={quoteattr(label.name)}>'
                )
                lines.append(f"    <Header value={quoteattr(f'{label.name} {attr.name}')}/>")
                if attr.values is None:
                    lines.append(
                        f'    <TextArea name={name} toName="{TO_NAME}" perRegion="true" '
                        'editable="true" maxSubmissions="1"/>'
                    )
                else:
                    lines.append(
                        f'    <Choices name={name} toName="{TO_NAME}" perRegion="true" '
                        'choice="single">'
                    )
                    lines.extend(f"      <Choice value={quoteattr(v)}/>" for v in attr.values)
                    lines.append("    </Choices>")
                lines.append("  </View>")
    lines.append('  <View visibleWhen="region-selected">')
    lines.append('    <Header value="note"/>')
    lines.append(
        f'    <TextArea name="{NOTE_NAME}" toName="{TO_NAME}" perRegion="true" '
        'editable="true" maxSubmissions="1"/>'
    )
    lines.append("  </View>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def config_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.label_config.xml")


def write_labelstudio(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    report = ExportReport("labelstudio")
    tasks = []
    for aset in sets:
        tasks.append(task(aset, options))
        report.documents += 1
        report.spans += len(aset.spans)
        report.relations += len(aset.relations)
        progress.advance()
    # One task per line: readable, and json's fast C encoder (indent= would use the slow one).
    write_atomic(out, _task_array([json.dumps(t, ensure_ascii=False) for t in tasks]))
    write_atomic(config_path(out), label_config(options.schema, sets))
    report.files.extend([out, config_path(out)])
    return report


def _task_array(rows: list[str]) -> str:
    """``[``, the rows (one task per line, or the lines of several tasks), ``]``."""
    body = ",\n".join(rows)
    return f"[\n{body}\n]\n" if rows else "[]\n"


def join_labelstudio(parts: Sequence[Path], out: Path) -> list[Path]:
    """One task list (and labeling config) from the outputs of consecutive runs of documents.

    Each part is ``[``, one task per line, ``]`` as write_labelstudio writes it, so the tasks'
    lines are taken as they are. The parts' configs must be the same, which they are when the
    schema is given (exports from a project always give it).
    """
    rows = [text[2:-3] for text in map(read_text, parts) if text != "[]\n"]
    configs = {read_text(config_path(part)) for part in parts}
    if len(configs) != 1:
        raise ImportExportError(
            "the parts' labeling configs differ; export with a schema", file=out
        )
    write_atomic(out, _task_array(rows))
    write_atomic(config_path(out), configs.pop())
    return [out, config_path(out)]


# -- reading ------------------------------------------------------------------------------------


@dataclass
class _Task:
    place: Place
    text: str
    problems: Problems
    #: region id -> [label, start, end, attributes, note]
    spans: dict[str, list[Any]] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def bad(self, message: str) -> None:
        self.problems.add(self.place, message)


def read_labelstudio(path: Path, options: ReadOptions) -> Corpus:
    source = str(path)
    try:
        data = parse_json(read_text(path))
    except JsonProblem as err:
        raise ImportExportError(
            f"not JSON: {err.reason}", file=source, line=err.line, column=err.column
        ) from None
    problems = Problems(options.skip_invalid)
    tasks = data if isinstance(data, list) else [data]
    corpus = Corpus()
    width = len(str(len(tasks)))
    for n, raw in enumerate(tasks, start=1):
        place = Place(f"{source}[task {n}]")
        doc = _read_task(raw, place, options, problems, document_id_from(path.stem, n, width))
        if doc is None:
            corpus.skipped.extend(problems.take_skipped())
        else:
            corpus.append(doc)
    problems.raise_if_any()
    return corpus


def _task_text(raw: Mapping[str, Any]) -> str | None:
    data = raw.get("data")
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [v for v in data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _read_task(
    raw: Any, place: Place, options: ReadOptions, problems: Problems, made_up_id: str
) -> ImportedDocument | None:
    if not isinstance(raw, dict):
        problems.add(place, f"a task must be a JSON object, not {type(raw).__name__}")
        return None
    text = _task_text(raw)
    if text is None:
        problems.add(place, "no text: data must have a 'text' string (or exactly one string)")
        return None
    data = raw["data"]
    doc_id, id_given = made_up_id, False
    for value in (data.get(DOC_ID_KEY), raw.get("id")):
        if _usable_id(value):
            doc_id, id_given = str(value), True
            break
    state = _Task(place, text, problems)
    result = _choose_result(raw, options, state)
    # Regions first, then what refers to them: per-region attributes and notes, relations.
    per_region: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for item in result:
        if not isinstance(item, dict):
            state.bad(f"each result must be a JSON object, not {item!r}")
            continue
        kind = str(item.get("type", ""))
        if kind == "relation":
            relations.append(item)
        elif kind.endswith("labels"):
            _region(state, item)
        else:
            per_region.append(item)
    for item in per_region:
        _per_region(state, item)
    for item in relations:
        _relation(state, item)
    return ImportedDocument(
        id=doc_id,
        text=text,
        spans=sorted_spans(
            [
                Span(i, label, start, end, as_attributes(attrs), note)
                for i, (label, start, end, attrs, note) in state.spans.items()
            ]
        ),
        relations=tuple(state.relations),
        source=place,
        span_places={i: place for i in state.spans},
        relation_places={r.id: place for r in state.relations},
        id_given=id_given,
        skipped=problems.take_skipped(),
        notes=tuple(state.notes),
    )


def _usable_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(value))


def _latest(entries: list[Any]) -> tuple[Any, int]:
    candidates = [e for e in entries if isinstance(e, dict) and not e.get("was_cancelled")]
    if not candidates:
        return None, 0
    best = max(
        enumerate(candidates),
        key=lambda p: (str(p[1].get("updated_at") or p[1].get("created_at") or ""), p[0]),
    )[1]
    return best, len(candidates)


def _choose_result(raw: Mapping[str, Any], options: ReadOptions, state: _Task) -> list[Any]:
    annotations = raw.get("annotations") or raw.get("completions") or []
    predictions = raw.get("predictions") or []
    if not isinstance(annotations, list) or not isinstance(predictions, list):
        state.bad("'annotations' and 'predictions' must be lists")
        return []
    order = [("prediction", predictions), ("annotation", annotations)]
    if not options.prefer_predictions:
        order.reverse()
    for kind, entries in order:
        chosen, count = _latest(entries)
        if chosen is None:
            continue
        if count > 1:
            state.notes.append(
                f"{state.place}: {count} {kind}s; took the latest"
                + (f" (id {chosen['id']})" if "id" in chosen else "")
            )
        if kind == "prediction" and not options.prefer_predictions:
            state.notes.append(f"{state.place}: no annotation; took the {kind}")
        result = chosen.get("result") or []
        if not isinstance(result, list):
            state.bad(f"{kind} result must be a list")
            return []
        return result
    return []


def _region(state: _Task, item: Mapping[str, Any]) -> None:
    ident = item.get("id")
    value = item.get("value")
    if not isinstance(ident, str | int) or not isinstance(value, dict):
        state.bad(f"result {ident!r}: a region needs an 'id' and a 'value' object")
        return
    ident = str(ident)
    labels = value.get("labels") or value.get(str(item.get("type"))) or []
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        state.bad(f"region {ident}: 'labels' must be a non-empty list of strings")
        return
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        state.bad(
            f"region {ident}: start/end must be character offsets (a {item.get('type')} result "
            "on HyperText or images cannot be held)"
        )
        return
    quoted = value.get("text") if isinstance(value.get("text"), str) else None
    problem = check_quoted_text(state.text, start, end, quoted, f"region {ident}")
    if problem:
        state.bad(problem)
        return
    if ident in state.spans:
        state.bad(f"region id {ident} is used twice")
        return
    state.spans[ident] = [labels[0], start, end, {}, ""]
    for extra in labels[1:]:
        state.spans[f"{ident}.{extra}"] = [extra, start, end, {}, ""]
    if len(labels) > 1:
        state.notes.append(f"{state.place}: region {ident} has {len(labels)} labels: one span each")


def _per_region(state: _Task, item: Mapping[str, Any]) -> None:
    ident = str(item.get("id"))
    kind = item.get("type")
    name = str(item.get("from_name", ""))
    raw_value = item.get("value")
    value: Mapping[str, Any] = raw_value if isinstance(raw_value, dict) else {}
    if kind not in ("choices", "textarea"):
        state.bad(f"result {ident}: type {kind!r} cannot be held (spans, attributes, notes only)")
        return
    span = state.spans.get(ident)
    if span is None:
        state.bad(f"{kind} {name!r} is on {ident}, which is not a text region read")
        return
    values = value.get("choices" if kind == "choices" else "text")
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        state.bad(f"{kind} {name!r} on {ident}: value must be a list of strings")
        return
    if name == NOTE_NAME and kind == "textarea":
        span[4] = "\n".join(values)
        return
    if len(values) != 1:
        state.bad(f"{kind} {name!r} on {ident}: an attribute takes one value, not {values!r}")
        return
    attribute = name.split(".", 1)[1] if "." in name else name
    span[3][attribute] = values[0]


def _relation(state: _Task, item: Mapping[str, Any]) -> None:
    ends = item.get("from_id"), item.get("to_id")
    labels = item.get("labels") or []
    ident = item.get("id") if _usable_id(item.get("id")) else f"r{len(state.relations) + 1}"
    what = f"relation {ends[0]} -> {ends[1]}"
    if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
        state.bad(f"{what}: needs exactly one label (its type), found {labels!r}")
        return
    direction = item.get("direction", "right")
    if direction == "left":
        ends = ends[1], ends[0]
    elif direction != "right":
        state.bad(f"{what}: direction {direction!r} cannot be held (relations are directed)")
        return
    for end in ends:
        if str(end) not in state.spans:
            state.bad(f"{what}: {end!r} is not a text region read")
            return
    state.relations.append(Relation(str(ident), labels[0], str(ends[0]), str(ends[1])))
