"""The one entry point from a path to a Document: size limit, type sniffing, reader dispatch."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path

from policy_check.errors import InputError
from policy_check.extract import limits
from policy_check.extract.builder import build_document, sha256_of
from policy_check.extract.sniff import sniff_format
from policy_check.extract.text import check_text_length, sha256_of_text, text_blocks
from policy_check.model import Document

_READERS = {
    "txt": "policy_check.extract.text_file",
    "md": "policy_check.extract.markdown",
    "html": "policy_check.extract.html",
    "docx": "policy_check.extract.docx",
    "pdf": "policy_check.extract.pdf",
    "odt": "policy_check.extract.odt",
}
_CONVERTED = ("doc", "rtf")  # read as the .docx LibreOffice makes of them


def read_document(path: Path, ocr: str = "auto", ocr_seconds: float | None = None) -> Document:
    """Read any supported policy file; anything unreadable becomes InputError(path, reason).

    `ocr` (auto, always, never) says when a PDF's pages are read by OCR (extract/ocr.py), and
    `ocr_seconds` how long that may take for this file at most.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise InputError(source, f"file larger than MAX_FILE_BYTES ({limits.MAX_FILE_BYTES:,} bytes)")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot open: {error.strerror or error}") from None
    if not data.strip():
        raise InputError(source, "empty file")
    fmt = sniff_format(data, path.suffix, source)
    if fmt in _CONVERTED:
        from policy_check.extract.convert import to_docx

        data_read, reader = to_docx(data, source, fmt), importlib.import_module(_READERS["docx"])
    else:
        data_read, reader = data, importlib.import_module(_READERS[fmt])
    try:
        document = reader.read(data_read, source, ocr=ocr, ocr_seconds=ocr_seconds) if fmt == "pdf" else reader.read(data_read, source)
    except InputError:
        raise
    except RecursionError:
        raise InputError(source, "could not read: structure nested too deeply") from None
    except MemoryError:
        raise InputError(source, "could not read: out of memory") from None
    except Exception as error:  # third-party parsers raise anything; the user gets one line
        raise InputError(source, f"could not read: {_short_reason(error)}") from None
    if not document.clauses:
        raise InputError(source, "no text found")
    if fmt in _CONVERTED:  # the original's format and hash, not the converted copy's
        document = replace(document, format=fmt, sha256=sha256_of(data))
    return document


def read_text(text: str, source: str = "-") -> Document:
    """Read plain text that is already decoded (standard input)."""
    check_text_length(text, source)
    document = build_document(source, "txt", sha256_of_text(text), text_blocks(text))
    if not document.clauses:
        raise InputError(source, "no text found")
    return document


def _short_reason(error: Exception) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    reason = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return reason[:200]
