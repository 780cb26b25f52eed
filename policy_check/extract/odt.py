"""The OpenDocument text (.odt) reader: LibreOffice's own format, read natively from content.xml.

Headings (`text:h` with an outline level), paragraphs, list items and table rows become the same
blocks the Word reader yields. The zip gets the .docx reader's checks (member sizes, compression
ratio, encryption) before any XML is parsed, and the XML parser expands no entities and fetches
nothing, so a zip bomb or an external entity fails with one line.
"""

from __future__ import annotations

import io
import zipfile
from typing import Iterator

from policy_check.errors import InputError
from policy_check.extract.builder import Block, build_document, sha256_of
from policy_check.extract.docx import check_zip, is_roles_row
from policy_check.model import CELL_SEPARATOR, Document

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MIMETYPE = b"application/vnd.oasis.opendocument.text"


def is_odt(data: bytes) -> bool:
    """An OpenDocument text zip names its type in a `mimetype` member (stored first, uncompressed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == MIMETYPE if "mimetype" in archive.namelist() else False
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return False


def read(data: bytes, source: str) -> Document:
    """Read an .odt policy from its bytes."""
    check_zip(data, source, required="content.xml", what="an OpenDocument .odt file")
    from lxml import etree  # python-docx's XML library, already installed

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(source, f"not an OpenDocument .odt file (content.xml: {error.msg})") from None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(source, "not an OpenDocument text file (no office:text body)")
    return build_document(source, "odt", sha256_of(data), _blocks(body, 0))


def _blocks(element, section_level: int) -> Iterator[Block]:
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}h":
            text = _text(child)
            if text.strip():
                section_level = int(child.get(f"{_TEXT}outline-level", "1") or 1)
                yield Block("heading", text, level=section_level)
        elif tag == f"{_TEXT}p":
            text = _text(child)
            if text.strip():
                yield Block("paragraph", text)
        elif tag == f"{_TEXT}list":
            yield from _list_items(child)
        elif tag == f"{_TABLE}table":
            yield from _table_rows(child, section_level)
        elif tag in (f"{_TEXT}section", f"{_TEXT}index-body", f"{_TABLE}table-row-group"):
            yield from _blocks(child, section_level)


def _list_items(element) -> Iterator[Block]:
    for item in element.iter(f"{_TEXT}list-item"):
        for paragraph in item:
            if paragraph.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                text = _text(paragraph)
                if text.strip():
                    yield Block("list_item", text)


def _table_rows(table, section_level: int) -> Iterator[Block]:
    """Each row a table_row; a two-column roles row (short label, long duties) a sub-section, as in .docx."""
    for row in table.iter(f"{_TABLE}table-row"):
        paragraphs = [[_text(p) for p in cell.iter(f"{_TEXT}p", f"{_TEXT}h") if _text(p).strip()]
                      for cell in row if cell.tag == f"{_TABLE}table-cell"]
        texts = ["\n".join(cell) for cell in paragraphs]
        filled = [text for text in texts if text.strip()]
        if not filled:
            continue
        if len(texts) == 2 and is_roles_row(texts[0], paragraphs[1], texts[1]):
            yield Block("heading", texts[0], level=section_level + 1)
            yield from (Block("paragraph", text) for text in paragraphs[1])
        else:
            yield Block("table_row", CELL_SEPARATOR.join(filled))


def _text(element) -> str:
    """A paragraph's text with spans, spaces, tabs and line breaks as written."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag in (f"{_TEXT}note", f"{_OFFICE}annotation"):
            pass  # footnotes and comments are not the policy's running text
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
