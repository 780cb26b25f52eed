"""The Markdown reader: `#` headings, lists, pipe tables and code fences, through the shared segmenter.

A policy kept in git often opens with a YAML front-matter block (`approved: 2025-10-09`,
`next_review: 2027-10-01`). Its fields are the policy's document control, so each becomes a
two-cell row ("Next review | 2027-10-01"), read like a version table in a Word file. The block is
read line by line, not by a YAML parser: it is untrusted text, and only its simple fields matter.
"""

from __future__ import annotations

import re

from policy_check.extract.builder import Block, build_document, sha256_of
from policy_check.extract.segment import SourceLine, segment_lines, split_lines
from policy_check.extract.text import check_text_length, decode_text
from policy_check.model import Document

_FRONT_MATTER_OPEN = re.compile(r"^---\s*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,40}):\s*(?P<value>\S.*)$")
MAX_FRONT_MATTER_LINES = 100


def read(data: bytes, source: str) -> Document:
    """Read a Markdown policy from its bytes."""
    text = decode_text(data, source)
    check_text_length(text, source)
    return build_document(source, "md", sha256_of(data), markdown_blocks(text))


def markdown_blocks(text: str) -> list[Block]:
    """Segment decoded Markdown into blocks, its front matter first."""
    fields, body = front_matter(split_lines(text))
    return fields + segment_lines(body, markdown=True)


def front_matter(lines: list[SourceLine]) -> tuple[list[Block], list[SourceLine]]:
    """The front matter's fields as rows, and the lines after it (all lines when there is none)."""
    if not lines or not _FRONT_MATTER_OPEN.match(lines[0].text.lstrip("\ufeff")):
        return [], lines
    for end in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if _CLOSE.match(lines[end].text):
            break
    else:
        return [], lines
    rows = []
    for line in lines[1:end]:
        found = _FIELD.match(line.text)
        if found:
            key = found.group("key").replace("_", " ").replace("-", " ").strip()
            value = found.group("value").strip().strip("\"'")
            rows.append(Block("table_row", f"{key[:1].upper()}{key[1:]} | {value}", None, None, line.number))
    return rows, lines[end + 1:]
