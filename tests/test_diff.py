"""`policy-check diff`: newly met, newly broken and changed requirements between two versions of a policy."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from ci_fakes import FakeRuleset, fixture_policies, use_fixture_engine
from fixture_report import RULES
from policy_check.cli import cli
from policy_check.findings import PolicyResult


def with_statuses(policy: PolicyResult, **statuses: str) -> PolicyResult:
    findings = tuple(replace(f, status=statuses.get(f.rule_id.replace("-", "_"), f.status), evidence=())
                     if f.rule_id.replace("-", "_") in statuses else f for f in policy.findings)
    return replace(policy, findings=findings)


def diff(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["diff", *args, "--as-of", "2026-11-24"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def two_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    """old.docx is the fixture's Brook policy; new.docx drops Y2, fixes the mentor role and changes a conflict."""
    brook = fixture_policies()["brook-ect-policy.docx"]
    new = with_statuses(brook, TT_REDUCTION_Y2="missing", ROLE_MENTOR="met", DOC_TERMINOLOGY="partial")
    use_fixture_engine(monkeypatch, {"old.docx": brook, "new.docx": new})


def test_diff_lists_each_kind_of_change_as_json(two_drafts: None) -> None:
    status, stdout, _ = diff("old.docx", "new.docx", "--format", "json")
    data = json.loads(stdout)
    assert status == 1
    assert [c["rule_id"] for c in data["newly_broken"]] == ["TT-REDUCTION-Y2"]
    assert [c["rule_id"] for c in data["newly_met"]] == ["ROLE-MENTOR"]
    assert [(c["rule_id"], c["old"]["status"], c["new"]["status"]) for c in data["changed"]] == [
        ("DOC-TERMINOLOGY", "conflict", "partial")]
    assert data["unchanged"] == 4
    assert data["newly_broken"][0]["old"]["evidence"][0]["text"] == "A reduction of 5% in the second year."


def test_diff_text_shows_evidence_from_both_sides(two_drafts: None) -> None:
    status, stdout, _ = diff("old.docx", "new.docx")
    assert status == 1
    assert "Newly broken (1)\n  TT-REDUCTION-Y2 5% timetable reduction in the second year [statutory]: met -> missing\n" \
           "    old: States a 5% reduction in the second year. page 3, section \u201c5.0 Support\u201d: " \
           "\u201cA reduction of 5% in the second year.\u201d\n" in stdout
    assert stdout.endswith("Unchanged: 4\n")


def test_diff_markdown_escapes_policy_text(monkeypatch: pytest.MonkeyPatch) -> None:
    oakfield = fixture_policies()["oakfield-ect-policy.txt"]
    use_fixture_engine(monkeypatch, {"old.txt": with_statuses(oakfield, TT_REDUCTION_Y1="missing"), "new.txt": oakfield})
    status, stdout, _ = diff("old.txt", "new.txt", "--format", "markdown")
    assert status == 0
    assert "\\<script\\>alert(1)\\</script\\>" in stdout and "<script>" not in stdout


def test_an_improved_draft_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    brook = fixture_policies()["brook-ect-policy.docx"]
    use_fixture_engine(monkeypatch, {"old.docx": with_statuses(brook, TT_REDUCTION_Y2="missing"), "new.docx": brook})
    status, stdout, _ = diff("old.docx", "new.docx", "--format", "json")
    assert status == 0
    assert [c["rule_id"] for c in json.loads(stdout)["newly_met"]] == ["TT-REDUCTION-Y2"]


def test_an_unreadable_version_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_check.service as service

    monkeypatch.setattr(service, "load_settings_ruleset", lambda settings: FakeRuleset(list(RULES)))
    missing = tmp_path / "gone.md"
    status, stdout, stderr = diff(str(missing), str(missing))
    assert (status, stdout) == (2, "")
    assert stderr.startswith(f"policy-check: {missing}")


def test_deleting_the_timetable_clause_breaks_both_reductions(tmp_path: Path) -> None:
    from test_ci_formats import corpus_policies

    original = next(p for p in corpus_policies() if p.name == "crestwood-ect-policy.txt")
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = tmp_path / "crestwood-edited.txt"
    edited.write_text("".join(line for line in lines if "of 10% in the first year and 5%" not in line),
                      encoding="utf-8")
    assert len(edited.read_text(encoding="utf-8").splitlines()) == len(lines) - 1
    status, stdout, _ = diff(str(original), str(edited), "--format", "json")
    assert status == 1
    assert {"TT-REDUCTION-Y1", "TT-REDUCTION-Y2"} <= {c["rule_id"] for c in json.loads(stdout)["newly_broken"]}
