"""The audit's index.html: one self-contained page, schools down and requirements across, grouped by area,
with charts of the share meeting each requirement and the gaps by area below.

Every cell shows a symbol and a word as well as a colour, and links to the finding in that school's
report. All policy-derived text is escaped; the inline script is ours and reads only data attributes.
The web app serves the same page with its CSS and script linked (`LinkedAssets`), for its CSP.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterator

from policy_check.atomic import open_atomically
from policy_check.audit.charts import charts_section
from policy_check.audit.matrix import Column, MatrixRow, Requirement, columns_by_area, columns_from_report, rows_from_report
from policy_check.audit.summary_page import matrix_page_name, summary_page_lines
from policy_check.findings import SEVERITIES, STATUSES, Report
from policy_check.report.overview import (
    area_label,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    asset,
    disabled_rule_lines,
    ruleset_line,
    shorten,
    status_label,
)

HEADING_CHARACTERS = 42  # a requirement's title in its column heading; the whole title is its tooltip
FULL_MATRIX_MAX_ROWS = 300  # beyond this, index.html is a summary and the matrix is split into pages
MATRIX_PAGE_ROWS = 250  # about 1 MB a page at 46 requirements: it opens in a second


@dataclass(frozen=True)
class LinkedAssets:
    """The page's CSS and script by URL instead of inline, and links (trusted HTML) above the matrix."""

    stylesheets: tuple[str, ...]
    script: str
    nav: str = ""


def render_matrix(report: Report, report_names: dict[str, str]) -> str:
    """The matrix page of a whole report; `report_names` maps each source to its file under policies/."""
    columns = columns_from_report(report)
    return render_matrix_rows(report, columns, rows_from_report(report, report_names, columns))


def render_matrix_rows(header: Report, all_columns: list[Column], rows: list[MatrixRow],
                       linked: LinkedAssets | None = None) -> str:
    """The matrix page from compact rows; `header` gives the ruleset, dates and tool (its policies are unused)."""
    return "".join(line + "\n" for line in matrix_page_lines(header, all_columns, rows, linked))


def write_matrix_page(path: Path, header: Report, all_columns: list[Column], rows: list[MatrixRow]) -> None:
    """The matrix, or for a large audit a summary page beside the matrix split into pages that each
    load in a second (see summary_page.py)."""
    if len(rows) <= FULL_MATRIX_MAX_ROWS:
        with open_atomically(path) as out:
            out.writelines(line + "\n" for line in matrix_page_lines(header, all_columns, rows))
        return
    areas = columns_by_area(all_columns, rows)
    pages = [(first, min(first + MATRIX_PAGE_ROWS, len(rows)) - 1) for first in range(0, len(rows), MATRIX_PAGE_ROWS)]
    for number, (first, last) in enumerate(pages, start=1):
        nav = _page_nav(number, len(pages), first, last, len(rows))
        with open_atomically(path.parent / matrix_page_name(number)) as out:
            out.writelines(line + "\n" for line in matrix_page_lines(header, all_columns, rows[first:last + 1],
                                                                     areas=areas, nav=nav))
    with open_atomically(path) as out:
        out.writelines(line + "\n" for line in summary_page_lines(header, all_columns, rows, pages))


def _page_nav(number: int, count: int, first: int, last: int, total: int) -> str:
    links = ['<a href="index.html">summary</a>']
    if number > 1:
        links.append(f'<a href="{matrix_page_name(number - 1)}">previous page</a>')
    if number < count:
        links.append(f'<a href="{matrix_page_name(number + 1)}">next page</a>')
    joined = " \u00b7 ".join(links)
    return (f'<p class="meta pages">Page {number} of {count}: schools {first + 1}\u2013{last + 1} of {total}. '
            f"{joined}</p>")


def matrix_page_lines(header: Report, all_columns: list[Column], rows: list[MatrixRow],
                      linked: LinkedAssets | None = None, areas: list[tuple[str, list[Requirement]]] | None = None,
                      nav: str = "") -> Iterator[str]:
    """The page's lines. One page of a large audit's matrix passes the whole audit's `areas` (so every
    page orders its columns alike and counts gaps over all schools) and its `nav` links; its charts are
    on the summary page, drawn over every school."""
    areas = areas if areas is not None else columns_by_area(all_columns, rows)
    columns = [column for _, area_columns in areas for column in area_columns]
    positions = {column.rule_id: i for i, column in enumerate(all_columns)}
    readable = sum(1 for row in rows if not row.error)
    # The same ruleset, edition and overlay lines as every report format.
    meta = f"{len(rows)} policies ({len(rows) - readable} unreadable). {ruleset_line(header)}"
    overlay_notes = "".join(f'<p class="meta">{escape(line)}</p>' for line in disabled_rule_lines(header))
    yield from [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ECT induction policy audit</title>",
        "".join(f'<link rel="stylesheet" href="{escape(href)}">' for href in linked.stylesheets) if linked
        else f"<style>\n{asset('matrix.css')}</style>",
        "</head>",
        "<body>" + (linked.nav if linked else ""),
        "<h1>ECT induction policy audit</h1>",
        f'<p class="meta">{escape(meta)}</p>' + overlay_notes + nav,
        _controls([area for area, _ in areas]),
        _legend(),
        '<div class="scroll">',
        '<table id="matrix">',
        _header(areas),
        "<tbody>",
    ]
    yield from (_row(row, columns, positions) for row in rows)
    yield from [
        "</tbody>",
        "</table>",
        "</div>",
        "" if nav else charts_section(all_columns, rows, areas),
        f'<script src="{escape(linked.script)}"></script>' if linked else f"<script>\n{asset('matrix.js')}</script>",
        "</body>",
        "</html>",
    ]


def _select(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in values)
    return f'<label>{escape(label)} <select id="{name}">{options}</select></label>'


def _controls(areas: list[str]) -> str:
    return "\n".join([
        '<form class="controls">',
        _select("filter-area", "Area", [("", "all"), *((a, area_label(a)) for a in areas)]),
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
    area_cells = "".join(f'<th class="area" data-area="{escape(area)}" colspan="{len(columns)}">'
                         f'{escape(area_label(area))}{_overlay_label(columns)}</th>' for area, columns in areas)
    requirement_cells = "".join(
        f'<th class="req" data-rule="{escape(c.rule_id)}" data-area="{escape(c.area)}" '
        f'data-severity="{escape(c.severity)}" title="{escape(c.title)} ({escape(c.rule_id)}, {escape(c.severity)})">'
        f'<span class="title">{escape(shorten(c.title, HEADING_CHARACTERS))}</span>'
        f'<span class="rule">{escape(c.rule_id)}</span><span class="count">{c.gaps} gaps</span></th>'
        for _, columns in areas for c in columns
    )
    return "\n".join([
        "<thead>",
        f'<tr><th rowspan="2" class="school-head">School</th><th rowspan="2">Counts</th>{area_cells}</tr>',
        f"<tr>{requirement_cells}</tr>",
        "</thead>",
    ])


def _overlay_label(columns: list[Requirement]) -> str:
    """An overlay's own requirements say whose they are: 'Quality assurance (added by ab-quality-assurance)'."""
    overlays = {c.added_by for c in columns}
    if len(overlays) != 1 or None in overlays:
        return ""
    return f' <span class="overlay">(added by {escape(overlays.pop() or "")})</span>'


def _school_cell(row: MatrixRow) -> str:
    reason = f'<span class="error-reason">! Unreadable: {escape(row.error)}</span>' if row.error else ""
    return (f'<th scope="row" class="school"><a href="policies/{escape(row.report_name)}">'
            f"{escape(row.heading)}</a>"
            f'<span class="source">{escape(row.source)}</span>{reason}{_markup_link(row)}</th>')


def _markup_link(row: MatrixRow) -> str:
    if not row.markup_name:
        return ""
    return (f'<a class="markup" href="policies/{escape(row.markup_name)}" download>'
            "marked-up copy (.docx)</a>")


def _row(row: MatrixRow, columns: list[Requirement], positions: dict[str, int]) -> str:
    name = escape(row.heading.casefold())
    if row.error:
        return (f'<tr class="school-row error-row" data-name="{name}" data-gaps="-1">{_school_cell(row)}'
                f'<td class="counts">unreadable</td>'
                f'<td class="cell status-error" colspan="{len(columns)}">! Unreadable (see the reason beside the '
                f'school)</td></tr>')
    counts = row.summary
    count_text = " ".join(f"{counts[s]}{STATUS_SYMBOLS[s]}" for s in STATUSES)
    cells = "".join(_cell(row, c, positions[c.rule_id]) for c in columns)
    return (f'<tr class="school-row" data-name="{name}" data-gaps="{row.gaps}">{_school_cell(row)}'
            f'<td class="counts" title="met, partial, missing, conflict">{count_text}</td>{cells}</tr>')


def _cell(row: MatrixRow, column: Requirement, position: int) -> str:
    # Area and severity live on the column header only (the script looks them up): at 25,000 schools
    # repeating them in every cell would add about 80 MB to the page.
    attributes = f'data-rule="{escape(column.rule_id)}"'
    status = row.statuses[position]
    if not status:
        return f'<td class="cell status-none" {attributes} data-status="none">\u2013</td>'
    waived = row.waived[position]
    label = escape(STATUS_LABELS.get(status, status))
    return (f'<td class="cell status-{escape(status)}" {attributes} data-status="{escape(status)}">'
            f'<a href="policies/{escape(row.report_name)}#{escape(column.rule_id)}" '
            f'title="{escape(column.rule_id)}: {label}{" (waived)" if waived else ""}">'
            f'{STATUS_SYMBOLS.get(status, "?")}<span class="label"> {label}'
            f'{"*" if waived else ""}</span></a></td>')
