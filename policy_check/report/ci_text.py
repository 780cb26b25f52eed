"""Small text helpers shared by the CI formats (SARIF, JUnit, GitHub): paths, snippets, citations."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from policy_check.findings import Evidence, Finding
from policy_check.report.overview import shorten

SNIPPET_LENGTH = 200
LINE_LOCATED_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
# Characters XML 1.0 forbids even when escaped; policy text can contain them (pasted from PDFs).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def artifact_uri(source: str) -> str:
    """The policy path as a CI tool wants it: relative to the working directory, forward slashes."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = Path(os.path.relpath(path))
        except ValueError:  # another drive on Windows: keep it absolute
            return path.as_posix()
    text = path.as_posix()
    return str(PurePosixPath(text[2:])) if text.startswith("./") else text


def uses_lines(source: str) -> bool:
    """Plain-text and Markdown policies are located by line; Word and PDF ones by page and section."""
    return Path(source).suffix.lower() in LINE_LOCATED_SUFFIXES


def first_line(source: str, finding: Finding) -> int | None:
    """The line of the first evidence, when the policy is located by line and the line is known."""
    if not finding.evidence or not uses_lines(source):
        return None
    return finding.evidence[0].location.line


def snippet(text: str, limit: int = SNIPPET_LENGTH) -> str:
    """Evidence on one line, cut to `limit` characters so annotations stay readable."""
    return shorten(text, limit)


def evidence_place(evidence: Evidence) -> str:
    """Where a quote is, for formats without a structured location: `page 3, section "5.0 Support"`."""
    return evidence.location.describe(with_clause=False)


def quoted_evidence(evidence: Evidence) -> str:
    """One piece of evidence as `page 3, section "X": "quote"`."""
    place = evidence_place(evidence)
    quote = f"\u201c{snippet(evidence.text)}\u201d"
    return f"{place}: {quote}" if place else quote


def citation_text(citation: dict[str, Any]) -> str:
    """`Induction for early career teachers (England) (2025), Ensuring a reduced timetable`."""
    document = citation.get("document", "")
    edition = citation.get("edition")
    head = f"{document} ({edition})" if edition else document
    rest = [str(citation[key]) for key in ("section", "paragraph") if citation.get(key)]
    return ", ".join([head, *rest]) if head else ", ".join(rest)


def xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry at all; ElementTree escapes the rest."""
    return _XML_FORBIDDEN.sub("", text)
