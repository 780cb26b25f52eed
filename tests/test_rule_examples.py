"""Every rule's example sentences, collected by pytest with the rule id in the test id
(`pytest -k TT-REDUCTION-Y1`), as `policy-check rules test` runs them."""

from __future__ import annotations

import pytest

from policy_check.rule_examples import iter_examples, run_example
from policy_check.engine.ruleset import load_ruleset

RULESET = load_ruleset("england-ect-induction")
EXAMPLES = [e for e in iter_examples(RULESET) if not e.todo]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.test_id for e in EXAMPLES])
def test_example_gets_its_labelled_status(example):
    result = run_example(example, RULESET)
    assert result.got == example.expected, f"{example.text!r}: expected {example.expected}, got {result.got}"
