"""`policy-check audit`: check a trust's policies in parallel and write a school-by-requirement matrix."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from policy_check.commands.options import as_of_option, fail_on_option, names_option, ocr_option, ruleset_option
from policy_check.errors import PolicyCheckError

DEFAULT_TIMEOUT = 60.0  # seconds per file: a real policy takes well under one
OCR_SHARE_OF_TIMEOUT = 0.75  # a scanned policy's OCR stops here, so the file ends with what was read, not a timeout


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for index.html, matrix.csv, findings.csv, report.json and policies/*.html.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: the number of CPUs.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one file may take; a file that runs longer is reported as an error and the run goes on. "
                   "OCR of a scanned PDF stops at three quarters of it and the file is checked on the pages read.")
@click.option("--annotate", is_flag=True,
              help="Also write each policy's marked-up Word copy (comments on every gap, a review summary) "
                   "as OUT/policies/NAME.review.docx, linked from the matrix.")
@ruleset_option
@as_of_option
@fail_on_option
@names_option
@ocr_option
def audit(paths, out_dir, jobs, timeout, annotate, ruleset_ref, as_of, fail_on, names_path, ocr) -> None:
    """Check every policy under PATH... and write a matrix of schools against requirements.

    Writes OUT/index.html (the matrix, one self-contained page), OUT/matrix.csv, OUT/findings.csv,
    OUT/report.json and one report per policy in OUT/policies/. A file that cannot be read, or takes
    longer than --timeout, becomes an error row; the others are still checked. The ruleset and
    --fail-on come from the command line, else the config file. Exit status: 2 if any file was
    unreadable, else 1 if any gap at or above --fail-on, else 0.
    """
    from policy_check.audit.matrix import columns_from_ruleset
    from policy_check.audit.names import report_names
    from policy_check.audit.output import write_audit
    from policy_check.audit.runner import AuditJob, FileTask, audit_files
    from policy_check.engine.nlp import pipeline
    from policy_check.run import build_report
    from policy_check.service import (load_settings_names, load_settings_ruleset, names_warnings, resolve_settings,
                                      scan_paths, worst_rank_status)

    try:
        settings = resolve_settings(ruleset=ruleset_ref, fail_on=fail_on, as_of=as_of, ocr=ocr, names=names_path)
        ruleset = load_settings_ruleset(settings)
        school_names = load_settings_names(settings)
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
    pipeline()
    ruleset.compiled()  # compiled here once; a worker forked after this shares it, any other compiles its own
    found = scan_paths(paths)
    files = found.files
    if school_names is not None:
        for warning in names_warnings(school_names, files):
            click.echo(f"policy-check: {warning}", err=True)
    names = report_names(files)
    tasks = [FileTask(i, path, names[path]) for i, path in enumerate(files)]
    header = build_report([], ruleset, settings.as_of)
    job = AuditJob(ruleset, columns_from_ruleset(ruleset), header, settings.as_of, out_dir, settings.ocr,
                   ocr_seconds=timeout * OCR_SHARE_OF_TIMEOUT, annotate=annotate, school_names=school_names)
    jobs = min(jobs or os.cpu_count() or 1, max(len(files), 1))
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=len(files), label="checking", file=sys.stderr) as bar:
                rows = audit_files(job, tasks, jobs, timeout, on_done=lambda: bar.update(1))
        else:
            rows = audit_files(job, tasks, jobs, timeout)
        index = write_audit(header, job.columns, rows, out_dir)
    except OSError as error:  # the output folder, not a policy: nothing more can be written
        click.echo(f"policy-check: cannot write to {out_dir}: {error.strerror or error}", err=True)
        sys.exit(2)
    unreadable = sum(1 for row in rows if row.error)
    passed = (f"; passed over {found.passed_over} hidden, lock, temp or README file(s)"
              if found.passed_over else "")
    click.echo(f"checked {len(rows)} policies ({unreadable} unreadable{passed}) -> {index}", err=True)
    sys.exit(worst_rank_status(unreadable, (row.worst_gap for row in rows), settings.fail_on))
