"""The fast lower-case form of a ruleset expression finds exactly what the written form finds."""

import re

import pytest

from policy_check.engine.caseless import CaselessPattern

TEXT = ("Termly reviews: the ECT is reviewed half-termly, not determly. INDUCTION YEAR one; the induction "
        "years. Ideally  QTS where possible. Head of School; the Head decides. İstanbul İnduction year. "
        "Wiltshire Council and the Academy Council; the Trust, a trusted colleague.")

PATTERNS = [
    r"\b(?:half[- ]?)?termly\b",
    r"\binduction\s+year\b(?!s)",
    r"\b(?:the|an?|their)\s+induction\s+year\b(?!s)",
    r"\b(?:QTS|qualified\s+teacher\s+status)\b[^.;\n]{0,15}\b(?:where|if)\s+possible",
    r"\bterm\B",
    r"\bideally|normally",
    r"(?-i:\b(?:the|The)\s+Head\b)(?!\s+of\b)",
    r"(?-i:\b(?:(?!(?:The|Academy)\b)[A-Z][a-z]+[ -]){1,3}Council\b)",
    r"(?-i:\bTrust\b)",
    r"\b\s*",
    r"[A-Z]{3}\b",
]


@pytest.mark.parametrize("source", PATTERNS)
@pytest.mark.parametrize("text", [TEXT, TEXT.replace("İ", "I"), "", "termly"])
def test_fast_form_finds_what_the_written_form_finds(source: str, text: str) -> None:
    pattern = CaselessPattern.compile(source)
    written = [m.span() for m in re.compile(source, re.IGNORECASE).finditer(text) if m.end() > m.start()]
    assert list(pattern.finditer(text, text.lower())) == written


def test_leading_boundary_is_checked_where_the_fast_form_matches() -> None:
    pattern = CaselessPattern.compile(r"\btermly\b")
    assert pattern.lowered is not None and pattern.boundary_first
    assert list(pattern.finditer("determly TERMLY", "determly termly")) == [(9, 15)]


def test_a_part_that_keeps_case_stays_with_the_written_form() -> None:
    assert CaselessPattern.compile(r"(?-i:\bThe\s+Head\b)").lowered is None
