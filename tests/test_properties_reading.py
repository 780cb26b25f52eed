"""Any text in, no exception out: cleaning, segmenting and checking keep offsets and evidence exact."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import InputError
from policy_check.extract import read_text
from policy_check.extract.clean import clean_block_text

RULESET = load_ruleset("england-ect-induction")
FRAGMENTS = [
    "ECTs receive a 10% reduction in the first year", "and 5% in the second year", "in addition to PPA time",
    "[bookmark: _heading=h.gjdgxs]", "<p>The Headteacher</p> <ul> ● Ensuring", "\t", "\n", "\n\n", "· ", "• ",
    "1.0 Policy statement", "- 1.1 Our school", "Next review\t1 st June 2028", "Approved: 01/06/2026",
    "NQT", "the LA", "three formal assessments", "named contact at the appropriate body", "\u00a0", "é", "’",
    "Review cycle: when new guidance is issued", "# Heading", "| a | b |", "&amp;", "<script>x</script>",
]
policy_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=400), policy_like)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_cleaning_any_text_gives_one_line(text):
    cleaned = clean_block_text(text)
    assert "\n" not in cleaned and cleaned == cleaned.strip()


@SETTINGS
@given(any_text)
def test_segmenting_keeps_every_offset_inside_the_text(text):
    try:
        document = read_text(text, source="p.txt")
    except InputError as error:
        assert "\n" not in str(error)
        return
    for clause in document.clauses:
        assert 0 <= clause.start <= clause.end <= len(document.text)
        assert document.text[clause.start:clause.end] == clause.text and clause.text
    for section in document.sections:
        assert all(0 <= i < len(document.clauses) for i in section.clause_indices)
        assert section.parent is None or section.parent < section.index


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_like)
def test_evidence_is_always_the_document_text_at_its_offsets(text):
    try:
        document = read_text(text, source="p.txt")
    except InputError:
        return
    for finding in evaluate(document, RULESET, dt.date(2026, 11, 24)).findings:
        for evidence in finding.evidence:
            location = evidence.location
            assert document.text[location.start:location.end] == evidence.text
            assert evidence.text in document.text
