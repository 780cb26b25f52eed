"""Baselines: an unchanged policy passes; a requirement broken since the baseline fails."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from ci_fakes import fixture_policies, use_fixture_engine
from fixture_report import fixture_report
from policy_check.baseline import apply_baseline, matching_policy
from policy_check.cli import cli
from policy_check.findings import Finding, PolicyResult

OAKFIELD = "policies/oakfield-ect-policy.txt"


def check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", OAKFIELD, "--format", "json", "--as-of", "2026-11-24", *args])
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


def with_status(policy: PolicyResult, rule_id: str, status: str) -> PolicyResult:
    findings = tuple(replace(f, status=status) if f.rule_id == rule_id else f for f in policy.findings)
    return replace(policy, findings=findings)


def save_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fixture_engine(monkeypatch)
    status, report = check()
    assert status == 1
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def test_an_unchanged_policy_passes_against_its_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = save_baseline(tmp_path, monkeypatch)
    status, report = check("--baseline", str(baseline))
    assert status == 0
    waived = {f["rule_id"]: f["waiver"] for f in report["policies"][0]["findings"] if "waiver" in f}
    assert sorted(waived) == ["CONC-AB-CONTACT", "DOC-REVIEW-CURRENT", "REC-RETENTION", "TT-REDUCTION-Y1",
                              "TT-REDUCTION-Y2"]
    assert waived["TT-REDUCTION-Y1"] == {"reason": "already in baseline previous.json", "baseline": True}


def test_a_newly_broken_requirement_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = save_baseline(tmp_path, monkeypatch)
    oakfield = fixture_policies()["oakfield-ect-policy.txt"]
    use_fixture_engine(monkeypatch, {"oakfield-ect-policy.txt": with_status(oakfield, "ROLE-MENTOR", "missing")})
    status, report = check("--baseline", str(baseline))
    assert status == 1
    mentor = next(f for f in report["policies"][0]["findings"] if f["rule_id"] == "ROLE-MENTOR")
    assert "waiver" not in mentor


def test_a_gap_that_became_a_conflict_is_new() -> None:
    report = fixture_report()
    oakfield = report.policies[0]
    now = replace(report, policies=(with_status(oakfield, "TT-REDUCTION-Y2", "conflict"),))
    marked = apply_baseline(now, report, "old.json").policies[0]
    by_rule: dict[str, Finding] = {f.rule_id: f for f in marked.findings}
    assert by_rule["TT-REDUCTION-Y2"].waiver is None
    assert by_rule["TT-REDUCTION-Y1"].waiver == {"reason": "already in baseline old.json", "baseline": True}


def test_policies_match_by_hash_then_path_then_file_name() -> None:
    oakfield, brook, _ = fixture_report().policies
    moved = replace(oakfield, source="elsewhere/renamed.txt")
    assert matching_policy(moved, (brook, oakfield)) is oakfield
    edited = replace(oakfield, sha256="ff" * 32, source="./" + oakfield.source)
    assert matching_policy(edited, (brook, oakfield)) is oakfield
    copied = replace(oakfield, sha256=None, source="archive/oakfield-ect-policy.txt")
    assert matching_policy(copied, (brook, oakfield)) is oakfield
    assert matching_policy(replace(copied, source="new.txt"), (brook, oakfield)) is None


def test_an_unreadable_baseline_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture_engine(monkeypatch)
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", OAKFIELD, "--baseline", str(path), "--as-of", "2026-11-24"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policy-check: {path}: cannot read baseline report")


def test_a_corpus_policy_against_its_own_baseline(tmp_path: Path) -> None:
    from test_ci_formats import corpus_policies

    policy = str(corpus_policies()[0])
    baseline = tmp_path / "baseline.json"
    first = CliRunner().invoke(cli, ["check", policy, "--format", "json", "--output", str(baseline),
                                     "--as-of", "2026-11-24", "--fail-on", "advisory"])
    assert first.exit_code == 1, first.output
    again = CliRunner().invoke(cli, ["check", policy, "--baseline", str(baseline), "--as-of", "2026-11-24",
                                     "--fail-on", "advisory", "--format", "json"])
    assert again.exit_code == 0, again.output
