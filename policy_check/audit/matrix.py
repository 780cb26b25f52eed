"""The school-by-requirement matrix as compact data: columns (requirements) and one small row per school.

An audit of every school in England keeps only these rows in memory (statuses, not evidence); the
findings themselves go straight to disk from the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policy_check.findings import STATUSES, PolicyResult, Report, severity_rank
from policy_check.report.overview import citation_text, group_by_area, policy_heading


@dataclass(frozen=True)
class Column:
    """One requirement of the matrix, in ruleset order."""

    rule_id: str
    title: str
    area: str
    severity: str
    citation: str = ""
    added_by: str | None = None  # the overlay that added this requirement (its columns are labelled so)


@dataclass(frozen=True)
class Requirement:
    """A column as the matrix page shows it: with how many readable policies fall short of it."""

    rule_id: str
    title: str
    area: str
    severity: str
    gaps: int
    added_by: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    """One school: its statuses per column (\"\" where a rule has no finding) and what the exit code needs."""

    source: str
    heading: str
    report_name: str
    error: str | None
    statuses: tuple[str, ...]
    waived: tuple[bool, ...]
    worst_gap: int  # severity rank of the most severe unwaived gap (0: none)
    markup_name: str | None = None  # the marked-up copy under policies/ (audit --annotate)

    @property
    def summary(self) -> dict[str, int]:
        return {status: self.statuses.count(status) for status in STATUSES}

    @property
    def gaps(self) -> int:
        return sum(1 for status in self.statuses if status and status != "met")


def columns_from_ruleset(ruleset: Any) -> list[Column]:
    """Columns in ruleset order, each citing the guidance as the findings will."""
    base = {"document": ruleset.citation_document, "edition": ruleset.edition}
    added_by = getattr(ruleset, "added_by", {})
    return [Column(r["id"], r["title"], r["area"], r["severity"], citation_text({**base, **r["citation"]}),
                   added_by.get(r["id"])) for r in ruleset.rules]


def columns_from_report(report: Report) -> list[Column]:
    """Columns from the findings themselves (they follow ruleset order, per the contract)."""
    seen: dict[str, Column] = {}
    for policy in report.policies:
        for f in policy.findings:
            seen.setdefault(f.rule_id, Column(f.rule_id, f.title, f.area, f.severity, citation_text(f.citation)))
    return list(seen.values())


def row_for(result: PolicyResult, columns: list[Column], report_name: str,
            markup_name: str | None = None) -> MatrixRow:
    findings = {f.rule_id: f for f in result.findings}
    picked = [findings.get(c.rule_id) for c in columns]
    worst = max((severity_rank(f.severity) for f in result.findings if f.is_gap and not f.waived), default=0)
    return MatrixRow(
        source=result.source,
        heading=policy_heading(result),
        report_name=report_name,
        error=result.error,
        statuses=tuple(f.status if f else "" for f in picked),
        waived=tuple(bool(f and f.waived) for f in picked),
        worst_gap=worst,
        markup_name=markup_name,
    )


def rows_from_report(report: Report, names: dict[str, str], columns: list[Column]) -> list[MatrixRow]:
    return [row_for(policy, columns, names[policy.source]) for policy in report.policies]


def columns_by_area(columns: list[Column], rows: list[MatrixRow]) -> list[tuple[str, list[Requirement]]]:
    """Areas in ruleset order; within each area the most common gaps first (ties keep ruleset order)."""
    gaps = [sum(1 for row in rows if not row.error and row.statuses[i] not in ("", "met")) for i in range(len(columns))]
    counted = {c.rule_id: Requirement(c.rule_id, c.title, c.area, c.severity, gaps[i], c.added_by)
               for i, c in enumerate(columns)}
    return [(area, sorted((counted[c.rule_id] for c in group), key=lambda r: -r.gaps))
            for area, group in group_by_area(columns)]
