"""Audit many policy files: each worker checks a file and writes its own outputs; this process keeps rows.

For every file a worker writes `policies/<name>.html` and two fragments (the policy's JSON object and
its findings.csv rows) under `.parts/`, keeps them in the result cache, and returns one compact
matrix row. A file whose result is already kept is not checked again. A file that cannot be read,
crashes the checker or runs past the deadline becomes an error row; the run carries on. Ctrl-C or
SIGTERM stops the workers and raises AuditInterrupted: every finished result is already kept.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from policy_check.atomic import write_atomically
from policy_check.audit.cache import Artifacts, ResultCache
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
    waivers: tuple = ()  # accepted deviations (waivers.Waiver), as `check --waivers`
    baseline: Report | None = None  # a previous report: its gaps are not counted, as `check --baseline`
    baseline_name: str = ""
    cache: ResultCache | None = None


@dataclass(frozen=True)
class FileTask:
    index: int
    path: str
    report_name: str
    key: str | None = None  # the file's result-cache entry (None: not cached)


class AuditInterrupted(BaseException):
    """Ctrl-C or SIGTERM during an audit: how many files were finished (and kept) of how many."""

    def __init__(self, finished: int, total: int, status: int) -> None:
        super().__init__(f"interrupted after {finished} of {total}")
        self.finished, self.total, self.status = finished, total, status


class Terminated(BaseException):
    """Raised by the SIGTERM handler, as KeyboardInterrupt is by SIGINT."""


def artifacts(job: AuditJob, task: FileTask) -> Artifacts:
    return Artifacts(page=job.out_dir / "policies" / task.report_name,
                     json=part_path(job.out_dir, task.index, "json"), jsonl=part_path(job.out_dir, task.index, "jsonl"),
                     csv=part_path(job.out_dir, task.index, "csv"),
                     markup=job.out_dir / "policies" / markup_name(task) if job.annotate else None)


def markup_name(task: FileTask) -> str:
    return f"{Path(task.report_name).stem}.review.docx"

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
    remove_half_written(out_dir)


def remove_half_written(out_dir: Path) -> None:
    """Delete the temporary files of writes that never finished: a worker stopped mid-write (an
    interrupted audit kills busy workers) or a run killed outright. Only the audit holding the
    folder's lock calls this, so no temporary file here belongs to a write still going on."""
    for folder in (out_dir / PARTS, out_dir / "policies"):
        for pattern in (".*.part", ".*.link"):
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def write_outputs(job: AuditJob, task: FileTask, result: PolicyResult,
                  document: Document | None = None) -> MatrixRow:
    """A policy's report page and fragments, written as soon as it is checked; its matrix row returned.
    A school the trust's names file lists is shown by that name, even when its file could not be read."""
    from policy_check.report import render

    if job.school_names is not None:
        result = job.school_names.apply(result)
    result = accept_deviations(job, result)
    page = render(replace(job.header, policies=(result,)), "html")
    # Rebuilt from the cache or by checking again after a crash, so no need to wait for the disk.
    write_atomically(job.out_dir / "policies" / task.report_name, str(page), durable=False)
    data = result.to_dict()
    write_atomically(part_path(job.out_dir, task.index, "json"), report_json_entry(data), durable=False)
    write_atomically(part_path(job.out_dir, task.index, "jsonl"),
                     json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", durable=False)
    write_atomically(part_path(job.out_dir, task.index, "csv"), findings_rows(result, job.columns), durable=False)
    marked_up = write_marked_up_copy(job, task, document, result) if job.annotate else None
    return row_for(result, job.columns, task.report_name, marked_up)


def accept_deviations(job: AuditJob, result: PolicyResult) -> PolicyResult:
    """Waivers, then the baseline, exactly as `check` applies them."""
    if result.error or not (job.waivers or job.baseline):
        return result
    from policy_check.baseline import apply_baseline
    from policy_check.waivers import apply_waivers

    report = replace(job.header, policies=(result,))
    if job.waivers:
        report = apply_waivers(report, job.waivers, job.as_of).report
    if job.baseline is not None:
        report = apply_baseline(report, job.baseline, job.baseline_name)
    return report.policies[0]


def write_marked_up_copy(job: AuditJob, task: FileTask, document: Document | None,
                         result: PolicyResult) -> str | None:
    """policies/<name>.review.docx beside the report page; None for an unreadable file."""
    from policy_check.markup.annotate import marked_up_copy
    from policy_check.run import original_word_file

    if document is None or result.error:
        return None
    original = original_word_file(task.path, document)
    content, _ = marked_up_copy(document, result, original, as_of=job.as_of,
                                guidance=job.header.ruleset.get("title") or job.header.ruleset.get("id", ""))
    name = markup_name(task)
    write_atomically(job.out_dir / "policies" / name, content, durable=False)
    return name


def report_json_entry(data: dict[str, Any]) -> str:
    """A policy's object (`PolicyResult.to_dict()`) as it sits in report.json's "policies" list (indented
    four spaces), so the report is a plain concatenation. JSON escapes every newline inside strings, so
    this indents lines only."""
    return "    " + json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def audit_file(job: AuditJob, task: FileTask) -> MatrixRow:
    """Check one file and write its outputs; keep them in the cache (a worker's job, in parallel)."""
    document, result = check_safely(task.path, job.ruleset, job.as_of, job.ocr, job.ocr_seconds)
    row = write_outputs(job, task, result, document)
    if job.cache is not None and task.key is not None:
        job.cache.store(task.key, artifacts(job, task), row)
    return row


@dataclass(frozen=True)
class AuditRows:
    rows: list[MatrixRow]  # in task (source) order
    reused: int  # how many came from the result cache


def audit_files(job: AuditJob, tasks: list[FileTask], jobs: int, timeout: float | None,
                on_done: Callable[[], None] = lambda: None,
                before_checking: Callable[[int], None] = lambda count: None) -> AuditRows:
    """Matrix rows for every task, in task (source) order whatever order the workers finish in.

    Results the cache holds are put in place first; `before_checking(n)` is told how many files are
    left to check (so the NLP pipeline is loaded only when one is). Interrupted, it stops the workers
    and raises AuditInterrupted.
    """
    prepare(job.out_dir)
    rows: dict[int, MatrixRow] = {}
    pending: list[FileTask] = []

    def collect(position: int, outcome: MatrixRow | Failure) -> None:
        task = pending[position]
        if isinstance(outcome, Failure):
            outcome = write_outputs(job, task, error_result(task.path, outcome.reason))
        rows[task.index] = outcome
        on_done()

    try:
        for task in tasks:
            row = None
            if job.cache is not None and task.key is not None:
                row = job.cache.restore(task.key, artifacts(job, task), task.report_name,
                                        markup_name(task) if job.annotate else None)
            if row is None:
                pending.append(task)
            else:
                rows[task.index] = row
                on_done()
        reused = len(rows)
        if pending:
            before_checking(len(pending))
            run_tasks(pending, lambda task: audit_file(job, task), jobs, timeout, collect)
    except KeyboardInterrupt:
        remove_half_written(job.out_dir)  # the workers are stopped by now
        raise AuditInterrupted(len(rows), len(tasks), 130) from None
    except Terminated:
        remove_half_written(job.out_dir)
        raise AuditInterrupted(len(rows), len(tasks), 143) from None
    return AuditRows([rows[task.index] for task in tasks], reused)
