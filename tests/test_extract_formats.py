"""Format-specific reading: Word styles and tables, HTML structure, PDF pages and running lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx

from fixtures_build import make_docx, make_pdf
from policy_check.extract import find_policy_files, read_document
from policy_check.extract.builder import Block


def test_docx_headings_lists_tables_in_body_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "p.docx",
        [
            Block("heading", "Induction policy", level=1),
            Block("heading", "Mentoring", level=2),
            "Every ECT has a mentor.",
            Block("list_item", "Weekly meetings"),
            Block("table_row", "Reviewed | September 2025"),
            Block("table_row", "Headteacher | Registers the ECT with an appropriate body before induction starts.\n"
                               "\u2022 Observes each ECT at least once"),
            "After the table.",
        ],
    )
    document = read_document(path)
    assert [(c.kind, c.text) for c in document.clauses] == [
        ("heading", "Induction policy"),
        ("heading", "Mentoring"),
        ("paragraph", "Every ECT has a mentor."),
        ("list_item", "Weekly meetings"),
        ("table_row", "Reviewed | September 2025"),
        ("heading", "Headteacher"),
        ("paragraph", "Registers the ECT with an appropriate body before induction starts."),
        ("list_item", "Observes each ECT at least once"),
        ("paragraph", "After the table."),
    ]
    assert document.clauses[7].section_path == ("Induction policy", "Mentoring", "Headteacher")


def test_docx_outline_level_merged_cells_and_no_headers(tmp_path: Path) -> None:
    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "RUNNING HEADER"
    word.sections[0].footer.paragraphs[0].text = "RUNNING FOOTER"
    paragraph = word.add_paragraph("Assessment")
    properties = paragraph._p.get_or_add_pPr()
    outline = properties.makeelement(docx.oxml.ns.qn("w:outlineLvl"), {docx.oxml.ns.qn("w:val"): "1"})
    properties.append(outline)
    table = word.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Merged label"
    table.cell(0, 2).text = "Value"
    word.save(str(tmp_path / "o.docx"))
    document = read_document(tmp_path / "o.docx")
    assert [(s.heading, s.level) for s in document.sections] == [("Assessment", 2)]
    assert document.clauses[1].text == "Merged label | Value"
    assert "RUNNING" not in document.text


def test_docx_custom_style_based_on_a_heading(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    word = docx.Document()
    custom = word.styles.add_style("Policy Section", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = word.styles["Heading 2"]
    word.add_paragraph("Monitoring and assessment", style="Policy Section")
    word.add_paragraph("Termly observations.")
    word.save(str(tmp_path / "c.docx"))
    document = read_document(tmp_path / "c.docx")
    assert [(s.heading, s.level) for s in document.sections] == [("Monitoring and assessment", 2)]


def test_html_structure(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "<html><head><title>ECT policy</title><style>p{color:red}</style></head><body>"
        "<h1>Policy</h1><h2>Support</h2><p>Mentors meet <b>weekly</b> &amp; review.</p>"
        "<ul><li>Observations</li></ul><script>alert('x')</script>"
        "<table><tr><th>Owner</th><td>HR</td><td></td></tr></table></body></html>",
        encoding="utf-8",
    )
    document = read_document(tmp_path / "p.html")
    assert document.title == "ECT policy"
    assert [(c.kind, c.text) for c in document.clauses] == [
        ("heading", "Policy"),
        ("heading", "Support"),
        ("paragraph", "Mentors meet weekly & review."),
        ("list_item", "Observations"),
        ("table_row", "Owner | HR"),
    ]


def test_markdown_tables_and_code_fences(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(
        "# Policy\n\n| Role | Duty |\n| --- | --- |\n| Mentor | Meets weekly |\n\n```\nraw  text\n```\n",
        encoding="utf-8",
    )
    document = read_document(tmp_path / "p.md")
    assert [(c.kind, c.text, c.line) for c in document.clauses] == [
        ("heading", "Policy", 1),
        ("table_row", "Role | Duty", 3),
        ("table_row", "Mentor | Meets weekly", 5),
        ("paragraph", "raw text", 7),
    ]


def test_markdown_front_matter_is_read_as_document_control(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(
        "---\ntitle: \"ECT induction\"\napproved_by: Governing Board\nnext_review: 2027-10-01\n"
        "audience:\n  - ECTs\n---\n\n# Policy\n\nECTs have a mentor.\n",
        encoding="utf-8",
    )
    document = read_document(tmp_path / "p.md")
    assert [(c.kind, c.text, c.line) for c in document.clauses] == [
        ("table_row", "Title | ECT induction", 2),
        ("table_row", "Approved by | Governing Board", 3),
        ("table_row", "Next review | 2027-10-01", 4),
        ("heading", "Policy", 9),
        ("paragraph", "ECTs have a mentor.", 11),
    ]
    report = subprocess.run([sys.executable, "-m", "policy_check", "check", str(tmp_path / "p.md"), "--format", "json",
                             "--as-of", "2026-12-01"], capture_output=True, text=True)
    findings = {f["rule_id"]: f for f in json.loads(report.stdout)["policies"][0]["findings"]}
    assert findings["DOC-REVIEW-CURRENT"]["status"] == "met"
    assert "2027-10-01" in findings["DOC-REVIEW-CURRENT"]["evidence"][0]["text"]


def test_a_markdown_rule_line_without_a_closing_one_is_not_front_matter(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("---\nnext_review: 2027-10-01\n\nSome text.\n", encoding="utf-8")
    assert all(c.kind != "table_row" for c in read_document(tmp_path / "p.md").clauses)


def test_pdf_pages_hyphenation_and_running_lines(tmp_path: Path) -> None:
    pages = [
        f"# Section {name}\n\nThe induction tutor reviews progress every half term with the ECT and re-\ncords it.\n\n"
        + "Another paragraph of policy text.\n\n" * n  # so the bullet sits at a different height on each page
        + f"\u2022 Item on page {n}"
        for n, name in enumerate(["Alpha", "Beta", "Gamma"], start=1)
    ]
    make_pdf(tmp_path / "p.pdf", pages, header="Westgate School ECT policy", page_footer=True)
    document = read_document(tmp_path / "p.pdf")
    assert document.pages == 3
    assert "Westgate School ECT policy" not in document.text
    assert "Page 2 of 3" not in document.text
    assert [(c.kind, c.page) for c in document.clauses if c.text == "Item on page 2"] == [("list_item", 2)]
    assert "and records it." in document.text
    assert [s.heading for s in document.sections] == ["Section Alpha", "Section Beta", "Section Gamma"]


def test_find_policy_files(tmp_path: Path) -> None:
    for name in ["b/Policy.DOCX", "a.txt", "c.pdf", "~$lock.docx", ".hidden/x.txt", "reference/qa.txt",
                 "notes.csv", "README.md", "d/e.htm", "f.markdown"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_policy_files(tmp_path)]
    # notes.csv is handed on, to be reported as a file no reader takes; only never-policies are passed over
    assert found == ["a.txt", "b/Policy.DOCX", "c.pdf", "d/e.htm", "f.markdown", "notes.csv"]
    from policy_check.extract.files import scan_folder

    passed = sorted(p.relative_to(tmp_path).as_posix() for p in scan_folder(tmp_path).passed_over)
    assert passed == [".hidden/x.txt", "README.md", "reference/qa.txt", "~$lock.docx"]


def test_extract_json_is_one_object_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Scope\n\nAll ECTs.\n")
    (tmp_path / "b.md").write_text("# Scope\n\n- All ECTs\n")
    result = subprocess.run(
        [sys.executable, "-m", "policy_check", "extract", "--format", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.md")],
        capture_output=True, text=True, timeout=10,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["format"] for d in data] == ["txt", "md"]
    assert data[1]["clauses"][1] == {
        "index": 1, "kind": "list_item", "text": "All ECTs", "page": None, "line": 3,
        "section": ["Scope"], "start": 7, "end": 15,
    }


def test_a_ruled_table_in_a_pdf_keeps_its_rows_and_cells(tmp_path: Path) -> None:
    """A PDF table (as a word processor prints one, with ruled cells) is read row by row, cells apart,
    as the Word original is: pypdfium2's lines alone would run the cells together."""
    import datetime as dt

    from fpdf import FPDF

    from fixtures_build import DEJAVU, DEJAVU_BOLD
    from policy_check.engine import evaluate
    from policy_check.engine.ruleset import load_ruleset

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.add_font("DejaVu", style="B", fname=str(DEJAVU_BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, "Our early career teachers have a reduced timetable, set out below.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(40, 40, 100)) as table:
        for cells in (("Year", "Reduction", "How the released time is used"),
                      ("Year 1", "10%", "Training sessions and the weekly mentor meeting"),
                      ("Year 2", "5%", "Mentor meetings and follow-up training")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "timetable.pdf"
    pdf.output(str(path))

    document = read_document(path)
    rows = [c.text for c in document.clauses if c.kind == "table_row"]
    assert rows == ["Year | Reduction | How the released time is used",
                    "Year 1 | 10% | Training sessions and the weekly mentor meeting",
                    "Year 2 | 5% | Mentor meetings and follow-up training"]
    status = {f.rule_id: f.status for f in evaluate(document, load_ruleset("england-ect-induction"), dt.date(2026, 11, 24)).findings}
    assert status["TT-REDUCTION-Y1"] == "met" and status["TT-REDUCTION-Y2"] == "met"


def test_a_typed_hyphen_at_a_pdf_line_end_is_kept(tmp_path: Path) -> None:
    """ "main-" at a line end and "pay-range" on the next line is one compound, not "mainpay-range"."""
    path = make_pdf(tmp_path / "hyphen.pdf", "Part-time ECTs serve induction pro rata.\n\n"
                    "ECTs are paid on the main-\npay-range and may work part-\ntime. Progress is re-\ncorded termly.")
    document = read_document(path)
    assert "main-pay-range" in document.text and "work part-time" in document.text
    assert "recorded termly" in document.text  # a hyphenation point, not a compound
