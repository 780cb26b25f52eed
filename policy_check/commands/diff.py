"""`policy-check diff OLD NEW`: what a new draft of a policy fixes and breaks compared with the old one."""

from __future__ import annotations

import json
import re
import sys

import click

from policy_check.commands.options import as_of_option, load_ruleset_or_exit, ruleset_option
from policy_check.compare import Change, Comparison, compare
from policy_check.findings import Finding
from policy_check.report.ci_text import quoted_evidence

SECTIONS = (("newly_broken", "Newly broken"), ("newly_met", "Newly met"), ("changed", "Changed"))
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


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
    unchanged ones are only counted. Exit status: 1 when NEW breaks a requirement OLD met,
    0 otherwise, 2 on a usage error or an unreadable file.
    """
    from policy_check.run import check_file

    ruleset = load_ruleset_or_exit(ruleset_ref)
    results = [check_file(path, ruleset, as_of) for path in (old, new)]
    unreadable = [result for result in results if result.error]
    for result in unreadable:
        click.echo(f"policy-check: {result.source}: {result.error}", err=True)
    if unreadable:
        sys.exit(2)
    comparison = compare(*results)
    renderers = {"text": render_text, "json": render_json, "markdown": render_markdown}
    click.echo(renderers[fmt](comparison), nl=False)
    sys.exit(1 if comparison.newly_broken else 0)


def render_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_text(comparison: Comparison) -> str:
    """A plain listing for terminals: each change with both statuses and both sides' evidence."""
    lines = [f"{comparison.old.source} -> {comparison.new.source}"]
    for attribute, heading in SECTIONS:
        changes: tuple[Change, ...] = getattr(comparison, attribute)
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
    lines = [f"## policy-check diff: {md(comparison.old.source)} \u2192 {md(comparison.new.source)}"]
    for attribute, heading in SECTIONS:
        changes: tuple[Change, ...] = getattr(comparison, attribute)
        lines += ["", f"### {heading} ({len(changes)})"]
        for change in changes:
            lines.append(f"- **{md(change.rule_id)}** {md(change.new.title)} ({change.new.severity}): "
                         f"{change.old.status} \u2192 {change.new.status}")
            lines.extend(f"  - {side}: {md(text)}" for side, text in _sides(change))
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


def md(text: str) -> str:
    """Escape Markdown and HTML metacharacters and flatten line breaks in untrusted text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split())).replace("&", "&amp;")
