"""The index of a large audit (a local area's or a national study's thousands of policies): a summary
that opens at once, with the full matrix split into pages of a few hundred schools each.

The summary has the counts, the most common gaps, a chart per area of how many schools meet each
requirement and the gaps by area (the matrix page's SVG charts: nothing is fetched), the worst-placed schools, a search box
over every school's name, and the list of matrix pages. Everything policy-derived is escaped; the
search data is JSON inside a non-executable script element, read by our own small script.
"""

from __future__ import annotations

import json
from html import escape
from typing import Iterator

from policy_check.audit.charts import gaps_by_area_svg, share_meeting_svg, tallies
from policy_check.audit.matrix import Column, MatrixRow, Requirement, columns_by_area
from policy_check.findings import Report
from policy_check.report.overview import area_label, asset, ruleset_line

COMMON_GAPS = 15
WORST_SCHOOLS = 25


def matrix_page_name(number: int) -> str:
    return f"matrix-{number:04d}.html"


def summary_page_lines(header: Report, all_columns: list[Column], rows: list[MatrixRow],
                       pages: list[tuple[int, int]]) -> Iterator[str]:
    """The summary page; `pages` gives each matrix page's first and last row index (inclusive)."""
    areas = columns_by_area(all_columns, rows)
    readable = [row for row in rows if not row.error]
    yield from [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ECT induction policy audit: summary</title>",
        f"<style>\n{asset('matrix.css')}\n{asset('summary.css')}</style>", "</head>", "<body>",
        "<h1>ECT induction policy audit</h1>",
        f'<p class="meta">{escape(f"{len(rows)} policies ({len(rows) - len(readable)} unreadable). {ruleset_line(header)}")}</p>',
    ]
    yield from _totals(all_columns, readable)
    yield from _search(rows, pages)
    yield from _common_gaps(areas, len(readable))
    yield from _worst(all_columns, readable, pages, rows)
    yield from _charts(all_columns, rows, areas, len(readable))
    yield from _page_list(rows, pages)
    yield from [f"<script>\n{asset('summary.js')}</script>", "</body>", "</html>"]


def _totals(columns: list[Column], readable: list[MatrixRow]) -> Iterator[str]:
    cells = {status: sum(row.statuses.count(status) for row in readable)
             for status in ("met", "partial", "missing", "conflict")}
    statutory = [i for i, column in enumerate(columns) if column.severity == "statutory"]
    full = sum(1 for row in readable if all(row.statuses[i] in ("met", "") or row.waived[i] for i in statutory))
    yield '<section><h2>In numbers</h2><table class="totals">'
    yield (f"<tr><th>Policies read</th><td>{len(readable)}</td></tr>"
           f"<tr><th>Meeting every statutory requirement</th><td>{full}</td></tr>")
    for status, count in cells.items():
        yield f"<tr><th>Findings {escape(status)}</th><td>{count}</td></tr>"
    yield "</table></section>"


def _search(rows: list[MatrixRow], pages: list[tuple[int, int]]) -> Iterator[str]:
    """Every school's name, report and matrix page, searched by summary.js as the reader types."""
    page_of = {index: number for number, (first, last) in enumerate(pages, start=1) for index in range(first, last + 1)}
    data = [[row.heading, row.source, row.report_name, matrix_page_name(page_of[i])] for i, row in enumerate(rows)]
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    yield ('<section><h2>Find a school</h2><label>School or file name <input id="school-search" type="search" '
           'autocomplete="off"></label><ol id="search-results" class="results"></ol>')
    yield f'<script type="application/json" id="schools">{payload}</script></section>'


def _common_gaps(areas: list[tuple[str, list[Requirement]]], readable: int) -> Iterator[str]:
    requirements = sorted((r for _, group in areas for r in group), key=lambda r: -r.gaps)
    yield '<section><h2>The most common gaps</h2><table class="common"><thead><tr><th>Requirement</th>' \
          "<th>Area</th><th>Severity</th><th>Schools with a gap</th></tr></thead><tbody>"
    for requirement in requirements[:COMMON_GAPS]:
        share = f"{100 * requirement.gaps / readable:.0f}%" if readable else "\u2013"
        yield (f"<tr><td>{escape(requirement.title)} <span class=\"rule\">{escape(requirement.rule_id)}</span></td>"
               f"<td>{escape(area_label(requirement.area))}</td><td>{escape(requirement.severity)}</td>"
               f"<td>{requirement.gaps} ({share})</td></tr>")
    yield "</tbody></table></section>"


def _worst(columns: list[Column], readable: list[MatrixRow], pages: list[tuple[int, int]],
           rows: list[MatrixRow]) -> Iterator[str]:
    """The schools most in need of help: most statutory gaps, then most conflicts, then most gaps."""
    statutory = [i for i, column in enumerate(columns) if column.severity == "statutory"]

    def weight(row: MatrixRow) -> tuple[int, int, int]:
        open_gap = [status not in ("", "met") and not waived for status, waived in zip(row.statuses, row.waived)]
        return (sum(open_gap[i] for i in statutory),
                sum(1 for status, gap in zip(row.statuses, open_gap) if gap and status == "conflict"), sum(open_gap))

    ranked = sorted(readable, key=weight, reverse=True)[:WORST_SCHOOLS]
    yield ('<section><h2>Schools with the most statutory gaps</h2><table class="worst"><thead><tr><th>School</th>'
           "<th>Statutory gaps</th><th>Conflicts</th><th>All gaps</th></tr></thead><tbody>")
    for row in ranked:
        statutory_gaps, conflicts, gaps = weight(row)
        yield (f'<tr><td><a href="policies/{escape(row.report_name)}">{escape(row.heading)}</a>'
               f'<span class="source">{escape(row.source)}</span></td><td>{statutory_gaps}</td><td>{conflicts}</td>'
               f"<td>{gaps}</td></tr>")
    yield "</tbody></table></section>"


def _charts(columns: list[Column], rows: list[MatrixRow], areas: list[tuple[str, list[Requirement]]],
            readable: int) -> Iterator[str]:
    """The matrix page's charts, one figure per area, so each opens on its own at this size."""
    if not readable:
        return
    by_rule = {tally.column.rule_id: tally for tally in tallies(columns, rows)}
    ordered = [(area, [by_rule[r.rule_id] for r in requirements]) for area, requirements in areas]
    yield '<section class="charts"><h2>How many schools meet each requirement</h2>'
    for area, area_tallies in ordered:
        yield (f'<figure class="chart"><figcaption>{escape(area_label(area))}</figcaption>'
               f"{share_meeting_svg([(area, area_tallies)], readable)}</figure>")
    yield (f'<figure class="chart"><figcaption>Gaps by area and severity</figcaption>'
           f"{gaps_by_area_svg(ordered)}</figure></section>")


def _page_list(rows: list[MatrixRow], pages: list[tuple[int, int]]) -> Iterator[str]:
    yield f'<section><h2>The full matrix, {len(pages)} pages</h2><ol class="pages">'
    for number, (first, last) in enumerate(pages, start=1):
        yield (f'<li><a href="{matrix_page_name(number)}">{escape(rows[first].heading)} \u2013 '
               f"{escape(rows[last].heading)}</a> ({last - first + 1} schools)</li>")
    yield "</ol></section>"
