"""The terminal report: every finding grouped by area, evidence quoted with its location.

Colour (ANSI) only when the options ask for it, which the CLI does only for a terminal; every status
also has a symbol and a word, so nothing depends on colour.
"""

from __future__ import annotations

import textwrap

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report.overview import (
    citation_text,
    disabled_rule_lines,
    finding_groups,
    ruleset_line,
    shorten,
    status_label,
    summary_facts,
    waiver_text,
)

WIDTH = 100
QUOTE_LIMIT = 300
COLOURS = {"met": "32", "partial": "33", "missing": "31", "conflict": "1;35"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _wrap(text: str, indent: str, continuation: str | None = None) -> list[str]:
    """Wrap to the terminal width; labels ("fix: ") start the first line only."""
    follow = continuation if continuation is not None else " " * len(indent)
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=follow) or [indent]


def _quote(text: str) -> str:
    return shorten(text, QUOTE_LIMIT)


def _finding_lines(finding: Finding, color: bool) -> list[str]:
    badge = _paint(f"{status_label(finding.status):<11}", COLOURS.get(finding.status, "0"), color)
    lines = [f"  {badge} {finding.rule_id}  {finding.title} [{finding.severity}]"]
    lines += _wrap(finding.message, "      ")
    for evidence in finding.evidence:
        lines += _wrap(f"\u201c{_quote(evidence.text)}\u201d", "      > ", "      > ")
        lines.append(f"        ({evidence.location.describe()})")
    if finding.status == "missing" and finding.looked_for:
        lines += _wrap(finding.looked_for, "      looked for: ")
    if finding.is_gap and finding.remediation:
        lines += _wrap(finding.remediation, "      fix: ")
    if finding.is_gap:
        lines += _wrap(citation_text(finding.citation), "      guidance: ")
    if finding.waiver:
        lines += _wrap(waiver_text(finding.waiver), "      ")
    return lines


def _policy_lines(policy: PolicyResult, fail_on: str, color: bool, only_gaps: bool = False) -> list[str]:
    lines = [_paint(policy.source, "1", color)]
    if policy.error:
        return lines + [f"  error: {policy.error}", ""]
    metadata = policy.metadata
    if metadata.get("organisation"):
        lines.append(f"  {metadata['organisation']}")
    facts = dict(summary_facts(policy))
    counts = ", ".join(f"{k.lower()} {facts[k]}" for k in ("Met", "Partial", "Missing", "Conflict"))
    lines.append(f"  {counts}")
    for label in ("Approved", "Next review", "Appropriate body"):
        lines.append(f"  {label.lower()}: {facts[label]}")
    for _, heading, findings in finding_groups(policy.findings, only_gaps):
        lines += ["", _paint(f" {heading.upper()}", "1", color)]
        for finding in findings:
            lines += _finding_lines(finding, color)
    failing = policy.failing(fail_on)
    verdict = f"{len(failing)} gap(s) at or above {fail_on}" if fail_on != "never" else "not failing on gaps (--fail-on never)"
    return lines + ["", f"  {verdict}", ""]


def render(report: Report, options) -> str:
    header = [f"policy-check {report.tool_version}. {ruleset_line(report, with_generation=False)}"]
    header += [f"  {line}" for line in disabled_rule_lines(report)]
    header.append("")
    body = [line for policy in report.policies for line in _policy_lines(policy, options.fail_on, options.color, options.only_gaps)]
    return "\n".join(header + body) + "\n"
