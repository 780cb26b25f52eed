"""Do a policy's renderings get the verdicts of its Word file? Save each .docx as other formats with
LibreOffice (as a school would: "Save as PDF", "Save as text"), check every rendering, and count the
requirements whose status differs from the .docx's.

    .venv/bin/python scripts/compare_renderings.py [DOCX-OR-FOLDER ...] [--formats pdf,odt,html,txt] [--stress]

Default: the corpus's Word renderings (examples/renderings/*.docx). Target (issue 12): >= 99.5% of
requirements agree, and no rendering differs from its .docx on more than one requirement.
`--stress` first makes each Word file harder to print faithfully: automatic hyphenation on, and a
manual page break inside the longest paragraph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_check.engine import evaluate  # noqa: E402
from policy_check.engine.ruleset import load_ruleset  # noqa: E402
from policy_check.extract import read_document  # noqa: E402
from policy_check.extract.convert import soffice  # noqa: E402

# LibreOffice's filter for each rendering; "txt" is Writer's plain-text export in UTF-8.
FILTERS = {"pdf": "pdf", "odt": "odt", "html": "html", "txt": "txt:Text (encoded):UTF8", "doc": "doc", "rtf": "rtf"}


def statuses(path: Path, ruleset, as_of: dt.date) -> dict[str, str]:
    return {f.rule_id: f.status for f in evaluate(read_document(path), ruleset, as_of).findings}


def convert(files: list[Path], suffix: str, scratch: Path) -> dict[Path, Path]:
    """Every file saved as `suffix` in one LibreOffice run (a private profile, so a desktop session is untouched)."""
    out = scratch / suffix
    out.mkdir()
    subprocess.run([soffice(), f"-env:UserInstallation={(scratch / 'profile').as_uri()}", "--headless",
                    "--convert-to", FILTERS[suffix], "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return {source: out / f"{source.stem}.{suffix}" for source in files}


def stressed(source: Path, folder: Path) -> Path:
    """A copy of a Word file with hyphenated line ends and a page break inside a paragraph."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(str(source))
    hyphenate = OxmlElement("w:autoHyphenation")
    hyphenate.set(qn("w:val"), "true")
    document.settings.element.append(hyphenate)
    longest = max(document.paragraphs, key=lambda paragraph: len(paragraph.text), default=None)
    if longest is not None and longest.runs:
        run = longest.runs[len(longest.runs) // 2]
        words = run.text.split(" ")
        run.text = " ".join(words[: len(words) // 2]) + " "
        run.add_break(WD_BREAK.PAGE)
        run.add_text(" ".join(words[len(words) // 2:]))
    target = folder / source.name
    document.save(str(target))
    return target


def word_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        found.extend(sorted(path.glob("*.docx")) if path.is_dir() else [path])
    return [path for path in found if not path.name.startswith("~$")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "examples" / "renderings")])
    parser.add_argument("--formats", default="pdf,odt,html,txt")
    parser.add_argument("--as-of", default="2026-12-01", type=dt.date.fromisoformat)
    parser.add_argument("--stress", action="store_true", help="hyphenated line ends and a page break inside a paragraph")
    args = parser.parse_args()
    if soffice() is None:
        print("compare_renderings: LibreOffice (soffice) is needed to make the renderings", file=sys.stderr)
        return 2
    ruleset = load_ruleset("england-ect-induction")
    files = word_files(args.paths)
    compared = differing = worst = 0
    with tempfile.TemporaryDirectory() as scratch:
        if args.stress:
            (Path(scratch) / "stressed").mkdir()
            files = [stressed(path, Path(scratch) / "stressed") for path in files]
        renderings = {suffix: convert(files, suffix, Path(scratch)) for suffix in args.formats.split(",")}
        for source in files:
            expected = statuses(source, ruleset, args.as_of)
            for suffix, made in renderings.items():
                got = statuses(made[source], ruleset, args.as_of)
                differences = [f"{rule} {expected[rule]}->{got.get(rule)}" for rule in expected if got.get(rule) != expected[rule]]
                compared += len(expected)
                differing += len(differences)
                worst = max(worst, len(differences))
                if differences:
                    print(f"{source.name} as .{suffix}: {', '.join(differences)}")
    agreement = 1 - differing / compared if compared else 1.0
    print(f"{len(files)} Word files x {len(renderings)} renderings: verdicts agree on {agreement:.2%} of requirements "
          f"({differing} of {compared} differ); at most {worst} differ in one rendering")
    return 0


if __name__ == "__main__":
    sys.exit(main())
