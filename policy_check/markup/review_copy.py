"""A Word review copy of a policy that did not arrive as .docx, rebuilt from the document model.

Headings keep their level as Heading styles, list items become bullets, consecutive table rows one
table, and a small note marks where each page of a PDF begins, so a reviewer can point the school
back to its own page numbers. Comments are then added exactly as on a school's own Word file.
"""

from __future__ import annotations

from policy_check.model import CELL_SEPARATOR, Clause, Document

PAGE_NOTE_STYLE = "Caption"


def build_review_copy(document: Document):
    """A python-docx Document holding the policy's text, clause by clause, in A4 and en-GB."""
    from docx import Document as new_word_document

    from policy_check.report.docx_format import set_page_and_language

    word = new_word_document()
    set_page_and_language(word)
    word.core_properties.title = f"Review copy of {document.title or document.source}"
    word.add_paragraph(f"Review copy of {document.source}: the policy's text as policy-check read it.",
                       style=PAGE_NOTE_STYLE)
    page = None
    rows: list[Clause] = []
    for clause in document.clauses:
        if clause.kind != "table_row" and rows:
            _add_table(word, rows)
            rows = []
        if clause.page is not None and clause.page != page:
            if rows:
                _add_table(word, rows)
                rows = []
            page = clause.page
            word.add_paragraph(f"[page {page}]", style=PAGE_NOTE_STYLE)
        if clause.kind == "table_row":
            rows.append(clause)
        elif clause.kind == "heading":
            section = document.sections[clause.section_index] if clause.section_index is not None else None
            level = min(section.level if section is not None else 1, 9)
            word.add_paragraph(clause.text, style=f"Heading {level}")
        elif clause.kind == "list_item":
            word.add_paragraph(clause.text, style="List Bullet")
        else:
            word.add_paragraph(clause.text)
    if rows:
        _add_table(word, rows)
    return word


def _add_table(word, rows: list[Clause]) -> None:
    """Consecutive table rows as one table, as wide as its widest row."""
    cells = [row.text.split(CELL_SEPARATOR) for row in rows]
    table = word.add_table(rows=len(cells), cols=max(len(row) for row in cells))
    table.style = "Table Grid"
    for row, texts in zip(table.rows, cells):
        for cell, text in zip(row.cells, texts):
            cell.text = text
