"""`policy-check audit`: check a trust's policies in parallel and write a school-by-requirement matrix."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

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
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None,
              help="YAML file of accepted deviations, as for check: a waived cell is marked and not counted.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="A previous JSON report (check or audit): gaps it already had are marked and not counted.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where results are kept between runs. Default: OUT/.cache.")
@ruleset_option
@as_of_option
@fail_on_option
@names_option
@ocr_option
def audit(paths, out_dir, jobs, timeout, annotate, waivers_path, baseline_path, cache_dir, ruleset_ref, as_of,
          fail_on, names_path, ocr) -> None:
    """Check every policy under PATH... and write a matrix of schools against requirements.

    Writes OUT/index.html (the matrix), OUT/matrix.csv, OUT/findings.csv, OUT/report.json,
    OUT/report.jsonl and one report per policy in OUT/policies/, each file whole or not at all. A file
    that cannot be read, or takes longer than --timeout, becomes an error row; the others are still
    checked. Results are kept per file: running the same command again re-checks only new or changed
    files, and an audit stopped by Ctrl-C (exit 130) or SIGTERM (exit 143) continues where it
    stopped. Only one audit at a time may write to OUT. The ruleset and --fail-on come from the
    command line, else the config file. Exit status: 2 if any file was unreadable or OUT could not
    be written, else 1 if any unwaived gap at or above --fail-on, else 0.
    """
    from policy_check.audit.run import AuditRequest, run_audit
    from policy_check.service import (load_settings_names, load_settings_ruleset, names_warnings, resolve_settings,
                                      scan_paths, worst_rank_status)

    try:
        settings = resolve_settings(ruleset=ruleset_ref, fail_on=fail_on, as_of=as_of, ocr=ocr, names=names_path,
                                    waivers=waivers_path, baseline=baseline_path)
        ruleset = load_settings_ruleset(settings)
        school_names = load_settings_names(settings)
        found = scan_paths(paths)
        for warning in names_warnings(school_names, found.files) if school_names is not None else ():
            click.echo(f"policy-check: {warning}", err=True)
        request = AuditRequest(files=found.files, out_dir=out_dir, settings=settings, ruleset=ruleset,
                               school_names=school_names, jobs=jobs or os.cpu_count() or 1, timeout=timeout,
                               ocr_seconds=timeout * OCR_SHARE_OF_TIMEOUT, annotate=annotate, cache_dir=cache_dir)
        outcome = run_audit(request, progress=_progress_bar if sys.stderr.isatty() else None)
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
    if outcome.interrupted is not None:
        stop = outcome.interrupted
        click.echo(f"policy-check: interrupted after {stop.finished} of {stop.total}; run the same command again "
                   "to continue", err=True)
        sys.exit(stop.status)
    rows = outcome.rows
    unreadable = [row for row in rows if row.error]
    notes = [f"{outcome.reused} reused from an earlier run"] if outcome.reused else []
    notes.append(f"{len(unreadable)} unreadable")
    if found.passed_over:
        notes.append(f"passed over {found.passed_over} hidden, lock, temp or README file(s)")
    click.echo(f"checked {len(rows)} policies ({'; '.join(notes)}) -> {outcome.index}", err=True)
    for row in unreadable:
        click.echo(f"  unreadable: {row.source}: {row.error}", err=True)
    sys.exit(worst_rank_status(len(unreadable), (row.worst_gap for row in rows), settings.fail_on))


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[], None]]:
    with click.progressbar(length=total, label="checking", file=sys.stderr) as bar:
        yield lambda: bar.update(1)
