"""Label schemas: which labels, attributes and relations a project allows.

Labels are data (``schemas/labels.yaml`` or a project's own file), never constants in code; this
module only gives that data a shape and checks it. Reading the YAML is the store's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import Problem
from annotator.text.safe import short, shown

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """One attribute of a label. ``values`` is None for free text."""

    name: str
    values: tuple[str, ...] | None
    description: str = ""
    default: str | None = None
    #: A span of this label is not finished while this attribute is empty: marking the
    #: document done warns and lists such spans.
    required: bool = False

    @property
    def free_text(self) -> bool:
        return self.values is None

    def allows(self, value: str) -> bool:
        return self.values is None or value in self.values


@dataclass(frozen=True, slots=True)
class LabelDef:
    name: str
    description: str
    color: str
    key: str
    attributes: Mapping[str, AttributeDef] = field(default_factory=dict)

    def missing_required(self, values: Mapping[str, str]) -> list[str]:
        """Names of the required attributes left empty in ``values``."""
        return [n for n, a in self.attributes.items() if a.required and not values.get(n)]


@dataclass(frozen=True, slots=True)
class RelationDef:
    """A relation type and the label pairs it may join (``from`` label -> ``to`` label)."""

    type: str
    description: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]

    def allows(self, from_label: str, to_label: str) -> bool:
        return from_label in self.from_labels and to_label in self.to_labels


@dataclass(frozen=True, slots=True)
class LabelSchema:
    """The labels and relation types of a project, in the order the schema file lists them."""

    labels: Mapping[str, LabelDef]
    relations: Mapping[str, RelationDef]
    source: str = "<schema>"

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, name: str) -> LabelDef:
        return self.labels[name]

    def missing_required(self, spans: Iterable[Any]) -> list[tuple[Any, list[str]]]:
        """(span, names of its empty required attributes) for every span that has some."""
        found = []
        for span in spans:
            label = self.labels.get(span.label)
            missing = label.missing_required(span.attributes) if label is not None else []
            if missing:
                found.append((span, missing))
        return found

    def label_for_key(self, key: str) -> LabelDef | None:
        for label in self.labels.values():
            if label.key == key:
                return label
        return None

    def relation_types_from(self, label: str) -> list[RelationDef]:
        return [r for r in self.relations.values() if label in r.from_labels]

    def attribute_problems(self, label: str, attributes: Mapping[str, str]) -> list[str]:
        """Why ``attributes`` are not allowed on ``label`` (empty when they are)."""
        definition = self.labels.get(label)
        if definition is None:
            return [
                f"unknown label {short(label)} (schema {self.source} has {', '.join(self.labels)})"
            ]
        problems = []
        for name, value in attributes.items():
            attr = definition.attributes.get(name)
            if attr is None:
                allowed = ", ".join(definition.attributes) or "none"
                problems.append(
                    f"label {label} has no attribute {short(name)} (allowed: {allowed})"
                )
            elif not isinstance(value, str):
                problems.append(f"attribute {name} of {label} must be text, not {short(value)}")
            elif not attr.allows(value):
                choices = ", ".join(attr.values or ())
                problems.append(
                    f"attribute {name} of {label} cannot be {short(value)} (choose one of: {choices})"
                )
        return problems

    @classmethod
    def from_mapping(cls, data: Any, source: str = "<schema>") -> tuple[LabelSchema, list[Problem]]:
        """Build a schema from parsed YAML, collecting every problem rather than the first.

        The returned schema holds the valid part, so a caller that only warns can go on.
        """
        from annotator.errors import Place

        problems: list[Problem] = []

        def bad(where: str, message: str) -> None:
            problems.append(Problem(Place(source), f"{where}: {message}"))

        if not isinstance(data, Mapping):
            bad("top level", "a labels file must be a mapping with 'labels' and 'relations'")
            return cls({}, {}, source), problems
        labels: dict[str, LabelDef] = {}
        raw_labels = data.get("labels")
        if not isinstance(raw_labels, Mapping) or not raw_labels:
            bad("labels", "must be a non-empty mapping of label names")
            raw_labels = {}
        keys_seen: dict[str, str] = {}
        for name, raw in raw_labels.items():
            where = f"labels.{shown(name)}"
            if not isinstance(name, str) or not _NAME.match(name):
                bad(where, "label names are letters, digits, '_' and '-', starting with a letter")
                continue
            if not isinstance(raw, Mapping):
                bad(where, "must be a mapping (description, color, key, attributes)")
                continue
            color = str(raw.get("color", "#888888"))
            if not _COLOR.match(color):
                bad(f"{where}.color", f"{short(color)} is not a #rrggbb colour")
                color = "#888888"
            key = str(raw.get("key", ""))
            if len(key) != 1:
                bad(f"{where}.key", f"{short(key)} must be a single character")
                key = ""
            elif key in keys_seen:
                bad(f"{where}.key", f"key {short(key)} is already used by {keys_seen[key]}")
                key = ""
            else:
                keys_seen[key] = name
            attributes = _attributes(raw.get("attributes") or {}, where, bad)
            labels[name] = LabelDef(
                name, str(raw.get("description", "")).strip(), color, key, attributes
            )
        relations: dict[str, RelationDef] = {}
        raw_relations = data.get("relations") or {}
        if not isinstance(raw_relations, Mapping):
            bad("relations", "must be a mapping of relation types")
            raw_relations = {}
        for rtype, raw in raw_relations.items():
            where = f"relations.{shown(rtype)}"
            if not isinstance(rtype, str) or not _NAME.match(rtype) or not isinstance(raw, Mapping):
                bad(where, "must be a name mapped to {description, from, to}")
                continue
            ends = [
                _label_list(raw.get(end), f"{where}.{end}", labels, bad) for end in ("from", "to")
            ]
            relations[rtype] = RelationDef(
                rtype, str(raw.get("description", "")).strip(), ends[0], ends[1]
            )
        return cls(labels, relations, source), problems


def _attributes(raw: Any, where: str, bad: Any) -> dict[str, AttributeDef]:
    if not isinstance(raw, Mapping):
        bad(f"{where}.attributes", "must be a mapping of attribute names")
        return {}
    result: dict[str, AttributeDef] = {}
    for name, spec in raw.items():
        at = f"{where}.attributes.{shown(name)}"
        if not isinstance(name, str) or not _NAME.match(name) or not isinstance(spec, Mapping):
            bad(at, "must be a name mapped to {values: [...]} or {free_text: true}")
            continue
        values: tuple[str, ...] | None
        if spec.get("free_text"):
            values = None
        else:
            raw_values = spec.get("values")
            if not isinstance(raw_values, list) or not raw_values:
                bad(at, "needs a non-empty 'values' list, or 'free_text: true'")
                continue
            values = tuple(str(v) for v in raw_values)
        default = spec.get("default")
        if default is not None and values is not None and str(default) not in values:
            bad(f"{at}.default", f"{short(default)} is not one of its values")
            default = None
        required = spec.get("required", False)
        if not isinstance(required, bool):
            bad(f"{at}.required", "must be true or false")
            required = False
        result[name] = AttributeDef(
            name,
            values,
            str(spec.get("description", "")).strip(),
            None if default is None else str(default),
            required,
        )
    return result


def _label_list(raw: Any, where: str, labels: Mapping[str, LabelDef], bad: Any) -> tuple[str, ...]:
    names: Iterable[Any] = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    result = []
    for name in names:
        if name in labels:
            result.append(str(name))
        else:
            bad(where, f"unknown label {short(name)}")
    if not result:
        bad(where, "needs at least one known label")
    return tuple(result)
