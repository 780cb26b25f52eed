"""Render each corpus/*.txt policy as .md, .html, .docx and .pdf, so every reader is tested on real text.

The .txt is read through our own reader, so headings become real Word headings, bullets list
styles, tab rows tables and roles rows two-column tables; the PDF has a running header and a
"Page N of M" footer so header/footer removal is exercised.

They go to examples/renderings/, not corpus/, so `policy-check audit corpus` shows each school once.

Usage: .venv/bin/python scripts/render_corpus.py [corpus-folder [output-folder]]
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures_build import CELL_BULLET, make_docx, make_pdf  # noqa: E402

from policy_check.extract import read_document  # noqa: E402
from policy_check.extract.builder import Block  # noqa: E402
from policy_check.model import Clause, Document  # noqa: E402


@dataclass
class RolesRow:
    """A roles-table row read from a tab-separated line: the label and its duties."""

    label: str
    level: int
    content: list[Clause] = field(default_factory=list)


def parts(document: Document) -> list[Clause | RolesRow]:
    """Clauses in order, with each roles-table heading grouped with the content from its source line."""
    result: list[Clause | RolesRow] = []
    clauses = document.clauses
    n = 0
    while n < len(clauses):
        clause = clauses[n]
        following = [c for c in clauses[n + 1:n + 40] if c.line == clause.line]
        if clause.kind == "heading" and following and clause.line is not None:
            section = document.section_of(clause)
            row = RolesRow(clause.text, section.level if section else 1, following)
            result.append(row)
            n += 1 + len(following)
            continue
        result.append(clause)
        n += 1
    return result


def heading_level(document: Document, clause: Clause) -> int:
    section = document.section_of(clause)
    return section.level if section else 1


def to_markdown(document: Document) -> str:
    lines: list[str] = []
    previous_row = False
    for part in parts(document):
        is_row = isinstance(part, Clause) and part.kind == "table_row"
        if isinstance(part, RolesRow):
            lines += [f"{'#' * min(part.level, 6)} {part.label}", ""]
            for clause in part.content:
                lines += [("- " if clause.kind == "list_item" else "") + clause.text, ""]
        elif part.kind == "heading":
            lines += [f"{'#' * min(heading_level(document, part), 6)} {part.text}", ""]
        elif part.kind == "list_item":
            lines += [f"- {part.text}", ""]
        elif is_row:
            cells = part.text.split(" | ")
            if previous_row:
                lines.pop()
            lines.append("| " + " | ".join(cells) + " |")
            if not previous_row:
                lines.append("|" + " --- |" * len(cells))
            lines.append("")
        else:
            lines += [part.text, ""]
        previous_row = is_row
    return "\n".join(lines)


def to_html(document: Document) -> str:
    out = [f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(document.title or '')}</title>"
           "<style>td{vertical-align:top}</style></head><body>"]
    for part in parts(document):
        if isinstance(part, RolesRow):
            out.append(f"<h{min(part.level, 6)}>{html.escape(part.label)}</h{min(part.level, 6)}>")
            out += [_html_clause(clause) for clause in part.content]
        elif part.kind == "heading":
            level = min(heading_level(document, part), 6)
            out.append(f"<h{level}>{html.escape(part.text)}</h{level}>")
        else:
            out.append(_html_clause(part))
    out.append("</body></html>")
    return "\n".join(out)


def _html_clause(clause: Clause) -> str:
    if clause.kind == "list_item":
        return f"<ul><li>{html.escape(clause.text)}</li></ul>"
    if clause.kind == "table_row":
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in clause.text.split(" | "))
        return f"<table><tr>{cells}</tr></table>"
    return f"<p>{html.escape(clause.text)}</p>"


def to_docx_blocks(document: Document) -> list[Block]:
    blocks: list[Block] = []
    for part in parts(document):
        if isinstance(part, RolesRow):
            duties = "\n".join((CELL_BULLET if c.kind == "list_item" else "") + c.text for c in part.content)
            blocks.append(Block("table_row", f"{part.label} | {duties}"))
        elif part.kind == "heading":
            blocks.append(Block("heading", part.text, level=heading_level(document, part)))
        else:
            blocks.append(Block(part.kind, part.text))
    return blocks


def to_pdf_text(document: Document) -> str:
    paragraphs: list[str] = []
    for part in parts(document):
        if isinstance(part, RolesRow):
            paragraphs.append(f"# {part.label}")
            paragraphs += [("\u2022 " if c.kind == "list_item" else "") + c.text for c in part.content]
        elif part.kind == "heading":
            paragraphs.append(f"# {part.text}")
        else:
            paragraphs.append(("\u2022 " if part.kind == "list_item" else "") + part.text)
    return "\n\n".join(paragraphs)


def render(source: Path, target: Path) -> list[Path]:
    """Write the four renderings of `source` into `target` and return their paths."""
    document = read_document(source)
    stem = target / source.stem
    md = stem.with_suffix(".md")
    md.write_text(to_markdown(document), encoding="utf-8")
    page = stem.with_suffix(".html")
    page.write_text(to_html(document), encoding="utf-8")
    docx_path = make_docx(stem.with_suffix(".docx"), to_docx_blocks(document))
    header = f"{source.stem} \u2013 generated from the .txt"  # differs from the title, so the title survives
    pdf_path = make_pdf(stem.with_suffix(".pdf"), to_pdf_text(document), header=header, page_footer=True)
    return [md, page, docx_path, pdf_path]


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "corpus"
    target = Path(argv[2]) if len(argv) > 2 else ROOT / "examples" / "renderings"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(folder.glob("*.txt")):
        for path in render(source, target):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
