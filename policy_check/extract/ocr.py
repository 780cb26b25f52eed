"""Pages without a text layer (a scanned, signed copy) read by Tesseract OCR: an optional extra.

`pip install "policy-check[ocr]"` brings pytesseract; Tesseract itself is a system program (Debian:
`apt-get install tesseract-ocr tesseract-ocr-eng`). Pages are rendered by pypdfium2, which the PDF
reader already uses, and read one at a time with a per-page time limit and a budget for the whole
file, so a 300-page scan cannot stall an audit. Where the extra is missing, a scan gets one line
saying what to install.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass

OCR_MODES = ("auto", "always", "never")
RENDER_SCALE = 300 / 72  # 300 dpi: Tesseract's accuracy falls off below about 200 dpi
PAGE_TIMEOUT = 30.0  # seconds for one page
FILE_BUDGET = 240.0  # seconds for all the OCR of one file
INSTALL_HINT = ('install OCR: pip install "policy-check[ocr]" and apt-get install tesseract-ocr '
                "tesseract-ocr-eng")
MIN_CONFIDENCE = 30  # Tesseract's per-word confidence below which a "word" is usually a speck


@dataclass(frozen=True)
class OcrLine:
    """One line of recognised text, placed like a text-layer line (PDF units from the page bottom)."""

    text: str
    top: float
    bottom: float


def available() -> bool:
    """Whether both pytesseract and the Tesseract program are installed."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


class Budget:
    """The time left for OCR in one file."""

    def __init__(self, seconds: float = FILE_BUDGET) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()


def page_lines(page: object, budget: Budget) -> list[OcrLine]:
    """The lines Tesseract reads on a rendered page, top to bottom (raises RuntimeError past the budget)."""
    import pytesseract

    # Tesseract's OpenMP threads fight each other (and an audit's other workers) for the cores: one
    # thread per page reads a page in 1.7 s where the default took 13.7 s on two cores. A user's own
    # setting is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    timeout = min(PAGE_TIMEOUT, budget.left())
    if timeout <= 1:
        raise RuntimeError("OCR time budget for the file used up")
    height = page.get_height()  # type: ignore[attr-defined]
    image = page.render(scale=RENDER_SCALE, grayscale=True).to_pil()  # type: ignore[attr-defined]
    data = pytesseract.image_to_data(image, lang="eng", output_type=pytesseract.Output.DICT, timeout=timeout)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= MIN_CONFIDENCE:
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    found = []
    for indices in lines.values():
        top_px = min(data["top"][i] for i in indices)
        bottom_px = max(data["top"][i] + data["height"][i] for i in indices)
        text = " ".join(data["text"][i] for i in sorted(indices, key=lambda i: data["left"][i]))
        found.append(OcrLine(text, height - top_px / RENDER_SCALE, height - bottom_px / RENDER_SCALE))
    return sorted(found, key=lambda line: -line.top)
