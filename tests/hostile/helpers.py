"""A small real project to attack, and the checks every hostile run must pass."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

#: What must never reach a terminal raw: C0 but tab/newline, DEL, C1, bidi embedding/override/isolate.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TEXT = "قصفت القوات الأمريكية مستودعات أسلحة في دير الزور.\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header(doc: str, text: str, annotator: str, status: str = "done") -> str:
    return (
        "format: annotator/1\n"
        f"document: {{id: {doc}, file: texts/{doc}.txt, sha256: {sha(text)}, chars: {len(text)}}}\n"
        f"annotator: {annotator}\n"
        f"status: {status}\n"
    )


def span_file(doc: str, text: str, annotator: str, spans: str, status: str = "done") -> str:
    return header(doc, text, annotator, status) + "spans:\n" + spans + "relations: []\n"


def make_project(root: Path, text: str = TEXT) -> Path:
    """A project with one text, two annotators and a gold set that agree on one span."""
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "doc1.txt").write_text(text, encoding="utf-8", newline="")
    (root / "annotator.yaml").write_text("name: hostile\nannotators: [ann1, ann2]\n")
    span = "  - {id: s1, label: ACTOR, start: 5, end: 21, text: القوات الأمريكية, attributes: {kind: state_forces}}\n"
    for who in ("ann1", "ann2"):
        (root / "annotations" / who).mkdir(parents=True)
        (root / "annotations" / who / "doc1.yaml").write_text(
            span_file("doc1", text, who, span), encoding="utf-8"
        )
    (root / "gold").mkdir()
    (root / "gold" / "doc1.yaml").write_text(
        span_file("doc1", text, "gold", span), encoding="utf-8"
    )
    return root


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file and link under ``root`` with its content: 'not one byte changed' is equality.

    Lock files under ``.annotator/locks/`` are left out: taking a lock creates them (filelock
    never deletes a lock file, that would race), they hold no data and git ignores them. So is
    the summary index under ``.annotator/index/``: a cache of figures read from the files,
    which any reading command may refresh (annotator/store/summary_index.py).
    """
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(root))
            private = (f"{os.sep}.annotator{os.sep}{sub}" for sub in ("locks", "index"))
            if any(p in f"{os.sep}{rel}" for p in private) or rel.endswith(".annotator"):
                continue
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_file():
                found[rel] = path.read_bytes()
            else:
                found[rel] = "dir"
    return found


def run(
    *args: str | Path, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def assert_clean_failure(
    result: subprocess.CompletedProcess[str], max_lines: int = 3, code: int = 1
) -> None:
    """Exit ``code`` (1; diff uses 2 for "cannot compare", as diff(1) does), a few lines, no
    traceback, nothing a terminal would obey."""
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.returncode == code, (result.returncode, out)
    assert len(out.strip().splitlines()) <= max_lines, out
    assert RAW_CONTROL.search(out) is None, repr(out)
