"""``benchmarks/suggest.py --conll-train/--conll-test``: a public CoNLL corpus (here a tiny one
tagged like ANERcorp, proclitics inside the tokens) through our importer, the baselines and the
recommenders, as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

TRAIN = """\
زار O
بريطانيا B-LOC
ثم O
وبريطانيا B-LOC
والتقى O
توني B-PERS
بلير I-PERS
في O
الأمم B-ORG
المتحدة I-ORG
. O

قال O
بلير B-PERS
إن O
مهرجان B-MISC
باريس B-LOC
. O
"""

TEST = """\
عاد O
بلير B-PERS
من O
فبريطانيا B-LOC
إلى O
باريس B-LOC
. O
"""


def test_conll_benchmark_compares_recommenders_with_baselines(tmp_path: Path) -> None:
    train, test = tmp_path / "train.txt", tmp_path / "test.txt"
    train.write_text(TRAIN, encoding="utf-8")
    test.write_text(TEST, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "benchmarks/suggest.py", "--conll-train", str(train),
         "--conll-test", str(test), "--no-model", "--sentences-per-document", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["corpus"]["train"]["documents"] == 2 and data["corpus"]["test"]["documents"] == 1
    # MISC is dropped, ORG and PERS are ACTORs
    assert data["corpus"]["train"]["spans"] == 6 and data["corpus"]["test"]["spans"] == 3
    runs = {run["recommender"]: run for run in data["runs"]}
    assert set(runs) == {"gazetteer", "matcher"}
    # The gazetteer knows "بلير" and "باريس" exactly, not "فبريطانيا"; the matcher finds it
    # across the proclitic and keeps the proclitic in, as this gold does.
    assert runs["gazetteer"]["strict"]["all"]["r"] == round(2 / 3, 4)
    assert runs["matcher"]["keep_proclitics"] is True
    assert runs["matcher"]["strict"]["all"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "gold": 3}


def test_conll_files_go_together(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/suggest.py", "--conll-train", str(tmp_path / "x")],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "go together" in result.stderr
