"""Guidance editions: the 2021 edition as its own ruleset, and what changes between it and 2025."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from policy_check.cli import cli
from policy_check.editions import rule_changes
from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.extract import read_text

CRESTWOOD = str(Path(__file__).resolve().parent.parent / "corpus" / "crestwood-ect-policy.txt")
CHANGED_BY_2025 = {"DOC-GUIDANCE-CURRENT", "DOC-TERMINOLOGY", "TT-TUTOR-MENTOR-TIME", "PROG-FRAMEWORK",
                   "PROG-ROUTE", "DOC-REVIEW-CURRENT"}


def _explain(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["explain-changes", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_2021_edition_is_a_bundled_ruleset_and_reports_name_it():
    result = CliRunner().invoke(cli, ["check", CRESTWOOD, "--ruleset", "england-ect-induction@2021",
                                      "--format", "json", "--as-of", "2026-11-24"])
    report = json.loads(result.stdout)
    assert report["ruleset"]["edition"] == "2021" and report["ruleset"]["applies_from"] == "2021-09-01"
    assert len(report["policies"][0]["findings"]) == 46


def test_rule_changes_are_exactly_what_the_2025_edition_changed():
    old, new = load_ruleset("england-ect-induction@2021"), load_ruleset("england-ect-induction")
    changes = {c.rule_id: c for c in rule_changes(old, new)}
    assert set(changes) == CHANGED_BY_2025
    assert changes["DOC-REVIEW-CURRENT"].kind == "edition date"
    assert all(c.note for c in changes.values())


def test_crestwood_differs_only_where_the_2025_edition_changed_something():
    for as_of in ("2026-03-01", "2026-11-24"):
        data = _explain(CRESTWOOD, "--as-of", as_of)
        differing = {d["rule_id"] for d in data["policies"][0]["differences"]}
        assert differing <= CHANGED_BY_2025, as_of
    # Within a year of the 2025 edition, its arrival fired Crestwood's "when new guidance is issued" trigger.
    early = _explain(CRESTWOOD, "--as-of", "2026-03-01")["policies"][0]["differences"]
    assert [(d["rule_id"], d["old"]["status"], d["new"]["status"]) for d in early] == [
        ("DOC-REVIEW-CURRENT", "partial", "conflict")]


def test_core_induction_programme_is_a_conflict_only_under_the_2025_edition():
    text = "Approved by governors: 10 October 2025.\n\nOur ECTs follow the core induction programme."
    document = read_text(text, source="cip.txt")
    as_of = dt.date(2026, 11, 24)
    statuses = {edition: {f.rule_id: f.status for f in evaluate(document, load_ruleset(edition), as_of).findings}
                for edition in ("england-ect-induction@2021", "england-ect-induction")}
    assert statuses["england-ect-induction@2021"]["PROG-ROUTE"] == "met"
    assert statuses["england-ect-induction"]["PROG-ROUTE"] == "conflict"
    assert statuses["england-ect-induction"]["DOC-TERMINOLOGY"] == "conflict"


def test_an_unreadable_policy_is_exit_2():
    result = CliRunner().invoke(cli, ["explain-changes", "/no/such/policy.txt"])
    assert result.exit_code == 2 and "Traceback" not in result.output
