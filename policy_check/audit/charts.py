"""The audit's two charts, drawn on the server as inline SVG (no script, nothing fetched):
the share of readable policies meeting each requirement, and the gaps in each area by severity.

Every bar carries its number in words beside it, so no reader depends on colour or length alone.
Waived gaps are accepted deviations and are not counted as gaps; unreadable policies are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from policy_check.audit.matrix import Column, MatrixRow, Requirement
from policy_check.findings import SEVERITIES

ROW_HEIGHT = 20
LABEL_WIDTH = 190
BAR_WIDTH = 360
TEXT_WIDTH = 330
WIDTH = LABEL_WIDTH + BAR_WIDTH + TEXT_WIDTH


@dataclass(frozen=True)
class Tally:
    """One requirement across the readable policies: how many meet it and the unwaived gaps."""

    column: Column
    met: int
    gaps: int


def tallies(columns: list[Column], rows: list[MatrixRow]) -> list[Tally]:
    readable = [row for row in rows if not row.error]
    return [Tally(column,
                  sum(1 for row in readable if row.statuses[i] == "met"),
                  sum(1 for row in readable if row.statuses[i] not in ("", "met") and not row.waived[i]))
            for i, column in enumerate(columns)]


def charts_section(columns: list[Column], rows: list[MatrixRow],
                   areas: list[tuple[str, list[Requirement]]]) -> str:
    """Both charts as one HTML section; `areas` gives the matrix's order of areas and requirements."""
    readable = sum(1 for row in rows if not row.error)
    if not readable:
        return '<section class="charts"><h2>Charts</h2><p>No readable policies yet.</p></section>'
    by_rule = {tally.column.rule_id: tally for tally in tallies(columns, rows)}
    ordered = [(area, [by_rule[r.rule_id] for r in requirements]) for area, requirements in areas]
    return "\n".join([
        '<section class="charts">',
        "<h2>Charts</h2>",
        '<figure class="chart">',
        f"<figcaption>Share of the {readable} readable policies meeting each requirement</figcaption>",
        share_meeting_svg(ordered, readable),
        "</figure>",
        '<figure class="chart">',
        "<figcaption>Gaps by area and severity (a gap: partial, missing or conflict, not waived)</figcaption>",
        gaps_by_area_svg(ordered),
        "</figure>",
        "</section>",
    ])


def share_meeting_svg(areas: list[tuple[str, list[Tally]]], readable: int) -> str:
    """One bar per requirement, grouped under its area: the share of policies that meet it."""
    lines: list[str] = []
    y = 0
    for area, area_tallies in areas:
        lines.append(f'<text class="area-label" x="0" y="{y + 14}">{escape(_words(area))}</text>')
        y += ROW_HEIGHT
        for tally in area_tallies:
            share = tally.met / readable
            width = round(BAR_WIDTH * share)
            words = f"{tally.met} of {readable} ({share:.0%})"
            label = f"{tally.column.rule_id}: {tally.column.title} ({tally.column.severity}): {words} meet it"
            lines += [
                f'<g class="bar-row"><title>{escape(label)}</title>',
                f'<text class="rule-label" x="8" y="{y + 14}">{escape(tally.column.rule_id)}</text>',
                f'<rect class="track" x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="{ROW_HEIGHT - 6}"/>',
                f'<rect class="bar-met" x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{ROW_HEIGHT - 6}"/>',
                f'<text class="value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 14}">{escape(words)}</text>',
                "</g>",
            ]
            y += ROW_HEIGHT
    return _svg("share-meeting", "Share of policies meeting each requirement", y, lines)


def gaps_by_area_svg(areas: list[tuple[str, list[Tally]]]) -> str:
    """One stacked bar per area: its gaps split statutory, expected, advisory, with the counts in words."""
    counts = {area: {severity: sum(t.gaps for t in area_tallies if t.column.severity == severity)
                     for severity in SEVERITIES} for area, area_tallies in areas}
    largest = max((sum(c.values()) for c in counts.values()), default=0) or 1
    lines = [_legend()]
    y = ROW_HEIGHT
    for area, by_severity in counts.items():
        total = sum(by_severity.values())
        words = f"{total} gap{'' if total == 1 else 's'}: " + ", ".join(f"{by_severity[s]} {s}" for s in SEVERITIES)
        lines += [f'<g class="bar-row"><title>{escape(_words(area))}: {escape(words)}</title>',
                  f'<text class="area-label" x="0" y="{y + 14}">{escape(_words(area))}</text>']
        x = LABEL_WIDTH
        for severity in SEVERITIES:
            width = round(BAR_WIDTH * by_severity[severity] / largest)
            if width:
                lines.append(f'<rect class="gap-{severity}" x="{x}" y="{y + 3}" width="{width}" '
                             f'height="{ROW_HEIGHT - 6}"/>')
            x += width
        lines += [f'<text class="value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 14}">{escape(words)}</text>', "</g>"]
        y += ROW_HEIGHT
    return _svg("gaps-by-area", "Gaps by area and severity", y, lines)


def _words(area: str) -> str:
    """An area's id as words ("at_risk" -> "at risk")."""
    return area.replace("_", " ")


def _legend() -> str:
    items = []
    for i, severity in enumerate(SEVERITIES):
        x = LABEL_WIDTH + i * 120
        items += [f'<rect class="gap-{severity}" x="{x}" y="4" width="12" height="12"/>',
                  f'<text class="legend-label" x="{x + 16}" y="14">{severity}</text>']
    return "".join(items)


def _svg(name: str, title: str, height: int, lines: list[str]) -> str:
    return (f'<svg class="{name}" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(title)}</title>\n" + "\n".join(lines) + "\n</svg>")
