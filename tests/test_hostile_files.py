"""Hostile files from the field: each is one line and exit 2, fast and small; an audit carries on past them."""

from __future__ import annotations

import csv
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fuzzing import build_seeds
from hostile_files import build_hostile_files
from policy_check.errors import InputError
from policy_check.extract import limits, read_document

ROOT = Path(__file__).resolve().parent.parent
GOOD = [ROOT / "corpus" / "cdat-ect-policy.txt", ROOT / "examples" / "renderings" / "crestwood-ect-policy.pdf"]
GIGABYTE_KB = 1024 * 1024
REASONS = {  # the limit that must stop each of these, named in its one line
    "zip-bomb.docx": "MAX_COMPRESSION_RATIO",
    "huge-xml.docx": "MAX_DOCX_XML_BYTES",
    "long-text.docx": "MAX_TEXT_CHARS",
    "huge.txt": "MAX_FILE_BYTES",
    "deep.html": "nested deeper than",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    return build_hostile_files(tmp_path_factory.mktemp("hostile"))


def _check(path: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "policy_check", "check", str(path), "--as-of", "2026-11-24"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    return result, time.monotonic() - started


def test_each_hostile_file_is_one_line_exit_2_in_under_10_s(hostile):
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(hostile, pool.map(_check, hostile.values())))
    for name, (result, seconds) in outcomes.items():
        assert result.returncode == 2, (name, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr, (name, result.stderr)
        assert REASONS.get(name, "") in lines[0], (name, lines[0])
        assert seconds < 10, (name, seconds)
        assert "root:" not in result.stdout  # nothing from outside the file, ever
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < GIGABYTE_KB


def test_an_audit_over_hostile_and_good_files_reports_every_good_one(hostile, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in [*hostile.values(), *GOOD]:
        shutil.copy(path, folder / path.name)
    result = subprocess.run([sys.executable, "-m", "policy_check", "audit", str(folder), "--out", str(tmp_path / "out"),
                             "--jobs", "2", "--as-of", "2026-11-24"], capture_output=True, text=True, timeout=120,
                            cwd=ROOT)
    assert result.returncode == 2, result.stderr
    rows = {Path(r["source"]).name: r for r in csv.DictReader((tmp_path / "out" / "matrix.csv").open(encoding="utf-8-sig"))}
    assert set(rows) == set(hostile) | {p.name for p in GOOD}
    for name in hostile:
        assert rows[name]["DOC-APPROVAL"] == "error", name
    for good in GOOD:
        assert rows[good.name]["DOC-APPROVAL"] in ("met", "partial", "missing", "conflict")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
def test_every_reader_enforces_the_text_limit_before_checking(suffix, tmp_path, monkeypatch):
    path = tmp_path / f"policy{suffix}"
    path.write_bytes(build_seeds(tmp_path / "seeds")[suffix])
    assert read_document(path).text
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 40)  # readers look limits up at run time
    with pytest.raises(InputError, match="MAX_TEXT_CHARS"):
        read_document(path)
