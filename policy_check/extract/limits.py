"""Hard limits every reader enforces, so a hostile or absurd file fails fast with a clear reason."""

from __future__ import annotations

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest input file read at all; real policies are well under 5 MB."""

MAX_PAGES = 2000
"""Most PDF pages read; an induction policy is 5-40 pages."""

MAX_OCR_PAGES = 100
"""Most pages without a text layer read by OCR (a few seconds each): a longer scan is refused before
OCR starts, with what to do, rather than stalling a run for an hour."""

MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
"""Total uncompressed size of all members of a .docx zip."""

MAX_DOCX_MEMBER_BYTES = 100 * 1024 * 1024
"""Uncompressed size of any single .docx zip member."""

MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
"""Uncompressed size of any XML part of a .docx: lxml holds the whole tree in memory (about 6 times
its size, and 1 s per 8 MB); a 40-page policy's word/document.xml is under 2 MB."""

MAX_COMPRESSION_RATIO = 100
"""Uncompressed/compressed ratio above which a zip member is treated as a zip bomb."""

MAX_TEXT_CHARS = 5_000_000
"""Most characters of decoded text read from any format."""

MAX_HTML_DEPTH = 500
"""Deepest element nesting accepted in HTML."""
