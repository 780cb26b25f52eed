"""Many ways a school might phrase a requirement (synonyms, passive voice, number words, "the hub"):
each line of paraphrases.txt must get its expected status from its rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.extract import read_text

RULESET = load_ruleset("england-ect-induction")
LINES = [
    line.split("|", 2)
    for line in (Path(__file__).parent / "paraphrases.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.mark.parametrize("rule_id, expected, text", LINES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(LINES)])
def test_paraphrase_gets_expected_status(rule_id, expected, text):
    document = read_text(text.replace("\\n", "\n"), source="paraphrase.txt")
    finding = evaluate(document, RULESET, dt.date(2026, 11, 24), only={rule_id}).findings[0]
    assert finding.status == expected, text
