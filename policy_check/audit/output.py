"""Write an audit's output folder from the matrix rows and the workers' fragments.

report.json, report.jsonl and findings.csv are assembled by streaming the fragments in source order,
so their size never has to fit in memory; report.json is byte-for-byte what `check --format json`
would print, and report.jsonl holds the same policies one to a line for a consumer that streams.
Every file is written to a temporary name and renamed into place, so a reader never sees half of one
and a failed write leaves the previous complete output as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

from policy_check.atomic import open_atomically, write_atomically
from policy_check.audit.matrix import Column, MatrixRow, columns_from_report
from policy_check.audit.matrix_page import write_matrix_page
from policy_check.audit.names import report_names
from policy_check.audit.runner import PARTS, AuditJob, FileTask, part_path, prepare, write_outputs
from policy_check.audit.tables import BYTE_ORDER_MARK, FINDINGS_COLUMNS, matrix_csv_rows, write_rows
from policy_check.findings import Report


def write_report_json(out_dir: Path, header: Report, count: int) -> None:
    """The contract's JSON report: the header's fields, then every policy's fragment in order."""
    head = json.dumps({**header.to_dict(), "policies": []}, indent=2, ensure_ascii=False)
    with open_atomically(out_dir / "report.json") as out:
        if count == 0:
            out.write(head + "\n")
            return
        out.write(head[: head.rindex('"policies": []')] + '"policies": [\n')
        for index in range(count):
            if index:
                out.write(",\n")
            with open(part_path(out_dir, index, "json"), encoding="utf-8") as fragment:
                shutil.copyfileobj(fragment, out)
        out.write("\n  ]\n}\n")


def write_report_jsonl(out_dir: Path, count: int) -> None:
    """report.jsonl: one policy's JSON object per line, in source order."""
    with open_atomically(out_dir / "report.jsonl") as out:
        for index in range(count):
            with open(part_path(out_dir, index, "jsonl"), encoding="utf-8", newline="") as fragment:
                shutil.copyfileobj(fragment, out)


def write_findings_csv(out_dir: Path, count: int) -> None:
    with open_atomically(out_dir / "findings.csv") as out:
        out.write(BYTE_ORDER_MARK + write_rows([list(FINDINGS_COLUMNS)]))
        for index in range(count):
            with open(part_path(out_dir, index, "csv"), encoding="utf-8", newline="") as fragment:
                shutil.copyfileobj(fragment, out)


def write_audit(header: Report, columns: list[Column], rows: list[MatrixRow], out_dir: Path) -> Path:
    """Write the matrix, both CSV files and the JSON report; return the path of the matrix page."""
    write_atomically(out_dir / "matrix.csv", matrix_csv_rows(columns, rows))
    write_findings_csv(out_dir, len(rows))
    write_report_json(out_dir, header, len(rows))
    write_report_jsonl(out_dir, len(rows))
    shutil.rmtree(out_dir / PARTS, ignore_errors=True)
    index = out_dir / "index.html"
    write_matrix_page(index, header, columns, rows)
    return index


def write_audit_from_report(report: Report, out_dir: Path) -> Path:
    """The same folder `policy-check audit` writes, for a report already in memory."""
    columns = columns_from_report(report)
    names = report_names([p.source for p in report.policies])
    header = replace(report, policies=())
    job = AuditJob(None, columns, header, dt.date.fromisoformat(report.as_of), out_dir)
    prepare(out_dir)
    rows = [write_outputs(job, FileTask(i, p.source, names[p.source]), p) for i, p in enumerate(report.policies)]
    return write_audit(header, columns, rows, out_dir)
