"""GitHub Actions workflow commands: each open gap becomes an annotation on the policy file in the run."""

from __future__ import annotations

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report import RenderOptions
from policy_check.report.ci_text import artifact_uri, evidence_place, first_line, snippet

COMMANDS = {"statutory": "error", "expected": "warning", "advisory": "notice"}


def render(report: Report, options: RenderOptions) -> str:
    """One `::error|warning|notice ...::...` line per gap that no waiver covers, and per unreadable file."""
    lines: list[str] = []
    for policy in report.policies:
        if policy.error:
            lines.append(f"::error file={escape_property(artifact_uri(policy.source))}::{escape_data(policy.error)}")
            continue
        lines.extend(_annotation(policy, finding) for finding in policy.findings if finding.is_gap and not finding.waived)
    return "".join(line + "\n" for line in lines)


def _annotation(policy: PolicyResult, finding: Finding) -> str:
    properties = [f"file={escape_property(artifact_uri(policy.source))}"]
    line = first_line(policy.source, finding)
    if line is not None:
        properties.append(f"line={line}")
    properties.append(f"title={escape_property(f'{finding.rule_id} {finding.title}')}")
    message = f"{finding.status}: {finding.message}"
    if finding.evidence:
        evidence = finding.evidence[0]
        place = "" if line is not None else evidence_place(evidence)
        message += f" \u2014 {place + ': ' if place else ''}{snippet(evidence.text)}"
    return f"::{COMMANDS.get(finding.severity, 'notice')} {','.join(properties)}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Message escaping as GitHub's toolkit does it, so policy text cannot start a new command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property values additionally escape `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
