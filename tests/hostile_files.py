"""A set of hostile policy files, built in a folder: what arrives by email from thousands of schools."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from fixtures_build import make_docx, make_pdf

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Policy &lol9; end</w:t></w:r></w:p></w:body></w:document>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)

LONG_TEXT = (  # 5.2 million characters of varied text in 7 MB of XML: within every zip limit, over the text limit
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    + "".join(f"<w:p><w:r><w:t>Clause {n}: the mentor meets the ECT every week, {n * 7919 % 100_003} minutes.</w:t>"
              "</w:r></w:p>" for n in range(80_000))
    + "</w:body></w:document>"
)


def _docx_with(folder: Path, name: str, document_xml: str | None, extra: dict[str, bytes] | None = None) -> Path:
    """A real .docx with its word/document.xml replaced (None: kept) and `extra` members added."""
    good = make_docx(folder / f"seed-{name}", ["Policy text."])
    target = folder / name
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            replaced = item.filename == "word/document.xml" and document_xml is not None
            out.writestr(item.filename, document_xml.encode() if replaced else source.read(item))
        for member, content in (extra or {}).items():
            out.writestr(member, content)
    good.unlink()
    return target


def build_hostile_files(folder: Path) -> dict[str, Path]:
    """name -> path of each hostile file (the issue's list), all inside `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    files["zip-bomb.docx"] = _docx_with(folder, "zip-bomb.docx", None, {"word/media/image1.png": b"0" * 90_000_000})
    files["huge-xml.docx"] = _docx_with(folder, "huge-xml.docx", "<w:document>" + " " * 25_000_000 + "</w:document>")
    files["long-text.docx"] = _docx_with(folder, "long-text.docx", LONG_TEXT)
    files["billion-laughs.docx"] = _docx_with(folder, "billion-laughs.docx", BILLION_LAUGHS)
    files["external-entity.docx"] = _docx_with(folder, "external-entity.docx", EXTERNAL_ENTITY)

    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(0, 10, "secret policy")
    pdf.set_encryption(owner_password="owner", user_password="user")
    files["encrypted.pdf"] = folder / "encrypted.pdf"
    pdf.output(str(files["encrypted.pdf"]))
    files["image-only.pdf"] = make_pdf(folder / "image-only.pdf", ["", ""])
    whole = make_pdf(folder / "seed.pdf", "Policy text. " * 200).read_bytes()
    (folder / "seed.pdf").unlink()
    files["truncated.pdf"] = folder / "truncated.pdf"
    files["truncated.pdf"].write_bytes(whole[: len(whole) // 3])
    docx = make_docx(folder / "seed.docx", ["Policy text."] * 50).read_bytes()
    (folder / "seed.docx").unlink()
    files["truncated.docx"] = folder / "truncated.docx"
    files["truncated.docx"].write_bytes(docx[: len(docx) // 2])
    files["renamed-png.pdf"] = folder / "renamed-png.pdf"
    files["renamed-png.pdf"].write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    files["binary.txt"] = folder / "binary.txt"
    files["binary.txt"].write_bytes(os.urandom(64 * 1024))
    files["huge.txt"] = folder / "huge.txt"
    with open(files["huge.txt"], "wb") as handle:  # 60 MB of real-looking text
        line = b"ECTs receive a 10% reduction in the first year and 5% in the second year.\n"
        handle.write(line * (60 * 1024 * 1024 // len(line) + 1))
    files["deep.html"] = folder / "deep.html"
    files["deep.html"].write_text("<div>" * 100_000 + "policy" + "</div>" * 100_000, encoding="utf-8")
    return files
