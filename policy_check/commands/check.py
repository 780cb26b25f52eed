"""`policy-check check`: the gap report for one or more policies (contract.md), with config, waivers and baselines."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import PurePath
from typing import NoReturn

import click

from policy_check.commands.options import as_of_option, fail_on_option, names_option, ocr_option, ruleset_option
from policy_check.errors import PolicyCheckError
from policy_check.findings import Report
from policy_check.report import BINARY_SUFFIXES, FORMATS, RenderOptions, render


def usage_failure(message: str) -> NoReturn:
    """A configuration, ruleset, waiver or baseline problem: one line on standard error, exit 2."""
    click.echo(f"policy-check: {message}", err=True)
    sys.exit(2)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@ruleset_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="Output format. Default: text (or `format` in the config file).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output. A Word report (docx) without "
                   "it goes to <policy>.report.docx in the current folder, one file per policy.")
@as_of_option
@fail_on_option
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None,
              help="YAML file of accepted deviations (rule, policy glob, reason, expires).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="A previous JSON report: fail only on gaps that are new since then.")
@click.option("--only", type=click.Choice(["gaps"]), default=None,
              help="text, markdown, html and docx: show only the gaps, statutory first (conflicts, then missing, "
                   "then partial), not the met requirements between them. The counts still cover everything.")
@names_option
@ocr_option
def check(paths, ruleset_ref, fmt, output, as_of, fail_on, waivers_path, baseline_path, only, names_path,
          ocr) -> None:
    """Check policy files (or folders of them, or `-` for standard input) against a ruleset.

    Prints one finding per requirement: met, partial, missing or conflict, with the clause that
    decided it. Settings come from the command line, then the nearest `.policy-check.yaml` or
    `[tool.policy-check]` in pyproject.toml, then the defaults. Exit status: 0 no gap at or above
    --fail-on, 1 at least one (or an expired waiver), 2 a usage error or a file that could not be
    read (the other files are still checked).
    """
    from policy_check.service import check_policies, load_settings_ruleset, resolve_settings

    try:
        settings = resolve_settings(ruleset=ruleset_ref, format=fmt, fail_on=fail_on, waivers=waivers_path,
                                    baseline=baseline_path, as_of=as_of, ocr=ocr, names=names_path)
        ruleset = load_settings_ruleset(settings)
        outcome = check_policies(paths, settings, ruleset, read_stdin=sys.stdin.read)
    except PolicyCheckError as error:
        usage_failure(str(error))
    for warning in outcome.warnings:
        click.echo(f"policy-check: {warning}", err=True)
    try:
        write_report(outcome.report, settings.format, output, settings.fail_on, only_gaps=only == "gaps")
    except OSError as error:
        usage_failure(f"cannot write {error.filename or output}: {error.strerror or error}")
    sys.exit(outcome.exit_status)


def write_report(report: Report, fmt: str, output: str | None, fail_on: str, only_gaps: bool = False) -> None:
    """Render in the chosen format to the output file or standard output. A binary format never goes
    to the terminal: without --output each readable policy gets its own file (see report_files), and
    every file written is named on one line with its gaps."""
    if fmt in BINARY_SUFFIXES:
        for path, part in [(output, report)] if output else report_files(report, BINARY_SUFFIXES[fmt]):
            with open(path, "wb") as handle:
                handle.write(render(part, fmt, RenderOptions(fail_on=fail_on, only_gaps=only_gaps)))
            click.echo(f"wrote {path}: {gap_summary(part)}")
        return
    color = output is None and fmt == "text" and sys.stdout.isatty()
    rendered = render(report, fmt, RenderOptions(color=color, fail_on=fail_on, only_gaps=only_gaps))
    if output:
        mode = "wb" if isinstance(rendered, bytes) else "w"
        with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
            handle.write(rendered)
    else:
        click.echo(rendered, nl=False)


def report_files(report: Report, suffix: str) -> list[tuple[str, Report]]:
    """One report per readable policy, named after it in the current folder ('crestwood-ect-policy.txt' ->
    'crestwood-ect-policy.report.docx'; a second policy of the same name gets '-2')."""
    from policy_check.audit.names import numbered_names

    readable = [policy for policy in report.policies if not policy.error]  # an error is already on stderr
    stems = ("stdin" if policy.source == "-" else PurePath(policy.source).stem for policy in readable)
    return [(name, replace(report, policies=(policy,)))
            for name, policy in zip(numbered_names(stems, f".report{suffix}"), readable)]


def gap_summary(report: Report) -> str:
    """'12 gaps, 3 statutory': the open (unwaived) gaps a written report holds."""
    gaps = [f for policy in report.policies for f in policy.findings if f.is_gap and not f.waived]
    statutory = sum(1 for f in gaps if f.severity == "statutory")
    return f"{len(gaps)} gap{'' if len(gaps) == 1 else 's'}, {statutory} statutory"
