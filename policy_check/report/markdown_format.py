"""The Markdown report: a section per policy, a summary table, findings by area, evidence as blockquotes.

Policy text is untrusted: every Markdown and HTML metacharacter in it is backslash-escaped, so a
clause cannot open a heading, a table cell, a code span or a raw HTML tag.
"""

from __future__ import annotations

import re

from policy_check.findings import Finding, PolicyResult, Report
from policy_check.report.overview import (
    disabled_rule_lines,
    ruleset_line,
    citation_text,
    finding_groups,
    policy_heading,
    status_label,
    summary_facts,
    waiver_text,
)

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|&!~])")
_LINE_START_SPECIALS = re.compile(r"^(\s*)([#+=\-])", flags=re.MULTILINE)
_ORDERED_LIST_START = re.compile(r"^(\s*\d+)([.)])", flags=re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text that renders literally: inline specials escaped, and no line may start a heading or list."""
    escaped = _INLINE_SPECIALS.sub(r"\\\1", text)
    escaped = _LINE_START_SPECIALS.sub(r"\1\\\2", escaped)
    return _ORDERED_LIST_START.sub(r"\1\\\2", escaped)


def markdown_line(text: str) -> str:
    """Escaped text with newlines folded, for headings, table cells and list items (the diff's too)."""
    return escape_markdown(" ".join(text.split()))


def render(report: Report, options: object) -> str:
    """The whole report as Markdown."""
    lines = [
        "# ECT induction policy check",
        "",
        markdown_line(ruleset_line(report)),
        "",
        *(f"- {markdown_line(line)}" for line in disabled_rule_lines(report)),
    ]
    for policy in report.policies:
        lines.extend(_policy_lines(policy, getattr(options, "only_gaps", False)))
    return "\n".join(lines).rstrip("\n") + "\n"


def _policy_lines(policy: PolicyResult, only_gaps: bool = False) -> list[str]:
    lines = [f"## {markdown_line(policy_heading(policy))}", "", f"Source: {markdown_line(policy.source)}", ""]
    if policy.error:
        return lines + [f"**Could not read this file:** {markdown_line(policy.error)}", ""]
    lines += ["| Summary | |", "| --- | --- |"]
    lines += [f"| {markdown_line(label)} | {markdown_line(value)} |" for label, value in summary_facts(policy)]
    lines.append("")
    for _, heading, findings in finding_groups(policy.findings, only_gaps):
        lines += [f"### {markdown_line(heading)}", ""]
        for finding in findings:
            lines.extend(_finding_lines(finding))
    return lines


def _finding_lines(finding: Finding) -> list[str]:
    lines = [
        f"#### {status_label(finding.status)}: {markdown_line(finding.title)} "
        f"({markdown_line(finding.rule_id)}, {markdown_line(finding.severity)})",
        "",
        escape_markdown(finding.message),
        "",
    ]
    if finding.waiver is not None:
        lines += [f"*{markdown_line(waiver_text(finding.waiver))}*", ""]
    for evidence in finding.evidence:
        quoted = escape_markdown(evidence.text).splitlines() or [""]
        lines += [f"> {line}" for line in quoted]
        lines += [">", f"> \u2014 {markdown_line(evidence.location.describe())}", ""]
    if finding.status == "missing" and finding.looked_for:
        lines += [f"**Looked for:** {escape_markdown(finding.looked_for)}", ""]
    if finding.citation:
        lines += [f"**Guidance:** {markdown_line(citation_text(finding.citation))}", ""]
    if finding.remediation and finding.is_gap:
        lines += [f"**What to change:** {escape_markdown(finding.remediation)}", ""]
    return lines
