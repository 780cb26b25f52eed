"""Text decoding: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), Windows-1252; never silently wrong."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from policy_check.errors import InputError
from policy_check.extract import read_document, read_text

SAMPLE = "Induction\n\nThe ECT\u2019s reduction costs \u00a3120 for the caf\u00e9 fund.\n"
EXPECTED = "The ECT\u2019s reduction costs \u00a3120 for the caf\u00e9 fund."


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp1252"),
        SAMPLE.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom", "cp1252", "cp1252-crlf"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(encoded)
    document = read_document(path)
    assert [c.text for c in document.clauses] == ["Induction", EXPECTED]
    assert document.format == "txt"


def test_nul_heavy_data_is_binary(tmp_path: Path) -> None:
    (tmp_path / "policy.txt").write_bytes(b"Induction\0\0\0\0policy\0\0\0\x01\x02\x03" * 50)
    with pytest.raises(InputError, match="binary file, not text"):
        read_document(tmp_path / "policy.txt")


def test_read_text_from_standard_input() -> None:
    document = read_text("Mentoring\n\nEvery ECT has a mentor.\n")
    assert document.source == "-"
    assert document.clauses[1].section_path == ("Mentoring",)


def test_read_text_without_words_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no text found"):
        read_text("\n\n  \n")
