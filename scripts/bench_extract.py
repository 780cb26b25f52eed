"""Measure extraction speed and peak memory per format, on the corpus and on a generated 300-page document.

Targets: PDF <= 5 ms per page, DOCX <= 40 ms per 18-page document.
Usage: .venv/bin/python scripts/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures_build import make_docx, make_pdf  # noqa: E402

from policy_check.extract import read_document  # noqa: E402
from policy_check.extract.builder import Block  # noqa: E402

CORPUS = ROOT / "corpus"
RENDERINGS = ROOT / "examples" / "renderings"
FORMATS = [".txt", ".md", ".html", ".docx", ".pdf"]
BIG_PAGES = 300
# ru_maxrss survives fork+exec on Linux (the child starts with the parent's high-water mark), so the
# peak is read from /proc/self/status VmHWM, which a new program image resets.
PEAK_MEMORY_SNIPPET = (
    "import sys\n"
    "from pathlib import Path\n"
    "def peak_kb():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            return int(line.split()[1])\n"
    "import docx, pypdfium2\n"
    "from policy_check.extract import read_document\n"
    "before = peak_kb()\n"
    "read_document(Path(sys.argv[1]))\n"
    "print(before, peak_kb())\n"
)


def best_ms(path: Path, repeat: int) -> float:
    """Fastest of `repeat` reads, in milliseconds (the first read also warms imports)."""
    read_document(path)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_document(path)
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


def peak_memory_mb(path: Path) -> tuple[float, float]:
    """(peak RSS after imports, peak RSS after reading) in MB, measured in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY_SNIPPET, str(path)], capture_output=True, text=True, check=True
    )
    before, after = (int(value) / 1024 for value in result.stdout.split())
    return before, after


def big_documents(folder: Path) -> list[Path]:
    """A 300-page PDF and a DOCX of the same text, built from the corpus policies repeated."""
    document = read_document(CORPUS / "lumen-ect-policy.txt")
    blocks = [Block(c.kind, c.text, level=(document.section_of(c).level if c.kind == "heading" else None))
              for c in document.clauses]
    pages: list[str] = []
    per_page = 12
    for n in range(BIG_PAGES):
        chunk = blocks[(n * per_page) % len(blocks):][:per_page]
        pages.append("\n\n".join(("# " if b.kind == "heading" else "") + b.text for b in chunk))
    pdf = make_pdf(folder / f"big-{BIG_PAGES}-pages.pdf", pages, header="Generated policy", page_footer=True)
    docx_blocks = blocks * max(1, BIG_PAGES // 18)
    docx = make_docx(folder / f"big-{BIG_PAGES}-pages.docx", docx_blocks)
    return [pdf, docx]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [(CORPUS if suffix == ".txt" else RENDERINGS) / f"{p.stem}{suffix}"
                 for p in sorted(CORPUS.glob("*.txt")) for suffix in FORMATS]
        paths += big_documents(Path(tmp))
        print(f"{'file':42} {'pages':>5} {'clauses':>7} {'ms/doc':>8} {'ms/page':>8} {'RSS MB':>14}")
        for path in paths:
            document = read_document(path)
            ms = best_ms(path, args.repeat)
            before, after = peak_memory_mb(path)
            per_page = f"{ms / document.pages:8.2f}" if document.pages else f"{'':8}"
            pages = document.pages or ""
            print(f"{path.name:42} {pages:>5} {len(document.clauses):>7} {ms:8.1f} {per_page} "
                  f"{before:6.0f}->{after:5.0f}")
            rows.append((path.suffix, ms, document.pages))
    pdf_rates = [ms / pages for suffix, ms, pages in rows if suffix == ".pdf" and pages]
    docx_times = [ms for suffix, ms, _ in rows[:-2] if suffix == ".docx"]
    print(f"\nPDF: worst {max(pdf_rates):.2f} ms/page (target <= 5)")
    print(f"DOCX (corpus): worst {max(docx_times):.1f} ms/document (target <= 40 per 18 pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
