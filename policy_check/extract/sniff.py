"""Tell a file's real type from its first bytes, so a renamed file fails with a reason, not a crash."""

from __future__ import annotations

from policy_check.errors import InputError

_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_TEXT_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_EXPECTED = {".pdf": "a PDF", ".docx": "a Word .docx file"}


def sniff_format(data: bytes, suffix: str, source: str) -> str:
    """Return 'pdf', 'docx', 'html', 'md' or 'txt' from the bytes, or raise InputError."""
    suffix = suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        raise InputError(source, "password-protected or encrypted Word file (or legacy .doc)")
    for magic, name in _IMAGES.items():
        if data.startswith(magic):
            expected = _EXPECTED.get(suffix, "a policy document")
            raise InputError(source, f"not {expected} (looks like {name})")
    if suffix in _EXPECTED:
        raise InputError(source, f"not {_EXPECTED[suffix]} (unrecognised content)")
    return _TEXT_FORMATS.get(suffix, "txt")
