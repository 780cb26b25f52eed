"""The Word report: a document an Appropriate Body reviewer can edit into a feedback letter.

python-docx writes plain text runs, so policy text needs no escaping here. Core properties take their
dates from the report's `generated_at`, so the same report gives the same document. Its template is
US Letter in US English; an English school's letter is A4 in British English, as the HTML prints.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Mm

from policy_check.findings import Evidence, Finding, PolicyResult, Report
from policy_check.report.overview import (
    disabled_rule_lines,
    ruleset_line,
    citation_text,
    finding_groups,
    policy_heading,
    status_label,
    summary_facts,
    waiver_text,
)

# Word's zip entries carry timestamps; a fixed one keeps the bytes stable between runs.
_ZIP_EPOCH = (2000, 1, 1, 0, 0, 0)
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
LANGUAGE = "en-GB"


def render(report: Report, options: object) -> bytes:
    """The whole report as .docx bytes."""
    document = Document()
    set_page_and_language(document)
    _set_core_properties(document, report)
    document.add_heading("ECT induction policy check", level=0)
    document.add_paragraph(ruleset_line(report, with_generation=False))
    for line in disabled_rule_lines(report):
        document.add_paragraph(line)
    for policy in report.policies:
        _add_policy(document, policy, getattr(options, "only_gaps", False))
    return _to_bytes(document)


def set_page_and_language(document: WordDocument) -> None:
    """A4 with 20 mm margins, and British English as every run's default language (the spelling
    checker's), set once in the styles' document defaults."""
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    # python-docx has no API for it; its template's defaults carry <w:lang w:val="en-US" ...>.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").set(qn("w:val"), LANGUAGE)


def _set_core_properties(document: WordDocument, report: Report) -> None:
    generated = dt.datetime.fromisoformat(report.generated_at.replace("Z", "+00:00"))
    properties = document.core_properties
    properties.title = "ECT induction policy check"
    properties.author = f"policy-check {report.tool_version}"
    properties.last_modified_by = properties.author
    properties.created = generated
    properties.modified = generated
    properties.revision = 1
    properties.language = LANGUAGE


def _add_policy(document: WordDocument, policy: PolicyResult, only_gaps: bool = False) -> None:
    document.add_heading(policy_heading(policy), level=1)
    document.add_paragraph(f"Source: {policy.source}")
    if policy.error:
        document.add_paragraph(f"Could not read this file: {policy.error}")
        return
    facts = summary_facts(policy)
    table = document.add_table(rows=len(facts), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, facts):
        row.cells[0].text = label
        row.cells[1].text = value
    for _, heading, findings in finding_groups(policy.findings, only_gaps):
        document.add_heading(heading, level=2)
        for finding in findings:
            _add_finding(document, finding)


def _add_finding(document: WordDocument, finding: Finding) -> None:
    document.add_heading(f"{status_label(finding.status)}: {finding.title}", level=3)
    document.add_paragraph(f"{finding.rule_id} \u00b7 {finding.severity}")
    document.add_paragraph(finding.message)
    if finding.waiver is not None:
        document.add_paragraph(waiver_text(finding.waiver))
    for evidence in finding.evidence:
        _add_quote(document, evidence)
        document.add_paragraph(f"\u2014 {evidence.location.describe()}")
    if finding.status == "missing" and finding.looked_for:
        _add_labelled(document, "Looked for: ", finding.looked_for)
    if finding.citation:
        _add_labelled(document, "Guidance: ", citation_text(finding.citation))
    if finding.remediation and finding.is_gap:
        _add_labelled(document, "What to change: ", finding.remediation)


def _add_quote(document: WordDocument, evidence: Evidence) -> None:
    """The quote in the Quote style, the words that decided the finding bold and highlighted."""
    from docx.enum.text import WD_COLOR_INDEX

    paragraph = document.add_paragraph("\u201c", style="Quote")
    for text, decided in evidence.highlighted_parts():
        run = paragraph.add_run(text)
        if decided:
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    paragraph.add_run("\u201d")


def _add_labelled(document: WordDocument, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


def _to_bytes(document: WordDocument) -> bytes:
    """Save, then rewrite the zip with fixed entry timestamps so equal reports give equal bytes."""
    saved = io.BytesIO()
    document.save(saved)
    stable = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return stable.getvalue()
