"""The audit's charts count what the matrix shows: readable policies only, a waived gap not counted as a gap."""

from __future__ import annotations

import re

from fixture_report import fixture_report
from policy_check.audit.charts import charts_section, tallies
from policy_check.audit.matrix import columns_by_area, columns_from_report, rows_from_report, row_for


def _matrix():
    report = fixture_report()
    columns = columns_from_report(report)
    rows = rows_from_report(report, {p.source: "x.html" for p in report.policies}, columns)
    return columns, rows


def test_each_requirement_counts_the_readable_policies_meeting_it_and_the_unwaived_gaps() -> None:
    columns, rows = _matrix()
    counted = {t.column.rule_id: (t.met, t.gaps) for t in tallies(columns, rows)}
    readable = [row for row in rows if not row.error]
    for i, column in enumerate(columns):
        statuses = [(row.statuses[i], row.waived[i]) for row in readable]
        assert counted[column.rule_id] == (sum(s == "met" for s, _ in statuses),
                                           sum(s not in ("", "met") and not w for s, w in statuses))
    assert counted["REC-RETENTION"][1] == 0  # its only gap is waived


def test_the_charts_say_every_number_in_words() -> None:
    columns, rows = _matrix()
    html = charts_section(columns, rows, columns_by_area(columns, rows))
    assert html.count('<g class="bar-row">') == len(columns) + len({c.area for c in columns})
    assert "1 of 2 (50%)" in html and "2 gaps: 2 statutory, 0 expected, 0 advisory" in html
    assert re.findall(r"<script", html) == []


def test_with_no_readable_policy_the_charts_say_so() -> None:
    report = fixture_report()
    columns = columns_from_report(report)
    unreadable = [row_for(p, columns, "x.html") for p in report.policies if p.error]
    assert "No readable policies yet." in charts_section(columns, unreadable, columns_by_area(columns, unreadable))
