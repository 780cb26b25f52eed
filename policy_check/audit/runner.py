"""Audit many policy files: each worker checks a file and writes its own outputs; this process keeps rows.

For every file a worker writes `policies/<name>.html` and two fragments (the policy's JSON object and
its findings.csv rows) under `.parts/`, and returns one compact matrix row. A file that cannot be
read, crashes the checker or runs past the deadline becomes an error row; the run carries on.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from policy_check.audit.matrix import Column, MatrixRow, row_for
from policy_check.audit.pool import Failure, run_tasks
from policy_check.audit.tables import findings_rows
from policy_check.findings import PolicyResult, Report
from policy_check.school_names import SchoolNames

PARTS = ".parts"


@dataclass(frozen=True)
class AuditJob:
    """What every worker needs, fixed before the workers are forked."""

    ruleset: Any
    columns: list[Column]
    header: Report  # ruleset info, dates and tool version; no policies
    as_of: dt.date
    out_dir: Path
    ocr: str = "auto"  # when PDF pages are read by OCR (extract/ocr.py)
    ocr_seconds: float | None = None  # OCR's share of the per-file timeout, so a scan ends with what it read
    school_names: SchoolNames | None = None  # `--names`: the trust's own names for its schools


@dataclass(frozen=True)
class FileTask:
    index: int
    path: str
    report_name: str


def part_path(out_dir: Path, index: int, suffix: str) -> Path:
    return out_dir / PARTS / f"{index:07d}.{suffix}"


def check_safely(path: str, ruleset: Any, as_of: dt.date, ocr: str = "auto",
                 ocr_seconds: float | None = None) -> PolicyResult:
    """check_file, but any failure (a reader or engine bug included) becomes an error result."""
    from policy_check.run import check_file

    try:
        return check_file(path, ruleset, as_of, ocr=ocr, ocr_seconds=ocr_seconds)
    except Exception as error:  # one bad file must never stop an audit of sixty
        return error_result(path, error)


def error_result(path: str, error: BaseException | str) -> PolicyResult:
    """An unreadable-file result with a one-line reason."""
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {' '.join(str(error).split()) or 'no detail'}"
    return PolicyResult(source=path, sha256=None, format=Path(path).suffix.lstrip(".") or None, error=reason)


def prepare(out_dir: Path) -> None:
    (out_dir / "policies").mkdir(parents=True, exist_ok=True)
    (out_dir / PARTS).mkdir(parents=True, exist_ok=True)


def write_outputs(job: AuditJob, task: FileTask, result: PolicyResult) -> MatrixRow:
    """A policy's report page and fragments, written as soon as it is checked; its matrix row returned.
    A school the trust's names file lists is shown by that name, even when its file could not be read."""
    from policy_check.report import render

    if job.school_names is not None:
        result = job.school_names.apply(result)
    page = render(replace(job.header, policies=(result,)), "html")
    (job.out_dir / "policies" / task.report_name).write_text(str(page), encoding="utf-8")
    part_path(job.out_dir, task.index, "json").write_text(report_json_entry(result), encoding="utf-8")
    part_path(job.out_dir, task.index, "csv").write_text(findings_rows(result, job.columns), encoding="utf-8")
    return row_for(result, job.columns, task.report_name)


def report_json_entry(result: PolicyResult) -> str:
    """A policy's object as it sits in report.json's "policies" list (indented four spaces), so the
    report is a plain concatenation. JSON escapes every newline inside strings, so this indents lines only."""
    return "    " + json.dumps(result.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n    ")


def audit_file(job: AuditJob, task: FileTask) -> MatrixRow:
    return write_outputs(job, task, check_safely(task.path, job.ruleset, job.as_of, job.ocr, job.ocr_seconds))


def audit_files(job: AuditJob, tasks: list[FileTask], jobs: int, timeout: float | None,
                on_done: Callable[[], None] = lambda: None) -> list[MatrixRow]:
    """Matrix rows for every task, in task (source) order whatever order the workers finish in."""
    prepare(job.out_dir)
    rows: dict[int, MatrixRow] = {}

    def collect(index: int, outcome: MatrixRow | Failure) -> None:
        if isinstance(outcome, Failure):
            task = tasks[index]
            outcome = write_outputs(job, task, error_result(task.path, outcome.reason))
        rows[index] = outcome
        on_done()

    run_tasks(tasks, lambda task: audit_file(job, task), jobs, timeout, collect)
    return [rows[i] for i in range(len(tasks))]
