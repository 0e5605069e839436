"""The documented JSON layouts are the ones the commands write."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotator.store.project import Project

from .conftest import ARTICLE, at, save_gold, save_set

DOCS = Path(__file__).resolve().parents[2] / "docs"
Run = Callable[..., tuple[int, str, str]]
MAPS = {"labels", "types", "spans"}  # keyed by names, not fixed keys (spans: annotator -> n)


def _keys(value: Any, parent: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            if parent not in MAPS:
                yield key
            yield from _keys(child, key)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, parent)


def _shape(value: Any, parent: str = "") -> Any:
    """Keys and nesting without values; name-keyed maps and lists reduced to one entry."""
    if isinstance(value, dict):
        if parent in MAPS or parent == "schemes":
            first = next(iter(value.values()), None)
            return {"*": _shape(first, parent)} if first is not None else {}
        return {k: _shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0], parent)] if value and isinstance(value[0], dict) else "list"
    return None


def _project(make_project: Callable[..., Project]) -> Project:
    project = make_project({"article": ARTICLE})
    actor, claim = at(ARTICLE, "القوات الأمريكية"), at(ARTICLE, "بتعرض القاعدتين العسكريتين")
    agency = at(ARTICLE, "وكالة الأنباء السورية")
    spans = [("ACTOR", *actor), ("CLAIM", *claim), ("ACTOR", *agency)]
    save_gold(project, "article", spans, relations=[("source", 1, 2)])
    save_set(project, "ann1", "article", [("ACTOR", actor[0], actor[1] - 2), spans[1]])
    save_set(project, "ann2", "article", spans)
    return project


def test_evaluate_json_is_as_documented(make_project: Callable[..., Project], run_cli: Run) -> None:
    project = _project(make_project)
    _, out, _ = run_cli(
        "evaluate",
        str(project.root),
        str(project.root / "annotations" / "ann1"),
        "--format",
        "json",
        "--per-document",
        "--errors",
        "--fail-under",
        "0.5",
    )
    actual = json.loads(out)
    text = (DOCS / "evaluate.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"An example.*?```json\n(.*?)```", text, re.S).group(1))
    assert _shape(actual) == _shape(example)
    assert list(actual["schemes"]) == ["strict", "exact", "partial", "type"]
    for key in set(_keys(actual)):
        assert f"`{key}`" in text or f"{key}" in text, key


def test_agree_json_keys_are_documented(make_project: Callable[..., Project], run_cli: Run) -> None:
    project = _project(make_project)
    _, out, _ = run_cli("agree", str(project.root), "--format", "json")
    text = (DOCS / "agreement.md").read_text(encoding="utf-8")
    for key in set(_keys(json.loads(out))):
        assert f"`{key}`" in text, key
