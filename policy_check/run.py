"""Check files end to end: read, evaluate, collect; one unreadable file never stops the others."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Iterable

from policy_check import __version__
from policy_check.errors import InputError
from policy_check.findings import PolicyResult, Report, utc_timestamp
from policy_check.model import Document

def check_file(path: Path | str, ruleset, as_of: dt.date, ocr: str = "auto", ocr_seconds: float | None = None) -> PolicyResult:
    """Read and evaluate one policy; an unreadable file becomes a result with `error` set."""
    return read_and_check(path, ruleset, as_of, ocr, ocr_seconds)[1]


def read_and_check(path: Path | str, ruleset, as_of: dt.date, ocr: str = "auto",
                   ocr_seconds: float | None = None) -> "tuple[Document | None, PolicyResult]":
    """check_file, keeping the document read (None when unreadable) for outputs that quote it in place."""
    from policy_check.engine import evaluate
    from policy_check.extract import read_document

    try:
        document = read_document(Path(path), ocr=ocr, ocr_seconds=ocr_seconds)
    except InputError as error:
        return None, PolicyResult(source=str(path), sha256=None, format=None, error=error.reason)
    return document, evaluate(document, ruleset, as_of)


def check_text(text: str, source: str, ruleset, as_of: dt.date) -> PolicyResult:
    """Evaluate policy text given directly (standard input)."""
    from policy_check.engine import evaluate
    from policy_check.extract import read_text

    try:
        document = read_text(text, source=source)
    except InputError as error:
        return PolicyResult(source=source, sha256=None, format=None, error=error.reason)
    return evaluate(document, ruleset, as_of)


def build_report(results: Iterable[PolicyResult], ruleset, as_of: dt.date) -> Report:
    return Report(
        tool_version=__version__,
        ruleset=ruleset.info(),
        as_of=as_of.isoformat(),
        generated_at=utc_timestamp(),
        policies=tuple(results),
    )


def original_word_file(path: Path | str, document: Document) -> bytes | None:
    """The Word file a document was read from, for an output that marks it up in place; None for any
    other format (a review copy is rebuilt from the document instead).

    Read a second time, so it is checked to be the same file: one edited in between would put the
    comments on words the check never saw.
    """
    if document.format != "docx":
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot open: {error.strerror or error}") from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise InputError(str(path), "the file changed while it was being checked: run again")
    return data
