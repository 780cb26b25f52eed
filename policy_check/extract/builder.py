"""Turn the blocks a reader found into a Document: cleaning, offsets and section paths in one place."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable

from policy_check.errors import InputError
from policy_check.extract import limits
from policy_check.extract.clean import clean_block_text
from policy_check.model import CLAUSE_SEPARATOR, Clause, ClauseKind, Document, Section

_NUMBERING = re.compile(r"^\s*((?:\d+\.)*\d+\.?|[A-Z]\.|[ivxlc]+\.|appendix\s+\w+:?)\s+", re.IGNORECASE)


@dataclass
class Block:
    """A raw piece of text as a reader found it, before cleaning."""

    kind: ClauseKind
    text: str
    page: int | None = None
    level: int | None = None  # headings only: 1 is the top level
    line: int | None = None  # 1-based line in the source file, for text formats


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_text_length(length: int, source: str) -> None:
    """Refuse text beyond MAX_TEXT_CHARS, so a huge document fails before it is segmented or checked."""
    if length > limits.MAX_TEXT_CHARS:
        raise InputError(source, f"text longer than MAX_TEXT_CHARS ({limits.MAX_TEXT_CHARS:,} characters)")


def heading_numbering(heading: str) -> str | None:
    match = _NUMBERING.match(heading)
    return match.group(1).rstrip(".:").strip() if match else None


def build_document(
    source: str,
    fmt: str,
    sha256: str,
    blocks: Iterable[Block],
    *,
    title: str | None = None,
    pages: int | None = None,
    warnings: Iterable[str] = (),
) -> Document:
    """Clean every block, drop empty ones, and lay them out in one normalised text with offsets.

    Blocks may arrive lazily (the Word reader streams them), so the text limit is checked as they come.
    """
    parts: list[str] = []
    offset = 0
    clauses: list[Clause] = []
    sections: list[dict] = []
    stack: list[int] = []  # indices into `sections`, outermost first

    for block in blocks:
        text = clean_block_text(block.text)
        if not text:
            continue
        if parts:
            parts.append(CLAUSE_SEPARATOR)
            offset += len(CLAUSE_SEPARATOR)
        index = len(clauses)
        if block.kind == "heading":
            level = max(1, block.level or 1)
            while stack and sections[stack[-1]]["level"] >= level:
                stack.pop()
            sections.append(
                {
                    "heading": text,
                    "level": level,
                    "numbering": heading_numbering(text),
                    "page": block.page,
                    "clauses": [],
                    "parent": stack[-1] if stack else None,
                }
            )
            stack.append(len(sections) - 1)
        section_index = stack[-1] if stack else None
        path = tuple(sections[i]["heading"] for i in stack)
        clauses.append(
            Clause(
                index=index,
                kind=block.kind,
                text=text,
                start=offset,
                end=offset + len(text),
                page=block.page,
                section_index=section_index,
                section_path=path,
                line=block.line,
            )
        )
        for i in stack:
            sections[i]["clauses"].append(index)
        parts.append(text)
        offset += len(text)
        check_text_length(offset, source)

    if title is None:
        title = next((c.text for c in clauses if c.kind == "heading"), None)
    return Document(
        source=source,
        format=fmt,
        sha256=sha256,
        title=title,
        text="".join(parts),
        sections=tuple(
            Section(
                index=i,
                heading=s["heading"],
                level=s["level"],
                numbering=s["numbering"],
                page=s["page"],
                clause_indices=tuple(s["clauses"]),
                parent=s["parent"],
            )
            for i, s in enumerate(sections)
        ),
        clauses=tuple(clauses),
        pages=pages,
        warnings=tuple(warnings),
    )
