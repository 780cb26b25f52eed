"""What a person reads in every human format, on a real corpus policy: the school named once at the
top, areas as words ("At risk", never "at_risk"), while JSON, CSV and anchors keep the machine ids."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest

from policy_check.audit.matrix_page import render_matrix
from policy_check.audit.names import report_names
from policy_check.audit.tables import findings_csv
from policy_check.engine.ruleset import load_ruleset
from policy_check.report import RenderOptions, render
from policy_check.report.overview import approval_text
from policy_check.run import build_report, check_file

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 24)
RULESET = load_ruleset("england-ect-induction")


@pytest.fixture(scope="module")
def report():
    result = check_file(ROOT / "corpus" / "crestwood-ect-policy.txt", RULESET, AS_OF)
    return build_report([result], RULESET, AS_OF)


def test_the_html_report_names_the_school_once_at_the_top(report) -> None:
    page = render(report, "html")
    assert re.findall(r"<h[12]>(.*?)</h[12]>", page) == ["Crestwood Community School"]


def test_html_areas_read_as_words_and_anchors_keep_ids(report) -> None:
    page = render(report, "html")
    assert '<a href="#area-at_risk">At risk</a>' in page
    assert '<h3 id="area-at_risk">At risk</h3>' in page
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "at_risk" not in visible and "At_risk" not in visible


def test_markdown_text_and_word_show_areas_as_words(report) -> None:
    markdown = render(report, "markdown")
    assert "### At risk\n" in markdown and "_risk" not in markdown
    text = render(report, "text", RenderOptions(color=False, fail_on="statutory"))
    assert "\n AT RISK\n" in text and "AT_RISK" not in text
    document = docx.Document(io.BytesIO(render(report, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "At risk" in headings and "Timetable" in headings


def test_the_audit_matrix_heads_areas_in_words_and_filters_by_id(report) -> None:
    page = render_matrix(report, report_names([p.source for p in report.policies]))
    assert '<th class="area" data-area="at_risk" colspan="4">At risk</th>' in page
    assert '<option value="at_risk">At risk</option>' in page


def test_csv_keeps_the_area_id(report) -> None:
    assert ",at_risk," in findings_csv(report)


def test_every_human_format_says_a_dated_policy_was_updated_not_approved(report) -> None:
    said = "updated 2024-09-30; no approval recorded"  # "Updated: September 2024", then a 30 September version
    assert report.policies[0].metadata["approved"] is None
    assert f"<th scope=\"row\">Approved</th><td>{said}</td>" in render(report, "html")
    assert f"| Approved | {said} |" in render(report, "markdown")
    assert f"  approved: {said}\n" in render(report, "text", RenderOptions(color=False, fail_on="statutory"))
    document = docx.Document(io.BytesIO(render(report, "docx")))
    assert {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}["Approved"] == said


@pytest.mark.parametrize(("metadata", "shown"), [
    ({"approved": "2025-10-14", "updated": "2025-09-01"}, "2025-10-14"),
    ({"approved": None, "updated": "2025-09-01"}, "updated 2025-09-01; no approval recorded"),
    ({"approved": None, "updated": None}, "not stated"),
])
def test_approval_falls_back_to_the_updated_date(metadata: dict, shown: str) -> None:
    assert approval_text(metadata) == shown
