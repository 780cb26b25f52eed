"""`policy-check check`: the gap report for one or more policies (contract.md), with config, waivers and baselines."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from policy_check.commands.options import as_of_option, fail_on_option, names_option, ocr_option, ruleset_option
from policy_check.errors import PolicyCheckError
from policy_check.findings import Report
from policy_check.report import FORMATS, RenderOptions, render


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
              help="Write the report to this file instead of standard output.")
@as_of_option
@fail_on_option
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None,
              help="YAML file of accepted deviations (rule, policy glob, reason, expires).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="A previous JSON report: fail only on gaps that are new since then.")
@names_option
@ocr_option
def check(paths, ruleset_ref, fmt, output, as_of, fail_on, waivers_path, baseline_path, names_path, ocr) -> None:
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
    write_report(outcome.report, settings.format, output, settings.fail_on)
    sys.exit(outcome.exit_status)


def write_report(report: Report, fmt: str, output: str | None, fail_on: str) -> None:
    """Render in the chosen format to the output file or standard output."""
    color = output is None and fmt == "text" and sys.stdout.isatty()
    rendered = render(report, fmt, RenderOptions(color=color, fail_on=fail_on))
    if output:
        mode = "wb" if isinstance(rendered, bytes) else "w"
        with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
            handle.write(rendered)
    elif isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        click.echo(rendered, nl=False)
