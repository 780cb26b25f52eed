"""Every bad input becomes one InputError line (exit 2 from the CLI), quickly and without a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fixtures_build import make_docx, make_pdf
from policy_check.errors import InputError
from policy_check.extract import limits, read_document

CLI = [sys.executable, "-m", "policy_check"]
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Policy &lol9; end</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Policy &xxe; end</w:t></w:r></w:p></w:body></w:document>"
)


def reason(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "\n" not in str(caught.value)
    return caught.value.reason


def docx_with_document_xml(tmp_path: Path, xml: str) -> Path:
    good = make_docx(tmp_path / "good.docx", ["Policy text."])
    target = tmp_path / "hostile.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else source.read(item)
            out.writestr(item.filename, data)
    return target


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert reason(tmp_path / "empty.txt") == "empty file"


def test_missing_file(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.txt").startswith("cannot open")


def test_truncated_docx(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "a.docx", ["Policy text."] * 50).read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    assert reason(tmp_path / "cut.docx") == "not a Word .docx file (damaged or truncated zip)"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "a.pdf", "Policy text.").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    assert reason(tmp_path / "cut.pdf") == "not a readable PDF (damaged or truncated)"


def test_encrypted_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(0, 10, "secret policy")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(tmp_path / "locked.pdf"))
    assert reason(tmp_path / "locked.pdf") == "password-protected PDF"


def test_ole_word_file(tmp_path: Path) -> None:
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert reason(tmp_path / "locked.docx") == "password-protected or encrypted Word file: remove the password and save it again"


def test_image_only_pdf(tmp_path: Path, monkeypatch) -> None:
    import policy_check.extract.ocr as ocr

    make_pdf(tmp_path / "scan.pdf", ["", ""])
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert reason(tmp_path / "scan.pdf") == f"no text layer (a scanned image?): {ocr.INSTALL_HINT}"
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "page_lines", lambda page, budget: [])
    assert reason(tmp_path / "scan.pdf") == "no text found, not even by OCR (blank pages or pictures only?)"


def test_png_renamed_pdf(tmp_path: Path) -> None:
    (tmp_path / "policy.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    assert reason(tmp_path / "policy.pdf") == "not a PDF (looks like a PNG image)"


def test_random_binary_txt(tmp_path: Path) -> None:
    (tmp_path / "policy.txt").write_bytes(bytes(range(256)) * 20)
    assert reason(tmp_path / "policy.txt") == "binary file, not text"


def test_zip_bomb_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    (tmp_path / "bomb.docx").write_bytes(buffer.getvalue())
    assert "zip bomb" in reason(tmp_path / "bomb.docx")


def test_zip_without_document_xml(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert reason(tmp_path / "other.docx") == "not a Word .docx file (no word/document.xml)"


def test_billion_laughs_is_not_expanded(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path, BILLION_LAUGHS)
    try:
        document = read_document(path)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert len(document.text) < 1000


def test_external_entity_does_not_leak_files(tmp_path: Path) -> None:
    path = docx_with_document_xml(tmp_path, EXTERNAL_ENTITY)
    try:
        document = read_document(path)
    except InputError:
        return
    assert "root:" not in document.text


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    (tmp_path / "big.txt").write_text("An induction policy longer than ten bytes.")
    assert reason(tmp_path / "big.txt").startswith("file larger than MAX_FILE_BYTES")


def test_too_many_pdf_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PAGES", 1)
    make_pdf(tmp_path / "two.pdf", ["Page one.", "Page two."])
    assert reason(tmp_path / "two.pdf") == "more than MAX_PAGES (1) pages"


def test_text_over_the_character_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 5)
    (tmp_path / "long.md").write_text("# A policy\n")
    assert reason(tmp_path / "long.md").startswith("text longer than MAX_TEXT_CHARS")


def run_extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "extract", *args], capture_output=True, text=True, timeout=10)


def test_cli_deep_html_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text("<div>" * 100_000 + "text" + "</div>" * 100_000)
    result = run_extract(str(tmp_path / "deep.html"))
    assert result.returncode == 2
    assert result.stderr == f"policy-check: {tmp_path / 'deep.html'}: HTML nested deeper than 500 levels\n"


def test_cli_good_file_still_printed_among_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Induction\n\nEvery ECT has a mentor.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "policy.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    result = run_extract(str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), str(tmp_path / "policy.pdf"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"policy-check: {tmp_path / 'empty.txt'}: empty file",
        f"policy-check: {tmp_path / 'policy.pdf'}: not a PDF (looks like a PNG image)",
    ]
    assert "[1] paragraph \u00a7Induction: Every ECT has a mentor." in result.stdout
