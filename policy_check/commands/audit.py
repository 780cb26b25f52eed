"""`policy-check audit`: check a trust's policies in parallel and write a school-by-requirement matrix."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from policy_check.commands.options import (
    DEFAULT_RULESET,
    as_of_option,
    fail_on_option,
    load_ruleset_or_exit,
    ruleset_option,
)


def policy_paths(paths: tuple[str, ...]) -> list[str]:
    """Folders become the policy files found in them; plain file paths are taken as given; no duplicates."""
    from policy_check.extract import find_policy_files

    found: list[str] = []
    for raw in paths:
        if Path(raw).is_dir():
            found.extend(str(p) for p in find_policy_files(Path(raw)))
        else:
            found.append(raw)
    return sorted(set(found))


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for index.html, matrix.csv, findings.csv, report.json and policies/*.html.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes. Default: the number of CPUs. 1 checks in this process.")
@ruleset_option
@as_of_option
@fail_on_option
def audit(paths, out_dir, jobs, ruleset_ref, as_of, fail_on) -> None:
    """Check every policy under PATH... and write a matrix of schools against requirements.

    Writes OUT/index.html (the matrix, one self-contained page), OUT/matrix.csv, OUT/findings.csv,
    OUT/report.json and one report per policy in OUT/policies/. A file that cannot be read becomes
    an error row; the others are still checked. Exit status: 2 if any file was unreadable, else 1
    if any gap at or above --fail-on, else 0.
    """
    from policy_check.audit.output import write_audit
    from policy_check.audit.runner import check_all
    from policy_check.run import build_report, exit_status

    fail_on = fail_on or "statutory"
    ref = ruleset_ref or DEFAULT_RULESET
    ruleset = load_ruleset_or_exit(ref)
    files = policy_paths(paths)
    jobs = min(jobs or os.cpu_count() or 1, max(len(files), 1))
    if sys.stderr.isatty():
        with click.progressbar(length=len(files), label="checking", file=sys.stderr) as bar:
            results = check_all(files, ref, ruleset, as_of, jobs, on_done=lambda: bar.update(1))
    else:
        results = check_all(files, ref, ruleset, as_of, jobs)
    report = build_report(results, ruleset, as_of)
    index = write_audit(report, out_dir)
    unreadable = sum(1 for result in results if result.error)
    click.echo(f"checked {len(results)} policies ({unreadable} unreadable) -> {index}", err=True)
    sys.exit(exit_status(report, fail_on))
