"""Overlays: add, override and disable rules; the bundled overlays; the guide's worked example works."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_check.cli import cli
from policy_check.rule_examples import iter_examples, run_example
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import RulesetError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_POLICIES = sorted((ROOT / "corpus").glob("*.txt"))
GUIDE = ROOT / "docs" / "writing-rules.md"


def worked_example() -> str:
    """The overlay in docs/writing-rules.md, so the guide and this test cannot drift apart."""
    match = re.search(r"<!-- worked-example -->\s*```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert match, "docs/writing-rules.md has no worked example"
    return match.group(1)


def check_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json", "--as-of", "2026-11-24"])
    return json.loads(result.stdout)


def test_the_guides_worked_example_adds_a_rule_and_disables_another(tmp_path):
    overlay = tmp_path / "our-trust.yaml"
    overlay.write_text(worked_example(), encoding="utf-8")
    assert CliRunner().invoke(cli, ["rules", "validate", str(overlay)]).exit_code == 0
    assert CliRunner().invoke(cli, ["rules", "test", "--ruleset", str(overlay)]).exit_code == 0

    policy = str(ROOT / "corpus" / "westgate-ect-itt-policy.txt")
    report = check_json(policy, "--ruleset", str(overlay))
    findings = {f["rule_id"]: f for f in report["policies"][0]["findings"]}
    assert findings["OT-MENTOR-WEEKLY"]["status"] == "met"  # "meet with ECTs weekly"
    assert "ELIG-SPECIAL-MEASURES" not in findings
    assert findings["CONC-GRIEVANCE"]["severity"] == "expected"
    assert report["ruleset"]["disabled"][0]["rule"] == "ELIG-SPECIAL-MEASURES"

    text = CliRunner().invoke(cli, ["check", policy, "--ruleset", str(overlay), "--as-of", "2026-11-24"]).stdout
    assert "OT-MENTOR-WEEKLY" in text and "ELIG-SPECIAL-MEASURES is switched off" in text


@pytest.mark.parametrize("ruleset_id", ["england-ect-induction@2021", "ab-quality-assurance", "sample-trust"])
def test_bundled_overlays_pass_their_examples(ruleset_id):
    ruleset = load_ruleset(ruleset_id)
    failures = [e.test_id for e in iter_examples(ruleset) if not e.todo and not run_example(e, ruleset).passed]
    assert failures == []


@pytest.mark.parametrize("policy", CORPUS_POLICIES, ids=lambda p: p.name)
def test_the_ab_overlay_reports_every_quality_assurance_criterion(policy):
    findings = check_json(str(policy), "--ruleset", "ab-quality-assurance")["policies"][0]["findings"]
    qa = [f for f in findings if f["rule_id"].startswith("AB-QA-")]
    assert [f["rule_id"] for f in qa] == [f"AB-QA-{n}" for n in range(1, 9)]
    assert all(f["severity"] == "advisory" for f in qa)
    assert len(findings) == 46 + 8


def _overlay(tmp_path: Path, text: str, name: str = "overlay.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_overriding_or_disabling_an_unknown_rule_names_the_file(tmp_path):
    path = _overlay(tmp_path, "id: x\nversion: '1'\ntitle: x\nextends: england-ect-induction\n"
                              "disable: [{rule: NO-SUCH-RULE, reason: test}]\n")
    with pytest.raises(RulesetError, match=r"overlay\.yaml: \$\.disable: no rule NO-SUCH-RULE"):
        load_ruleset(path)


def test_an_extends_cycle_is_an_error(tmp_path):
    _overlay(tmp_path, "id: a\nversion: '1'\ntitle: a\nextends: b.yaml\n", "a.yaml")
    path = _overlay(tmp_path, "id: b\nversion: '1'\ntitle: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(RulesetError, match="extends cycle"):
        load_ruleset(path)


def test_a_typo_in_an_overlay_names_the_file_and_json_path(tmp_path):
    path = _overlay(tmp_path, "id: x\nversion: '1'\ntitle: x\nextends: england-ect-induction\n"
                              "overrides:\n  CONC-GRIEVANCE: {severty: expected}\n")
    with pytest.raises(RulesetError, match=r"overlay\.yaml: \$\.overrides\.CONC-GRIEVANCE: unknown key"):
        load_ruleset(path)


def test_rules_show_resolved_prints_the_merged_ruleset():
    result = CliRunner().invoke(cli, ["rules", "show", "--resolved", "--ruleset", "sample-trust"])
    assert result.exit_code == 0
    assert "TRUST-ESCALATION" in result.stdout and "ELIG-AB-NAMED" in result.stdout.split("rules:")[0]


def test_an_overlay_can_extend_a_concept_list_as_well_as_replace_it(tmp_path):
    import datetime as dt

    from policy_check.engine import evaluate
    from policy_check.extract import read_text

    overlay = tmp_path / "coaches.yaml"
    overlay.write_text(
        "id: coaches\nversion: '1'\ntitle: Coaches\nextends: england-ect-induction\n"
        "extend_concepts:\n  mentor: [induction coach]\n", encoding="utf-8")
    extended = load_ruleset(str(overlay), strict=True)
    bundled = load_ruleset("england-ect-induction")
    assert extended.concepts["mentor"] == bundled.concepts["mentor"] + ["induction coach"]
    policy = read_text("Every ECT has an induction coach who meets them weekly.", source="<p>")
    status = {f.rule_id: f.status for f in evaluate(policy, extended, dt.date(2026, 11, 24)).findings}
    assert status["ROLE-MENTOR"] == "met"

    overlay.write_text(
        "id: coaches\nversion: '1'\ntitle: Coaches\nextends: england-ect-induction\n"
        "extend_concepts:\n  no_such_concept: [x]\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="extend_concepts.no_such_concept"):
        load_ruleset(str(overlay))


@pytest.mark.parametrize("ruleset", ["ab-quality-assurance", "sample-trust"])
def test_rules_list_lines_up_id_severity_area_and_title(ruleset: str) -> None:
    result = CliRunner().invoke(cli, ["rules", "list", "--ruleset", ruleset])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()[1:]
    rules = load_ruleset(ruleset).rules
    starts = {(line.index(r["severity"], len(r["id"]) + 2), line.index(r["area"], line.index(r["severity"]) + 1),
               line.index(r["title"], line.index(r["area"]) + 1)) for line, r in zip(lines, rules)}
    assert len(starts) == 1  # every rule's severity, area and title start in the same column
    severity_column = starts.pop()[0]
    for line in lines[len(rules):]:  # a rule an overlay switched off: its reason where the severity goes
        assert line.index("disabled: ") == severity_column


def test_rules_list_columns_widen_for_a_long_id() -> None:
    from policy_check.commands.rules import aligned

    lines = aligned([["OUR-TRUST-MENTOR-MEETS-WEEKLY-IN-TERM", "expected", "roles", "A weekly mentor meeting"],
                     ["DOC-APPROVAL", "expected", "document", "Approval recorded"]])
    assert lines == ["OUR-TRUST-MENTOR-MEETS-WEEKLY-IN-TERM  expected  roles     A weekly mentor meeting",
                     "DOC-APPROVAL                           expected  document  Approval recorded"]
