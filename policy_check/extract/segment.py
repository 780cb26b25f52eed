"""Split plain-text lines (from .txt, .md or PDF pages) into headings, paragraphs, list items and rows.

Policies arrive as hard-wrapped text exported from Word, with numbered and unnumbered headings,
bullets of every glyph, tab-separated tables and roles tables whose cells still carry HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from policy_check.extract.builder import Block
from policy_check.extract.clean import BULLET_GLYPHS, remove_bookmarks
from policy_check.model import CELL_SEPARATOR

MAX_HEADING_WORDS = 12
MIN_WRAPPED = 40  # characters: shorter lines say nothing about the width a file was wrapped at
MIN_WRAPPED_LINES = 20
FULL_LINE_SLACK = 15  # a line this close to the wrap width ended there because the next word did not fit
MAX_LABEL_WORDS = 6
MIN_LABEL_CONTENT_WORDS = 12
MAX_HEADER_CELL_WORDS = 10
MAX_FLAT_COLUMNS = 6
MAX_FLAT_LEAD = 8  # lines of text (a title, a caption) a flattened table may follow without a blank line
MIN_CELL_CONTENT_WORDS = 4  # a table says something in its cells: one has more words than this
MAX_FLAT_TRAIL = 2  # sentences (a note under the table) it may be followed by

_BULLET = re.compile(f"^\\s*(?:[{BULLET_GLYPHS}*\\-\u2013]|o(?=\\s))\\s+")
_LIST_NUMBER = re.compile(r"^\s*(?:(\d{1,2})[.)]|[a-z][.)]|\([a-z0-9]{1,3}\))\s+")
# "7.2 Progress reviews", "1. About this policy": a numbered heading, never a table cell ("3.0 (draft)" may be).
_NUMBERED_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+)\s+[A-Z]")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+(\S.*)$")
_NUMBER_TAB = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\t[^\t]+$")
_APPENDIX = re.compile(r"^\s*(?:appendix|annex|schedule)\s+[\w.]+\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TERMINAL = re.compile("[.!?;:,][\"'\u2019\u201d)]*$")
_ENDS_WITH_QUOTE = re.compile("[\"'\u2018\u2019\u201c\u201d]$")
_INLINE_BULLET = re.compile(f"\\s[{BULLET_GLYPHS}]\\s+")
_RICH_MARKER = re.compile(
    f"(<p\\b[^>]*>|</p>|<[uo]l\\b[^>]*>|</[uo]l>|<li\\b[^>]*>|</li>|<br\\s*/?>|[{BULLET_GLYPHS}])",
    re.IGNORECASE,
)
_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with".split())


@dataclass(frozen=True)
class SourceLine:
    """One line of source text with its 1-based line number and, for PDFs, its page."""

    text: str
    number: int
    page: int | None = None
    heading_level: int | None = None  # a reader that sees type sizes (PDF) marks heading lines
    table_row: bool = False  # a reader that sees a table's rules (PDF) marks its rows, cells split by tabs


@dataclass
class _Item:
    kind: str  # "text", "bullet", "number", "heading", "row", "cells" (a known table row), "blank", "code"
    text: str
    line: int
    page: int | None
    level: int | None = None


def split_lines(text: str) -> list[SourceLine]:
    """Number the lines of a decoded text (any newline convention)."""
    return [SourceLine(line, i) for i, line in enumerate(text.splitlines(), start=1)]


def segment_lines(
    lines: Sequence[SourceLine], *, soft_wrapped: bool = False, markdown: bool = False
) -> list[Block]:
    """Turn lines into blocks; `soft_wrapped` joins every line of a paragraph (PDF text)."""
    classified = _classify(lines, markdown)
    if not soft_wrapped and not markdown:
        classified = _unflatten_tables(classified)
    items = _join_wrapped(classified, soft_wrapped, _wrap_width(classified))
    return list(_to_blocks(items))


def _wrap_width(items: list[_Item]) -> int | None:
    """The width a hard-wrapped text file was wrapped at (most of its long lines end near it), else None."""
    lengths = sorted(len(item.text.rstrip()) for item in items if item.kind == "text" and len(item.text) >= MIN_WRAPPED)
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    return lengths[int(len(lengths) * 0.9)]


def _is_label_line(line: str) -> bool:
    """A line of two or three words and no full stop ("Year 2"): a table cell or a label, not the rest of
    a wrapped sentence."""
    return len(line.split()) <= 3 and not ends_sentence(line)


def _fills_the_line(line: str, width: int | None) -> bool:
    """A line that ends without punctuation only because the next word did not fit."""
    return width is not None and len(line.rstrip()) >= width - FULL_LINE_SLACK


def ends_sentence(text: str) -> bool:
    """True when the text ends like a finished sentence or clause (so the next line is new)."""
    return bool(_TERMINAL.search(text.rstrip()))


def _classify(lines: Sequence[SourceLine], markdown: bool) -> list[_Item]:
    items: list[_Item] = []
    fence: _Item | None = None
    for source in lines:
        raw = remove_bookmarks(source.text).rstrip()
        if markdown and _FENCE.match(raw):
            if fence is None:
                fence = _Item("code", "", source.number, source.page)
            else:
                items.append(fence)
                fence = None
            continue
        if fence is not None:
            fence.text += raw + "\n"
            continue
        items.append(_classify_line(raw, source))
    if fence is not None:
        items.append(fence)
    return items


def _classify_line(raw: str, source: SourceLine) -> _Item:
    def item(kind: str, text: str, level: int | None = None) -> _Item:
        return _Item(kind, text, source.number, source.page, level)

    if not raw.strip():
        return item("blank", "")
    if source.heading_level is not None:
        return item("heading", raw.strip(), source.heading_level)
    if source.table_row:
        return item("cells", raw.strip("\n"))
    if heading := _MD_HEADING.match(raw):
        return item("heading", heading.group(2), len(heading.group(1)))
    if _PIPE_ROW.match(raw):
        if _PIPE_SEPARATOR.match(raw):
            return item("blank", "")
        return item("row", "\t".join(raw.strip().strip("|").split("|")))
    if _APPENDIX.match(raw) or _NUMBER_TAB.match(raw):
        return item("number", raw.replace("\t", " ").strip())
    if "\t" in raw.strip("\t ") or (raw.startswith("\t") and raw.count("\t") > 1):
        return item("row", raw)
    if raw.startswith("\t") and _is_long_content(raw):
        return item("row", raw)
    if _BULLET.match(raw):
        return item("bullet", _BULLET.sub("", raw, count=1))
    if _LIST_NUMBER.match(raw) or _NUMBERED.match(raw.replace("\t", " ")):
        return item("number", raw.replace("\t", " ").strip())
    return item("text", raw)


def _unflatten_tables(items: list[_Item]) -> list[_Item]:
    """Tables a word processor saved as plain text, one cell per line ("Year of induction" / "Reduction"
    / "How the time is used" / "Year 1" / "10% of a full timetable" / ...), back into rows, so a figure
    reads with its row and the header above it, as in the Word file. Such a table sits in a run of lines
    that ends at a blank line or a numbered heading."""
    result: list[_Item] = []
    run: list[_Item] = []
    for item in [*items, _Item("blank", "", 0, None)]:
        if item.kind == "text" or (item.kind == "number" and not _NUMBERED_HEADING.match(item.text)):
            run.append(item)  # a cell may look like a numbered line ("14 October 2025")
            continue
        table = _flat_table([line.text.strip() for line in run])
        if table is None:
            result.extend(run)
        else:
            start, columns, end = table
            result.extend(run[:start])
            for first in range(start, end, columns):
                cells = run[first:first + columns]
                row = "\t".join(cell.text.strip() for cell in cells)
                result.append(_Item("cells", row, cells[0].line, cells[0].page))
            result.extend(run[end:])
        run = []
        result.append(item)
    return result[:-1]


def _flat_table(lines: list[str]) -> tuple[int, int, int] | None:
    """(first line, columns, end) of a flattened table in a run of lines, else None: a header row of
    short titles, then at least two rows, each led by a short label, with cells that say more than a
    header cell does. It may follow a few lines (a title) and be followed by a sentence or two (a note under
    the table). Of the readings that fit, the one that takes in the most lines wins; then the one that
    leaves a closing sentence as a note rather than a cell, then the fewest columns."""
    best: tuple[int, int, int, tuple[int, int, int]] | None = None
    for trailing in range(0, MAX_FLAT_TRAIL + 1):
        end = len(lines) - trailing
        if trailing and not all(_is_long_sentence(line) for line in lines[end:]):
            break
        for columns in range(2, MAX_FLAT_COLUMNS + 1):
            for start in range(0, min(MAX_FLAT_LEAD, end)):
                count = end - start
                if count % columns or count // columns < 3:
                    continue
                header = lines[start:start + columns]
                rows = [lines[i:i + columns] for i in range(start + columns, end, columns)]
                if not all(_is_header_cell(cell) for cell in header) or not all(map(_is_labelled_row, rows)):
                    continue
                said = max(MIN_CELL_CONTENT_WORDS, sum(len(cell.split()) for cell in header) / columns)
                if any(len(cell.split()) > said for row in rows for cell in row[1:]):
                    rank = (count, trailing, -columns, (start, columns, end))
                    best = rank if best is None or rank[:3] > best[:3] else best
    return best[3] if best else None


def _is_labelled_row(cells: list[str]) -> bool:
    """A row led by a short label that is no longer than what the row says about it ("Year 1 | ...")."""
    return _is_header_cell(cells[0]) and len(cells[0].split()) <= max(len(cell.split()) for cell in cells[1:]) + 1


def _is_long_sentence(text: str) -> bool:
    return len(text.split()) > MAX_HEADER_CELL_WORDS and ends_sentence(text)


def _is_header_cell(text: str) -> bool:
    """A short title or label: a header cell or a row's first cell ("Year 1", "Next review due", "2.0")."""
    words = text.split()
    return (0 < len(words) <= MAX_HEADER_CELL_WORDS and (text[0].isupper() or text[0].isdigit())
            and not ends_sentence(text) and ": " not in text)


def _join_wrapped(items: list[_Item], soft_wrapped: bool, width: int | None = None) -> list[_Item]:
    """Re-join hard-wrapped lines into the paragraph or list item they continue: a line starting in
    lower case, or any line after one that fills the wrap width ("... the Induction" / "Tutor will")."""
    joined: list[_Item] = []
    blank_since_last = False
    for item in items:
        if item.kind == "blank":
            blank_since_last = True
            continue
        previous = joined[-1] if joined else None
        if previous is not None and item.kind == "text" and previous.kind in ("text", "bullet", "number"):
            continues = not ends_sentence(previous.text) and (
                item.text[:1].isspace() or item.text.lstrip()[:1].islower() or _is_split_title(previous, item)
                or (_fills_the_line(previous.text.rsplit("\n", 1)[-1], width) and not _is_label_line(item.text))
            )
            if blank_since_last:
                continues = (
                    continues
                    and previous.kind == "text"
                    and len(previous.text.split()) > MAX_HEADING_WORDS
                    and item.text.lstrip()[:1].islower()
                )
            elif soft_wrapped:
                continues = True
            if continues:
                previous.text = previous.text.rstrip() + "\n" + item.text.strip()
                blank_since_last = False
                continue
        if blank_since_last and joined:
            joined.append(_Item("blank", "", item.line, item.page))
        joined.append(item)
        blank_since_last = False
    return joined


def _is_split_title(previous: _Item, item: _Item) -> bool:
    """'CRESTWOOD' over 'COMMUNITY SCHOOL': a capitalised title broken over two lines."""
    return (
        previous.kind == "text"
        and previous.text.isupper()
        and item.text.isupper()
        and len(previous.text.split()) + len(item.text.split()) <= MAX_HEADING_WORDS
    )


def _to_blocks(items: list[_Item]) -> Iterable[Block]:
    """Decide headings with context (what comes next, numbered runs) and emit blocks."""
    content = [i for i, item in enumerate(items) if item.kind != "blank"]
    position = {index: n for n, index in enumerate(content)}
    last_kind: str | None = None
    last_heading_level = 0
    section_level = 0  # level of the last heading that was not a roles-table label
    marked_level: int | None = None  # level of the last heading the author marked up (Markdown #)

    def neighbour(index: int, step: int) -> _Item | None:
        n = position[index] + step
        return items[content[n]] if 0 <= n < len(content) else None

    for index in content:
        item = items[index]
        after = neighbour(index, 1)
        level: int | None = None
        if item.kind == "heading":
            level = marked_level = item.level
        elif item.kind == "number":
            level = _numbered_heading_level(item.text, neighbour(index, -1), after)
        elif item.kind == "text" and after is not None and _is_title_like(item.text.strip()):
            # Under a Markdown heading an unmarked title ("Support plan" over its definition) is one
            # of its sub-headings; in plain text, a sub-heading only straight after a heading.
            level = (min(6, (marked_level or 0) + 1) if marked_level
                     else min(6, last_heading_level + 1) if last_kind == "heading" else 1)
        if level is not None:
            last_heading_level = section_level = level
            last_kind = "heading"
            yield Block("heading", item.text, item.page, level, item.line)
            continue
        for block in _content_blocks(item, section_level):
            if block.kind == "heading":
                last_heading_level = block.level or 1
            last_kind = block.kind
            yield block


def _content_blocks(item: _Item, section_level: int) -> Iterable[Block]:
    def block(kind: str, text: str, level: int | None = None) -> Block:
        return Block(kind, text, item.page, level, item.line)  # type: ignore[arg-type]

    if item.kind == "bullet":
        for part in _INLINE_BULLET.split(item.text):
            yield block("list_item", part)
    elif item.kind == "number":
        yield block("list_item" if _LIST_NUMBER.match(item.text) else "paragraph", item.text)
    elif item.kind == "row":
        yield from _row_blocks(item, section_level)
    elif item.kind == "cells":
        yield block("table_row", CELL_SEPARATOR.join(cell.strip() for cell in item.text.split("\t") if cell.strip()))
    else:
        yield block("paragraph", item.text)


def _row_blocks(item: _Item, section_level: int) -> Iterable[Block]:
    """A tab-separated row: a table row, or a roles-table label with its duties (a sub-section)."""
    cells = [cell.strip() for cell in item.text.split("\t")]
    filled = [cell for cell in cells if cell]
    if not filled:
        return
    label, rest = cells[0], [cell for cell in cells[1:] if cell]
    is_label = (
        label
        and len(label.split()) <= MAX_LABEL_WORDS
        and not ends_sentence(label)
        and any(_is_long_content(cell) for cell in rest)
    )
    is_continuation = not label and len(filled) == 1 and _is_long_content(filled[0])
    if is_label:
        yield Block("heading", label, item.page, section_level + 1, item.line)
    if is_label or is_continuation:
        for cell in rest if is_label else filled:
            for kind, text in split_rich_cell(cell):
                yield Block(kind, text, item.page, None, item.line)  # type: ignore[arg-type]
        return
    yield Block("table_row", CELL_SEPARATOR.join(filled), item.page, None, item.line)


def split_rich_cell(cell: str) -> list[tuple[str, str]]:
    """Split a cell holding `<p>`/`<ul><li>` markup or bullet glyphs into paragraphs and list items."""
    parts: list[tuple[str, str]] = []
    mode = "paragraph"
    for token in _RICH_MARKER.split(cell):
        if _RICH_MARKER.fullmatch(token):
            lowered = token.lower()
            if lowered.startswith("<li") or not lowered.startswith("<"):
                mode = "list_item"
            elif lowered.startswith(("<p", "</p", "</ul", "</ol")):
                mode = "paragraph"
        elif token.strip():
            parts.append((mode, token.strip()))
    return parts


def _is_long_content(text: str) -> bool:
    return "<p" in text or "<li" in text or (
        len(text.split()) >= MIN_LABEL_CONTENT_WORDS and ends_sentence(text)
    ) or bool(_INLINE_BULLET.search(" " + text))


def _numbered_heading_level(text: str, before: _Item | None, after: _Item | None) -> int | None:
    """Level of a numbered ("1.0 Scope", "2.\tRole") or appendix heading, or None for a list item."""
    if after is None:
        return None
    if _APPENDIX.match(text):
        return 1 if len(text.split()) <= MAX_HEADING_WORDS and not ends_sentence(text) else None
    match = _NUMBERED.match(text)
    if not match or not _is_title_like(match.group(2).strip()):
        return None
    number = match.group(1)
    if "." not in number and (_in_sequence(number, before, -1) or _in_sequence(number, after, 1)):
        return None
    depth = [part for part in number.split(".") if part]
    while len(depth) > 1 and depth[-1] == "0":
        depth.pop()
    return min(6, len(depth))


def _in_sequence(number: str, other: _Item | None, step: int) -> bool:
    """True if the neighbouring line is the previous/next item of the same numbered list."""
    if other is None or other.kind != "number":
        return False
    match = _LIST_NUMBER.match(other.text)
    return bool(match and match.group(1) and int(match.group(1)) == int(number) + step)


def _is_title_like(text: str) -> bool:
    """A short line that reads as a title: capitalised, few words, not a sentence or a field."""
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or not text[0].isupper():
        return False
    if ends_sentence(text) and not _is_title_case_label(text):
        return False
    if _ENDS_WITH_QUOTE.search(text) or ": " in text or "http" in text or text[-1].isdigit():
        return False
    return True


def _is_title_case_label(text: str) -> bool:
    """'Principles:' or 'Practice and Procedures:' are headings; 'Statutory duties are:' is not."""
    words = text.rstrip(":").split()
    return (
        text.endswith(":")
        and len(words) <= 5
        and all(word[0].isupper() or word.lower() in _MINOR_WORDS for word in words)
    )
