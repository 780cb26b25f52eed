"""Property tests: the parsers never raise and every span they return quotes the input exactly."""

from __future__ import annotations

import datetime
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_check.engine.dates import find_dates, find_review_cycle
from policy_check.engine.numbers import find_quantities

FRAGMENTS = [
    "10%", "ten per cent", "ninety-five percent", "ten (10) working days", "two standard academic years",
    "a term", "1 st June 2026", "01/06/2026", "1/6/26", "31/02/2026", "2026-06-01", "June 2028", "Autumn 2024",
    "V3.0", "Year 1", "biennial", "Review cycle:", "reviewed annually", "when new guidance is issued",
    "every 2 years", "annual leave", "\n", "\t", ".", " ", "(", ")", "-", "/", "0", "9", "99999",
]
MIXED_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join)
TEXT = st.one_of(st.text(), MIXED_TEXT)


def _span_ok(text: str, start: int, end: int, quoted: str) -> bool:
    """A span is inside the text, non-empty, and quotes it exactly."""
    return 0 <= start < end <= len(text) and text[start:end] == quoted


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_quantities_are_well_formed(text: str) -> None:
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert _span_ok(text, q.start, q.end, q.text)
        assert math.isfinite(q.value) and q.value >= 0


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_dates_are_well_formed(text: str) -> None:
    for d in find_dates(text):
        assert _span_ok(text, d.start, d.end, d.text)
        assert isinstance(d.date, datetime.date)
        assert d.precision in ("day", "month", "year")
        assert d.last_day() >= d.date


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_review_cycle_is_well_formed(text: str) -> None:
    cycle = find_review_cycle(text)
    if cycle is not None:
        assert _span_ok(text, cycle.start, cycle.end, cycle.text)
        assert cycle.months is None or cycle.months > 0
        assert cycle.trigger_only == (cycle.months is None)
        assert cycle.months is not None or cycle.triggers
        assert all(t in cycle.text for t in cycle.triggers)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["01/06/2026", "31/02/2026", "1 st June 2026", "30/02/2024"]), min_size=1, max_size=5))
def test_only_real_dates_survive(parts: list[str]) -> None:
    text = " and ".join(parts)
    assert len(find_dates(text)) == sum(p in ("01/06/2026", "1 st June 2026") for p in parts)
