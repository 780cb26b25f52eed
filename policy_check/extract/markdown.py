"""The Markdown reader: `#` headings, lists, pipe tables and code fences, through the shared segmenter."""

from __future__ import annotations

from policy_check.extract.builder import build_document, sha256_of
from policy_check.extract.text import check_text_length, decode_text, text_blocks
from policy_check.model import Document


def read(data: bytes, source: str) -> Document:
    """Read a Markdown policy from its bytes."""
    text = decode_text(data, source)
    check_text_length(text, source)
    return build_document(source, "md", sha256_of(data), text_blocks(text, markdown=True))
