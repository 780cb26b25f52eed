"""The audit's index.html: one self-contained page, schools down and requirements across, grouped by area.

Every cell shows a symbol and a word as well as a colour, and links to the finding in that school's
report. All policy-derived text is escaped; the inline script is ours and reads only data attributes.
"""

from __future__ import annotations

from html import escape

from policy_check.audit.matrix import Requirement, columns_by_area, statuses_by_rule
from policy_check.findings import SEVERITIES, STATUSES, PolicyResult, Report
from policy_check.report.overview import STATUS_LABELS, STATUS_SYMBOLS, asset, policy_heading, status_label


def render_matrix(report: Report, report_names: dict[str, str]) -> str:
    """The matrix page; `report_names` maps each policy's source to its file under policies/."""
    areas = columns_by_area(report)
    columns = [column for _, area_columns in areas for column in area_columns]
    readable = sum(1 for p in report.policies if not p.error)
    ruleset = report.ruleset
    meta = (f"{len(report.policies)} policies ({len(report.policies) - readable} unreadable) checked against "
            f"{ruleset.get('title') or ruleset.get('id')} (ruleset {ruleset.get('id')} {ruleset.get('version')}) "
            f"as of {report.as_of}; generated {report.generated_at} by policy-check {report.tool_version}.")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ECT induction policy audit</title>",
        f"<style>\n{asset('matrix.css')}</style>",
        "</head>",
        "<body>",
        "<h1>ECT induction policy audit</h1>",
        f'<p class="meta">{escape(meta)}</p>',
        _controls([area for area, _ in areas]),
        _legend(),
        '<div class="scroll">',
        '<table id="matrix">',
        _header(areas),
        "<tbody>",
        *(_row(policy, columns, report_names[policy.source]) for policy in report.policies),
        "</tbody>",
        "</table>",
        "</div>",
        f"<script>\n{asset('matrix.js')}</script>",
        "</body>",
        "</html>",
        "",
    ])


def _select(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in values)
    return f'<label>{escape(label)} <select id="{name}">{options}</select></label>'


def _controls(areas: list[str]) -> str:
    return "\n".join([
        '<form class="controls" onsubmit="return false">',
        _select("filter-area", "Area", [("", "all"), *((a, a) for a in areas)]),
        _select("filter-severity", "Severity", [("", "all"), *((s, s) for s in SEVERITIES)]),
        _select("filter-status", "Status", [("", "all"), *((s, status_label(s)) for s in STATUSES),
                                            ("error", "! Unreadable")]),
        _select("sort-rows", "Sort schools", [("name", "by name"), ("gaps-desc", "most gaps first"),
                                              ("gaps-asc", "fewest gaps first")]),
        "</form>",
    ])


def _legend() -> str:
    items = "".join(f'<span class="cell status-{s}">{STATUS_SYMBOLS[s]} {STATUS_LABELS[s]}</span>' for s in STATUSES)
    return (f'<p class="legend">{items}<span class="cell status-error">! Unreadable</span>'
            '<span>* waived (an accepted deviation)</span></p>')


def _header(areas: list[tuple[str, list[Requirement]]]) -> str:
    area_cells = "".join(f'<th class="area" data-area="{escape(area)}" colspan="{len(columns)}">{escape(area)}</th>'
                         for area, columns in areas)
    requirement_cells = "".join(
        f'<th class="req" data-rule="{escape(c.rule_id)}" data-area="{escape(c.area)}" '
        f'data-severity="{escape(c.severity)}" title="{escape(c.title)} ({escape(c.severity)})">'
        f'<span class="rule">{escape(c.rule_id)}</span><span class="count">{c.gaps} gaps</span></th>'
        for _, columns in areas for c in columns
    )
    return "\n".join([
        "<thead>",
        f'<tr><th rowspan="2" class="school-head">School</th><th rowspan="2">Counts</th>{area_cells}</tr>',
        f"<tr>{requirement_cells}</tr>",
        "</thead>",
    ])


def _school_cell(policy: PolicyResult, report_name: str) -> str:
    return (f'<th scope="row" class="school"><a href="policies/{escape(report_name)}">'
            f"{escape(policy_heading(policy))}</a>"
            f'<span class="source">{escape(policy.source)}</span></th>')


def _row(policy: PolicyResult, columns: list[Requirement], report_name: str) -> str:
    name = escape(policy_heading(policy).casefold())
    if policy.error:
        return (f'<tr class="school-row error-row" data-name="{name}" data-gaps="-1">{_school_cell(policy, report_name)}'
                f'<td class="counts">unreadable</td>'
                f'<td class="cell status-error" colspan="{len(columns)}">! Unreadable: {escape(policy.error)}</td></tr>')
    findings = statuses_by_rule(policy)
    counts = policy.summary
    count_text = " ".join(f"{counts[s]}{STATUS_SYMBOLS[s]}" for s in STATUSES)
    gaps = sum(1 for f in policy.findings if f.is_gap)
    cells = "".join(_cell(findings.get(c.rule_id), c, report_name) for c in columns)
    return (f'<tr class="school-row" data-name="{name}" data-gaps="{gaps}">{_school_cell(policy, report_name)}'
            f'<td class="counts" title="met, partial, missing, conflict">{count_text}</td>{cells}</tr>')


def _cell(finding, column: Requirement, report_name: str) -> str:
    attributes = (f'data-rule="{escape(column.rule_id)}" data-area="{escape(column.area)}" '
                  f'data-severity="{escape(column.severity)}"')
    if finding is None:
        return f'<td class="cell status-none" {attributes} data-status="none">\u2013</td>'
    status = escape(finding.status)
    waived = " (waived)" if finding.waived else ""
    return (f'<td class="cell status-{status}" {attributes} data-status="{status}">'
            f'<a href="policies/{escape(report_name)}#{escape(column.rule_id)}" '
            f'title="{escape(column.rule_id)}: {escape(STATUS_LABELS.get(finding.status, finding.status))}{waived}">'
            f'{STATUS_SYMBOLS.get(finding.status, "?")}<span class="label"> {escape(STATUS_LABELS.get(finding.status, finding.status))}'
            f'{"*" if finding.waived else ""}</span></a></td>')
