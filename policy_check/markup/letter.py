"""The appropriate body's feedback letter to a school: what is strong, what must change, what we advise.

Built from the findings alone, in the words the comments use, so the letter and the marked-up copy
agree. A reviewer's own letterhead (.docx) can be the template: its styles, header and footer stay
and only its body is replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from policy_check.findings import Finding, PolicyResult
from policy_check.markup.word_file import add_heading, style_or_none
from policy_check.report.overview import by_priority, policy_heading

STRENGTHS_SHOWN = 8  # a letter names the main strengths, not all forty of them


@dataclass(frozen=True)
class Sender:
    """Who signs the letter: 'Jo Bloggs, Northvale Teaching School Hub' -> name and body."""

    name: str
    body: str

    @classmethod
    def parse(cls, text: str) -> "Sender":
        name, _, body = text.partition(",")
        return cls(name.strip(), body.strip())


def must_change(finding: Finding) -> bool:
    """A statutory gap, or any contradiction of the guidance, must be put right before the policy complies."""
    return not finding.waived and (finding.status == "conflict" or
                                   (finding.is_gap and finding.severity == "statutory"))


def build_letter(result: PolicyResult, sender: Sender, as_of: dt.date, guidance: str,
                 template: bytes | None = None):
    """The letter as a python-docx Document (the template's, its body replaced, when one is given)."""
    import io

    import docx

    from policy_check.report.docx_format import set_page_and_language

    word = docx.Document(io.BytesIO(template)) if template else docx.Document()
    if template:
        _clear_body(word)  # the letterhead keeps its own page, language, header and footer
    else:
        set_page_and_language(word)
    school = policy_heading(result)
    findings = list(result.findings)
    required = by_priority(f for f in findings if must_change(f))
    advised = by_priority(f for f in findings if f.is_gap and not f.waived and not must_change(f))
    strengths = by_priority(f for f in findings if f.status == "met")
    counts = result.summary

    word.add_paragraph(_long_date(as_of))
    word.add_paragraph(f"The Headteacher\n{school}")
    add_heading(word, "Review of your early career teacher (ECT) induction policy", 1)
    word.add_paragraph("Dear Headteacher,")
    approved = result.metadata.get("approved")
    word.add_paragraph(
        f"Thank you for sending us {school}'s ECT induction policy ({Path(result.source).name}"
        f"{', approved ' + _words_date(approved) if approved else ''}). We have reviewed it against {guidance}, "
        f"as it stands on {_long_date(as_of)}. Of the {len(findings)} points we check, the policy meets "
        f"{counts['met']}, covers {counts['partial']} only in part, does not cover {counts['missing']} and "
        f"contradicts the guidance on {counts['conflict']}.")

    add_heading(word, "What is strong", 2)
    if strengths:
        word.add_paragraph("The policy sets out clearly:")
        for finding in strengths[:STRENGTHS_SHOWN]:
            _bullet(word, finding.title)
    else:
        word.add_paragraph("We could not yet find a requirement the policy meets in full.")

    add_heading(word, "What must change before the policy meets the statutory guidance", 2)
    if required:
        for finding in required:
            _item(word, finding)
    else:
        word.add_paragraph("Nothing: the policy meets every statutory requirement we check.")

    if advised:
        add_heading(word, "What we advise", 2)
        for finding in advised:
            _item(word, finding)

    word.add_paragraph(
        "The marked-up copy of your policy that comes with this letter shows each point in the margin, "
        "beside the words it refers to. Please send us the revised policy once your governing board has "
        "approved it; we are happy to talk any of these points through.")
    word.add_paragraph("Yours sincerely,")
    word.add_paragraph("\n".join(part for part in (sender.name, sender.body) if part))
    return word


def _item(word, finding: Finding) -> None:
    paragraph = word.add_paragraph(style=style_or_none(word, "List Bullet"))
    paragraph.add_run(f"{finding.title}. ").bold = True
    paragraph.add_run(finding.message)
    if finding.remediation:
        paragraph.add_run(f" {finding.remediation}")


def _bullet(word, text: str) -> None:
    word.add_paragraph(text, style=style_or_none(word, "List Bullet"))


def _clear_body(word) -> None:
    """Remove the template's body text, keeping its last section properties (page, header, footer)."""
    body = word.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _words_date(value: object) -> str:
    """'2023-03-01' -> '1 March 2023'; anything else as it was recorded."""
    try:
        return _long_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
