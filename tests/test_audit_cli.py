"""`policy-check audit` end to end over a folder mixing formats and broken files (needs the engine and ruleset)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from policy_check.cli import cli

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS = SHARED_CORPUS if SHARED_CORPUS.is_dir() else Path(__file__).resolve().parents[1] / "corpus"


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
    assert result.stderr.strip().splitlines() == [
        f"checked 5 policies (2 unreadable) -> {out / 'index.html'}",
        f"  unreadable: {broken[0]}: empty file",
        f"  unreadable: {broken[1]}: not a Word .docx file (unrecognised content)",
    ]  # each unreadable file named with its reason, for the trust lead to chase
    for name in ("index.html", "matrix.csv", "findings.csv", "report.json", "report.jsonl"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "policies").glob("*.html"))) == 5

    rows = list(csv.DictReader((out / "matrix.csv").open(encoding="utf-8-sig")))
    assert [row["source"] for row in rows] == sorted(good + broken)
    lead = ("source", "school", "met", "partial", "missing", "conflict", "error")
    for row in rows:
        statuses = {value for key, value in row.items() if key not in lead}
        assert statuses == {"error"} if row["source"] in broken else statuses <= {"met", "partial", "missing", "conflict"}
        if row["source"] in broken:
            assert row["error"] and row["met"] == ""  # the reason, for the trust lead's mail merge
        else:
            assert row["error"] == "" and sum(int(row[s]) for s in lead[2:6]) == len(row) - len(lead)
    assert (out / "matrix.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert (out / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    findings = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8-sig")))
    gaps = [f for f in findings if f["status"] in ("partial", "missing", "conflict")]
    assert gaps and all(f["what_to_change"] for f in gaps)
    assert all(f["looked_for"] for f in findings if f["status"] == "missing")

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [p["source"] for p in report["policies"]] == sorted(good + broken)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="school-row error-row"') == 2
    assert index.count('class="school-row"') == 3
    assert index.count('<span class="error-reason">! Unreadable: empty file</span>') == 1  # beside the school


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


def _run_with_fake_checker(monkeypatch, tmp_path: Path, paths: list[str], behave, timeout: float | None):
    """Audit `paths` with read_and_check replaced by `behave(path)`; forked workers inherit the fake."""
    import datetime as dt

    from policy_check import run
    from policy_check.audit.matrix import Column
    from policy_check.audit.runner import AuditJob, FileTask, audit_files
    from policy_check.findings import Report

    def fake_read_and_check(path: str, ruleset: object, as_of: dt.date, ocr: str = "auto",
                            ocr_seconds: float | None = None):
        return None, behave(path)

    monkeypatch.setattr(run, "read_and_check", fake_read_and_check)
    header = Report("0.1.0", {"id": "x", "version": "1", "title": "x"}, "2026-11-24", "2026-11-24T00:00:00Z", ())
    job = AuditJob(None, [Column("R-1", "Rule", "document", "expected")], header, dt.date(2026, 11, 24), tmp_path)
    finished: list[int] = []
    tasks = [FileTask(i, p, f"{i}.html") for i, p in enumerate(paths)]
    rows = audit_files(job, tasks, jobs=2, timeout=timeout, on_done=lambda: finished.append(1)).rows
    assert len(finished) == len(paths)
    return rows


def _good(path: str):
    from policy_check.findings import PolicyResult

    return PolicyResult(source=path, sha256="0" * 64, format="txt", error=None)


def test_a_crash_on_one_file_becomes_its_error_row_and_rows_keep_source_order(monkeypatch, tmp_path: Path) -> None:
    def behave(path: str):
        if "bad" in path:
            raise ValueError("reader crashed\non two lines")
        return _good(path)

    rows = _run_with_fake_checker(monkeypatch, tmp_path, ["a.txt", "bad.docx", "z.txt"], behave, timeout=None)
    assert [r.source for r in rows] == ["a.txt", "bad.docx", "z.txt"]
    assert rows[1].error == "ValueError: reader crashed on two lines"
    assert rows[0].error is None and rows[2].error is None


def test_a_file_past_the_timeout_and_a_dying_worker_become_error_rows(monkeypatch, tmp_path: Path) -> None:
    import os
    import time

    def behave(path: str):
        if "slow" in path:
            time.sleep(30)
        if "fatal" in path:
            os._exit(3)  # as a segfault in a PDF library would end the worker
        return _good(path)

    started = time.monotonic()
    paths = ["a.txt", "fatal.pdf", "m.txt", "slow.docx", "z.txt"]
    rows = _run_with_fake_checker(monkeypatch, tmp_path, paths, behave, timeout=1.0)
    assert time.monotonic() - started < 15
    errors = {r.source: r.error for r in rows}
    assert "took longer than 1 s" in errors["slow.docx"]
    assert "stopped unexpectedly" in errors["fatal.pdf"] and "exit code 3" in errors["fatal.pdf"]
    assert [errors[p] for p in ("a.txt", "m.txt", "z.txt")] == [None, None, None]
    assert (tmp_path / "policies" / "3.html").is_file()  # the timed-out file still has its report page


def test_an_exception_in_a_worker_comes_back_as_a_failure_without_a_traceback(capfd) -> None:
    from policy_check.audit.pool import Failure, run_tasks

    def handle(n: int) -> int:
        if n == 1:
            raise OSError("disk full")
        return n * 10

    results: dict[int, object] = {}
    run_tasks([0, 1, 2], handle, jobs=2, timeout=None, on_result=results.__setitem__)
    assert results == {0: 0, 1: Failure("OSError: disk full"), 2: 20}
    assert "Traceback" not in capfd.readouterr().err


def test_an_output_folder_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "policies").write_text("a file where the reports folder should be", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(CORPUS / "lumen-ect-policy.txt"), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    assert result.stderr == f"policy-check: cannot write to {out}: File exists\n"


def test_report_json_is_what_check_prints_for_the_same_files(tmp_path: Path) -> None:
    # The audit assembles report.json from per-policy fragments; odd line separators in the text
    # must not make it differ from the single document `check` prints.
    folder = tmp_path / "policies"
    folder.mkdir()
    text = (CORPUS / "lumen-ect-policy.txt").read_text(encoding="utf-8")
    (folder / "odd-separators.txt").write_text(
        text.replace("appropriate body", "appropriate\u2028body", 3).replace("mentor", "men\u0085tor", 2), encoding="utf-8")
    shutil.copy(CORPUS / "crestwood-ect-policy.txt", folder / "crestwood.txt")
    out = tmp_path / "out"
    arguments = ["--as-of", "2026-11-24", "--fail-on", "never"]
    CliRunner().invoke(cli, ["audit", str(folder), "--out", str(out), "--jobs", "2", *arguments])
    checked = CliRunner().invoke(cli, ["check", *sorted(str(p) for p in folder.iterdir()), "--format", "json", *arguments])

    def without_time(report_text: str) -> str:
        return "\n".join(line for line in report_text.splitlines() if '"generated_at"' not in line)

    audit_report = (out / "report.json").read_text(encoding="utf-8")
    assert json.loads(audit_report)["policies"][1]["findings"]
    assert without_time(audit_report) == without_time(checked.stdout)
