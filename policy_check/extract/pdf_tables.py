"""Ruled tables in a PDF, as rows of cells, so a roles or timetable table keeps its rows and columns.

pypdfium2 gives a PDF's text a line at a time, which runs a table's cells together ("Role Who
Responsibilities Principal Registers each ECT ..."). pdfplumber finds tables from their ruling lines,
but at ~60 ms a page, so it is asked only about pages that have enough drawn lines to hold a table.
Any failure inside pdfplumber (a damaged or hostile page) means no tables for that page, never an error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MIN_RULES = 6  # drawn path objects on a page before it is worth looking for a table
MAX_TABLE_PAGES = 200  # pages handed to pdfplumber at most, so a hostile file cannot take minutes


@dataclass(frozen=True)
class Table:
    """A table's rows (cells with their line breaks folded) and its vertical extent in PDF units from the
    bottom of the page, as pypdfium2 measures lines."""

    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]


def ruled(page: object) -> bool:
    """Whether a pypdfium2 page draws enough lines to hold a ruled table."""
    import pypdfium2.raw as pdfium_c

    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):  # type: ignore[attr-defined]
        count += 1
        if count >= MIN_RULES:
            return True
    return False


def find_tables(data: bytes, page_numbers: list[int]) -> dict[int, list[Table]]:
    """Page index -> its ruled tables (only for `page_numbers`, 0-based)."""
    if not page_numbers:
        return {}
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - pdfplumber is a core dependency
        return {}
    found: dict[int, list[Table]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in page_numbers[:MAX_TABLE_PAGES]:
                tables = _page_tables(pdf.pages[number])
                if tables:
                    found[number] = tables
    except Exception:  # noqa: BLE001 - pdfplumber's failures on odd files are many and undocumented
        return found
    return found


def _page_tables(page) -> list[Table]:
    height = float(page.height)
    tables = []
    try:
        for table in page.find_tables():
            rows = tuple(tuple(" ".join((cell or "").split()) for cell in row) for row in table.extract())
            rows = tuple(row for row in rows if any(row))
            if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
                x0, top, x1, bottom = table.bbox
                tables.append(Table(top=height - float(top), bottom=height - float(bottom), rows=rows))
    except Exception:  # noqa: BLE001 - see find_tables
        return []
    return tables
