"""Segmentation of plain text into headings, paragraphs, list items and rows, on corpus snippets."""

from __future__ import annotations

from policy_check.extract import read_text
from policy_check.model import Document


def kinds(document: Document) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in document.clauses]


def test_wrapped_bullet_lines_are_joined() -> None:
    document = read_text(
        "Early Careers Teacher entitlement\n\n"
        "- ECTs in their second year of teaching, will have a reduction of 5% of a teachers'\n"
        " workload in addition to PPA time. This time is to be used to continue to support\n"
        " professional development.\n"
        "- The School will act quickly.\n"
    )
    assert kinds(document) == [
        ("heading", "Early Careers Teacher entitlement"),
        ("list_item", "ECTs in their second year of teaching, will have a reduction of 5% of a teachers' workload "
                      "in addition to PPA time. This time is to be used to continue to support professional development."),
        ("list_item", "The School will act quickly."),
    ]


def test_paragraph_split_by_a_stray_blank_line_is_rejoined() -> None:
    document = read_text(
        "A local Headteacher plays an important part in the process of inducting new colleagues to the profession. While\n\n"
        "responsibility for the implementation of the induction programme has been delegated.\n"
    )
    assert [c.kind for c in document.clauses] == ["paragraph"]
    assert "profession. While responsibility" in document.clauses[0].text


def test_numbered_headings_and_levels() -> None:
    document = read_text(
        "[bookmark: _heading=h.30j0zll]1.\tIntroduction\nThe first two years matter.\n\n"
        "5.0 Support\n\n5.1 Our induction programme ensures support.\n\n"
        "5.2 Mentoring\n\nText here.\n\n"
        "Appendix 1: Roles and responsibilities\n\nStatutory roles are set out.\n"
    )
    headings = [(s.heading, s.level, s.numbering) for s in document.sections]
    assert headings == [
        ("1. Introduction", 1, "1"),
        ("5.0 Support", 1, "5.0"),
        ("5.2 Mentoring", 2, "5.2"),
        ("Appendix 1: Roles and responsibilities", 1, "Appendix 1"),
    ]
    assert ("paragraph", "5.1 Our induction programme ensures support.") in kinds(document)


def test_numbered_list_run_is_not_headings() -> None:
    document = read_text(
        "Our Lumen induction programme aims to:\n\n1. Run an ECT induction programme\n\n"
        "2. Provide ECTs with a supportive environment\n3. Provide opportunities\n4. Inform an ECT's pay progression\n"
    )
    assert [c.kind for c in document.clauses] == ["paragraph"] + ["list_item"] * 4


def test_short_title_lines_are_headings_and_sub_headings() -> None:
    document = read_text(
        "Special circumstances\n\nLength of Induction period\n\nAppropriate bodies have discretion to reduce it.\n\n"
        "ECT Absence\n\nIf an ECT is absent for 30 days or more, induction is extended.\n\n"
        "Entitlement\n\n- Observe experienced colleagues teaching\n- Regular meetings\n"
    )
    assert [(s.heading, s.level) for s in document.sections] == [
        ("Special circumstances", 1),
        ("Length of Induction period", 2),
        ("ECT Absence", 1),
        ("Entitlement", 1),
    ]
    assert ("list_item", "Observe experienced colleagues teaching") in kinds(document)


def test_colon_titles_only_when_title_case() -> None:
    document = read_text("Practice and Procedures:\n\nText.\n\nStatutory responsibilities are:\n\n- Registering the ECT\n")
    assert [s.heading for s in document.sections] == ["Practice and Procedures:"]


def test_tab_rows_become_table_rows() -> None:
    document = read_text(
        "Initial Policy date\tNovember 2004\tNext scheduled review\tJanuary 2024\n"
        "DATE APPROVED BY LUMEN LEARNING TRUST\t1 st June 2026\t\t\n"
    )
    assert kinds(document) == [
        ("table_row", "Initial Policy date | November 2004 | Next scheduled review | January 2024"),
        ("table_row", "DATE APPROVED BY LUMEN LEARNING TRUST | 1st June 2026"),
    ]


def test_roles_row_with_html_becomes_a_sub_section() -> None:
    document = read_text(
        "Appendix 1: Roles and responsibilities\n\n"
        "Headteacher\t<p>The Headteacher has a significant and leading role in the process of inducting new colleagues.</p> "
        "<p>Key functions include:</p> <ul style=\"list-style-type: none\"> \u25cf Ensuring the ECT is registered "
        "\u25cf Keeping the Governing Body aware</ul>\n"
        "\tThe Headteacher also observes every ECT at least once during their induction period.\t\n"
    )
    assert kinds(document) == [
        ("heading", "Appendix 1: Roles and responsibilities"),
        ("heading", "Headteacher"),
        ("paragraph", "The Headteacher has a significant and leading role in the process of inducting new colleagues."),
        ("paragraph", "Key functions include:"),
        ("list_item", "Ensuring the ECT is registered"),
        ("list_item", "Keeping the Governing Body aware"),
        ("paragraph", "The Headteacher also observes every ECT at least once during their induction period."),
    ]
    assert document.clauses[-1].section_path == ("Appendix 1: Roles and responsibilities", "Headteacher")
    assert document.clauses[4].line == 3


def test_jammed_bullets_are_split() -> None:
    document = read_text("\u00b7 Access the programme \u00b7 Access the full Appropriate Body service\n")
    assert kinds(document) == [
        ("list_item", "Access the programme"),
        ("list_item", "Access the full Appropriate Body service"),
    ]


def test_markdown_headings_links_and_lines() -> None:
    document = read_text("# Policy\n\nRead the [Statutory Guidance](#).\n\n## Scope\n\nAll **ECTs**.\n")
    assert [(s.heading, s.level) for s in document.sections] == [("Policy", 1), ("Scope", 2)]
    assert [c.line for c in document.clauses] == [1, 3, 5, 7]
    assert document.clauses[1].text == "Read the Statutory Guidance."
    assert document.clauses[3].text == "All ECTs."


def test_capitalised_title_over_two_lines_is_one_heading() -> None:
    document = read_text("CRESTWOOD\nCOMMUNITY SCHOOL\n\nECT Policy\n\nUpdated: September 2024\n")
    assert [(s.heading, s.level) for s in document.sections] == [("CRESTWOOD COMMUNITY SCHOOL", 1), ("ECT Policy", 2)]
    assert document.title == "CRESTWOOD COMMUNITY SCHOOL"


def test_a_line_that_fills_the_wrap_width_continues_on_a_capitalised_line() -> None:
    """Text wrapped at a fixed width breaks before any word, names included: "... the Induction" /
    "Tutor will act quickly." is one paragraph; a short line before a capitalised one is not joined."""
    filler = ("The school follows the statutory guidance for induction in every respect and reviews "
              "its arrangements each year with the governors and the appropriate body so that new teachers")
    wrapped = []
    line = ""
    for word in (filler + " are well supported.").split():
        if len(line) + len(word) + 1 > 70:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    body = "\n".join(wrapped * 8)
    text = (body + "\n\nWhere there are concerns that an ECT may not meet the Teachers' Standards, the Induction\n"
            "Tutor will act quickly and agree a support plan.\n\nContents\nIntroduction\n")
    document = read_text(text, source="<wrapped>")
    paragraphs = [c.text for c in document.clauses]
    assert any(p.startswith("Where there are concerns") and p.endswith("agree a support plan.") for p in paragraphs)
    assert not any("Contents Introduction" in p for p in paragraphs)


def test_an_unmarked_title_under_a_markdown_heading_is_its_sub_heading() -> None:
    """A definition list's term ("Support plan" over ": The tutor writes ...") stays inside "## 9."."""
    text = ("# ECT policy\n\n## 9. When progress is a concern\n\nEarly identification\n: Concerns are raised at once.\n\n"
            "Support plan\n: The tutor writes a support plan with targets.\n\n## 10. Records\n\nFiles are kept.\n")
    document = read_text(text, source="<policy.md>")
    plan = next(c for c in document.clauses if "writes a support plan" in c.text)
    assert plan.section_path[-2:] == ("9. When progress is a concern", "Support plan")


def test_a_table_saved_as_text_one_cell_per_line_reads_as_rows_under_its_header() -> None:
    """What "Save as text" makes of a Word table: no tabs, no blank lines, a caption above and a note
    below. The figure must read with its own row ("Year 2"), as in the Word file."""
    document = read_text(
        "3.1 The reduced timetable\n"
        "Every ECT has a reduced timetable throughout induction, in addition to PPA time.\n"
        "Table 1: Reduced timetable during induction\n"
        "Year of induction\nTeaching timetable (compared with a main pay range teacher)\nHow the time is used\n"
        "Year 1\nNo more than 90% (a 10% reduction)\nWeekly mentor meeting; lead provider training sessions\n"
        "Year 2\nNo more than 95% (a 5% reduction)\nFortnightly mentor meeting; a small enquiry project\n"
        "For part-time ECTs the reduction is applied pro rata to their contracted teaching timetable.\n"
        "3.2 Protecting induction time\n"
    )
    rows = [c.text for c in document.clauses if c.kind == "table_row"]
    assert rows == [
        "Year of induction | Teaching timetable (compared with a main pay range teacher) | How the time is used",
        "Year 1 | No more than 90% (a 10% reduction) | Weekly mentor meeting; lead provider training sessions",
        "Year 2 | No more than 95% (a 5% reduction) | Fortnightly mentor meeting; a small enquiry project",
    ]
    assert ("paragraph", "Table 1: Reduced timetable during induction") in kinds(document)
    assert ("paragraph", "For part-time ECTs the reduction is applied pro rata to their contracted teaching timetable.") in kinds(document)


def test_short_lines_that_are_no_table_stay_as_they_were() -> None:
    """A run of short lines without a header row and longer cells (a list of roles) is not a table."""
    document = read_text("Who is involved\n\nThe headteacher\nThe induction tutor\nThe mentor\nThe ECT\nThe appropriate body\nThe governors\n")
    assert not [c for c in document.clauses if c.kind == "table_row"]
