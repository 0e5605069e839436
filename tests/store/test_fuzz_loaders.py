"""Fuzzing the loaders: random and mutated annotation files, label schemas and project configs
are fed to the loaders and to ``validate``; whatever comes in, the only way out is a value or an
AnnotatorError (one line per problem), within a time and memory budget."""

from __future__ import annotations

import shutil
import tracemalloc
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.model.labels import LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import parse_annotation_text
from annotator.store.project import ProjectConfig
from annotator.store.validation import validate_paths
from annotator.store.yaml_safe import load_yaml_text
from annotator.text.safe import UNSAFE
from tests.hostile.helpers import TEXT, make_project, span_file

SPAN = "  - {id: s1, label: ACTOR, start: 5, end: 21, text: القوات الأمريكية, attributes: {kind: state_forces}}\n"
VALID_SET = span_file("doc1", TEXT, "ann1", SPAN)
VALID_LABELS = labels_schema_path().read_text(encoding="utf-8")
VALID_CONFIG = "name: hostile\nannotators: [ann1, ann2]\ndescription: a project\n"

#: Pieces an attacker or an unlucky editor would put in: YAML syntax, anchors and aliases, tags,
#: numbers that are not ints, controls and bidi characters, huge repeats.
PIECES = [
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object:os.system",
    "!!binary",
    "? ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "\n",
    "\t",
    "\r",
    "\x00",
    "\x1b[2J",
    "\x85",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ud800",
    "5.0",
    ".inf",
    ".nan",
    "true",
    "null",
    "~",
    "0x10",
    "1e9",
    "-1",
    "99999999999999999999",
    "start: ",
    "end: ",
    "label: ",
    "id: ",
    "spans:",
    "relations:",
    "status: ",
    "annotator: ",
    "document: ",
    "x" * 1000,
]

BUDGET = settings(
    max_examples=60,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few random edits: pieces inserted, ranges deleted or repeated."""
    text = base
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "repeat", "char"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "repeat":
            piece = text[at : at + draw(st.integers(1, 60))]
            text = text[:at] + piece * draw(st.integers(2, 50)) + text[at:]
        else:
            text = text[:at] + draw(st.characters()) + text[at:]
    return text


def documents(base: str) -> st.SearchStrategy[str]:
    return st.one_of(
        mutated(base), st.text(max_size=300), st.lists(st.sampled_from(PIECES)).map("".join)
    )


def _bounded(call, *args):  # type: ignore[no-untyped-def]
    """Run ``call``; only AnnotatorError may escape; peak memory stays under 256 MB."""
    tracemalloc.start()
    try:
        call(*args)
    except AnnotatorError as err:
        for problem in err.problems:
            line = str(problem)
            assert "\n" not in line.strip() or UNSAFE.search(line) is None
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 256 * 1024 * 1024, peak


@BUDGET
@given(documents(VALID_SET))
def test_annotation_files_only_fail_with_annotator_errors(text: str) -> None:
    _bounded(parse_annotation_text, text, "fuzz.yaml")


@BUDGET
@given(documents(VALID_LABELS))
def test_label_schemas_only_fail_with_annotator_errors(text: str) -> None:
    def load(text: str) -> None:
        data = load_yaml_text(text, "labels.yaml")
        LabelSchema.from_mapping(data, "labels.yaml")

    _bounded(load, text)


@BUDGET
@given(documents(VALID_CONFIG))
def test_project_configs_only_fail_with_annotator_errors(text: str) -> None:
    def load(text: str) -> None:
        ProjectConfig.from_mapping(load_yaml_text(text, "annotator.yaml"), "annotator.yaml", "x")

    _bounded(load, text)


@settings(
    max_examples=25,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    set_text=documents(VALID_SET),
    config=documents(VALID_CONFIG),
    labels=st.one_of(st.none(), documents(VALID_LABELS)),
)
def test_validate_reports_every_fuzzed_project_without_a_traceback(
    tmp_path_factory, set_text: str, config: str, labels: str | None
) -> None:
    root = make_project(tmp_path_factory.mktemp("fuzz") / "p")
    try:
        (root / "annotations" / "ann1" / "doc1.yaml").write_text(
            set_text, encoding="utf-8", errors="surrogatepass"
        )
        if labels is not None:
            (root / "labels.yaml").write_text(labels, encoding="utf-8", errors="surrogatepass")
            config = config + "\nlabels: labels.yaml\n"
        (root / "annotator.yaml").write_text(config, encoding="utf-8", errors="surrogatepass")
        tracemalloc.start()
        try:
            report = validate_paths([root])
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert peak < 256 * 1024 * 1024
        for problem in report.problems:
            assert str(problem)  # every problem renders as a line
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def test_the_bases_are_valid(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert validate_paths([root]).problems == []
    parse_annotation_text(VALID_SET, "x.yaml")
