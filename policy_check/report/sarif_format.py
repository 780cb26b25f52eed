"""SARIF 2.1.0: gaps as code-scanning results, so GitHub and other SARIF viewers show them on the policy."""

from __future__ import annotations

import json
from typing import Any

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report import RenderOptions
from policy_check.report.ci_text import artifact_uri, citation_text, evidence_place, first_line, snippet

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"statutory": "error", "expected": "warning", "advisory": "note"}
INFORMATION_URI = "https://www.gov.uk/government/publications/induction-for-early-career-teachers-england"


def render(report: Report, options: RenderOptions) -> str:
    """The whole report as one SARIF log with one run."""
    rules = _rules(report)
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    results = [
        _result(policy, finding, rule_index[finding.rule_id])
        for policy in report.policies
        for finding in policy.findings
        if finding.is_gap
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policy-check",
                        "version": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [_invocation(report)],
                "artifacts": [_artifact(policy) for policy in report.policies],
                "results": results,
                "properties": {"ruleset": dict(report.ruleset), "asOf": report.as_of},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rules(report: Report) -> list[dict[str, Any]]:
    """One reporting descriptor per requirement, in the order the report first names them."""
    seen: dict[str, Finding] = {}
    for policy in report.policies:
        for finding in policy.findings:
            seen.setdefault(finding.rule_id, finding)
    return [_rule(finding) for finding in seen.values()]


def _rule(finding: Finding) -> dict[str, Any]:
    help_lines = [finding.remediation or finding.title, f"Source: {citation_text(finding.citation)}"]
    rule: dict[str, Any] = {
        "id": finding.rule_id,
        "name": _pascal_case(finding.rule_id),
        "shortDescription": {"text": finding.title},
        "help": {"text": "\n".join(help_lines)},
        "defaultConfiguration": {"level": LEVELS.get(finding.severity, "note")},
        "properties": {"severity": finding.severity, "area": finding.area},
    }
    if finding.citation.get("url"):
        rule["helpUri"] = finding.citation["url"]
    return rule


def _pascal_case(rule_id: str) -> str:
    """SARIF rule names are identifiers: TT-REDUCTION-Y1 -> TtReductionY1."""
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


def _result(policy: PolicyResult, finding: Finding, rule_index: int) -> dict[str, Any]:
    uri = artifact_uri(policy.source)
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    location: dict[str, Any] = {"physicalLocation": physical}
    line = first_line(policy.source, finding)
    if line is not None:
        physical["region"] = {"startLine": line, "startColumn": 1}
    elif finding.evidence and finding.evidence[0].location.section:
        location["logicalLocations"] = [{"name": finding.evidence[0].location.section, "kind": "section"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "note"),
        "kind": "fail",
        "message": {"text": _message(finding, with_place=line is None)},
        "locations": [location],
        "partialFingerprints": {"policyCheckRule/v1": f"{finding.rule_id}:{uri}"},
        "properties": {"status": finding.status, "severity": finding.severity, "area": finding.area},
    }
    if finding.waiver is not None:
        result["suppressions"] = [{"kind": "external", "justification": str(finding.waiver.get("reason", ""))}]
    return result


def _message(finding: Finding, with_place: bool) -> str:
    """`conflict: <message> Evidence (page 3): "<quote>"`; the page is named when there is no line."""
    text = f"{finding.status}: {finding.message}"
    if finding.evidence:
        evidence = finding.evidence[0]
        place = evidence_place(evidence) if with_place else ""
        label = f"Evidence ({place})" if place else "Evidence"
        text += f" {label}: \u201c{snippet(evidence.text)}\u201d"
    return text


def _invocation(report: Report) -> dict[str, Any]:
    """Unreadable policies become error notifications and mark the run as not fully successful."""
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{policy.source}: {policy.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(policy.source)}}}],
        }
        for policy in report.policies
        if policy.error
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _artifact(policy: PolicyResult) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": artifact_uri(policy.source)}}
    if policy.sha256:
        artifact["hashes"] = {"sha-256": policy.sha256}
    return artifact
