"""Read plain-text policies: decode the bytes honestly, then segment them into blocks."""

from __future__ import annotations

import codecs

from policy_check.errors import InputError
from policy_check.extract.builder import Block, check_text_length as check_length, sha256_of
from policy_check.extract.segment import segment_lines, split_lines

_SAMPLE_BYTES = 4096
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8):], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", source)
    utf16 = _bomless_utf16(data[:_SAMPLE_BYTES])
    if utf16:
        return _decode(data, utf16, source)
    _reject_binary(data[:_SAMPLE_BYTES], source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1252", source)


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte, on one side only."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _reject_binary(sample: bytes, source: str) -> None:
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if sample and (0 in sample or controls / len(sample) > _MAX_CONTROL_SHARE):
        raise InputError(source, "binary file, not text")


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(source, f"not valid {encoding} text") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = sum(1 for ch in text[:_SAMPLE_BYTES] if ord(ch) in _CONTROL_BYTES)
    if controls > _MAX_CONTROL_SHARE * min(len(text), _SAMPLE_BYTES):
        raise InputError(source, "binary file, not text")
    return text


def check_text_length(text: str, source: str) -> None:
    """Refuse decoded text beyond MAX_TEXT_CHARS before any segmentation work."""
    check_length(len(text), source)


def text_blocks(text: str) -> list[Block]:
    """Segment decoded plain text into blocks (.txt files and standard input)."""
    return segment_lines(split_lines(text))


def sha256_of_text(text: str) -> str:
    """Hash of text that arrived already decoded (standard input)."""
    return sha256_of(text.encode("utf-8"))
