"""docs/rules.md is generated from the rule data; it must match the rules."""

from __future__ import annotations

from pathlib import Path

from policy_check.engine.ruleset import load_ruleset
from policy_check.rules_doc import render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    expected = render_markdown(load_ruleset("england-ect-induction"))
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is out of date: run `policy-check rules list --format markdown > docs/rules.md`")


def test_every_rule_is_documented_with_its_statuses():
    text = DOC.read_text(encoding="utf-8")
    for rule in load_ruleset("england-ect-induction").rules:
        assert f"### {rule['id']}: {rule['title']}" in text
