"""Mapping another corpus's tag set onto the project's labels, relations and attributes.

``--map-labels`` takes inline ``OLD=NEW`` pairs or a YAML file::

    labels: {Politician: ACTOR, Nation: LOCATION, Projectile: WEAPON, Food: null}  # null drops
    relations: {says: source}
    attributes: {ACTOR: {Politician: {kind: person}}}

``labels`` renames span labels; ``null`` (or ``OLD=``) drops the spans of that label, counted,
not an error (their relations go with them). ``relations`` renames relation types the same
way. ``attributes`` sets attributes on the spans that came in with a source label, by target
label: above, every span tagged ``Politician`` becomes an ACTOR with ``kind: person``. Labels
not named are kept as they are (and checked against the schema like any other).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import ImportExportError
from annotator.store.yaml_safe import load_yaml_file


@dataclass(frozen=True)
class LabelMap:
    #: Source label -> project label, or None to drop the span.
    labels: Mapping[str, str | None] = field(default_factory=dict)
    #: Source relation type -> project type, or None to drop the relation.
    relations: Mapping[str, str | None] = field(default_factory=dict)
    #: Project label -> source label -> attributes given to those spans.
    attributes: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.labels or self.relations or self.attributes)

    def label(self, old: str) -> str | None:
        return self.labels.get(old, old)

    def relation(self, old: str) -> str | None:
        return self.relations.get(old, old)

    def attributes_for(self, old: str, new: str) -> Mapping[str, str]:
        return self.attributes.get(new, {}).get(old, {})


def parse_label_map(spec: str | Path | None) -> LabelMap:
    """``--map-labels``: a YAML file (a path ending .yaml/.yml, or any existing file) or
    inline ``OLD=NEW,...`` pairs (``OLD=`` drops); a clear error for anything else."""
    if spec is None:
        return LabelMap()
    text = str(spec).strip()
    if not text:
        return LabelMap()
    path = Path(text)
    if text.endswith((".yaml", ".yml")) or (path.is_file() and "=" not in text):
        if not path.is_file():
            raise ImportExportError("--map-labels: no such file", file=path)
        return label_map_from_data(load_yaml_file(path), path)
    mapping: dict[str, str | None] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        old, sep, new = (p.strip() for p in item.partition("="))
        if not sep or not old:
            raise ImportExportError(
                f"--map-labels: expected OLD=NEW (or a .yaml file), found {item.strip()!r}"
            )
        value = new or None
        if old in mapping and mapping[old] != value:
            raise ImportExportError(f"--map-labels: {old} is mapped twice")
        mapping[old] = value
    return LabelMap(labels=mapping)


def label_map_from_data(data: Any, source: Path | str) -> LabelMap:
    """A LabelMap from parsed YAML; every problem names the file and the key."""
    if data is None:
        return LabelMap()
    if not isinstance(data, dict):
        raise ImportExportError("a label map is a mapping with labels/relations/attributes",
                                file=source)  # fmt: skip
    unknown = sorted(set(data) - {"labels", "relations", "attributes"})
    if unknown:
        raise ImportExportError(
            f"unknown key {unknown[0]!r} (a label map has labels, relations, attributes)",
            file=source,
        )
    attributes: dict[str, dict[str, dict[str, str]]] = {}
    raw = data.get("attributes") or {}
    if not isinstance(raw, dict):
        raise ImportExportError("attributes: expected {LABEL: {SOURCE_LABEL: {NAME: VALUE}}}",
                                file=source)  # fmt: skip
    for label, by_source in raw.items():
        if not isinstance(by_source, dict):
            raise ImportExportError(
                f"attributes.{label}: expected {{SOURCE_LABEL: {{NAME: VALUE}}}}", file=source
            )
        for old, values in by_source.items():
            if not isinstance(values, dict) or not all(
                isinstance(v, str | int | float | bool) for v in values.values()
            ):
                raise ImportExportError(
                    f"attributes.{label}.{old}: expected {{NAME: VALUE}}", file=source
                )
            attributes.setdefault(str(label), {})[str(old)] = {
                str(k): _scalar(v) for k, v in values.items()
            }
    return LabelMap(
        labels=_renames(data.get("labels"), "labels", source),
        relations=_renames(data.get("relations"), "relations", source),
        attributes=attributes,
    )


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _renames(raw: Any, key: str, source: Path | str) -> dict[str, str | None]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ImportExportError(f"{key}: expected {{OLD: NEW}} (NEW null drops)", file=source)
    out: dict[str, str | None] = {}
    for old, new in raw.items():
        if new is not None and not isinstance(new, str):
            raise ImportExportError(
                f"{key}.{old}: expected a name or null, found {new!r}", file=source
            )
        out[str(old)] = new
    return out
