"""The one place where extraction noise is removed from block text (bookmarks, stray HTML, bullets)."""

from __future__ import annotations

import html
import re
import unicodedata

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_LEADING_BULLET = re.compile("^[\\s\u00b7\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\uf0b7\uf0a7\uf076\uf0d8\uf0fc*\\-\u2013]+\\s+")
_INLINE_BULLET = re.compile("\\s*[\u00b7\u2022\u25cf\u25aa\u25a0\u25e6\uf0b7\uf0a7]\\s+")
_ORDINAL = re.compile(r"\b(\d{1,2})\s+(st|nd|rd|th)\b")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")


def clean_block_text(text: str) -> str:
    """Return the block's text as a person would read it: one line, no markup or bullet glyphs."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = _BOOKMARK.sub("", text)
    if "<" in text and ">" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\r", "\n")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # a word split across a line break
    text = re.sub(r"\s*\n\s*", " ", text)
    text = _LEADING_BULLET.sub("", text)
    text = _INLINE_BULLET.sub(" ", text)
    text = _ORDINAL.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    return text.strip()
