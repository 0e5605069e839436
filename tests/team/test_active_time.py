"""Active annotation time: the clock's rule and the ``active_seconds`` field of the file format."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import FormatError
from annotator.store.annotation_file import (
    dump_annotation_set,
    load_annotation_set,
    parse_annotation_text,
)
from annotator.store.project import Project
from annotator.team.active_time import IDLE_SECONDS, ActiveClock


def test_gaps_up_to_two_minutes_count_and_longer_ones_do_not() -> None:
    clock = ActiveClock(base=100)
    for now in (0.0, 10.0, 130.0, 251.0, 260.5):
        clock.key_pressed(now)
    # 10 + 120 count; 121 is idle; 9.5 counts.
    assert clock.session_seconds == pytest.approx(139.5)
    assert clock.total == 100 + 140
    assert clock.advanced


def test_a_clock_going_backwards_adds_nothing() -> None:
    clock = ActiveClock()
    clock.key_pressed(50.0)
    clock.key_pressed(40.0)
    clock.key_pressed(45.0)
    assert clock.session_seconds == pytest.approx(5.0)


@given(st.lists(st.integers(0, 1000), max_size=30))
def test_never_more_than_the_time_elapsed_nor_negative(gaps: list[int]) -> None:
    clock = ActiveClock()
    now = 0
    clock.key_pressed(now)
    for gap in gaps:
        now += gap
        clock.key_pressed(now)
    assert 0 <= clock.session_seconds <= now + 1e-6
    assert clock.session_seconds == pytest.approx(sum(g for g in gaps if 0 < g <= IDLE_SECONDS))


def test_active_seconds_round_trips_and_older_files_read_as_zero(sample_project: Project) -> None:
    aset = sample_project.load_set("ann1", "xinhua-deir-ezzor")
    assert aset.active_seconds == 0
    assert "active_seconds" not in dump_annotation_set(aset)  # files without time: unchanged
    timed = replace(aset, active_seconds=4321)
    text = dump_annotation_set(timed)
    assert "\nactive_seconds: 4321\n" in text
    path = sample_project.save_set(timed)
    again = load_annotation_set(path, aset.document, sample_project.schema)
    assert again.active_seconds == 4321
    # The general (hand-edited) path reads it the same way.
    edited = text.replace("spans:", "# checked by hand\nspans:", 1)
    assert parse_annotation_text(edited, "x.yaml").active_seconds == 4321


@pytest.mark.parametrize("value", ["-5", "1.5", "soon"])
def test_a_bad_active_seconds_is_refused_with_its_line(sample_project: Project, value: str) -> None:
    text = dump_annotation_set(
        replace(sample_project.load_set("ann1", "xinhua-deir-ezzor"), active_seconds=7)
    )
    line = text.splitlines().index("active_seconds: 7") + 1
    with pytest.raises(FormatError) as caught:
        parse_annotation_text(text.replace("active_seconds: 7", f"active_seconds: {value}"), "x")
    assert str(caught.value).startswith(f"x:{line}:") and "active_seconds" in str(caught.value)
