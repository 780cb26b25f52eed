"""`policy-check diff OLD NEW`: what a new draft of a policy fixes and breaks compared with the old one."""

from __future__ import annotations

import json
import sys

import click

from policy_check.commands.options import as_of_option, ruleset_option
from policy_check.compare import Change, Comparison
from policy_check.errors import PolicyCheckError
from policy_check.findings import Finding
from policy_check.report.markdown_format import markdown_line
from policy_check.report.ci_text import quoted_evidence

@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format.")
@ruleset_option
@as_of_option
def diff(old, new, fmt, ruleset_ref, as_of) -> None:
    """Compare two versions of a policy requirement by requirement.

    Lists requirements newly met, newly broken and changed, with evidence from both versions;
    unchanged ones are only counted. The ruleset comes from --ruleset, else the config file. Exit
    status: 1 when NEW breaks a requirement OLD met, 0 otherwise, 2 on a usage error or an
    unreadable file.
    """
    from policy_check.service import compare_versions, load_settings_ruleset, resolve_settings

    try:
        settings = resolve_settings(ruleset=ruleset_ref, as_of=as_of)
        outcome = compare_versions(old, new, settings, load_settings_ruleset(settings))
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
    for warning in outcome.warnings:
        click.echo(f"policy-check: {warning}", err=True)
    if outcome.comparison is not None:
        renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
        click.echo(renderers[fmt](outcome.comparison), nl=False)
    sys.exit(outcome.exit_status)


def render_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_text(comparison: Comparison) -> str:
    """A plain listing for terminals: each change with both statuses and both sides' evidence."""
    lines = [f"{comparison.old.source} -> {comparison.new.source}"]
    for heading, changes in comparison.sections():
        lines.append("")
        lines.append(f"{heading} ({len(changes)})")
        for change in changes:
            lines.append(f"  {change.rule_id} {change.new.title} [{change.new.severity}]: "
                         f"{change.old.status} -> {change.new.status}")
            lines.extend(f"    {side}: {text}" for side, text in _sides(change))
    lines += ["", f"Unchanged: {comparison.unchanged}"]
    return "\n".join(lines) + "\n"


def render_markdown(comparison: Comparison) -> str:
    """A pull-request comment; policy text is escaped so it cannot inject markup or HTML."""
    lines = [f"## policy-check diff: {markdown_line(comparison.old.source)} \u2192 {markdown_line(comparison.new.source)}"]
    for heading, changes in comparison.sections():
        lines += ["", f"### {heading} ({len(changes)})"]
        for change in changes:
            lines.append(f"- **{markdown_line(change.rule_id)}** {markdown_line(change.new.title)} ({change.new.severity}): "
                         f"{change.old.status} \u2192 {change.new.status}")
            lines.extend(f"  - {side}: {markdown_line(text)}" for side, text in _sides(change))
    lines += ["", f"Unchanged: {comparison.unchanged}"]
    return "\n".join(lines) + "\n"


def _sides(change: Change) -> list[tuple[str, str]]:
    return [("old", _evidence(change.old)), ("new", _evidence(change.new))]


def _evidence(finding: Finding) -> str:
    """The finding's message and first quote, or what was looked for when nothing was found."""
    if finding.evidence:
        return f"{finding.message} {quoted_evidence(finding.evidence[0])}"
    if finding.looked_for:
        return f"{finding.message} (looked for: {finding.looked_for})"
    return finding.message
