"""Generate policy variants from the corpus for audit tests and benchmarks: clauses shuffled, dropped, reworded.

Formats rotate through .txt, .md, .html, .docx and .pdf (pdf needs fpdf2, from the `test` extra), so an
audit sees the mix a trust actually sends.

    .venv/bin/python scripts/make_variants.py 200 /tmp/variants [--corpus corpus] [--seed 1]
"""

from __future__ import annotations

import argparse
import html
import random
import re
from pathlib import Path

REWORDINGS = (
    ("early career teacher", "ECT"),
    ("must", "will"),
    ("headteacher", "principal"),
    ("appropriate body", "Appropriate Body"),
    ("induction tutor", "ECT induction tutor"),
)
FORMATS = ("txt", "md", "html", "docx", "pdf")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def vary(source: list[str], rng: random.Random) -> list[str]:
    """Drop about 1 clause in 12, swap some neighbours, reword some phrases."""
    kept = [p for i, p in enumerate(source) if i == 0 or rng.random() > 1 / 12]
    for i in range(1, len(kept) - 1):
        if rng.random() < 0.1:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    varied = []
    for paragraph in kept:
        for old, new in REWORDINGS:
            if rng.random() < 0.5:
                paragraph = re.sub(rf"\b{re.escape(old)}\b", new, paragraph, flags=re.IGNORECASE)
        varied.append(paragraph)
    return varied


def write_variant(clauses: list[str], path: Path) -> None:
    """Write one variant in the format its suffix names."""
    fmt = path.suffix.lstrip(".")
    if fmt == "txt":
        path.write_text("\n\n".join(clauses) + "\n", encoding="utf-8")
    elif fmt == "md":
        path.write_text("\n\n".join([f"# {clauses[0]}", *clauses[1:]]) + "\n", encoding="utf-8")
    elif fmt == "html":
        body = "\n".join(f"<p>{html.escape(c)}</p>" for c in clauses[1:])
        path.write_text(f"<!DOCTYPE html><html><body><h1>{html.escape(clauses[0])}</h1>\n{body}</body></html>\n",
                        encoding="utf-8")
    elif fmt == "docx":
        import docx

        document = docx.Document()
        document.add_heading(clauses[0], level=1)
        for clause in clauses[1:]:
            document.add_paragraph(clause)
        document.save(str(path))
    else:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for clause in clauses:
            pdf.multi_cell(0, 6, clause.encode("latin-1", "replace").decode("latin-1"))
            pdf.ln(3)
        pdf.output(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus",
                        help="folder of .txt policies to vary (default: the project's corpus)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, e.g. pdf for a PDF-only set")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = {p.stem: paragraphs(p.read_text(encoding="utf-8")) for p in sorted(args.corpus.glob("*.txt"))}
    formats = args.formats.split(",")
    args.out.mkdir(parents=True, exist_ok=True)
    names = sorted(sources)
    for number in range(args.count):
        stem = names[number % len(names)]
        path = args.out / f"{number:04d}-{stem}.{formats[number % len(formats)]}"
        write_variant(vary(sources[stem], rng), path)
    print(f"wrote {args.count} variants to {args.out}")


if __name__ == "__main__":
    main()
