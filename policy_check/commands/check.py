"""`policy-check check`: the gap report for one or more policies (contract.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policy_check.commands.options import as_of_option, fail_on_option, load_ruleset_or_exit, ruleset_option
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


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@ruleset_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@as_of_option
@fail_on_option
def check(paths, ruleset_ref, fmt, output, as_of, fail_on) -> None:
    """Check policy files (or folders of them, or `-` for standard input) against a ruleset.

    Prints one finding per requirement: met, partial, missing or conflict, with the clause that
    decided it. Exit status: 0 no gap at or above --fail-on, 1 at least one, 2 a usage error or
    a file that could not be read (the other files are still checked).
    """
    fail_on = fail_on or "statutory"
    ruleset = load_ruleset_or_exit(ruleset_ref)
    results = []
    for path in expand_paths(paths):
        if path == "-":
            result = check_text(sys.stdin.read(), "-", ruleset, as_of)
        else:
            result = check_file(path, ruleset, as_of)
        if result.error:
            click.echo(f"policy-check: {result.source}: {result.error}", err=True)
        results.append(result)
    report = build_report(results, ruleset, as_of)
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
    sys.exit(exit_status(report, fail_on))
