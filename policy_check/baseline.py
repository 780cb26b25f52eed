"""Baselines: fail only on gaps that are new since a previous JSON report, so old debt does not block CI.

A gap is old when the baseline holds the same policy (matched by sha256, else source path, else file
name) with a gap on the same rule. A gap that became `conflict` from another kind of gap counts as new:
the policy now contradicts the guidance, which is worse than saying too little.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path, PurePosixPath

from policy_check.errors import ConfigError
from policy_check.findings import Finding, PolicyResult, Report


def load_baseline(path: Path) -> Report:
    """Read a report written by `--format json`; an unreadable one is a ConfigError (exit 2)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Report.from_dict(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: cannot read baseline report: {error}") from None
    except (KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"{path}: not a policy-check JSON report (missing {error})") from None


def apply_baseline(report: Report, baseline: Report, baseline_name: str) -> Report:
    """Mark every gap already in the baseline as waived, leaving new gaps to fail the run."""
    return replace(report, policies=tuple(_apply(policy, baseline, baseline_name) for policy in report.policies))


def _apply(policy: PolicyResult, baseline: Report, baseline_name: str) -> PolicyResult:
    previous = matching_policy(policy, baseline.policies)
    if previous is None:
        return policy
    old_gaps = {f.rule_id: f for f in previous.findings if f.is_gap}
    waiver = {"reason": f"already in baseline {baseline_name}", "baseline": True}
    findings = tuple(
        finding.with_waiver(waiver) if _is_old(finding, old_gaps.get(finding.rule_id)) else finding
        for finding in policy.findings
    )
    return replace(policy, findings=findings)


def _is_old(finding: Finding, previous: Finding | None) -> bool:
    """An open gap the baseline already had; a gap that turned into a conflict is new."""
    if not finding.is_gap or finding.waived or previous is None:
        return False
    return not (finding.status == "conflict" and previous.status != "conflict")


def matching_policy(policy: PolicyResult, candidates: tuple[PolicyResult, ...]) -> PolicyResult | None:
    """The same policy in another report: same content, else same path, else same file name."""
    readable = [c for c in candidates if not c.error]
    if policy.sha256:
        for candidate in readable:
            if candidate.sha256 == policy.sha256:
                return candidate
    for candidate in readable:
        if _normal(candidate.source) == _normal(policy.source):
            return candidate
    name = PurePosixPath(_normal(policy.source)).name
    for candidate in readable:
        if PurePosixPath(_normal(candidate.source)).name == name:
            return candidate
    return None


def _normal(source: str) -> str:
    path = source.replace("\\", "/")
    return path[2:] if path.startswith("./") else path
