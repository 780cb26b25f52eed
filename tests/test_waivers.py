"""Waivers: validation, glob matching, silencing before expiry and failing after."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ci_fakes import use_fixture_engine
from fixture_report import RULES
from policy_check.cli import cli
from policy_check.errors import ConfigError
from policy_check.waivers import glob_matches, load_waivers

OAKFIELD = "policies/oakfield-ect-policy.txt"


def write_waivers(folder: Path, text: str) -> Path:
    path = folder / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def waiver_yaml(rule: str = "TT-REDUCTION-Y2", policy: str = "policies/oakfield*.txt",
                expires: str = "2027-01-31") -> str:
    return (f"waivers:\n  - rule: {rule}\n    policy: \"{policy}\"\n    reason: \"Agreed with the AB\"\n"
            f"    expires: {expires}\n    approved_by: Head of HR\n")


def run_check(tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(cli, ["check", OAKFIELD, "--format", "json", "--as-of", "2026-11-24", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}, result.stderr


@pytest.mark.parametrize(("pattern", "source", "expected"), [
    ("policies/westgate*.md", "policies/westgate-ect.md", True),
    ("policies/westgate*.md", "./policies/westgate-ect.md", True),
    ("policies/westgate*.md", "policies/old/westgate-ect.md", False),
    ("westgate*.md", "policies/old/westgate-ect.md", True),
    ("**/westgate*.md", "a/b/westgate.md", True),
    ("policies/**/*.md", "policies/westgate.md", True),
    ("policies/**", "policies/a/b.docx", True),
    ("[a-c]*.md", "b.md", True),
    ("[!a-c]*.md", "b.md", False),
    ("*.md", "policy.docx", False),
])
def test_policy_globs(pattern: str, source: str, expected: bool) -> None:
    assert glob_matches(pattern, source) is expected


def test_load_waivers_reads_dates_and_approver(tmp_path: Path) -> None:
    (waiver,) = load_waivers(write_waivers(tmp_path, waiver_yaml()), RULES)
    assert (waiver.rule, waiver.expires, waiver.approved_by) == ("TT-REDUCTION-Y2", dt.date(2027, 1, 31), "Head of HR")


@pytest.mark.parametrize(("text", "message"), [
    (waiver_yaml(rule="TT-NOPE"), "waivers/0: unknown rule 'TT-NOPE'"),
    ("waivers:\n  - rule: TT-REDUCTION-Y2\n    policy: x\n    expires: 2027-01-31\n", "'reason' is a required property"),
    (waiver_yaml() + "    colour: red\n", "'colour' was unexpected"),
    (waiver_yaml(expires="'2027-02-30'"), "expires '2027-02-30' is not a date"),
    (waiver_yaml(expires="2027-02-30"), "cannot read waivers: day is out of range"),
    ("waivers: [unclosed\n", "cannot read waivers"),
])
def test_invalid_waiver_files_name_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = write_waivers(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_waivers(path, RULES)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_a_current_waiver_silences_exactly_its_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    path = write_waivers(tmp_path, waiver_yaml())
    status, report, stderr = run_check(tmp_path, "--waivers", str(path))
    waived = [(f["rule_id"], f["waiver"]) for f in report["policies"][0]["findings"] if "waiver" in f]
    assert waived == [("TT-REDUCTION-Y2", {"rule": "TT-REDUCTION-Y2", "policy": "policies/oakfield*.txt",
                                           "reason": "Agreed with the AB", "expires": "2027-01-31",
                                           "approved_by": "Head of HR"})]
    assert status == 1  # TT-REDUCTION-Y1 and CONC-AB-CONTACT still fail
    assert stderr == ""


def test_waiving_every_failing_gap_passes_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    text = "waivers:\n" + "".join(
        f"  - {{rule: {rule}, policy: '*.txt', reason: r, expires: 2027-01-31}}\n"
        for rule in ("TT-REDUCTION-Y1", "TT-REDUCTION-Y2", "CONC-AB-CONTACT"))
    status, _, _ = run_check(tmp_path, "--waivers", str(write_waivers(tmp_path, text)))
    assert status == 0


def test_an_expired_waiver_does_not_silence_and_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    text = waiver_yaml(rule="DOC-REVIEW-CURRENT", expires="2026-11-23")
    status, report, stderr = run_check(tmp_path, "--waivers", str(write_waivers(tmp_path, text)),
                                       "--fail-on", "never")
    assert not any("waiver" in f for f in report["policies"][0]["findings"])
    assert stderr == "policy-check: waiver for DOC-REVIEW-CURRENT on policies/oakfield*.txt expired on 2026-11-23\n"
    assert status == 1


def test_a_waiver_on_its_expiry_day_still_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    text = waiver_yaml(rule="DOC-REVIEW-CURRENT", expires="2026-11-24")
    status, _, stderr = run_check(tmp_path, "--waivers", str(write_waivers(tmp_path, text)), "--fail-on", "never")
    assert (status, stderr) == (0, "")


def test_unknown_rule_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    path = write_waivers(tmp_path, waiver_yaml(rule="TT-NOPE"))
    status, report, stderr = run_check(tmp_path, "--waivers", str(path))
    assert (status, report) == (2, {})
    assert stderr == f"policy-check: {path}: waivers/0: unknown rule 'TT-NOPE'\n"


def test_a_waiver_matching_no_gap_only_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    path = write_waivers(tmp_path, waiver_yaml(rule="ROLE-MENTOR"))  # met in oakfield
    status, _, stderr = run_check(tmp_path, "--waivers", str(path), "--fail-on", "never")
    assert status == 0
    assert stderr == f"policy-check: warning: {path}: waivers/0 (ROLE-MENTOR on policies/oakfield*.txt) matches no gap\n"
