"""Golden tests for the human-readable reports and the audit tables, all rendered from tests/fixture_report.py.

When a change to a renderer is intended, regenerate the golden files and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report_human.py
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from fixture_report import fixture_report
from policy_check.audit.matrix_page import render_matrix
from policy_check.audit.names import report_names
from policy_check.audit.tables import findings_csv, matrix_csv
from policy_check.report import render
from policy_check.report.markdown_format import escape_markdown

GOLDEN = Path(__file__).parent / "golden"


def _matrix_page() -> str:
    report = fixture_report()
    return render_matrix(report, report_names([p.source for p in report.policies]))


RENDERINGS = {
    "report.html": lambda: render(fixture_report(), "html"),
    "report.md": lambda: render(fixture_report(), "markdown"),
    "matrix.csv": lambda: matrix_csv(fixture_report()),
    "findings.csv": lambda: findings_csv(fixture_report()),
    "index.html": _matrix_page,
}


@pytest.mark.parametrize("name", sorted(RENDERINGS))
def test_rendering_matches_golden_file(name: str) -> None:
    rendered = RENDERINGS[name]()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8", newline="")
    assert rendered == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", ["report.html", "index.html"])
def test_html_shows_policy_script_as_text(name: str) -> None:
    page = RENDERINGS[name]()
    assert "<script>alert(1)</script>" not in page
    assert re.findall(r"<script\b", page, flags=re.IGNORECASE) == (["<script"] if name == "index.html" else [])
    if name == "report.html":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_report_anchors_each_finding_and_shows_waiver_and_looked_for() -> None:
    report = fixture_report()
    single = render(replace(report, policies=report.policies[:1]), "html")
    assert 'id="TT-REDUCTION-Y1"' in single
    assert "Waived: Trust-wide arrangement agreed with the AB (expires 2027-01-31)" in single
    assert "Looked for:" in single
    assert "@page { size: A4; margin: 15mm; }" in single


def test_markdown_escapes_markup_in_policy_text() -> None:
    assert escape_markdown("a | b `c` <d>") == r"a \| b \`c\` \<d\>"
    assert escape_markdown("# not a heading\n1. not a list") == "\\# not a heading\n1\\. not a list"


def test_docx_has_headings_summary_table_and_stable_bytes() -> None:
    first = render(fixture_report(), "docx")
    assert first == render(fixture_report(), "docx")
    document = docx.Document(io.BytesIO(first))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:3] == ["ECT induction policy check", "Oakfield Primary School", "Document"]
    assert "Brook Academy Trust" in headings
    assert "\u26a0 Conflict: 10% timetable reduction in the first year" in headings
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Conflict"] == "2"
    assert summary["Appropriate body"] == "Northern Lights Teaching School Hub"
    assert summary["Review status"].startswith("\u26a0 Conflict")
    assert document.core_properties.created.isoformat().startswith("2026-11-24T10:00:00")
    body = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in body  # plain text in Word: shown, never run


def test_report_names_are_safe_and_unique() -> None:
    names = report_names(["a/x y.txt", "b/x y.txt", "c/X Y.txt", "../../etc/passwd"])
    assert names == {"a/x y.txt": "x-y.txt.html", "b/x y.txt": "x-y.txt-2.html", "c/X Y.txt": "X-Y.txt-3.html",
                     "../../etc/passwd": "passwd.html"}


def test_findings_csv_disarms_formulas() -> None:
    assert "\n" in findings_csv(fixture_report())
    from policy_check.audit.tables import _cell
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("ok") == "ok"


def test_the_words_that_decided_a_finding_are_highlighted_in_html_and_word(tmp_path) -> None:
    """"10%" is marked inside the quote, so a reader sees at once which figure was read for which year."""
    import io

    import docx
    from click.testing import CliRunner

    from policy_check.cli import cli

    policy = str(Path(__file__).resolve().parents[1] / "corpus" / "westgate-ect-itt-policy.txt")
    args = ["check", policy, "--as-of", "2026-11-24", "--fail-on", "never"]
    page = CliRunner().invoke(cli, [*args, "--format", "html"]).stdout
    year_one = page[page.index('id="TT-REDUCTION-Y1"'):]
    year_one = year_one[: year_one.index("</article>")]
    assert "<mark>10%</mark>" in year_one and "<mark>in their first year</mark>" in year_one
    out = tmp_path / "report.docx"
    CliRunner().invoke(cli, [*args, "--format", "docx", "--output", str(out)])
    marked = {run.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs if p.style.name == "Quote"
              for run in p.runs if run.bold and run.font.highlight_color is not None}
    assert {"10%", "5%", "in their first year"} <= marked


def test_docx_is_a4_in_british_english() -> None:
    document = docx.Document(io.BytesIO(render(fixture_report(), "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert all(15 <= round(m.mm) <= 25 for m in (section.left_margin, section.right_margin,
                                                   section.top_margin, section.bottom_margin))
    languages = re.findall(r'<w:lang\b[^>]*w:val="([^"]+)"', document.styles.element.xml)
    assert languages == ["en-GB"]
    assert document.core_properties.language == "en-GB"


def test_quotes_wrap_a_long_unbroken_url_instead_of_overflowing() -> None:
    page = render(fixture_report(), "html")
    quote_rule = re.search(r"^blockquote \{([^}]*)\}", page, flags=re.MULTILINE).group(1)
    assert "overflow-wrap: anywhere" in quote_rule


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_only_gaps_leaves_out_met_findings_and_puts_statutory_gaps_first(fmt: str) -> None:
    """`check --only gaps`: a reviewer's short report; the counts still cover every requirement."""
    import io

    import docx

    from policy_check.report import RenderOptions

    report = fixture_report()
    rendered = render(report, fmt, RenderOptions(only_gaps=True))
    if fmt == "docx":
        rendered = "\n".join(p.text for p in docx.Document(io.BytesIO(rendered)).paragraphs)
    assert "A mentor is appointed and their role described." not in rendered  # met
    assert "Records are retained for six years." not in rendered  # met evidence
    assert "States 5% in the first year; the guidance requires 10%." in rendered  # a conflict
    assert "No statement that induction records are kept." in rendered  # a missing one
    statutory = rendered.find("Statutory requirements") if fmt != "text" else rendered.find("STATUTORY REQUIREMENTS")
    expected = rendered.find("Expected practice") if fmt != "text" else rendered.find("EXPECTED PRACTICE")
    assert 0 <= statutory < expected
