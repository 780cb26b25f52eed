"""Put a policy's findings into a Word document as margin comments, plus a review summary of what is missing.

The document is the school's own .docx (untouched apart from the comment anchors and the summary
added at its end) or a review copy rebuilt from another format; either way a comment sits on the
exact words of each piece of evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from policy_check.findings import Finding, PolicyResult
from policy_check.markup.anchors import BodyText
from policy_check.markup.word_file import add_heading
from policy_check.markup.wording import comment_paragraphs, summary_entry
from policy_check.report.overview import area_label, by_priority

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUMMARY_HEADING = "Review summary"
SUMMARY_PLACES = ("section", "comment")
COMMENTED_STATUSES = ("partial", "conflict")


@dataclass(frozen=True)
class Markup:
    """What was added: comments anchored, missing requirements summarised, evidence not found."""

    comments: int
    missing: int
    unplaced: tuple[str, ...]  # "RULE-ID: quote" for evidence that could not be found in the text


def annotate(word, result: PolicyResult, *, text_length: int, include_met: bool = False,
             author: str = "policy-check", dated: dt.datetime | None = None,
             summary: str = "section", intro: str = "") -> Markup:
    """Add the comments and the review summary to `word` (a python-docx Document), in place.

    `text_length` is the length of the document model's text: evidence offsets divided by it say
    roughly where in the body to look when a quote occurs more than once.
    """
    statuses = COMMENTED_STATUSES + (("met",) if include_met else ())
    body = BodyText.of(word.element.body)
    placed: list[tuple[object, object, Finding, int, int]] = []
    unplaced: list[str] = []
    for finding in by_priority(f for f in result.findings if f.status in statuses):
        for piece, evidence in enumerate(finding.evidence, start=1):
            span = body.find(evidence.text, evidence.location.start / max(text_length, 1))
            if span is None:
                unplaced.append(f"{finding.rule_id}: {evidence.text}")
                continue
            first, last = body.runs_for(span)
            placed.append((first, last, finding, piece, len(finding.evidence)))
    for first, last, finding, piece, pieces in placed:
        _comment(word, first, last, comment_paragraphs(finding, piece, pieces), author, dated)
    missing = by_priority(f for f in result.findings if f.status == "missing")
    if summary == "comment":
        _summary_comment(word, missing, unplaced, intro, author, dated)
    else:
        _summary_section(word, missing, unplaced, intro)
    return Markup(len(placed), len(missing), tuple(unplaced))


def _comment(word, first, last, paragraphs: list[str], author: str, dated: dt.datetime | None) -> None:
    comment = word.comments.add_comment(text="\n".join(paragraphs), author=author, initials=_initials(author))
    if dated is not None:
        comment._comment_elm.date = dated  # reproducible: dated by --as-of, not the wall clock
    first.insert_comment_range_start_above(comment.comment_id)
    last.insert_comment_range_end_and_reference_below(comment.comment_id)


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.replace("-", " ").split() if word[:1].isalpha()).upper()[:3]


def _by_area(missing: list[Finding]) -> Iterable[tuple[str, list[Finding]]]:
    """(area in words, its findings): areas in the order their most important gap comes."""
    areas: dict[str, list[Finding]] = {}
    for finding in missing:
        areas.setdefault(finding.area, []).append(finding)
    return [(area_label(area), findings) for area, findings in areas.items()]


def _summary_section(word, missing: list[Finding], unplaced: list[str], intro: str) -> None:
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_heading(word, SUMMARY_HEADING, 1)
    if intro:
        word.add_paragraph(intro)
    if not missing:
        word.add_paragraph("Every requirement is at least partly covered; see the comments in the margin.")
    else:
        word.add_paragraph(f"The policy does not cover these {len(missing)} requirements, "
                           "most important first. Each needs a sentence or section added.")
    for area, findings in _by_area(missing):
        add_heading(word, area, 2)
        for finding in findings:
            title, *rest = summary_entry(finding)
            paragraph = word.add_paragraph()
            paragraph.add_run(title).bold = True
            for line in rest:
                word.add_paragraph(line)
    if unplaced:
        add_heading(word, "Evidence not marked in the text", 2)
        for line in unplaced:
            word.add_paragraph(line)


def _summary_comment(word, missing: list[Finding], unplaced: list[str], intro: str, author: str,
                     dated: dt.datetime | None) -> None:
    """The summary as one comment on the first words of the document (--summary comment)."""
    lines = [SUMMARY_HEADING] + ([intro] if intro else [])
    lines.append(f"Not covered: {len(missing)} requirement(s), most important first." if missing
                 else "Every requirement is at least partly covered.")
    for area, findings in _by_area(missing):
        lines.append(area)
        lines.extend(line for finding in findings for line in summary_entry(finding))
    if unplaced:
        lines.append("Evidence not marked in the text:")
        lines.extend(unplaced)
    first_run = next((run for run in word.element.body.iter(f"{_W}r")
                      if any((text.text or "").strip() for text in run.iter(f"{_W}t"))), None)
    if first_run is None:  # nothing to anchor on: the summary goes at the end after all
        _summary_section(word, missing, unplaced, intro)
        return
    _comment(word, first_run, first_run, lines, author, dated)


def marked_up_copy(document, result: PolicyResult, original: bytes | None, *, as_of: dt.date, guidance: str,
                   include_met: bool = False, author: str = "policy-check",
                   summary: str = "section") -> tuple[bytes, Markup]:
    """The marked-up .docx as bytes: `original` (the school's own Word file) with comments added, or,
    when there is none (a PDF, HTML, Markdown or text policy), a review copy rebuilt from `document`."""
    import io

    import docx

    from policy_check.markup.review_copy import build_review_copy

    word = docx.Document(io.BytesIO(original)) if original is not None else build_review_copy(document)
    intro = (f"Checked by policy-check against {guidance} as of {as_of.isoformat()}: a comment in the margin "
             "marks each requirement the policy meets only in part or contradicts.")
    markup = annotate(word, result, text_length=len(document.text), include_met=include_met, author=author,
                      dated=dt.datetime.combine(as_of, dt.time(), tzinfo=dt.timezone.utc), summary=summary,
                      intro=intro)
    saved = io.BytesIO()
    word.save(saved)
    return saved.getvalue(), markup
