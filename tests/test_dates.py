"""Table-driven tests for date, review-cycle and month-arithmetic parsing."""

from __future__ import annotations

import datetime

import pytest

from policy_check.engine.dates import FoundDate, add_months, find_dates, find_review_cycle

D = datetime.date

DATE_CASES: list[tuple[str, datetime.date, str, str]] = [
    ("1st June 2028", D(2028, 6, 1), "day", "1st June 2028"),
    ("1 st June 2026", D(2026, 6, 1), "day", "1 st June 2026"),
    ("1 June 2028", D(2028, 6, 1), "day", "1 June 2028"),
    ("June 1st 2028", D(2028, 6, 1), "day", "June 1st 2028"),
    ("June 1st, 2028", D(2028, 6, 1), "day", "June 1st, 2028"),
    ("DATE\t01/06/2026", D(2026, 6, 1), "day", "01/06/2026"),
    ("1/6/26", D(2026, 6, 1), "day", "1/6/26"),
    ("01.06.2026", D(2026, 6, 1), "day", "01.06.2026"),
    ("2026-06-01", D(2026, 6, 1), "day", "2026-06-01"),
    ("review in June 2028.", D(2028, 6, 1), "month", "June 2028"),
    ("Jun 2028", D(2028, 6, 1), "month", "Jun 2028"),
    ("Sept 2024", D(2024, 9, 1), "month", "Sept 2024"),
    ("September 2024", D(2024, 9, 1), "month", "September 2024"),
    ("JANUARY 2024", D(2024, 1, 1), "month", "JANUARY 2024"),
    ("Autumn 2024", D(2024, 9, 1), "month", "Autumn 2024"),
    ("Spring Term 2025", D(2025, 1, 1), "month", "Spring Term 2025"),
    ("Summer 2023", D(2023, 4, 1), "month", "Summer 2023"),
    ("V3.0 16 September 2024", D(2024, 9, 16), "day", "16 September 2024"),
    ("29/02/2024", D(2024, 2, 29), "day", "29/02/2024"),
]


@pytest.mark.parametrize(("text", "date", "precision", "span"), DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_finds_single_date(text: str, date: datetime.date, precision: str, span: str) -> None:
    found = find_dates(text)
    assert [(d.date, d.precision, d.text) for d in found] == [(date, precision, span)]
    assert text[found[0].start : found[0].end] == span


NON_DATES = [
    "Education Act 2002", "DfE (2025)", "(2019)", "31/02/2026", "29/02/2025", "32 June 2026",
    "13/13/2026", "V3.0", "section 2.10.12", "Year 1", "1st June", "the 2023 guidance", "",
]


@pytest.mark.parametrize("text", NON_DATES)
def test_non_dates(text: str) -> None:
    assert find_dates(text) == []


def test_dates_in_order_from_real_header() -> None:
    text = "Date of publication:\tV1.0 December 2019 V2.0 October 2021 V3.0 16 September 2024 V3.1 30 September 2024"
    assert [(d.date, d.precision) for d in find_dates(text)] == [
        (D(2019, 12, 1), "month"), (D(2021, 10, 1), "month"), (D(2024, 9, 16), "day"), (D(2024, 9, 30), "day"),
    ]


@pytest.mark.parametrize(
    ("found", "last"),
    [
        (FoundDate(D(2028, 6, 1), "day", 0, 1, "x"), D(2028, 6, 1)),
        (FoundDate(D(2028, 6, 1), "month", 0, 1, "x"), D(2028, 6, 30)),
        (FoundDate(D(2024, 2, 1), "month", 0, 1, "x"), D(2024, 2, 29)),
        (FoundDate(D(2024, 1, 1), "year", 0, 1, "x"), D(2024, 12, 31)),
    ],
)
def test_last_day(found: FoundDate, last: datetime.date) -> None:
    assert found.last_day() == last


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2026, 6, 1), 24, D(2028, 6, 1)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 5, 15), 0, D(2024, 5, 15)),
    ],
)
def test_add_months(start: datetime.date, months: int, expected: datetime.date) -> None:
    assert add_months(start, months) == expected


CYCLE_CASES: list[tuple[str, int | None, bool, tuple[str, ...]]] = [
    ("This policy will be reviewed annually.", 12, False, ()),
    ("The annual review of this policy.", 12, False, ()),
    ("It is reviewed every year by governors.", 12, False, ()),
    ("We review the handbook every summer term, ready for September.", 12, False, ()),
    ("This policy is reviewed each September.", 12, False, ()),
    ("Review cycle: annually", 12, False, ()),
    ("Review cycle:\nAnnually", 12, False, ()),
    ("REVIEW DATE [Biennial]\t1 st June 2028", 24, False, ()),
    ("The policy is reviewed biannually.", 24, False, ()),
    ("Reviewed bi-annually by the trust.", 24, False, ()),
    ("This policy will be reviewed every two years.", 24, False, ()),
    ("Review every 2 years.", 24, False, ()),
    ("Review: two-yearly", 24, False, ()),
    ("Review: 2 yearly", 24, False, ()),
    ("Review: 3 yearly", 36, False, ()),
    ("Reviewed every three years.", 36, False, ()),
    ("Triennial review.", 36, False, ()),
    ("Review: six-monthly", 6, False, ()),
    ("This policy will be reviewed when new guidance is issued.", None, True, ("when new guidance is issued",)),
    ("Review cycle: when new guidance is issued", None, True, ("when new guidance is issued",)),
    ("Reviewed as required.", None, True, ("as required",)),
    ("Reviewed as and when needed.", None, True, ("as and when needed",)),
    ("Reviewed as necessary.", None, True, ("as necessary",)),
    ("Reviewed when legislation changes.", None, True, ("when legislation changes",)),
    (
        "Reviewed following changes to statutory guidance.",
        None,
        True,
        ("following changes to statutory guidance",),
    ),
    (
        "This policy is reviewed annually or sooner if legislation changes.",
        12,
        False,
        ("if legislation changes",),
    ),
]


@pytest.mark.parametrize(("text", "months", "trigger_only", "triggers"), CYCLE_CASES, ids=[c[0] for c in CYCLE_CASES])
def test_review_cycle(text: str, months: int | None, trigger_only: bool, triggers: tuple[str, ...]) -> None:
    cycle = find_review_cycle(text)
    assert cycle is not None
    assert (cycle.months, cycle.trigger_only, cycle.triggers) == (months, trigger_only, triggers)
    assert text[cycle.start : cycle.end] == cycle.text


@pytest.mark.parametrize(
    "text",
    [
        "Staff are entitled to annual leave.",
        "Mentors meet the ECT weekly. Support is given as required.",
        "The annual budget is set. Progress reviews happen termly.",
        "Reviewed every 0 years.",
        "",
    ],
)
def test_no_review_cycle(text: str) -> None:
    assert find_review_cycle(text) is None


def test_policy_statement_beats_progress_review() -> None:
    text = "ECTs have an annual review meeting with their mentor.\nThis policy is reviewed every two years."
    cycle = find_review_cycle(text)
    assert cycle is not None and cycle.months == 24
