"""The HTML reader: headings, paragraphs, list items and table rows, with the stdlib event parser.

No network and no external resources; scripts and styles are dropped; nesting is capped so a
hostile file cannot exhaust memory or time (the parser is event-driven, so there is no recursion).
"""

from __future__ import annotations

from html.parser import HTMLParser

from policy_check.errors import InputError
from policy_check.extract import limits
from policy_check.extract.builder import Block, build_document, sha256_of
from policy_check.extract.text import check_text_length, decode_text
from policy_check.model import CELL_SEPARATOR, Document

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROPPED = frozenset({"script", "style", "noscript", "template", "head"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    "address article aside blockquote body caption dd div dl dt figcaption figure footer form header "
    "li main nav ol p pre section table tbody td tfoot th thead tr ul h1 h2 h3 h4 h5 h6".split()
)


class _BlockCollector(HTMLParser):
    """Collects blocks as tags open and close; the open-element stack doubles as the depth check."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.blocks: list[Block] = []
        self.stack: list[str] = []
        self.buffer: list[str] = []
        self.buffer_line: int | None = None
        self.row: list[str] | None = None
        self.row_line: int | None = None
        self.dropped = 0
        self.title: str | None = None
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self.buffer.append("\n")
            return
        if tag in _BLOCKS:
            self._flush()
        self.stack.append(tag)
        if len(self.stack) > limits.MAX_HTML_DEPTH:
            raise InputError(self.source, f"HTML nested deeper than {limits.MAX_HTML_DEPTH} levels")
        if tag in _DROPPED:
            self.dropped += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "tr":
            self.row, self.row_line = [], self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        if tag in _BLOCKS:
            self._flush()
        while self.stack:
            closed = self.stack.pop()
            if closed in _DROPPED:
                self.dropped -= 1
            elif closed == "title":
                self.in_title = False
            elif closed == "tr":
                self._emit_row()
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data
            return
        if self.dropped:
            return
        if data.strip() and self.buffer_line is None:
            self.buffer_line = self.getpos()[0]
        self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        self._emit_row()

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        line, self.buffer, self.buffer_line = self.buffer_line, [], None
        if not text:
            return
        if self.row is not None and "tr" in self.stack:
            self.row.append(text)
            return
        kind, level = "paragraph", None
        for tag in reversed(self.stack):
            if tag in _HEADINGS:
                kind, level = "heading", _HEADINGS[tag]
                break
            if tag == "li":
                kind = "list_item"
                break
        self.blocks.append(Block(kind, text, None, level, line))  # type: ignore[arg-type]

    def _emit_row(self) -> None:
        if self.row:
            cells = [cell for cell in self.row if cell.strip()]
            self.blocks.append(Block("table_row", CELL_SEPARATOR.join(cells), None, None, self.row_line))
        self.row = None


def read(data: bytes, source: str) -> Document:
    """Read an HTML policy from its bytes."""
    text = decode_text(data, source)
    check_text_length(text, source)
    collector = _BlockCollector(source)
    collector.feed(text)
    collector.close()
    title = collector.title.strip() if collector.title and collector.title.strip() else None
    return build_document(source, "html", sha256_of(data), collector.blocks, title=title)
