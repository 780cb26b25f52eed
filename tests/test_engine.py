"""The engine as a pure function: conflicts outrank met, evidence is located text, as-of decides dates."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.extract import read_text

AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset("england-ect-induction")


def findings(text: str, ruleset, as_of: dt.date = AS_OF) -> dict:
    return {f.rule_id: f for f in evaluate(read_text(text, source="t.txt"), ruleset, as_of).findings}


def test_a_conflict_outranks_met_and_quotes_the_contradicting_clause(ruleset):
    text = ("ECT policy\n\nFormal assessments take place at the end of year 1 and the end of year 2.\n\n"
            "The tutor will undertake three formal assessments, one each term.\n")
    finding = findings(text, ruleset)["ASSESS-FORMAL"]
    assert finding.status == "conflict"
    assert any("three formal assessments" in e.text for e in finding.evidence)


def test_evidence_is_always_a_located_substring_of_the_document(ruleset):
    text = open("corpus/lumen-ect-policy.txt", encoding="utf-8").read()
    document = read_text(text, source="lumen.txt")
    result = evaluate(document, ruleset, AS_OF)
    for finding in result.findings:
        for evidence in finding.evidence:
            start, end = evidence.location.start, evidence.location.end
            assert document.text[start:end] == evidence.text


def test_swapped_percentages_are_conflicts_for_both_years(ruleset):
    result = findings("ECTs get a 5% reduction in the first year and a 10% reduction in the second year.", ruleset)
    assert result["TT-REDUCTION-Y1"].status == result["TT-REDUCTION-Y2"].status == "conflict"


def test_words_for_numbers_and_kept_share_of_timetable(ruleset):
    text = "In their first year ECTs teach no more than ninety per cent of the timetable of other teachers."
    assert findings(text, ruleset)["TT-REDUCTION-Y1"].status == "met"


def test_a_local_authority_as_appropriate_body_is_a_conflict_only_after_august_2024(ruleset):
    text = "Our appropriate body is the local authority, Northshire County Council."
    assert findings(text, ruleset)["ELIG-AB-NAMED"].status == "conflict"
    assert findings(text, ruleset, dt.date(2024, 3, 1))["ELIG-AB-NAMED"].status == "met"


def test_review_date_overdue_or_current_depends_on_as_of(ruleset):
    text = "Approved by the governing body: 10 October 2025\n\nNext review: October 2026"
    assert findings(text, ruleset, dt.date(2026, 1, 1))["DOC-REVIEW-CURRENT"].status == "met"
    assert findings(text, ruleset, dt.date(2026, 12, 1))["DOC-REVIEW-CURRENT"].status == "conflict"


def test_a_missing_finding_says_what_was_looked_for(ruleset):
    finding = findings("Our school welcomes new staff.", ruleset)["APPEAL-TRA"]
    assert finding.status == "missing" and finding.evidence == () and finding.looked_for


def test_a_ruleset_sent_to_another_process_compiles_again_there_with_the_same_findings():
    """Workers must not depend on memory inherited from a forked parent: a pickled ruleset travels
    without its compiled matchers and checks a policy exactly as the original does."""
    import datetime as dt
    import pickle

    from policy_check.engine import evaluate
    from policy_check.engine.ruleset import load_ruleset
    from policy_check.extract import read_text

    ruleset = load_ruleset("england-ect-induction")
    document = read_text("ECTs have a 10% reduction in the first year and 5% in the second year.", source="<p>")
    here = evaluate(document, ruleset, dt.date(2026, 11, 24))
    sent = pickle.loads(pickle.dumps(ruleset))
    assert "_compiled" not in sent.__dict__
    assert evaluate(document, sent, dt.date(2026, 11, 24)) == here
    assert sent.compiled() is sent.compiled()  # compiled once, then kept with the ruleset
