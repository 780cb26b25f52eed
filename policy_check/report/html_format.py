"""The self-contained HTML report: one page, a section per policy, every finding anchored by its rule id.

All policy text goes through `html.escape`; the page carries no script at all, so nothing a policy
says can run. With one policy a finding's `id` is its rule id (`#TT-REDUCTION-Y1`); with several,
`<policy number>-<rule id>` keeps ids unique.
"""

from __future__ import annotations

from html import escape

from policy_check.findings import Evidence, Finding, PolicyResult, Report
from policy_check.report.overview import (
    disabled_rule_lines,
    ruleset_line,
    asset,
    citation_text,
    finding_groups,
    policy_heading,
    status_label,
    summary_facts,
    waiver_text,
)


def render(report: Report, options: object) -> str:
    """The whole report as one HTML document with inline CSS."""
    single = len(report.policies) == 1
    title = policy_heading(report.policies[0]) if single else "ECT induction policy check"
    sections = [
        _policy_section(policy, "" if single else f"{number}-", with_heading=not single,
                        only_gaps=getattr(options, "only_gaps", False))
        for number, policy in enumerate(report.policies, start=1)
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{asset('report.css')}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(_ruleset_line(report))}</p>',
        "</header>",
        *sections,
        "</body>",
        "</html>",
        "",
    ])


def _ruleset_line(report: Report) -> str:
    return " ".join([ruleset_line(report), *disabled_rule_lines(report)])


def _policy_section(policy: PolicyResult, id_prefix: str, with_heading: bool, only_gaps: bool = False) -> str:
    """A policy's summary and findings; its name heads the section unless it already heads the page."""
    lines = ['<section class="policy">']
    if with_heading:
        lines.append(f"<h2>{escape(policy_heading(policy))}</h2>")
    lines.append(f'<p class="source">{escape(policy.source)}</p>')
    if policy.error:
        lines.append(f'<p class="error">Could not read this file: {escape(policy.error)}</p>')
        lines.append("</section>")
        return "\n".join(lines)
    lines.append('<table class="summary">')
    lines.extend(f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"
                 for label, value in summary_facts(policy))
    lines.append("</table>")
    groups = finding_groups(policy.findings, only_gaps)
    links = " ".join(f'<a href="#{escape(id_prefix)}area-{escape(key)}">{escape(heading)}</a>'
                     for key, heading, _ in groups)
    lines.append(f'<nav class="controls">{links}</nav>')
    for key, heading, findings in groups:
        lines.append(f'<h3 id="{escape(id_prefix)}area-{escape(key)}">{escape(heading)}</h3>')
        lines.extend(_finding_article(finding, id_prefix) for finding in findings)
    lines.append("</section>")
    return "\n".join(lines)


def _finding_article(finding: Finding, id_prefix: str) -> str:
    status = escape(finding.status)
    lines = [
        f'<article class="finding status-{status}" id="{escape(id_prefix + finding.rule_id)}" '
        f'data-status="{status}" data-severity="{escape(finding.severity)}">',
        f'<header><span class="badge status-{status}">{escape(status_label(finding.status))}</span>'
        f"<h4>{escape(finding.title)}</h4>"
        f'<span class="rule-id">{escape(finding.rule_id)}</span> \u00b7 '
        f'<span class="severity">{escape(finding.severity)}</span></header>',
        f'<p class="message">{escape(finding.message)}</p>',
    ]
    if finding.waiver is not None:
        lines.append(f'<p class="waiver">{escape(waiver_text(finding.waiver))}</p>')
    for evidence in finding.evidence:
        lines.append(f"<blockquote><p>{_marked_quote(evidence)}</p>"
                     f"<footer>{escape(evidence.location.describe())}</footer></blockquote>")
    if finding.status == "missing" and finding.looked_for:
        lines.append(f'<p class="looked-for"><strong>Looked for:</strong> {escape(finding.looked_for)}</p>')
    if finding.citation:
        lines.append(f'<p class="citation"><strong>Guidance:</strong> {escape(citation_text(finding.citation))}</p>')
    if finding.remediation and finding.is_gap:
        lines.append(f'<p class="remediation"><strong>What to change:</strong> {escape(finding.remediation)}</p>')
    lines.append("</article>")
    return "\n".join(lines)


def _marked_quote(evidence: Evidence) -> str:
    """The quote, escaped, with the words that decided the finding in <mark>."""
    return "".join(f"<mark>{escape(text)}</mark>" if decided else escape(text)
                   for text, decided in evidence.highlighted_parts())
