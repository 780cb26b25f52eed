"""What a comment and the review summary say, in plain words a school can act on.

Every marked-up copy (a school's own .docx or a review copy rebuilt from another format) and the
feedback letter word a finding the same way, from the finding alone.
"""

from __future__ import annotations

from policy_check.findings import Finding
from policy_check.report.overview import citation_text

STATUS_HEADLINES: dict[str, str] = {
    "met": "Meets the guidance",
    "partial": "Says only part of what the guidance requires",
    "missing": "Not covered",
    "conflict": "Contradicts the statutory guidance",
}
SEVERITY_WORDS: dict[str, str] = {
    "statutory": "statutory requirement",
    "expected": "expected practice",
    "advisory": "advisory",
}


def comment_paragraphs(finding: Finding, piece: int, pieces: int) -> list[str]:
    """The paragraphs of the comment on one piece of a finding's evidence."""
    lines = [f"{STATUS_HEADLINES.get(finding.status, finding.status)}: {finding.title} "
             f"({finding.rule_id}, {SEVERITY_WORDS.get(finding.severity, finding.severity)})"]
    lines.append(finding.message)
    if finding.is_gap and finding.remediation:
        lines.append(f"What to change: {finding.remediation}")
    if finding.citation:
        lines.append(f"Guidance: {citation_text(finding.citation)}.")
    if finding.waiver is not None:
        lines.append(f"Accepted deviation: {finding.waiver.get('reason') or 'no reason given'}.")
    if pieces > 1:
        lines.append(f"Evidence {piece} of {pieces}.")
    return lines


def summary_entry(finding: Finding) -> list[str]:
    """A missing requirement in the review summary: heading line, what to add, where the guidance says it."""
    lines = [f"{finding.title} ({finding.rule_id}, {SEVERITY_WORDS.get(finding.severity, finding.severity)})"]
    lines.append(finding.remediation or finding.message)
    if finding.citation:
        lines.append(f"Guidance: {citation_text(finding.citation)}.")
    return lines
