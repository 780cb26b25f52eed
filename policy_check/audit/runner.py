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
from policy_check.model import Document
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
    annotate: bool = False  # also write policies/<name>.review.docx, the marked-up copy for the school
    school_names: SchoolNames | None = None  # `--names`: the trust's own names for its schools


@dataclass(frozen=True)
class FileTask:
    index: int
    path: str
    report_name: str


def part_path(out_dir: Path, index: int, suffix: str) -> Path:
    return out_dir / PARTS / f"{index:07d}.{suffix}"


def check_safely(path: str, ruleset: Any, as_of: dt.date, ocr: str = "auto",
                 ocr_seconds: float | None = None) -> tuple[Document | None, PolicyResult]:
    """read_and_check, but any failure (a reader or engine bug included) becomes an error result."""
    from policy_check.run import read_and_check

    try:
        return read_and_check(path, ruleset, as_of, ocr=ocr, ocr_seconds=ocr_seconds)
    except Exception as error:  # one bad file must never stop an audit of sixty
        return None, error_result(path, error)


def error_result(path: str, error: BaseException | str) -> PolicyResult:
    """An unreadable-file result with a one-line reason."""
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {' '.join(str(error).split()) or 'no detail'}"
    return PolicyResult(source=path, sha256=None, format=Path(path).suffix.lstrip(".") or None, error=reason)


def prepare(out_dir: Path) -> None:
    (out_dir / "policies").mkdir(parents=True, exist_ok=True)
    (out_dir / PARTS).mkdir(parents=True, exist_ok=True)


def write_outputs(job: AuditJob, task: FileTask, result: PolicyResult,
                  document: Document | None = None) -> MatrixRow:
    """A policy's report page and fragments, written as soon as it is checked; its matrix row returned.
    A school the trust's names file lists is shown by that name, even when its file could not be read."""
    from policy_check.report import render

    if job.school_names is not None:
        result = job.school_names.apply(result)
    page = render(replace(job.header, policies=(result,)), "html")
    (job.out_dir / "policies" / task.report_name).write_text(str(page), encoding="utf-8")
    part_path(job.out_dir, task.index, "json").write_text(report_json_entry(result), encoding="utf-8")
    part_path(job.out_dir, task.index, "csv").write_text(findings_rows(result, job.columns), encoding="utf-8")
    markup_name = write_marked_up_copy(job, task, document, result) if job.annotate else None
    return row_for(result, job.columns, task.report_name, markup_name)


def write_marked_up_copy(job: AuditJob, task: FileTask, document: Document | None,
                         result: PolicyResult) -> str | None:
    """policies/<name>.review.docx beside the report page; None for an unreadable file."""
    from policy_check.markup.annotate import marked_up_copy

    if document is None or result.error:
        return None
    original = Path(task.path).read_bytes() if document.format == "docx" else None
    content, _ = marked_up_copy(document, result, original, as_of=job.as_of,
                                guidance=job.header.ruleset.get("title") or job.header.ruleset.get("id", ""))
    name = f"{Path(task.report_name).stem}.review.docx"
    (job.out_dir / "policies" / name).write_bytes(content)
    return name


def report_json_entry(result: PolicyResult) -> str:
    """A policy's object as it sits in report.json's "policies" list (indented four spaces), so the
    report is a plain concatenation. JSON escapes every newline inside strings, so this indents lines only."""
    return "    " + json.dumps(result.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n    ")


def audit_file(job: AuditJob, task: FileTask) -> MatrixRow:
    document, result = check_safely(task.path, job.ruleset, job.as_of, job.ocr, job.ocr_seconds)
    return write_outputs(job, task, result, document)


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
