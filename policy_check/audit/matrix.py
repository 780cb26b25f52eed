"""The school-by-requirement matrix: which requirements, in which order, and each policy's status for each."""

from __future__ import annotations

from dataclasses import dataclass

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report.overview import group_by_area


@dataclass(frozen=True)
class Requirement:
    """One matrix column: a rule and how many readable policies fall short of it."""

    rule_id: str
    title: str
    area: str
    severity: str
    gaps: int


def requirements_in_ruleset_order(report: Report) -> list[Finding]:
    """One representative finding per rule id, in ruleset order (findings follow it, per the contract)."""
    seen: dict[str, Finding] = {}
    for policy in report.policies:
        for finding in policy.findings:
            seen.setdefault(finding.rule_id, finding)
    return list(seen.values())


def statuses_by_rule(policy: PolicyResult) -> dict[str, Finding]:
    return {finding.rule_id: finding for finding in policy.findings}


def columns_by_area(report: Report) -> list[tuple[str, list[Requirement]]]:
    """Areas in ruleset order; within each area the most common gaps first (ties keep ruleset order)."""
    gaps: dict[str, int] = {}
    for policy in report.policies:
        for finding in policy.findings:
            gaps[finding.rule_id] = gaps.get(finding.rule_id, 0) + (1 if finding.is_gap else 0)
    grouped = []
    for area, findings in group_by_area(requirements_in_ruleset_order(report)):
        columns = [Requirement(f.rule_id, f.title, area, f.severity, gaps[f.rule_id]) for f in findings]
        grouped.append((area, sorted(columns, key=lambda column: -column.gaps)))
    return grouped
