"""The matrix of the newest version of every kept policy: the audit's columns, rows and page, and its CSVs
with the reviewers' decisions beside the checker's statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policy_check.audit.matrix import Column, MatrixRow, columns_from_ruleset, row_for
from policy_check.audit.matrix_page import LinkedAssets, render_matrix_rows
from policy_check.audit.tables import (BYTE_ORDER_MARK, FINDINGS_COLUMNS, MATRIX_LEAD_COLUMNS, findings_table,
                                      matrix_table, write_rows)
from policy_check.findings import PolicyResult, Report
from policy_check.run import build_report
from policy_check.store.decisions import Decision, all_decisions
from policy_check.store.policies import current_reports, outputs_of
from policy_check.web.checking import ruleset_for

MARKED_UP = "marked-up"
LETTER = "letter"


@dataclass(frozen=True)
class Matrix:
    header: Report  # the ruleset and dates; no policies
    columns: list[Column]
    entries: list[tuple[str, PolicyResult]]  # (sha256, result) of each policy's newest version
    rows: list[MatrixRow]


def current_matrix(web) -> Matrix:
    """The newest version of every policy checked with the server's ruleset; a row links to its page."""
    ruleset = ruleset_for(web.config.ruleset)
    reports = current_reports(web.store, web.config.ruleset)
    columns = columns_from_ruleset(ruleset)
    entries = [(sha256, report.policies[0]) for sha256, report in reports]
    rows = [row_for(result, columns, sha256,
                    f"{sha256}/{MARKED_UP}.docx" if MARKED_UP in outputs_of(web.store, sha256) else None)
            for sha256, result in entries]
    dates = sorted({report.as_of for _, report in reports}) or [web.config.as_of or dt.date.today().isoformat()]
    header = build_report([], ruleset, dt.date.fromisoformat(dates[-1]))
    return Matrix(Report(header.tool_version, header.ruleset, ", ".join(dates), header.generated_at, ()),
                  columns, entries, rows)


def matrix_page(matrix: Matrix, nav: str) -> str:
    """The audit's matrix page with its CSS and script served from /static (the CSP allows no inline script)."""
    linked = LinkedAssets(("/static/matrix.css", "/static/app.css"), "/static/matrix.js", nav)
    return render_matrix_rows(matrix.header, matrix.columns, matrix.rows, linked)


def combined_report(matrix: Matrix) -> Report:
    return Report(matrix.header.tool_version, matrix.header.ruleset, matrix.header.as_of.split(", ")[-1],
                  matrix.header.generated_at, tuple(result for _, result in matrix.entries))


def matrix_csv(web, matrix: Matrix) -> str:
    """matrix.csv as the audit writes it; a decided cell reads "partial (reviewer: met, was partial)"."""
    decisions = all_decisions(web.store)
    table = matrix_table(matrix.columns, matrix.rows)
    for cells, (sha256, result) in zip(table[1:], matrix.entries):
        decided = decisions.get(sha256, {})
        for position, column in enumerate(matrix.columns, start=len(MATRIX_LEAD_COLUMNS)):
            if not result.error and column.rule_id in decided:
                cells[position] = f"{cells[position]} ({decided[column.rule_id].describe()})"
    return BYTE_ORDER_MARK + write_rows(table)


def findings_csv(web, matrix: Matrix) -> str:
    """findings.csv as the audit writes it, with a last column for the reviewer's decision."""
    decisions = all_decisions(web.store)
    table = [[*FINDINGS_COLUMNS, "reviewer"]]
    for sha256, result in matrix.entries:
        decided = decisions.get(sha256, {})
        table += [[*row, decision_line(decided.get(row[1]))] for row in findings_table(result, matrix.columns)]
    return BYTE_ORDER_MARK + write_rows(table)


def decision_line(decision: Decision | None) -> str:
    """'reviewer: met, was partial (Jo Patel, 2026-11-24T10:00:00Z): the note', or '' when undecided."""
    if decision is None:
        return ""
    note = f": {decision.note}" if decision.note else ""
    return f"{decision.describe()} ({decision.reviewer}, {decision.decided_at}){note}"
