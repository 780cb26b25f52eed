"""The CI formats (SARIF, JUnit, GitHub annotations) rendered from the shared fixture report and real policies."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from fixture_report import fixture_report
from policy_check.report import RenderOptions, render
from policy_check.report.github_format import escape_data, escape_property

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def sarif_of(report, fail_on: str = "statutory") -> dict:
    return json.loads(render(report, "sarif", RenderOptions(fail_on=fail_on)))


def test_sarif_validates_against_the_sarif_schema() -> None:
    errors = sorted(sarif_validator().iter_errors(sarif_of(fixture_report())), key=str)
    assert errors == []


def test_the_sarif_schema_rejects_a_wrong_level() -> None:
    log = sarif_of(fixture_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator().is_valid(log)


def test_sarif_has_one_rule_per_requirement_and_one_result_per_gap() -> None:
    report = fixture_report()
    run = sarif_of(report)["runs"][0]
    assert run["tool"]["driver"]["name"] == "policy-check"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [f.rule_id for f in report.policies[0].findings]
    gaps = [(p.source, f.rule_id) for p in report.policies for f in p.findings if f.is_gap]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
            for r in run["results"]] == gaps


def test_sarif_levels_regions_and_logical_locations() -> None:
    results = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r
               for r in sarif_of(fixture_report())["runs"][0]["results"]}
    by_line = results[("policies/oakfield-ect-policy.txt", "TT-REDUCTION-Y1")]
    assert by_line["level"] == "error"
    assert by_line["locations"][0]["physicalLocation"]["region"] == {"startLine": 41, "startColumn": 1}
    assert by_line["message"]["text"].startswith("conflict: States 5%")
    by_page = results[("policies/brook-ect-policy.docx", "DOC-TERMINOLOGY")]
    assert by_page["level"] == "note"
    assert by_page["locations"][0]["logicalLocations"] == [{"name": "1.0 Introduction", "kind": "section"}]
    assert "page 2" in by_page["message"]["text"]
    missing = results[("policies/oakfield-ect-policy.txt", "CONC-AB-CONTACT")]
    assert missing["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "policies/oakfield-ect-policy.txt"}}}]


def test_sarif_suppresses_waived_findings_and_reports_unreadable_files() -> None:
    run = sarif_of(fixture_report())["runs"][0]
    waived = [r for r in run["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in waived] == [
        ("REC-RETENTION", [{"kind": "external", "justification": "Trust-wide arrangement agreed with the AB"}])]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == [
        "policies/scan.pdf: no text layer (a scanned image?): run OCR first"]


def junit_of(report, fail_on: str = "statutory") -> ET.Element:
    return ET.fromstring(render(report, "junit", RenderOptions(fail_on=fail_on)).encode("utf-8"))


def test_junit_has_one_testcase_per_requirement_per_policy() -> None:
    report = fixture_report()
    suites = junit_of(report).findall("testsuite")
    assert [s.get("name") for s in suites] == [p.source for p in report.policies]
    oakfield, brook, unreadable = suites
    assert [c.get("name").split()[0] for c in oakfield.findall("testcase")] == [
        f.rule_id for f in report.policies[0].findings]
    assert len(brook.findall("testcase")) == len(report.policies[1].findings)
    assert unreadable.get("errors") == "1" and unreadable.find("testcase/error") is not None


def test_junit_fails_gaps_at_or_above_fail_on_and_notes_the_rest() -> None:
    oakfield = junit_of(fixture_report()).find("testsuite")
    failed = {c.get("name").split()[0]: c.find("failure") for c in oakfield if c.find("failure") is not None}
    assert sorted(failed) == ["CONC-AB-CONTACT", "TT-REDUCTION-Y1", "TT-REDUCTION-Y2"]
    assert failed["TT-REDUCTION-Y1"].get("type") == "conflict"
    assert "<script>alert(1)</script>" in failed["TT-REDUCTION-Y1"].text
    assert "Ensuring a reduced timetable" in failed["TT-REDUCTION-Y1"].text
    assert oakfield.get("failures") == "3"
    notes = {c.get("name").split()[0]: c.findtext("system-out") for c in oakfield if c.find("system-out") is not None}
    assert notes["REC-RETENTION"].startswith("waived until 2027-01-31")
    assert notes["DOC-REVIEW-CURRENT"].startswith("below the --fail-on threshold")


def test_junit_fail_on_never_fails_nothing() -> None:
    assert junit_of(fixture_report(), "never").findall(".//failure") == []


def test_junit_is_deterministic() -> None:
    report = fixture_report()
    assert render(report, "junit", RenderOptions()) == render(report, "junit", RenderOptions())


def test_github_annotations_one_line_per_open_gap() -> None:
    lines = render(fixture_report(), "github", RenderOptions()).splitlines()
    assert len(lines) == 7  # 4 + 2 open gaps, 1 unreadable file; the waived gap is silent
    assert lines[1].startswith("::error file=policies/oakfield-ect-policy.txt,line=41,"
                               "title=TT-REDUCTION-Y1 10%25 timetable reduction in the first year::conflict: ")
    assert lines[4].startswith("::notice file=policies/brook-ect-policy.docx,title=DOC-TERMINOLOGY")
    assert "page 2" in lines[4]
    assert lines[-1] == "::error file=policies/scan.pdf::no text layer (a scanned image?): run OCR first"


def test_github_escaping_keeps_policy_text_from_starting_a_command() -> None:
    assert escape_data("50% off\r\n::error::x") == "50%25 off%0D%0A::error::x"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def corpus_policies() -> list[Path]:
    """The real policies: `corpus/*.txt` in the project, else the shared corpus beside the checkout."""
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "corpus", root.parent / "shared" / "corpus"):
        found = sorted(folder.glob("*.txt"))
        if found:
            return found
    raise FileNotFoundError("no corpus/*.txt policies found")


def test_sarif_of_every_corpus_policy_validates(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from policy_check.cli import cli

    output = tmp_path / "corpus.sarif"
    policies = [str(p) for p in corpus_policies()]
    result = CliRunner().invoke(cli, ["check", *policies, "--format", "sarif", "--output", str(output),
                                      "--as-of", "2026-11-24", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    log = json.loads(output.read_text(encoding="utf-8"))
    assert sorted(sarif_validator().iter_errors(log), key=str) == []
    uris = {a["location"]["uri"] for a in log["runs"][0]["artifacts"]}
    assert len(uris) == len(policies)
    assert log["runs"][0]["results"], "the corpus policies have gaps"
