"""Build real .docx and .pdf files in tests (and for the corpus renderings) from simple descriptions."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Iterable, Sequence

from policy_check.extract.builder import Block

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
CELL_BULLET = "\u2022 "
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
"""Every generated file carries this date, so regenerating the corpus changes no bytes."""


def make_docx(path: Path, blocks: Iterable[Block | str]) -> Path:
    """Write a Word file: headings as "Heading N", list items as "List Bullet", table rows as tables.

    A string is a paragraph. Consecutive table_row blocks form one table; cells are split on " | ",
    a cell's lines become separate paragraphs, and lines starting with "• " are list items.
    """
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush_table() -> None:
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for row, cells in zip(table.rows, rows):
            for cell, text in zip(row.cells, cells):
                _fill_cell(cell, text)
        rows.clear()

    for block in blocks:
        if isinstance(block, str):
            block = Block("paragraph", block)
        if block.kind == "table_row":
            rows.append(block.text.split(" | "))
            continue
        flush_table()
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level or 1, 9))
        elif block.kind == "list_item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    flush_table()
    document.core_properties.created = document.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    document.save(str(path))
    _fix_zip_dates(path)
    return path


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the zip with a fixed timestamp on every member (python-docx stamps the current time)."""
    with zipfile.ZipFile(path) as source:
        members = [(item, source.read(item)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in members:
            fixed = zipfile.ZipInfo(item.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


def _fill_cell(cell: object, text: str) -> None:
    lines = [line for line in text.split("\n") if line.strip()] or [""]
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for n, line in enumerate(lines):
        paragraph = first if n == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        if line.startswith(CELL_BULLET):
            paragraph.style = "List Bullet"
            line = line[len(CELL_BULLET):]
        paragraph.add_run(line)


def make_pdf(
    path: Path,
    text_or_pages: str | Sequence[str],
    *,
    header: str | None = None,
    page_footer: bool = False,
) -> Path:
    """Write a PDF in DejaVu Sans: a string flows over as many pages as needed, a list is one page each.

    Blank lines become paragraph gaps. `header` repeats on every page; `page_footer` adds "Page N of M".
    """
    from fpdf import FPDF

    class _Pdf(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("DejaVu", size=8)
                self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            if page_footer:
                self.set_y(-15)
                self.set_font("DejaVu", size=8)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = _Pdf()
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.add_font("DejaVu", style="B", fname=str(DEJAVU_BOLD))
    pdf.set_auto_page_break(auto=True, margin=20)
    pages = [text_or_pages] if isinstance(text_or_pages, str) else list(text_or_pages)
    for page_text in pages:
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        for paragraph in page_text.split("\n\n"):
            if paragraph.strip():
                bold = paragraph.startswith("# ")
                pdf.set_font("DejaVu", style="B" if bold else "", size=11)
                pdf.multi_cell(0, 6, paragraph.removeprefix("# "), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
    pdf.output(str(path))
    return path
