"""Write an audit's output folder: the matrix, two CSV files, the JSON report and one HTML page per policy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policy_check.audit.matrix_page import render_matrix
from policy_check.audit.names import report_names
from policy_check.audit.tables import findings_csv, matrix_csv
from policy_check.findings import Report
from policy_check.report import render


def write_audit(report: Report, out_dir: Path) -> Path:
    """Write every output file under `out_dir` and return the path of the matrix page."""
    names = report_names([policy.source for policy in report.policies])
    policies_dir = out_dir / "policies"
    policies_dir.mkdir(parents=True, exist_ok=True)
    for policy in report.policies:
        page = render(replace(report, policies=(policy,)), "html")
        (policies_dir / names[policy.source]).write_text(str(page), encoding="utf-8")
    (out_dir / "matrix.csv").write_text(matrix_csv(report), encoding="utf-8", newline="")
    (out_dir / "findings.csv").write_text(findings_csv(report), encoding="utf-8", newline="")
    (out_dir / "report.json").write_text(str(render(report, "json")), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(render_matrix(report, names), encoding="utf-8")
    return index
