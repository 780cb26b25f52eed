"""What every human-readable format shows the same way: labels, symbols, grouping, the summary facts."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import PurePath
from typing import Any, Iterable

from policy_check.findings import STATUSES, Finding, PolicyResult, Report, severity_rank

# A symbol beside every status colour, so no reader depends on colour alone.
STATUS_SYMBOLS: dict[str, str] = {"met": "\u2713", "partial": "\u25d0", "missing": "\u2717", "conflict": "\u26a0"}
STATUS_LABELS: dict[str, str] = {"met": "Met", "partial": "Partial", "missing": "Missing", "conflict": "Conflict"}
REVIEW_STATUS = "review_status"  # the `summary` a ruleset gives the rule that judges the review date
# Words that end a policy's file name without naming its school: "…-ect-induction-policy-2024.docx".
_FILE_NAME_TAIL = {"ect", "ects", "nqt", "rqt", "induction", "policy", "procedures", "handbook", "guide", "faq",
                   "leaflet", "entitlement", "draft", "final", "print", "published", "pdf", "docx"}


def shorten(text: str, limit: int) -> str:
    """A quote on one line, cut to `limit` characters with an ellipsis: every format shortens alike."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def status_label(status: str) -> str:
    """'✓ Met', '⚠ Conflict': the words a status badge shows."""
    return f"{STATUS_SYMBOLS.get(status, '?')} {STATUS_LABELS.get(status, status)}"


def policy_heading(policy: PolicyResult) -> str:
    """The school or trust a policy belongs to: the name the trust's names file or the policy itself
    gives, else its file name made readable. Never the document's title ("ECT Policy" names no one)."""
    return str(policy.metadata.get("organisation") or name_from_file(policy.source))


def name_from_file(source: str) -> str:
    """'policies/st-marys-primary-ect-policy.docx' -> 'St Marys Primary': the words of the file name,
    capitalised, without the document-type words that end most policies' names."""
    words = [w for w in re.split(r"[\s_.-]+", PurePath(source).stem) if w]
    named = list(words)
    while named and (named[-1].lower() in _FILE_NAME_TAIL or named[-1].isdigit()):
        named.pop()
    if not named:
        return PurePath(source).name or source
    return " ".join(w if any(ch.isupper() for ch in w) else _capitalise(w) for w in named)


def _capitalise(word: str) -> str:
    """Capitalised, or in capitals if it cannot be a word ('lp', 'sfc'): file names lose acronyms' case."""
    vowelless = not any(ch in "aeiouy" for ch in word) and word.lower() not in ("st", "mr", "mrs", "ms", "dr")
    return word.upper() if vowelless else word.capitalize()


def area_label(area: str) -> str:
    """An area as a person reads it: 'at_risk' -> 'At risk'. The id stays in JSON, CSV and anchors."""
    return area.replace("_", " ").capitalize()


def group_by_area(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by area, areas in the order first seen (ruleset order)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.area or "other", []).append(finding)
    return list(groups.items())


SEVERITY_HEADINGS: dict[str, str] = {"statutory": "Statutory requirements", "expected": "Expected practice",
                                     "advisory": "Advisory"}
STATUS_PRIORITY = {"conflict": 0, "missing": 1, "partial": 2, "met": 3}


def by_priority(findings: Iterable[Finding]) -> list[Finding]:
    """Statutory first, then expected, then advisory; within each, conflicts, then missing, then partial,
    then met; otherwise ruleset order (the sort is stable). What a reviewer acts on comes first."""
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), STATUS_PRIORITY.get(f.status, 4)))


def finding_groups(findings: Iterable[Finding], only_gaps: bool = False) -> list[tuple[str, str, list[Finding]]]:
    """(anchor id, heading, findings) in the order a report shows them.

    Every finding, by area in ruleset order; or, for a reviewer who acts on gaps (`--only gaps`), only
    the gaps, statutory first, then expected, then advisory, conflicts before missing before partial.
    """
    if not only_gaps:
        return [(area, area_label(area), group) for area, group in group_by_area(findings)]
    gaps = [finding for finding in findings if finding.is_gap]
    groups = []
    for severity, heading in SEVERITY_HEADINGS.items():
        group = by_priority(f for f in gaps if f.severity == severity)
        if group:
            groups.append((severity, heading, group))
    return groups


def review_finding(policy: PolicyResult) -> Finding | None:
    """The finding that says whether the policy is within its review date, if the ruleset marks one."""
    return next((f for f in policy.findings if f.summary == REVIEW_STATUS), None)


def summary_facts(policy: PolicyResult) -> list[tuple[str, str]]:
    """(label, value) rows for a policy's summary: counts per status, review status, AB, dates."""
    counts = policy.summary
    rows = [(STATUS_LABELS[s], str(counts[s])) for s in STATUSES]
    review = review_finding(policy)
    if review is not None:
        rows.append(("Review status", f"{status_label(review.status)}: {review.message}"))
    metadata = policy.metadata
    rows.append(("Appropriate body", str(metadata.get("appropriate_body") or "not stated")))
    rows.append(("Approved", approval_text(metadata)))
    rows.append(("Next review", str(metadata.get("next_review") or "not stated")))
    return rows


def approval_text(metadata: dict[str, Any]) -> str:
    """The approval date; failing that, what the policy does date ('Updated: September 2024'), so a
    reader sees the policy is dated but not approved rather than undated."""
    if metadata.get("approved"):
        return str(metadata["approved"])
    if metadata.get("updated"):
        return f"updated {metadata['updated']}; no approval recorded"
    return "not stated"


def ruleset_line(report: Report, with_generation: bool = True) -> str:
    """'Checked against <title> (ruleset id version, guidance edition 2025) as of <date>…'."""
    ruleset = report.ruleset
    edition = f", guidance edition {ruleset['edition']}" if ruleset.get("edition") else ""
    generated = (f"; generated {report.generated_at} by policy-check {report.tool_version}"
                 if with_generation else "")
    return (f"Checked against {ruleset.get('title') or ruleset.get('id')} (ruleset {ruleset.get('id')} "
            f"{ruleset.get('version')}{edition}) as of {report.as_of}{generated}.")


def disabled_rule_lines(report: Report) -> list[str]:
    """One line per rule an overlay switched off, with the recorded reason."""
    return [f"Rule {d['rule']} is switched off by {d.get('by', 'an overlay')}: {d['reason']}"
            for d in report.ruleset.get("disabled", [])]


def citation_text(citation: dict[str, Any]) -> str:
    """'Induction for early career teachers (England), 2025 edition, section “…”'."""
    parts = []
    if citation.get("document"):
        parts.append(str(citation["document"]))
    if citation.get("edition"):
        parts.append(f"{citation['edition']} edition")
    if citation.get("section"):
        parts.append(f"section \u201c{citation['section']}\u201d")
    if citation.get("paragraph"):
        parts.append(f"paragraph {citation['paragraph']}")
    return ", ".join(parts)


def waiver_text(waiver: dict[str, Any]) -> str:
    """'Waived: <reason> (expires <date>)'."""
    text = f"Waived: {waiver.get('reason') or 'no reason given'}"
    return f"{text} (expires {waiver['expires']})" if waiver.get("expires") else text


def asset(name: str) -> str:
    """The text of a CSS or JS file shipped in policy_check/report/assets, for inlining."""
    return resources.files("policy_check.report").joinpath("assets", name).read_text(encoding="utf-8")
