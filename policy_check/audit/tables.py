"""The audit's CSV files: matrix.csv (policy x requirement status) and findings.csv (one row per finding).

Workers write each policy's findings rows as it is checked (`findings_rows`); the audit joins them in
source order, so a national run never holds every finding in one process. Both files start with a
UTF-8 byte-order mark, which tells Excel the encoding, so curly quotes and dashes open intact.
"""

from __future__ import annotations

import csv
import io

from policy_check.audit.matrix import Column, MatrixRow, columns_from_report, rows_from_report
from policy_check.findings import PolicyResult, Report
from policy_check.report.overview import citation_text, policy_heading

FINDINGS_COLUMNS = ("source", "rule_id", "title", "area", "severity", "status", "waived", "message",
                    "evidence", "location", "citation", "what_to_change", "looked_for", "school")
MATRIX_LEAD_COLUMNS = ("source", "school", "met", "partial", "missing", "conflict", "error")
BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Policy text a spreadsheet will not run as a formula (CSV injection): a leading ' disarms it."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def write_rows(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue()


def matrix_table(columns: list[Column], rows: list[MatrixRow]) -> list[list[str]]:
    """One row per policy: its school, totals per status and why it could not be read (if so), then one
    column per requirement id (ruleset order) holding a status, or 'error'."""
    table = [[*MATRIX_LEAD_COLUMNS, *(c.rule_id for c in columns)]]
    for row in rows:
        counts = row.summary
        totals = ["", "", "", ""] if row.error else [str(counts[s]) for s in ("met", "partial", "missing", "conflict")]
        table.append([row.source, row.heading, *totals, row.error or "",
                      *(["error"] * len(columns) if row.error else row.statuses)])
    return table


def matrix_csv_rows(columns: list[Column], rows: list[MatrixRow]) -> str:
    return BYTE_ORDER_MARK + write_rows(matrix_table(columns, rows))


def findings_table(policy: PolicyResult, columns: list[Column]) -> list[list[str]]:
    """findings.csv rows for one policy (FINDINGS_COLUMNS); an unreadable one has an 'error' row per requirement."""
    school = policy_heading(policy)
    if policy.error:
        return [[policy.source, c.rule_id, c.title, c.area, c.severity, "error", "no", policy.error,
                 "", "", c.citation, "", "", school] for c in columns]
    return [[
        policy.source, f.rule_id, f.title, f.area, f.severity, f.status, "yes" if f.waived else "no", f.message,
        " | ".join(e.text for e in f.evidence),
        " | ".join(e.location.describe() for e in f.evidence),
        citation_text(f.citation),
        (f.remediation or "") if f.is_gap else "",
        (f.looked_for or "") if f.status == "missing" else "",
        school,
    ] for f in policy.findings]


def findings_rows(policy: PolicyResult, columns: list[Column]) -> str:
    return write_rows(findings_table(policy, columns))


def matrix_csv(report: Report) -> str:
    columns = columns_from_report(report)
    names = {p.source: "" for p in report.policies}
    return matrix_csv_rows(columns, rows_from_report(report, names, columns))


def findings_csv(report: Report) -> str:
    columns = columns_from_report(report)
    return BYTE_ORDER_MARK + write_rows([list(FINDINGS_COLUMNS)]) + "".join(findings_rows(p, columns) for p in report.policies)
