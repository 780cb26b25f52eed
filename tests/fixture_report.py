"""One hand-built Report that every reporter's golden test renders, so all formats face the same awkward text.

It covers every status and severity, several areas, a waiver, `looked_for` on missing findings, evidence
located by line (a .txt policy) and by page/section (a .docx policy), an unreadable file, and evidence
full of markup-breaking characters: `<script>`, quotes, `&`, `|`, a backtick and non-ASCII.
"""

from __future__ import annotations

from typing import Any

from policy_check.findings import Evidence, Finding, PolicyResult, Report
from policy_check.model import Location

GUIDANCE = "Induction for early career teachers (England)"

RULESET_INFO: dict[str, Any] = {
    "id": "england-ect-induction",
    "version": "2025.1",
    "title": GUIDANCE,
    "edition": "2025",
}

WAIVER: dict[str, Any] = {
    "rule": "REC-RETENTION",
    "reason": "Trust-wide arrangement agreed with the AB",
    "expires": "2027-01-31",
}

# rule id -> (title, severity, area, citation section), in ruleset order
RULES: dict[str, tuple[str, str, str, str]] = {
    "DOC-REVIEW-CURRENT": ("The policy is within its review date", "expected", "document",
                           "Summary and status of the guidance"),
    "DOC-TERMINOLOGY": ("No superseded terms or bodies", "advisory", "document", "Terms used"),
    "TT-REDUCTION-Y1": ("10% timetable reduction in the first year", "statutory", "timetable",
                        "Ensuring a reduced timetable"),
    "TT-REDUCTION-Y2": ("5% timetable reduction in the second year", "statutory", "timetable",
                        "Ensuring a reduced timetable"),
    "ROLE-MENTOR": ("A mentor is appointed and their role is stated", "statutory", "roles",
                    "The role of the mentor"),
    "CONC-AB-CONTACT": ("Unresolved concerns go to the named contact at the appropriate body", "statutory",
                        "concerns", "Raising concerns"),
    "REC-RETENTION": ("Induction records are kept", "advisory", "records", "Record keeping"),
}


def _finding(rule_id: str, status: str, message: str, evidence: tuple[Evidence, ...] = (), **extra: Any) -> Finding:
    """A finding for one of RULES, with its catalogue title, severity, area and citation."""
    title, severity, area, section = RULES[rule_id]
    return Finding(
        rule_id=rule_id,
        title=title,
        severity=severity,
        area=area,
        status=status,
        message=message,
        evidence=evidence,
        citation={"document": GUIDANCE, "edition": "2025", "section": section},
        summary="review_status" if rule_id == "DOC-REVIEW-CURRENT" else None,  # as the bundled ruleset marks it
        **extra,
    )


def _marks(text: str, words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The words that decided, as offsets (the quotes here start at offset 0)."""
    return tuple((text.index(word), text.index(word) + len(word)) for word in words)


def _by_line(text: str, line: int, clause: int, section: str | None = None, decided: tuple[str, ...] = ()) -> Evidence:
    return Evidence(text, Location(page=None, section=section, clause=clause, start=0, end=len(text), line=line),
                    _marks(text, decided))


def _by_page(text: str, page: int, section: str, clause: int, decided: tuple[str, ...] = ()) -> Evidence:
    return Evidence(text, Location(page=page, section=section, clause=clause, start=0, end=len(text)),
                    _marks(text, decided))


def _oakfield() -> PolicyResult:
    """A .txt policy: evidence located by line; overdue review, a wrong year-one figure, markup in the text."""
    findings = (
        _finding("DOC-REVIEW-CURRENT", "conflict", "The next review date (2025-09-01) is before 2026-11-24.",
                 (_by_line("Next review: September 2025 & annually thereafter", 4, 2, "Document control"),),
                 remediation="Review the policy against the 2025 guidance and record a new review date."),
        _finding("DOC-TERMINOLOGY", "met", "No superseded terms found."),
        _finding("TT-REDUCTION-Y1", "conflict", "States 5% in the first year; the guidance requires 10%.",
                 (_by_line("ECTs receive a 5% reduction in year one <script>alert(1)</script>", 41, 17,
                           "5.0 Support", decided=("5%", "year one")),
                  _by_line("Timetable | reduction: see the `timetable` appendix", 43, 18, "5.0 Support")),
                 remediation="State a 10% timetable reduction in the first year, in addition to PPA time."),
        _finding("TT-REDUCTION-Y2", "partial", "A second-year reduction is promised without the figure.",
                 (_by_line("In the second year the \"reduced\" timetable continues, per Ofsted’s advice.", 44, 19,
                           "5.0 Support"),),
                 remediation="State the 5% second-year reduction."),
        _finding("ROLE-MENTOR", "met", "A mentor is appointed and their role described.",
                 (_by_line("# Each ECT has a dedicated mentor who meets them weekly in the café.", 52, 23,
                           "6.0 Roles"),)),
        _finding("CONC-AB-CONTACT", "missing", "No route to the appropriate body's named contact.",
                 looked_for="the ECT may contact the named contact at the appropriate body if concerns are not "
                            "resolved in school",
                 remediation="Add the appropriate body's named contact for unresolved concerns."),
        _finding("REC-RETENTION", "missing", "No statement that induction records are kept.",
                 looked_for="induction records are kept (for at least six years)",
                 remediation="Say how long induction records are kept.", waiver=WAIVER),
    )
    return PolicyResult(
        source="policies/oakfield-ect-policy.txt",
        sha256="0a" * 32,
        format="txt",
        error=None,
        metadata={"title": "Oakfield Primary ECT Induction Policy", "organisation": "Oakfield Primary School",
                  "approved": "2023-09-12", "next_review": "2025-09-01",
                  "appropriate_body": "Northern Lights Teaching School Hub"},
        findings=findings,
    )


def _brook() -> PolicyResult:
    """A .docx policy: evidence located by page and section; mostly met."""
    findings = (
        _finding("DOC-REVIEW-CURRENT", "met", "The next review date (2027-07-01) is on or after 2026-11-24.",
                 (_by_page("Approved by the Board of Trustees, July 2026; next review July 2027.", 1,
                           "Document control", 3),)),
        _finding("DOC-TERMINOLOGY", "conflict", "Uses the superseded term \u201cNQT\u201d as current.",
                 (_by_page("All NQTs & RQTs will be supported by the trust.", 2, "1.0 Introduction", 6),),
                 remediation="Replace \u201cNQT\u201d and \u201cRQT\u201d with \u201cECT\u201d."),
        _finding("TT-REDUCTION-Y1", "met", "States a 10% reduction in the first year.",
                 (_by_page("A reduction of 10% in the first year, in addition to PPA.", 3, "5.0 Support", 41,
                           decided=("10%", "first year")),)),
        _finding("TT-REDUCTION-Y2", "met", "States a 5% reduction in the second year.",
                 (_by_page("A reduction of 5% in the second year.", 3, "5.0 Support", 42),)),
        _finding("ROLE-MENTOR", "partial", "A mentor is named but their role is not described.",
                 (_by_page("ECTs will have a mentor.", 4, "6.0 Roles", 50),),
                 remediation="Describe the mentor's role: regular meetings and coaching."),
        _finding("CONC-AB-CONTACT", "met", "Names the appropriate body contact for unresolved concerns.",
                 (_by_page("Concerns not resolved in school go to the AB’s named contact.", 6, "9.0 Concerns", 77),)),
        _finding("REC-RETENTION", "met", "Induction records are kept for six years.",
                 (_by_page("Records are retained for six years.", 7, "10.0 Records", 90),)),
    )
    return PolicyResult(
        source="policies/brook-ect-policy.docx",
        sha256="1b" * 32,
        format="docx",
        error=None,
        metadata={"title": "Brook Academy Trust ECT Policy", "organisation": "Brook Academy Trust",
                  "approved": "2026-07-08", "next_review": "2027-07-01", "appropriate_body": None},
        findings=findings,
    )


def _unreadable() -> PolicyResult:
    return PolicyResult(source="policies/scan.pdf", sha256=None, format="pdf",
                        error="no text layer (a scanned image?): run OCR first")


def fixture_report() -> Report:
    """Two readable policies and one unreadable, as of 2026-11-24."""
    return Report(
        tool_version="0.1.0",
        ruleset=dict(RULESET_INFO),
        as_of="2026-11-24",
        generated_at="2026-11-24T10:00:00Z",
        policies=(_oakfield(), _brook(), _unreadable()),
    )
