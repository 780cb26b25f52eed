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
_RTF = b"{\\rtf"
_TEXT_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_EXPECTED = {".pdf": "a PDF", ".docx": "a Word .docx file", ".odt": "an OpenDocument .odt file",
             ".doc": "a Word .doc file", ".rtf": "a Rich Text .rtf file"}
# Files a school might send that hold no policy text this tool reads: say what to do instead.
_UNSUPPORTED = {
    ".xlsx": "an Excel workbook", ".xls": "an Excel workbook", ".ods": "a spreadsheet", ".csv": "a spreadsheet",
    ".pptx": "a PowerPoint file", ".ppt": "a PowerPoint file", ".odp": "a presentation",
    ".pages": "an Apple Pages file", ".key": "a Keynote file", ".numbers": "a Numbers spreadsheet",
    ".zip": "a zip archive", ".eml": "an email", ".msg": "an email",
    ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".gif": "an image", ".tif": "an image",
    ".tiff": "an image", ".heic": "an image",
}
SAVE_AS = "save the policy as .docx or PDF"


def _ole_kind(data: bytes) -> str:
    """An OLE compound file is a legacy .doc, an encrypted Office file, or something else: its stream
    names (UTF-16 in the directory) tell which."""
    head = data[:1 << 20]
    if "EncryptedPackage".encode("utf-16-le") in head:
        return "encrypted"
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    return "other"


def sniff_format(data: bytes, suffix: str, source: str) -> str:
    """Return 'pdf', 'docx', 'odt', 'doc', 'rtf', 'html', 'md' or 'txt' from the bytes, or raise InputError."""
    suffix = suffix.lower()
    if suffix in _UNSUPPORTED and not data.startswith((_ZIP, _OLE)) and b"%PDF-" not in data[:1024]:
        raise InputError(source, f"unsupported file type {suffix} ({_UNSUPPORTED[suffix]}): {SAVE_AS}")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP):
        from policy_check.extract.odt import is_odt

        if is_odt(data):
            return "odt"
        if suffix in _UNSUPPORTED:
            raise InputError(source, f"unsupported file type {suffix} ({_UNSUPPORTED[suffix]}): {SAVE_AS}")
        return "docx"
    if data.startswith(_OLE):
        kind = _ole_kind(data)
        if kind == "doc":
            return "doc"
        if kind == "encrypted" or suffix in (".docx", ".doc"):
            raise InputError(source, "password-protected or encrypted Word file: remove the password and save it again")
        raise InputError(source, f"not a policy document (an older Office file, {SAVE_AS})")
    if data.lstrip().startswith(_RTF):
        return "rtf"
    for magic, name in _IMAGES.items():
        if data.startswith(magic):
            expected = _EXPECTED.get(suffix, "a policy document")
            raise InputError(source, f"not {expected} (looks like {name})")
    if suffix in _EXPECTED:
        raise InputError(source, f"not {_EXPECTED[suffix]} (unrecognised content)")
    return _TEXT_FORMATS.get(suffix, "txt")
