"""The PDF reader: text lines per page with pypdfium2 (~1 ms/page), running headers/footers removed.

Paragraph breaks are recovered from vertical gaps between lines, then the shared segmenter joins
wrapped lines and finds headings, bullets and numbered items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from policy_check.errors import InputError
from policy_check.extract import limits
from policy_check.extract import ocr as ocr_module
from policy_check.extract.builder import build_document, check_text_length, sha256_of
from policy_check.extract.pdf_tables import Table, find_tables, ruled
from policy_check.extract.segment import MAX_HEADING_WORDS, SourceLine, ends_sentence, segment_lines
from policy_check.model import Document

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_SOFT_HYPHEN = "\ufffe"  # pdfium's mark for a word hyphenated across a line break
_DIGITS = re.compile(r"\d+")
_LINE_END_HYPHEN = re.compile("[\\-\x02\ufffe]$")
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running headers/footers
_REPEATED_SHARE = 0.6
_POSITION_TOLERANCE = 6.0  # points
_PARAGRAPH_GAP = 1.3  # a gap this many times the line pitch inside a paragraph separates paragraphs
_SINGLE_SPACING = 1.35  # line pitch / type size for single-spaced text, the upper end
_COMMON_PITCH_SHARE = 0.1  # a pitch this common is a line spacing, not a one-off gap
_HEADING_SIZE = 1.12  # a short line in type this much larger than the body text is a heading
_MAX_HEADING_LEVELS = 3


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    size: float = 0.0  # the font size of its first character, in points
    row: bool = False  # a ruled table's row, its cells separated by tabs


def read(data: bytes, source: str, ocr: str = "auto", ocr_seconds: float | None = None) -> Document:
    """Read a PDF policy from its bytes; every clause keeps its page number.

    `ocr`: "auto" reads pages without a text layer by OCR (when the extra is installed), "always"
    reads every page by OCR, "never" reads only the text layer. `ocr_seconds` caps the time OCR may
    take for this file (an audit gives it less than its per-file timeout).
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message or "security" in message:
            raise InputError(source, "password-protected PDF") from None
        raise InputError(source, "not a readable PDF (damaged or truncated)") from None
    warnings: list[str] = []
    try:
        page_count = len(pdf)
        if page_count > limits.MAX_PAGES:
            raise InputError(source, f"more than MAX_PAGES ({limits.MAX_PAGES}) pages")
        pages = []
        ruled_pages = []
        characters = 0
        for n in range(page_count):  # counted as pages are read, so a huge PDF stops before segmenting
            page = pdf[n]
            pages.append(_page_lines(page))
            if pages[-1] and ruled(page):
                ruled_pages.append(n)
            characters += sum(len(line.text) + 1 for line in pages[-1])
            check_text_length(characters, source)
        scanned = [n for n, lines in enumerate(pages) if ocr == "always" or (ocr == "auto" and not lines)]
        if scanned and ocr != "never":
            if len(scanned) > limits.MAX_OCR_PAGES and ocr_module.available():
                raise InputError(source, f"{len(scanned)} pages to read by OCR, more than MAX_OCR_PAGES "
                                         f"({limits.MAX_OCR_PAGES}): send the policy's text version (Word or a text PDF)")
            pages, read_by_ocr = _ocr_pages(pdf, pages, scanned, source, ocr_seconds)
            if read_by_ocr:
                warnings.append(f"read by OCR: page{'s' if len(read_by_ocr) > 1 else ''} "
                                f"{_page_ranges(read_by_ocr)}")
            unread = [n + 1 for n in scanned if n + 1 not in read_by_ocr]
            if read_by_ocr and unread:
                warnings.append(f"OCR stopped at its time limit: page{'s' if len(unread) > 1 else ''} "
                                f"{_page_ranges(unread)} not read")
    finally:
        pdf.close()
    if not any(pages):
        if ocr == "never":
            raise InputError(source, "no text layer (a scanned image?): run with --ocr auto to read it by OCR")
        if not ocr_module.available():
            raise InputError(source, f"no text layer (a scanned image?): {ocr_module.INSTALL_HINT}")
        raise InputError(source, "no text found, not even by OCR (blank pages or pictures only?)")
    tables = find_tables(data, ruled_pages)
    pages = [_with_tables(lines, tables.get(n, [])) for n, lines in enumerate(pages)]
    lines = _source_lines(_drop_running_lines(pages))
    blocks = segment_lines(lines, soft_wrapped=True)
    for block in blocks:
        block.line = None
    return build_document(source, "pdf", sha256_of(data), blocks, pages=page_count, warnings=warnings)


def _ocr_pages(pdf, pages: list[list[_Line]], wanted: list[int], source: str,
               seconds: float | None) -> tuple[list[list[_Line]], list[int]]:
    """The pages with `wanted` ones read by OCR, and which were; nothing when the extra is missing."""
    if not ocr_module.available():
        return pages, []
    budget = ocr_module.Budget(min(ocr_module.FILE_BUDGET, seconds) if seconds else ocr_module.FILE_BUDGET)
    pages = list(pages)
    done = []
    for n in wanted:
        try:
            found = ocr_module.page_lines(pdf[n], budget)
        except RuntimeError as error:  # pytesseract's timeout, or the file's budget used up
            if not done:
                raise InputError(source, f"OCR stopped: {' '.join(str(error).split()) or 'time limit'}") from None
            break
        pages[n] = [_Line(line.text, line.top, line.bottom) for line in found]
        done.append(n)
    return pages, [n + 1 for n in done]


def _page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in numbers[1:] + [None]:  # type: ignore[list-item]
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(f"{start}-{previous}" if previous != start else str(start))
        if number is not None:
            start = previous = number
    return ", ".join(ranges)


def _with_tables(lines: list[_Line], tables: list[Table]) -> list[_Line]:
    """The page's lines with each ruled table's lines replaced by its rows, cells separated by tabs (the
    segmenter's table rows, as in a .txt export): a table row keeps its header and its cells apart."""
    if not tables:
        return lines
    result: list[_Line] = []
    placed: set[int] = set()
    for line in lines:
        middle = (line.top + line.bottom) / 2
        inside = next((i for i, t in enumerate(tables) if t.bottom <= middle <= t.top), None)
        if inside is None:
            result.append(line)
        elif inside not in placed:
            placed.add(inside)
            table = tables[inside]
            result.extend(_Line("\t".join(cells), table.top, table.bottom, row=True) for cells in table.rows)
    return result


def _page_lines(page: object) -> list[_Line]:
    """Lines of one page, top to bottom, placed by the font box of their first letter or digit.

    One get_text_range call per page plus one box per line is about 10 times cheaper than
    asking pdfium for the text of every text rectangle.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        text = textpage.get_text_range()
        lines: list[_Line] = []
        offset = 0
        for line in text.split("\r\n"):
            stripped = line.strip()
            if stripped:
                # Placed by its first letter or digit: a bullet glyph's box sits higher than the text's.
                first = offset + next((i for i, char in enumerate(line) if char.isalnum()), len(line) - len(line.lstrip()))
                _, bottom, _, top = textpage.get_charbox(first, loose=True)
                size = round(pdfium_c.FPDFText_GetFontSize(textpage.raw, first), 1)
                lines.append(_Line(stripped, top, bottom, size))
            offset += len(line) + 2
        return lines
    finally:
        textpage.close()


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers, and lines repeated at the same place at the top or bottom of most pages."""
    edge_counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edge_counts.update({_key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    repeated = (
        {key for key, count in edge_counts.items() if count >= _REPEATED_SHARE * len(pages)}
        if len(pages) > 1
        else set()
    )
    kept_pages = []
    for lines in pages:
        edge = set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))
        kept_pages.append(
            [
                line
                for n, line in enumerate(lines)
                if not (n in edge and (_key(line) in repeated or _PAGE_NUMBER.match(line.text)))
            ]
        )
    return kept_pages


def _key(line: _Line) -> tuple[str, int]:
    """A running line has the same words (page numbers aside) at the same height on every page."""
    return _DIGITS.sub("#", line.text.strip().lower()), round(line.top / _POSITION_TOLERANCE)


def _line_pitch(pitches: list[float]) -> float:
    """The line spacing inside paragraphs: the smallest distance between lines that is common."""
    if not pitches:
        return 0.0
    counts = Counter(round(pitch) for pitch in pitches)
    common = [value for value, count in counts.items() if count >= _COMMON_PITCH_SHARE * len(pitches) and value > 0]
    return float(min(common)) if common else min(pitches)


def _continues_across_pages(last: str, first: str) -> bool:
    """A sentence runs onto the next page only if it is unfinished and the page starts in lower case."""
    return not ends_sentence(last) and (first.lstrip()[:1].islower() or bool(_LINE_END_HYPHEN.search(last)))


def _source_lines(pages: list[list[_Line]]) -> list[SourceLine]:
    """Page lines as source lines, with blank lines where the vertical gap shows a new paragraph."""
    pitches = [
        previous.bottom - line.bottom
        for lines in pages
        for previous, line in zip(lines, lines[1:])
        if previous.bottom > line.bottom
    ]
    # Single spacing is measured from the type size: glyph boxes vary by font (a Symbol bullet's is small,
    # some fonts' are two thirds of their size) and would shrink the pitch until every line starts a paragraph.
    sizes = [line.size for lines in pages for line in lines if line.size > 0 and line.text[:1].isalnum()]
    pitch = min(_line_pitch(pitches), _SINGLE_SPACING * median(sizes)) if sizes else _line_pitch(pitches)
    levels = _heading_levels(pages)
    words = _document_words(pages)
    result: list[SourceLine] = []
    number = 0
    for page_number, lines in enumerate(pages, start=1):
        if result and lines and not _continues_across_pages(result[-1].text, lines[0].text):
            result.append(SourceLine("", number, page_number))
        previous: _Line | None = None
        previous_level: int | None = None  # the heading level of the line before, if it was a heading
        for line in lines:
            number += 1
            text = line.text
            level = levels.get(line.size) if _could_be_heading(text) and not line.row else None
            if (previous_level is not None and previous is not None and not line.row
                    and levels.get(line.size) == previous_level and _continues_heading(text)
                    and previous.bottom - line.bottom <= _HEADING_LINE_GAP * line.size):
                # A heading too long for its line ("9. ECTs who may not meet the" / "Teachers' Standards").
                heading = result[-2]
                result[-2] = SourceLine(f"{heading.text} {text}", heading.number, heading.page,
                                        heading_level=previous_level)
                previous = line
                continue
            previous_level = level
            if previous is not None and pitch and previous.bottom - line.bottom > _PARAGRAPH_GAP * pitch:
                result.append(SourceLine("", number, page_number))
            if line.row:
                result.append(SourceLine(text, number, page_number, table_row=True))
                previous = line
                continue
            if level is not None:
                if result and result[-1].text:
                    result.append(SourceLine("", number, page_number))
                result.append(SourceLine(text, number, page_number, heading_level=level))
                result.append(SourceLine("", number, page_number))
                previous = line
                continue
            if result and result[-1].text and _LINE_END_HYPHEN.search(result[-1].text) and text[:1].islower():
                result[-1] = SourceLine(_rejoined(result[-1].text, text, words), result[-1].number, result[-1].page)
            else:
                result.append(SourceLine(_visible_hyphens(text, words), number, page_number))
            previous = line
    return result


_SPLIT_WORD = re.compile(f"([A-Za-z]+)[\\-\x02{_SOFT_HYPHEN}]$")
_WORD_AFTER = re.compile(r"^([A-Za-z]+(?:-[A-Za-z]+)*)")
_MARKED_SPLIT = re.compile(f"([A-Za-z]*)[\x02{_SOFT_HYPHEN}](?=([A-Za-z]+(?:-[A-Za-z]+)*)?)")


def _keeps_hyphen(first: str, second: str, words: set[str]) -> bool:
    """Whether "first-" at a line end and "second" on the next line are a compound the writer typed:
    the second part has a hyphen of its own ("main-" + "pay-range"), or the document writes the compound
    elsewhere ("part-" + "time" where it also says "part-time"). Otherwise it is a hyphenation point
    ("re-" + "corded")."""
    compound = f"{first}-{second}".lower()
    return "-" in second or (compound in words and compound.replace("-", "") not in words)


def _rejoined(before: str, after: str, words: set[str]) -> str:
    """A word split at a line end, joined again, its hyphen kept only for a compound."""
    first, second = _SPLIT_WORD.search(before), _WORD_AFTER.match(after)
    keep = bool(first and second and _keeps_hyphen(first.group(1), second.group(1), words))
    return before[:-1] + ("-" if keep else "") + _visible_hyphens(after, words)


def _visible_hyphens(text: str, words: set[str]) -> str:
    """pdfium joins a word split at a line end itself, marking the split: keep a compound's hyphen there."""
    return _MARKED_SPLIT.sub(
        lambda m: m.group(1) + ("-" if m.group(2) and _keeps_hyphen(m.group(1), m.group(2), words) else ""), text)


def _document_words(pages: list[list[_Line]]) -> set[str]:
    """Every word and hyphenated compound the document writes, to tell a compound from a hyphenation."""
    return {word.lower() for lines in pages for line in lines
            for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line.text)}


_HEADING_LINE_GAP = 1.6  # type sizes between the baselines of one heading's lines
_NUMBERED_LINE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|Section\s+\d+|Appendix\b)", re.IGNORECASE)


def _continues_heading(text: str) -> bool:
    """A heading's next line: short, no full stop, not a numbered heading of its own ("body", "Standards")."""
    return 0 < len(text.split()) <= MAX_HEADING_WORDS and not ends_sentence(text) and not _NUMBERED_LINE.match(text)


def _could_be_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_HEADING_WORDS and text[:1].isalnum() and not ends_sentence(text) and text[:1] == text[:1].upper()


def _heading_levels(pages: list[list[_Line]]) -> dict[float, int]:
    """Font sizes clearly above the body text's, largest first, as heading levels 1-3.

    Word's heading styles print larger than body text, and a numbered heading ("9. Support") would
    otherwise read as the first item of a list that swallows the paragraph after it. The body size
    is the one most characters are set in.
    """
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[line.size] += len(line.text)
    if not weights:
        return {}
    body = weights.most_common(1)[0][0]
    sizes = sorted({line.size for lines in pages for line in lines
                    if body and line.size >= _HEADING_SIZE * body and _could_be_heading(line.text)}, reverse=True)
    return {size: min(rank + 1, _MAX_HEADING_LEVELS) for rank, size in enumerate(sizes)}
