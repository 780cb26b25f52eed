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
    text_pdf = ROOT / "corpus" / "cdat-ect-policy.pdf"
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
    scan = scanned_copy(ROOT / "corpus" / "cdat-ect-policy.pdf", tmp_path / "scan.pdf")
    with pytest.raises(InputError, match="--ocr auto"):
        read_document(scan, ocr="never")
