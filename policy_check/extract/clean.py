"""The one place where extraction noise is removed from text (bookmarks, stray HTML, markdown, bullets)."""

from __future__ import annotations

import html
import re
import unicodedata

BULLET_GLYPHS = "\u00b7\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\uf0b7\uf0a7\uf076\uf0d8\uf0fc"

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_MD_STRONG = re.compile(r"(?<!\w)(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)")  # not inside URLs or snake_case
_LEADING_BULLET = re.compile(f"^[\\s{BULLET_GLYPHS}*\\-\u2013]+\\s+")
_INLINE_BULLET = re.compile(f"\\s*[{BULLET_GLYPHS}]\\s+")
_ORDINAL = re.compile(r"\b(\d{1,2})\s+(st|nd|rd|th)\b")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def remove_bookmarks(text: str) -> str:
    """Drop Word bookmark markers such as `[bookmark: _heading=h.gjdgxs]` left by converters."""
    return _BOOKMARK.sub("", text) if "[bookmark" in text.lower() else text


def strip_markup(text: str) -> str:
    """Remove Word bookmarks, HTML tags and markdown link/bold syntax, keeping the words."""
    text = remove_bookmarks(text)
    if "<" in text and ">" in text:
        text = _TAG.sub(" ", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _MD_STRONG.sub(r"\2", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def clean_block_text(text: str) -> str:
    """Return the block's text as a person would read it: one line, no markup or bullet glyphs."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = _CONTROL.sub("", text)
    text = strip_markup(text)
    if "\r" in text or "\n" in text:
        text = text.replace("\r", "\n")
        text = _HYPHEN_BREAK.sub(r"\1\2", text)
        text = _LINE_BREAK.sub(" ", text)
    text = _LEADING_BULLET.sub("", text)
    if not text.isascii():
        text = _INLINE_BULLET.sub(" ", text)
    text = _ORDINAL.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    return text.strip()
