"""`policy-check check`: the gap report for one or more policies (contract.md), with config, waivers and baselines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from policy_check.commands.options import as_of_option, fail_on_option, load_ruleset_or_exit, ruleset_option
from policy_check.config import load_config
from policy_check.errors import ConfigError
from policy_check.findings import Report
from policy_check.report import FORMATS, RenderOptions, render
from policy_check.run import build_report, check_file, check_text, exit_status


def expand_paths(paths: tuple[str, ...]) -> list[str]:
    """Folders become the policy files inside them (sorted); `-` stays as standard input."""
    from policy_check.extract import find_policy_files

    expanded: list[str] = []
    for raw in paths:
        if raw == "-":
            expanded.append(raw)
        elif Path(raw).is_dir():
            expanded.extend(str(p) for p in find_policy_files(Path(raw)))
        else:
            expanded.append(raw)
    return expanded


def usage_failure(message: str) -> NoReturn:
    """A configuration, waiver or baseline problem: one line on standard error, exit 2."""
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
def check(paths, ruleset_ref, fmt, output, as_of, fail_on, waivers_path, baseline_path) -> None:
    """Check policy files (or folders of them, or `-` for standard input) against a ruleset.

    Prints one finding per requirement: met, partial, missing or conflict, with the clause that
    decided it. Settings come from the command line, then the nearest `.policy-check.yaml` or
    `[tool.policy-check]` in pyproject.toml, then the defaults. Exit status: 0 no gap at or above
    --fail-on, 1 at least one (or an expired waiver), 2 a usage error or a file that could not be
    read (the other files are still checked).
    """
    try:
        config = load_config()
    except ConfigError as error:
        usage_failure(str(error))
    fmt = fmt or config.format or "text"
    fail_on = fail_on or config.fail_on or "statutory"
    ruleset = load_ruleset_or_exit(ruleset_ref or config.ruleset)
    results = []
    for path in expand_paths(paths):
        if path == "-":
            result = check_text(sys.stdin.read(), "-", ruleset, as_of)
        else:
            result = check_file(path, ruleset, as_of)
        if result.error:
            click.echo(f"policy-check: {result.source}: {result.error}", err=True)
        results.append(result)
    report, expired_waivers = accept_deviations(
        build_report(results, ruleset, as_of), ruleset.rule_ids, as_of,
        waivers_path or config.waivers, baseline_path or config.baseline)
    write_report(report, fmt, output, fail_on)
    status = exit_status(report, fail_on)
    sys.exit(max(status, 1) if expired_waivers else status)


def accept_deviations(report: Report, rule_ids: list[str], as_of: dt.date,
                      waivers_path: str | None, baseline_path: str | None) -> tuple[Report, int]:
    """Apply waivers, then the baseline; return the report and how many expired waivers still matched."""
    from policy_check.baseline import apply_baseline, load_baseline
    from policy_check.waivers import apply_waivers, load_waivers

    expired = 0
    try:
        if waivers_path:
            outcome = apply_waivers(report, load_waivers(Path(waivers_path), rule_ids), as_of)
            report, expired = outcome.report, len(outcome.expired)
            for waiver in outcome.expired:
                click.echo(f"policy-check: waiver for {waiver.rule} on {waiver.policy} expired on "
                           f"{waiver.expires.isoformat()}", err=True)
            for waiver in outcome.unused:
                click.echo(f"policy-check: warning: {waivers_path}: waivers/{waiver.index} ({waiver.rule} on "
                           f"{waiver.policy}) matches no gap", err=True)
        if baseline_path:
            report = apply_baseline(report, load_baseline(Path(baseline_path)), Path(baseline_path).name)
    except ConfigError as error:
        usage_failure(str(error))
    return report, expired


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
