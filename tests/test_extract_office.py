"""OpenDocument, legacy Word and Rich Text files, and files no reader takes: read, or refused with
what to do, and never dropped from a run without a word."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_check.cli import cli
from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import InputError
from policy_check.extract import read_document
from policy_check.extract.convert import INSTALL_HINT, soffice

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)
RULESET = load_ruleset("england-ect-induction")
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def make_odt(path: Path, body: str, *, prolog: str = "") -> Path:
    """An .odt as LibreOffice lays one out: an uncompressed mimetype first, then content.xml."""
    content = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return path


ODT_BODY = (
    '<text:h text:outline-level="1">ECT induction policy</text:h>'
    '<text:h text:outline-level="2">4. Release time</text:h>'
    '<text:p>Our <text:span>early career teachers</text:span> have a reduced timetable:</text:p>'
    '<text:list><text:list-item><text:p>10% in the first year;</text:p></text:list-item>'
    '<text:list-item><text:p>5% in the second year,<text:s/>in addition to PPA time.</text:p></text:list-item></text:list>'
    '<table:table><table:table-row><table:table-cell><text:p>Year</text:p></table:table-cell>'
    '<table:table-cell><text:p>Use of the time</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:table-cell><text:p>1</text:p></table:table-cell>'
    '<table:table-cell><text:p>Training</text:p></table:table-cell></table:table-row></table:table>'
)


def statuses(document) -> dict[str, str]:
    return {f.rule_id: f.status for f in evaluate(document, RULESET, AS_OF).findings}


def test_an_odt_is_read_with_its_headings_lists_and_tables(tmp_path: Path) -> None:
    document = read_document(make_odt(tmp_path / "policy.odt", ODT_BODY))
    assert document.format == "odt"
    assert [s.heading for s in document.sections] == ["ECT induction policy", "4. Release time"]
    kinds = [(c.kind, c.text) for c in document.clauses]
    assert ("list_item", "10% in the first year;") in kinds
    assert ("list_item", "5% in the second year, in addition to PPA time.") in kinds
    assert ("table_row", "Year | Use of the time") in kinds
    result = statuses(document)
    assert result["TT-REDUCTION-Y1"] == result["TT-REDUCTION-Y2"] == result["TT-PPA-ADDITIONAL"] == "met"


def test_an_odt_zip_bomb_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "bomb.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>", compress_type=zipfile.ZIP_DEFLATED)
    started = time.perf_counter()
    with pytest.raises(InputError, match="larger than|zip bomb"):
        read_document(path)
    assert time.perf_counter() - started < 10


def test_an_odt_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    prolog = f'<!DOCTYPE office:document-content [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    path = make_odt(tmp_path / "xxe.odt", "<text:p>ECTs are supported. &x;</text:p>", prolog=prolog)
    try:
        document = read_document(path)
    except InputError:
        return
    assert "TOP SECRET" not in document.text


def test_a_file_of_another_type_is_named_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (tmp_path / "policy.pages").write_bytes(b"\x00\x01 not text")
    for name in ("budget.xlsx", "policy.pages"):
        with pytest.raises(InputError, match="save the policy as .docx or PDF") as error:
            read_document(tmp_path / name)
        assert "\n" not in str(error.value)


def test_without_libreoffice_a_doc_says_how_to_read_it(tmp_path: Path, monkeypatch) -> None:
    import policy_check.extract.convert as convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(InputError, match="legacy Word") as error:
        read_document(path)
    assert INSTALL_HINT in str(error.value)
    rtf = tmp_path / "old.rtf"
    rtf.write_text(r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} ECTs are supported.\par}", encoding="ascii")
    with pytest.raises(InputError, match="Rich Text"):
        read_document(rtf)


def test_a_doc_that_makes_libreoffice_hang_is_stopped_with_its_whole_process_group(tmp_path: Path, monkeypatch) -> None:
    import policy_check.extract.convert as convert

    # A stand-in `soffice` that, like the real launcher, starts a worker process and then both hang.
    launcher = tmp_path / "soffice"
    worker_pid = tmp_path / "worker.pid"
    launcher.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {worker_pid}\nwait\n", encoding="utf-8")
    launcher.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(launcher))
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1.0)
    path = tmp_path / "hangs.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(InputError, match="LibreOffice did not convert it within 1 s"):
        read_document(path)
    status = Path(f"/proc/{worker_pid.read_text().strip()}/status")
    assert not status.exists() or "zombie" in status.read_text()  # the hung worker was killed too


def test_a_folder_of_everything_a_school_sends_gives_one_row_per_document(tmp_path: Path) -> None:
    """Checked, or listed with why not: only hidden, lock and README files are passed over, and counted."""
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "a.md").write_text("# Policy\n\nECTs have a 10% reduction in the first year.\n", encoding="utf-8")
    make_odt(folder / "b.odt", ODT_BODY)
    (folder / "c.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (folder / "d.pages").write_bytes(b"\x00\x01 not text")
    (folder / "~$a.docx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    result = CliRunner().invoke(cli, ["audit", str(folder), "--out", str(tmp_path / "out"), "--as-of", "2026-11-24",
                                      "--jobs", "1", "--fail-on", "never"])
    assert result.exit_code == 2  # two files could not be read
    assert "checked 4 policies (2 unreadable; passed over 2 " in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    rows = {Path(p["source"]).name: p.get("error") for p in report["policies"]}
    assert set(rows) == {"a.md", "b.odt", "c.xlsx", "d.pages"}
    assert rows["a.md"] is None and rows["b.odt"] is None
    assert "save the policy as .docx or PDF" in rows["c.xlsx"] and "save the policy as .docx or PDF" in rows["d.pages"]
    matrix = (tmp_path / "out" / "matrix.csv").read_text(encoding="utf-8")
    assert "c.xlsx" in matrix and "d.pages" in matrix


needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def _converted(source: Path, tmp_path: Path, suffix: str) -> Path:
    """A corpus policy saved by LibreOffice in another format (as a school's older template would be)."""
    out = tmp_path / suffix
    out.mkdir()
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", suffix, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    return out / f"{source.stem}.{suffix}"


@needs_libreoffice
@pytest.mark.parametrize("suffix", ["odt", "doc", "rtf"])
def test_odt_doc_and_rtf_renderings_get_the_verdicts_of_the_docx(tmp_path: Path, suffix: str) -> None:
    original = ROOT / "examples" / "renderings" / "crestwood-ect-policy.docx"
    from_docx = read_document(original)
    rendering = read_document(_converted(original, tmp_path, suffix))
    assert rendering.format == suffix
    words = from_docx.text.split()
    kept = set(rendering.text.split())
    assert sum(word in kept for word in words) / len(words) >= 0.99
    own = set(words)
    printed = rendering.text.split()
    assert sum(word in own for word in printed) / len(printed) >= 0.97  # no markup read as text
    assert statuses(rendering) == statuses(from_docx)


def test_rtf_control_words_are_never_read_as_policy_text(tmp_path: Path) -> None:
    """An .rtf used to be read as plain text, its `{\\rtf1\\ansi` header becoming clauses."""
    rtf = tmp_path / "policy.rtf"
    rtf.write_text(r"{\rtf1\ansi\deff3{\fonttbl{\f3 Arial;}}ECTs have a 10\% reduction.\par}", encoding="ascii")
    try:
        document = read_document(rtf)
    except InputError as error:
        assert "Rich Text" in str(error)
        return
    assert "\\rtf1" not in document.text and "fonttbl" not in document.text


@needs_libreoffice
def test_a_two_column_pdf_reads_column_by_column_and_keeps_a_paragraph_across_the_break(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = docx.Document()
    word.add_heading("Induction policy", 1)
    paragraphs = [" ".join(f"Sentence {j} of paragraph {i} says the mentor meets the ECT every week." for j in range(1, 7))
                  for i in range(1, 9)]
    for text in paragraphs:
        word.add_paragraph(text)
    columns = OxmlElement("w:cols")
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "720")
    word.sections[0]._sectPr.append(columns)
    word.save(tmp_path / "two-columns.docx")
    document = read_document(_converted(tmp_path / "two-columns.docx", tmp_path, "pdf"))
    assert [c.text for c in document.clauses if c.kind == "paragraph"] == paragraphs


@needs_libreoffice
def test_bulleted_lines_in_a_word_processor_pdf_do_not_break_paragraphs(tmp_path: Path) -> None:
    """A Symbol-font bullet's box sits above the text line: measured from it, the lines of a bulleted page
    looked far apart and every line of the Lumen policy's PDF became a paragraph (or a heading) of its own."""
    document = read_document(_converted(ROOT / "examples" / "renderings" / "lumen-ect-policy.docx", tmp_path, "pdf"))
    texts = [c.text for c in document.clauses]
    assert ("This policy has due regard to all relevant legislation and statutory guidance including, but not "
            "limited to, the following:") in texts
    assert "DfE (2025) 'Appropriate bodies guidance: induction and the early career framework'" in texts
    assert statuses(document) == statuses(read_document(ROOT / "examples" / "renderings" / "lumen-ect-policy.docx"))


@needs_libreoffice
def test_every_rendering_a_word_processor_makes_gets_the_verdicts_of_the_word_file(tmp_path: Path) -> None:
    """The corpus's Word files saved by LibreOffice as PDF, OpenDocument, web page and plain text (one
    cell per line): at least 99.5% of verdicts agree and no rendering differs on more than one."""
    originals = sorted((ROOT / "examples" / "renderings").glob("*.docx"))
    filters = {"pdf": "pdf", "odt": "odt", "html": "html", "txt": "txt:Text (encoded):UTF8"}
    compared = differing = 0
    for suffix, export in filters.items():
        out = tmp_path / suffix
        subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", export, "--outdir", str(out), *map(str, originals)],
                       check=True, capture_output=True, timeout=300)
        for original in originals:
            expected, got = statuses(read_document(original)), statuses(read_document(out / f"{original.stem}.{suffix}"))
            differences = {rule for rule in expected if got.get(rule) != expected[rule]}
            assert len(differences) <= 1, f"{original.name} as .{suffix}: {sorted(differences)}"
            compared, differing = compared + len(expected), differing + len(differences)
    assert 1 - differing / compared >= 0.995


@needs_libreoffice
def test_a_heading_too_long_for_its_line_stays_one_heading_in_the_pdf(tmp_path: Path) -> None:
    """On a narrow page a numbered heading wraps ("9. ECTs who may not meet the" / "Teachers'
    Standards"); the PDF must still give one section, as the Word file does."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height, section.left_margin, section.right_margin = Cm(12), Cm(18), Cm(2), Cm(2)
    document.add_heading("The Harbour Alternative Provision Academy", level=1)
    document.add_heading("9. ECTs who may not meet the Teachers' Standards", level=2)
    document.add_paragraph("Where an ECT's progress gives cause for concern, the tutor agrees a written support plan "
                           "with clear targets and dates for review.")
    source = tmp_path / "narrow.docx"
    document.save(str(source))
    headings = [c.text for c in read_document(_converted(source, tmp_path, "pdf")).clauses if c.kind == "heading"]
    assert headings == ["The Harbour Alternative Provision Academy", "9. ECTs who may not meet the Teachers' Standards"]
