"""The document model every reader produces and every rule reads: Document -> Section -> Clause.

Offsets are into `Document.text`, the normalised text of the whole document, so that
`document.text[clause.start:clause.end] == clause.text` always holds and evidence can be located.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClauseKind = Literal["heading", "paragraph", "list_item", "table_row", "table_cell"]
CLAUSE_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "  # between the cells of a table_row clause


@dataclass(frozen=True)
class Location:
    """Where a clause is, in words a person can follow: page, section heading, clause index."""

    page: int | None
    section: str | None
    clause: int
    start: int
    end: int
    line: int | None = None

    def describe(self, with_clause: bool = True) -> str:
        """'page 3, section “5.0 Support”, clause 41' (the clause index is for the JSON reader)."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.section:
            parts.append(f"section \u201c{self.section}\u201d")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if with_clause:
            parts.append(f"clause {self.clause}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Clause:
    """One unit of policy text: a heading, paragraph, list item, table row or table cell."""

    index: int
    kind: ClauseKind
    text: str
    start: int
    end: int
    page: int | None
    section_index: int | None
    section_path: tuple[str, ...]
    line: int | None = None

    def cell_spans(self) -> list[tuple[int, int]]:
        """Character spans in `Document.text` of a table row's cells (the whole clause for other kinds)."""
        if self.kind != "table_row":
            return [(self.start, self.end)]
        spans, offset = [], self.start
        for cell in self.text.split(CELL_SEPARATOR):
            spans.append((offset, offset + len(cell)))
            offset += len(cell) + len(CELL_SEPARATOR)
        return spans

    @property
    def location(self) -> Location:
        return Location(
            page=self.page,
            section=self.section_path[-1] if self.section_path else None,
            clause=self.index,
            start=self.start,
            end=self.end,
            line=self.line,
        )


@dataclass(frozen=True)
class Section:
    """A heading and the clauses under it (up to the next heading of the same or higher level)."""

    index: int
    heading: str
    level: int
    numbering: str | None
    page: int | None
    clause_indices: tuple[int, ...]
    parent: int | None


@dataclass(frozen=True)
class Document:
    """A policy as read from one file, whatever its format."""

    source: str
    format: str
    sha256: str
    title: str | None
    text: str
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = field(default=())

    def section_of(self, clause: Clause) -> Section | None:
        return self.sections[clause.section_index] if clause.section_index is not None else None

    def to_dict(self) -> dict:
        """The JSON shape printed by `policy-check extract --format json`."""
        return {
            "source": self.source,
            "format": self.format,
            "sha256": self.sha256,
            "title": self.title,
            "pages": self.pages,
            "warnings": list(self.warnings),
            "sections": [
                {
                    "index": s.index,
                    "heading": s.heading,
                    "level": s.level,
                    "numbering": s.numbering,
                    "page": s.page,
                    "parent": s.parent,
                    "clauses": list(s.clause_indices),
                }
                for s in self.sections
            ],
            "clauses": [
                {
                    "index": c.index,
                    "kind": c.kind,
                    "text": c.text,
                    "page": c.page,
                    "line": c.line,
                    "section": list(c.section_path),
                    "start": c.start,
                    "end": c.end,
                }
                for c in self.clauses
            ],
        }
