"""`policy-check explain-changes`: what changed between two guidance editions, and what that does to a policy."""

from __future__ import annotations

import json
import sys

import click

from policy_check.commands.options import as_of_option, load_ruleset_or_exit
from policy_check.report.overview import shorten

QUOTE_LIMIT = 160

PREVIOUS_EDITION = "england-ect-induction@2021"
CURRENT_EDITION = "england-ect-induction"


@click.command("explain-changes")
@click.argument("policies", nargs=-1, metavar="[POLICY]...")
@click.option("--from", "old_ref", default=PREVIOUS_EDITION, show_default=True, metavar="ID_OR_FILE",
              help="The earlier ruleset (edition).")
@click.option("--to", "new_ref", default=CURRENT_EDITION, show_default=True, metavar="ID_OR_FILE",
              help="The later ruleset (edition).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@as_of_option
def explain_changes(policies, old_ref, new_ref, fmt, as_of) -> None:
    """List the rules that differ between two editions and, for each POLICY, the findings that differ.

    A policy written for the 2021 guidance can be checked against both: the findings that change are
    what the 2025 edition asks of it that the 2021 edition did not (or no longer asks). Exit status 0;
    2 for a usage error or an unreadable policy.
    """
    from policy_check.compare import compare
    from policy_check.editions import edition_label, rule_changes
    from policy_check.run import check_file

    old, new = load_ruleset_or_exit(old_ref), load_ruleset_or_exit(new_ref)
    changes = rule_changes(old, new)
    comparisons, status = [], 0
    for path in policies:
        before, after = check_file(path, old, as_of), check_file(path, new, as_of)
        if before.error or after.error:
            click.echo(f"policy-check: {path}: {before.error or after.error}", err=True)
            status = 2
            continue
        comparisons.append(compare(before, after))
    if fmt == "json":
        click.echo(json.dumps({
            "from": old.info(), "to": new.info(), "as_of": as_of.isoformat(),
            "rule_changes": [c.to_dict() for c in changes],
            "policies": [{"source": c.new.source,
                          "differences": [d.to_dict() for d in _differences(c)],
                          "changed_rules": _by_changed_rule(c, changes)}
                         for c in comparisons],
        }, indent=2, ensure_ascii=False))
    else:
        click.echo(_text(edition_label(old), edition_label(new), changes, comparisons, as_of.isoformat()), nl=False)
    sys.exit(status)


def _differences(comparison) -> list:
    order = {f.rule_id: i for i, f in enumerate(comparison.new.findings)}
    changed = [*comparison.newly_met, *comparison.newly_broken, *comparison.changed]
    return sorted(changed, key=lambda change: order[change.rule_id])


def _by_changed_rule(comparison, changes) -> list[dict]:
    """How the policy fares on each rule the edition changed, under each edition."""
    before = {f.rule_id: f.status for f in comparison.old.findings}
    after = {f.rule_id: f.status for f in comparison.new.findings}
    return [{"rule_id": c.rule_id, "from": before.get(c.rule_id), "to": after.get(c.rule_id)} for c in changes]


def _quote(finding) -> str:
    if not finding.evidence:
        return "(no clause)"
    return "\u201c" + shorten(finding.evidence[0].text, QUOTE_LIMIT) + "\u201d"


def _text(old_label: str, new_label: str, changes, comparisons, as_of: str) -> str:
    lines = [f"From: {old_label}", f"To:   {new_label}", "", f"Rules that differ ({len(changes)}):"]
    for change in changes:
        detail = f" ({', '.join(change.keys)})" if change.keys else ""
        lines.append(f"  {change.rule_id:<24} {change.kind}{detail}")
        if change.note:
            lines.append(f"  {'':<24} {change.note}")
    for comparison in comparisons:
        differences = _differences(comparison)
        lines += ["", f"{comparison.new.source} as of {as_of}: {len(differences)} finding(s) differ"]
        if not differences:
            lines.append("  the same status for every requirement under both editions")
        lines.append("  on the rules the edition changed:")
        for row in _by_changed_rule(comparison, changes):
            mark = "" if row["from"] == row["to"] else "   <- differs"
            lines.append(f"    {row['rule_id']:<24} {row['from'] or '-':<8} -> {row['to'] or '-':<8}{mark}")
        for change in differences:
            lines.append(f"  {change.rule_id:<24} {change.old.status} -> {change.new.status}  {change.new.title}")
            lines.append(f"      before: {change.old.message} {_quote(change.old)}")
            lines.append(f"      after:  {change.new.message} {_quote(change.new)}")
    return "\n".join(lines) + "\n"
