"""The one sanitiser: what a terminal would obey becomes a visible escape, JSON stays JSON."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from annotator.text.safe import UNSAFE, SafeStream, clean, dumps, short

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eevil\u2066x\u2069\x85\x9b\x7f\x00"


def test_controls_and_bidi_overrides_become_visible_escapes() -> None:
    out = clean(HOSTILE)
    assert "\x1b" not in out and "\u202e" not in out and "\x85" not in out and "\x7f" not in out
    assert "\\u001b]52;c;ZXZpbA==\\u0007" in out
    assert "\\u202eevil" in out and "\\u0085" in out and "\\u0000" in out


def test_newline_tab_arabic_and_bidi_marks_are_kept() -> None:
    text = "قصفت\tالقوات\n\u200f(RLM) \u061c"
    assert clean(text) == text


@given(st.text())
def test_clean_output_never_holds_an_unsafe_character(text: str) -> None:
    assert UNSAFE.search(clean(text)) is None


@given(
    st.recursive(st.text() | st.integers(), lambda c: st.lists(c) | st.dictionaries(st.text(), c))
)
def test_dumps_is_json_that_reads_back_as_the_value(value: object) -> None:
    out = dumps(value)
    assert UNSAFE.search(out) is None
    assert json.loads(out) == value


def test_stream_wrapper_cleans_every_write() -> None:
    inner = io.StringIO()
    SafeStream(inner).write(HOSTILE)  # type: ignore[arg-type]
    assert UNSAFE.search(inner.getvalue()) is None


def test_short_never_renders_a_whole_value() -> None:
    assert short("x" * 10_000).__len__() < 100
    assert short({"a": [1] * 10_000}) == "a dict of 1 items"
