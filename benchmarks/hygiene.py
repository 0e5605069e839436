"""Tokenising and surveying text with invisible marks: what the mark handling costs.

Times, on a 1 MB article built from the seed (and the same article with U+200E before every
word, as public corpora have it): ``tokenize`` against the tokenizer pattern before marks were
handled (the reference, in the same run), and ``survey`` and ``clean``. Prints JSON: median and
p90 seconds of 11 runs each, and their ratios.

    python benchmarks/hygiene.py
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.text.hygiene import clean, survey
from annotator.text.tokens import Token, _mark_class, _new_token, tokenize
from benchmarks._common import big_article, machine_speed

RUNS = 11


def old_pattern() -> re.Pattern[str]:
    """The tokenizer pattern before invisible marks were kept out of tokens."""
    marks = _mark_class()
    letter = r"[^\W\d_]"
    inner = rf"(?:{letter}++|[{marks}\u0640\u200c\u200d]++)*+"
    word = rf"(?:{letter}|\u0640){inner}"
    number = r"\d+(?:[.,\u066b\u066c]\d+)*"
    return re.compile(rf"(?P<number>{number}[{marks}]*)|(?P<word>{word})|(?P<punct>\S[{marks}]*)")


def timing(fn: Callable[[], object]) -> dict[str, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median_s": round(statistics.median(times), 5),
        "p90_s": round(times[int(0.9 * (len(times) - 1))], 5),
    }


def main() -> None:
    plain = big_article()
    marked = re.sub(r"(?<!\S)(?=\w)", "\u200e", plain)
    old = old_pattern()
    result: dict[str, object] = {"machine": machine_speed(), "chars": len(plain)}
    for name, text in (("plain", plain), ("marked", marked)):
        ours = timing(lambda text=text: tokenize(text))
        ref = timing(
            lambda text=text: [
                _new_token(Token, (*m.span(), m.lastgroup)) for m in old.finditer(text)
            ]
        )
        result[name] = {
            "tokenize": ours,
            "old_pattern": ref,
            "ratio_median": round(ours["median_s"] / ref["median_s"], 3),
            "tokens": len(tokenize(text)),
            "old_tokens": sum(1 for _ in old.finditer(text)),
            "survey": timing(lambda text=text: survey(text)),
            "clean": timing(lambda text=text: clean(text)),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
