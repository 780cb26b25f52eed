"""The canonical report: what the engine decides and every output format renders.

`Report.to_dict()` is the JSON contract (`schemas/report.schema.json`); `Report.from_dict()` reads
one back (for baselines and diffs). Reporters read only these objects, never documents or rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from policy_check.model import Location

Status = Literal["met", "partial", "missing", "conflict"]
Severity = Literal["statutory", "expected", "advisory"]
STATUSES: tuple[str, ...] = ("met", "partial", "missing", "conflict")
SEVERITIES: tuple[str, ...] = ("statutory", "expected", "advisory")
SCHEMA_VERSION = "1"


FAIL_ON_LEVELS: tuple[str, ...] = ("statutory", "expected", "advisory", "never")


def utc_timestamp() -> str:
    """Now, to the second, in UTC, as the report's `generated_at` writes it: '2026-11-24T10:00:00Z'."""
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def severity_rank(severity: str) -> int:
    """statutory 3, expected 2, advisory 1: compare with `--fail-on`."""
    return {"statutory": 3, "expected": 2, "advisory": 1}.get(severity, 0)


def fail_threshold(fail_on: str) -> int:
    """The lowest severity rank that fails a run under `--fail-on` (0: nothing fails, `never`).

    The one place the fail-on rule lives: the exit status, JUnit failures, the text verdict and the
    audit all ask it.
    """
    return 0 if fail_on == "never" else severity_rank(fail_on)


def rank_fails(rank: int, fail_on: str) -> bool:
    """Whether a gap of this severity rank fails the run."""
    threshold = fail_threshold(fail_on)
    return bool(threshold) and rank >= threshold


@dataclass(frozen=True)
class Evidence:
    text: str
    location: Location
    # The words inside the quote that decided (a concept's words, the figure), as document offsets like
    # location.start/end: reports highlight them so a reader sees at once why the clause counted.
    highlights: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        loc = self.location
        data: dict[str, Any] = {
            "text": self.text,
            "location": {
                "page": loc.page,
                "section": loc.section,
                "clause": loc.clause,
                "line": loc.line,
                "start": loc.start,
                "end": loc.end,
            },
        }
        if self.highlights:
            data["highlights"] = [list(pair) for pair in self.highlights]
        return data

    def highlighted_parts(self) -> list[tuple[str, bool]]:
        """The quote cut into (text, decided) pieces, for a report that marks the deciding words."""
        parts: list[tuple[str, bool]] = []
        base, position = self.location.start, 0
        for start, end in self.highlights:
            start, end = max(start - base, position), min(end - base, len(self.text))
            if start >= end:
                continue
            if start > position:
                parts.append((self.text[position:start], False))
            parts.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            parts.append((self.text[position:], False))
        return parts

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evidence":
        loc = data.get("location") or {}
        return cls(
            text=data.get("text", ""),
            location=Location(
                page=loc.get("page"),
                section=loc.get("section"),
                clause=loc.get("clause", 0),
                start=loc.get("start", 0),
                end=loc.get("end", 0),
                line=loc.get("line"),
            ),
            highlights=tuple(tuple(pair) for pair in data.get("highlights") or ()),
        )


@dataclass(frozen=True)
class Finding:
    """The verdict on one rule for one policy, with the clauses that decided it."""

    rule_id: str
    title: str
    severity: str
    area: str
    status: str
    message: str
    evidence: tuple[Evidence, ...]
    citation: dict[str, Any]
    remediation: str | None = None
    looked_for: str | None = None
    waiver: dict[str, Any] | None = None  # set when an accepted deviation covers this finding
    # What else the finding stands for in a report's summary (the rule's `summary`, e.g. review_status);
    # a presentation hint, not part of the JSON contract.
    summary: str | None = None

    @property
    def is_gap(self) -> bool:
        return self.status != "met"

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def fails(self, fail_on: str) -> bool:
        """A gap fails when it is at or above `--fail-on` and no waiver covers it."""
        return self.is_gap and not self.waived and rank_fails(severity_rank(self.severity), fail_on)

    def with_waiver(self, waiver: dict[str, Any]) -> "Finding":
        return replace(self, waiver=waiver)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity,
            "area": self.area,
            "status": self.status,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "citation": dict(self.citation),
            "remediation": self.remediation,
            "looked_for": self.looked_for,
        }
        if self.waiver is not None:
            data["waiver"] = dict(self.waiver)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        return cls(
            rule_id=data["rule_id"],
            title=data.get("title", ""),
            severity=data.get("severity", "advisory"),
            area=data.get("area", ""),
            status=data["status"],
            message=data.get("message", ""),
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence") or []),
            citation=dict(data.get("citation") or {}),
            remediation=data.get("remediation"),
            looked_for=data.get("looked_for"),
            waiver=data.get("waiver"),
        )


@dataclass(frozen=True)
class PolicyResult:
    """One policy file's outcome: findings for every rule, or an error saying why it was unreadable."""

    source: str
    sha256: str | None
    format: str | None
    error: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for f in self.findings:
            counts[f.status] += 1
        return counts

    def failing(self, fail_on: str) -> list[Finding]:
        """Gaps at or above `fail_on` that no waiver covers."""
        return [f for f in self.findings if f.fails(fail_on)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "format": self.format,
            "error": self.error,
            "metadata": dict(self.metadata),
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PolicyResult":
        return cls(
            source=data["source"],
            sha256=data.get("sha256"),
            format=data.get("format"),
            error=data.get("error"),
            metadata=dict(data.get("metadata") or {}),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings") or []),
        )


@dataclass(frozen=True)
class Report:
    """Every policy checked in one run, against one ruleset, as of one date."""

    tool_version: str
    ruleset: dict[str, Any]  # id, version, title, edition, applies_from
    as_of: str
    generated_at: str
    policies: tuple[PolicyResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "policy-check", "version": self.tool_version},
            "ruleset": dict(self.ruleset),
            "as_of": self.as_of,
            "generated_at": self.generated_at,
            "policies": [p.to_dict() for p in self.policies],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        return cls(
            tool_version=(data.get("tool") or {}).get("version", ""),
            ruleset=dict(data.get("ruleset") or {}),
            as_of=data.get("as_of", ""),
            generated_at=data.get("generated_at", ""),
            policies=tuple(PolicyResult.from_dict(p) for p in data.get("policies") or []),
        )
