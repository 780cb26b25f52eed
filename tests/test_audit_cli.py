"""`policy-check audit` end to end over a folder mixing formats and broken files (needs the engine and ruleset)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from policy_check.cli import cli

CORPUS = Path("/work/shared/corpus") if Path("/work/shared/corpus").is_dir() else Path(__file__).parents[1] / "corpus"


def _policy_folder(root: Path) -> tuple[list[str], list[str]]:
    """Good policies as .txt, .md and .html, plus an empty .pdf and a random-bytes .docx."""
    folder = root / "policies"
    folder.mkdir()
    text = (CORPUS / "crestwood-ect-policy.txt").read_text(encoding="utf-8")
    shutil.copy(CORPUS / "lumen-ect-policy.txt", folder / "lumen.txt")
    (folder / "crestwood.md").write_text("# Crestwood ECT policy\n\n" + text, encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    (folder / "crestwood.html").write_text(f"<html><body><h1>Crestwood</h1>\n{paragraphs}</body></html>",
                                           encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "garbage.docx").write_bytes(os.urandom(2048))
    good = [str(folder / name) for name in ("crestwood.html", "crestwood.md", "lumen.txt")]
    broken = [str(folder / name) for name in ("empty.pdf", "garbage.docx")]
    return good, broken


def test_audit_writes_every_output_and_exits_2_when_a_file_is_unreadable(tmp_path: Path) -> None:
    good, broken = _policy_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["audit", str(tmp_path / "policies"), "--out", str(out), "--jobs", "2", "--as-of", "2026-11-24"])

    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"checked 5 policies (2 unreadable) -> {out / 'index.html'}"
    for name in ("index.html", "matrix.csv", "findings.csv", "report.json"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "policies").glob("*.html"))) == 5

    rows = list(csv.DictReader((out / "matrix.csv").open(encoding="utf-8")))
    assert [row["source"] for row in rows] == sorted(good + broken)
    for row in rows:
        statuses = {value for key, value in row.items() if key != "source"}
        assert statuses == {"error"} if row["source"] in broken else statuses <= {"met", "partial", "missing", "conflict"}

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [p["source"] for p in report["policies"]] == sorted(good + broken)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="school-row error-row"') == 2
    assert index.count('class="school-row"') == 3


def test_audit_gives_the_same_files_with_one_job_or_two(tmp_path: Path) -> None:
    _policy_folder(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        CliRunner().invoke(
            cli, ["audit", str(tmp_path / "policies"), "--out", str(out), "--jobs", jobs, "--as-of", "2026-11-24"])
        outputs.append({name: (out / name).read_text(encoding="utf-8") for name in ("matrix.csv", "findings.csv")})
    assert outputs[0] == outputs[1]


def test_audit_of_good_policies_only_exits_on_gaps_not_errors(tmp_path: Path) -> None:
    good, _ = _policy_folder(tmp_path)
    result = CliRunner().invoke(
        cli, ["audit", *good, "--out", str(tmp_path / "out"), "--jobs", "1", "--as-of", "2026-11-24",
              "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    assert "(0 unreadable)" in result.stderr


def test_a_crash_on_one_file_becomes_its_error_row_and_results_are_sorted(monkeypatch) -> None:
    import datetime as dt

    from policy_check import run
    from policy_check.audit.runner import check_all
    from policy_check.findings import PolicyResult

    def fake_check_file(path: str, ruleset: object, as_of: dt.date) -> PolicyResult:
        if "bad" in path:
            raise ValueError("reader crashed\non two lines")
        return PolicyResult(source=path, sha256="0" * 64, format="txt", error=None)

    monkeypatch.setattr(run, "check_file", fake_check_file)
    finished = []
    results = check_all(["z.txt", "bad.docx", "a.txt"], "unused", None, dt.date(2026, 11, 24), jobs=1,
                        on_done=lambda: finished.append(1))
    assert [r.source for r in results] == ["a.txt", "bad.docx", "z.txt"]
    assert results[1].error == "ValueError: reader crashed on two lines"
    assert len(finished) == 3
