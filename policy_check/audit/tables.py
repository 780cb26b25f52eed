"""The audit's CSV files: matrix.csv (policy x requirement status) and findings.csv (one row per finding)."""

from __future__ import annotations

import csv
import io

from policy_check.findings import Report
from policy_check.audit.matrix import requirements_in_ruleset_order, statuses_by_rule
from policy_check.report.overview import citation_text

FINDINGS_COLUMNS = ("source", "rule_id", "title", "area", "severity", "status", "waived", "message",
                    "evidence", "location", "citation")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Policy text a spreadsheet will not run as a formula (CSV injection): a leading ' disarms it."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _write(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue()


def matrix_csv(report: Report) -> str:
    """One row per policy, one column per requirement id (ruleset order); a cell is a status or 'error'."""
    rule_ids = [finding.rule_id for finding in requirements_in_ruleset_order(report)]
    rows = [["source", *rule_ids]]
    for policy in report.policies:
        statuses = statuses_by_rule(policy)
        rows.append([policy.source, *("error" if policy.error else
                                      (statuses[r].status if r in statuses else "") for r in rule_ids)])
    return _write(rows)


def findings_csv(report: Report) -> str:
    """One row per policy x requirement; an unreadable policy has one 'error' row per requirement."""
    requirements = requirements_in_ruleset_order(report)
    rows = [list(FINDINGS_COLUMNS)]
    for policy in report.policies:
        if policy.error:
            rows.extend([policy.source, r.rule_id, r.title, r.area, r.severity, "error", "no", policy.error,
                         "", "", citation_text(r.citation)] for r in requirements)
            continue
        for f in policy.findings:
            rows.append([
                policy.source, f.rule_id, f.title, f.area, f.severity, f.status, "yes" if f.waived else "no",
                f.message,
                " | ".join(e.text for e in f.evidence),
                " | ".join(e.location.describe() for e in f.evidence),
                citation_text(f.citation),
            ])
    return _write(rows)
