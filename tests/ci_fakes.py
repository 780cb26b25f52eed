"""Run `policy-check check` on the fixture report's policies without the engine, to test CI wiring alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pytest

from fixture_report import RULES, RULESET_INFO, fixture_report
from policy_check.findings import PolicyResult


@dataclass
class FakeRuleset:
    """The fixture report's rules, with what `check` reads from a ruleset."""

    rule_ids: list[str]

    def info(self) -> dict[str, Any]:
        return dict(RULESET_INFO)


def fixture_policies() -> dict[str, PolicyResult]:
    """The fixture's readable policies by file name, with their waivers removed."""
    policies = {}
    for policy in fixture_report().policies:
        if not policy.error:
            findings = tuple(replace(f, waiver=None) for f in policy.findings)
            policies[policy.source.rsplit("/", 1)[-1]] = replace(policy, findings=findings)
    return policies


def use_fixture_engine(monkeypatch: pytest.MonkeyPatch, policies: dict[str, PolicyResult] | None = None) -> None:
    """Make `check` and `diff` read policies from `policies` (default: the fixture's), keyed by file name."""
    import policy_check.run as run
    import policy_check.service as service

    table = policies if policies is not None else fixture_policies()

    def fake_check_file(path: str, ruleset: FakeRuleset, as_of: dt.date, ocr: str = "auto") -> PolicyResult:
        return replace(table[str(path).replace("\\", "/").rsplit("/", 1)[-1]], source=str(path))

    monkeypatch.setattr(service, "check_file", fake_check_file)
    monkeypatch.setattr(run, "check_file", fake_check_file)
    monkeypatch.setattr(service, "load_settings_ruleset", lambda settings: FakeRuleset(list(RULES)))
