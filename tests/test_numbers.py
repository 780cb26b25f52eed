"""Table-driven tests for quantity and number-word parsing."""

from __future__ import annotations

import pytest

from policy_check.engine.numbers import find_quantities, parse_number_word

QUANTITY_CASES: list[tuple[str, float, str, str]] = [
    ("10%", 10, "percent", "10%"),
    ("10 %", 10, "percent", "10 %"),
    ("10.5%", 10.5, "percent", "10.5%"),
    ("a 10 per cent reduction", 10, "percent", "10 per cent"),
    ("10 percent", 10, "percent", "10 percent"),
    ("ten per cent", 10, "percent", "ten per cent"),
    ("ninety per cent", 90, "percent", "ninety per cent"),
    ("ninety-five percent", 95, "percent", "ninety-five percent"),
    ("95% of the timetable", 95, "percent", "95%"),
    ("within 30 days of", 30, "days", "30 days"),
    ("thirty days", 30, "days", "thirty days"),
    ("29.5 days", 29.5, "days", "29.5 days"),
    ("30 calendar days", 30, "days", "30 calendar days"),
    ("10 working days", 10, "working_days", "10 working days"),
    ("ten working days", 10, "working_days", "ten working days"),
    ("ten (10) working days", 10, "working_days", "ten (10) working days"),
    ("20 school days", 20, "school_days", "20 school days"),
    ("3 working days", 3, "working_days", "3 working days"),
    ("three working days", 3, "working_days", "three working days"),
    ("two years", 2, "years", "two years"),
    ("2 academic years", 2, "years", "2 academic years"),
    ("two school years", 2, "years", "two school years"),
    ("two standard academic years", 2, "years", "two standard academic years"),
    ("two full academic years", 2, "years", "two full academic years"),
    ("a two-year induction", 2, "years", "two-year"),
    ("six terms", 6, "terms", "six terms"),
    ("one term", 1, "terms", "one term"),
    ("at least a term", 1, "terms", "a term"),
    ("one year", 1, "years", "one year"),
    ("three terms", 3, "terms", "three terms"),
    ("6 years", 6, "years", "6 years"),
    ("12 months", 12, "months", "12 months"),
    ("four weeks", 4, "weeks", "four weeks"),
    ("twenty one hours", 21, "hours", "twenty one hours"),
    ("1,000 hours", 1000, "hours", "1,000 hours"),
    ("TEN WORKING DAYS", 10, "working_days", "TEN WORKING DAYS"),
    ("no more than nine tenths of the timetable", 90, "percent", "nine tenths"),
    ("a tenth of their teaching time", 10, "percent", "a tenth"),
    ("a reduction of one-twentieth.", 5, "percent", "one-twentieth"),
    ("that allowance of one tenth carries over", 10, "percent", "one tenth"),
]


@pytest.mark.parametrize(("text", "value", "unit", "span"), QUANTITY_CASES, ids=[c[0] for c in QUANTITY_CASES])
def test_finds_single_quantity(text: str, value: float, unit: str, span: str) -> None:
    found = find_quantities(text)
    assert [(q.value, q.unit, q.text) for q in found] == [(value, unit, span)]
    assert text[found[0].start : found[0].end] == span


NON_QUANTITIES = [
    "half-termly meetings",
    "in a fifth year of teaching",
    "at the end of a fifth year",
    "on the tenth day",
    "eleven tenths of nothing",
    "weekly mentoring",
    "in the first year",
    "the second term",
    "2023",
    "Year 1 and Year 2 pupils",
    "2023 Year 1",
    "V3.0",
    "Key Stage 2",
    "once a year",
    "twice a term",
    "a day",
    "often days",
    "first 2 ",
    "",
]


@pytest.mark.parametrize("text", NON_QUANTITIES)
def test_non_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_order_of_appearance() -> None:
    text = "The ECT has a 10% reduction in year one, 5% in year two, over two years; reply in 10 working days."
    found = find_quantities(text)
    assert [(q.value, q.unit) for q in found] == [(10, "percent"), (5, "percent"), (2, "years"), (10, "working_days")]
    assert all(text[q.start : q.end] == q.text for q in found)


NUMBER_WORDS = [
    ("ten", 10), ("ninety-five", 95), ("thirty", 30), ("one", 1), ("zero", 0), ("nineteen", 19),
    ("Ninety Five", 95), ("twenty\u2013one", 21), ("seventeen", 17), ("29.5", 29.5), ("1,000", 1000),
]


@pytest.mark.parametrize(("word", "value"), NUMBER_WORDS)
def test_parse_number_word(word: str, value: float) -> None:
    assert parse_number_word(word) == value


@pytest.mark.parametrize("word", ["first", "hundred", "ten-ten", "twenty-twenty", "a", "", "V3", "one two"])
def test_parse_number_word_rejects(word: str) -> None:
    assert parse_number_word(word) is None
