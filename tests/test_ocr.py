"""Scanned PDFs: pages without a text layer are read by OCR (the optional extra), with page numbers,
a note in the document's warnings, and the verdicts of the text PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import InputError
from policy_check.extract import ocr, read_document

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra (pytesseract and Tesseract) is not installed")


def scanned_copy(source: Path, target: Path, dpi: int = 150) -> Path:
    """The policy as a scan: each page rendered to a picture, the pictures saved as an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    images = [pdf[n].render(scale=dpi / 72).to_pil().convert("RGB") for n in range(len(pdf))]
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def test_a_scanned_policy_gets_the_verdicts_of_its_text_pdf(tmp_path: Path) -> None:
    text_pdf = ROOT / "examples" / "renderings" / "cdat-ect-policy.pdf"
    scan = scanned_copy(text_pdf, tmp_path / "scan.pdf")
    document = read_document(scan)
    assert document.warnings == ("read by OCR: pages 1-2",)
    assert {c.page for c in document.clauses} == {1, 2}
    ruleset = load_ruleset("england-ect-induction")
    as_of = dt.date(2026, 11, 24)
    want = {f.rule_id: f.status for f in evaluate(read_document(text_pdf), ruleset, as_of).findings}
    got = {f.rule_id: f.status for f in evaluate(document, ruleset, as_of).findings}
    assert sum(want[r] == got[r] for r in want) / len(want) >= 0.95
    assert evaluate(document, ruleset, as_of).metadata["reading"] == ["read by OCR: pages 1-2"]


def test_ocr_never_reads_only_the_text_layer(tmp_path: Path) -> None:
    scan = scanned_copy(ROOT / "examples" / "renderings" / "cdat-ect-policy.pdf", tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="--ocr auto"):
        read_document(scan, ocr="never")


def test_a_scan_longer_than_the_ocr_page_limit_is_refused_before_ocr_starts(tmp_path: Path, monkeypatch) -> None:
    from PIL import Image

    blank = Image.new("1", (60, 80), 1)
    scan = tmp_path / "scan-2000-pages.pdf"
    blank.save(scan, save_all=True, append_images=[blank] * 1999)
    monkeypatch.setattr(ocr, "page_lines", lambda *_: pytest.fail("OCR started on a scan over the page limit"))
    with pytest.raises(InputError, match="2000 pages to read by OCR, more than MAX_OCR_PAGES"):
        read_document(scan)


def test_an_audit_gives_ocr_part_of_its_timeout_and_checks_the_pages_read(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    folder = tmp_path / "policies"
    folder.mkdir()
    scanned_copy(ROOT / "examples" / "renderings" / "lumen-ect-policy.pdf", folder / "scan.pdf")
    done = subprocess.run([sys.executable, "-m", "policy_check", "audit", str(folder), "--out", str(tmp_path / "out"),
                           "--timeout", "8", "--as-of", "2026-11-24", "--jobs", "1"], capture_output=True, text=True)
    policy = json.loads((tmp_path / "out" / "report.json").read_text())["policies"][0]
    assert policy["error"] is None, policy["error"]  # not "took longer than 8 s"
    reading = policy["metadata"]["reading"]
    assert reading[0].startswith("read by OCR: page") and reading[1].startswith("OCR stopped at its time limit")
