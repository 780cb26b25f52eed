"""`policy-check rules`: list, show, validate and test rulesets (the rules are data; this shows them)."""

from __future__ import annotations

import json
import sys

import click
import yaml

from policy_check.commands.options import DEFAULT_RULESET, load_ruleset_or_exit, ruleset_option


@click.group()
def rules() -> None:
    """List, show, validate and test rulesets."""


@rules.command("list")
@ruleset_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def list_rules(ruleset_ref, fmt) -> None:
    """List every rule of a ruleset (markdown: the full rule documentation, as in docs/rules.md)."""
    from policy_check.rules_doc import render_markdown

    ruleset = load_ruleset_or_exit(ruleset_ref)
    if fmt == "markdown":
        click.echo(render_markdown(ruleset), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([_summary(rule) for rule in ruleset.rules], indent=2, ensure_ascii=False))
    else:
        click.echo(f"{ruleset.id} {ruleset.version}: {ruleset.title} ({len(ruleset.rules)} rules)")
        rows = [[rule["id"], rule["severity"], rule["area"], rule["title"]] for rule in ruleset.rules]
        rows += [[entry["rule"], f"disabled: {entry['reason']}"] for entry in ruleset.disabled]
        for line in aligned(rows):
            click.echo(f"  {line}")


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows as lines whose columns line up, each as wide as its widest cell (a row's last cell is not
    padded), whatever the length of a ruleset's ids and areas."""
    columns = max(map(len, rows), default=0)
    widths = [max((len(row[i]) for row in rows if i < len(row) - 1), default=0) for i in range(columns)]
    return ["  ".join([*(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])), row[-1]]) for row in rows]


def _summary(rule: dict) -> dict:
    return {key: rule[key] for key in ("id", "title", "area", "severity", "citation")}


@rules.command("show")
@click.argument("rule_id", required=False)
@ruleset_option
@click.option("--resolved", is_flag=True, help="Print the whole merged ruleset (overlays applied) as YAML.")
def show_rule(rule_id, ruleset_ref, resolved) -> None:
    """Print one rule as YAML, or with --resolved (and no RULE_ID) the whole merged ruleset."""
    ruleset = load_ruleset_or_exit(ruleset_ref)
    if rule_id is None:
        if not resolved:
            raise click.UsageError("give a RULE_ID, or --resolved for the whole merged ruleset")
        data = {**ruleset.info(), "concepts": ruleset.concepts, "metadata": ruleset.metadata, "rules": ruleset.rules}
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)
        return
    try:
        rule = ruleset.rule(rule_id)
    except KeyError:
        raise click.UsageError(f"no rule {rule_id} in {ruleset.id} (see `policy-check rules list`)") from None
    click.echo(yaml.safe_dump(rule, sort_keys=False, allow_unicode=True, width=100), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files) -> None:
    """Validate ruleset or overlay files; exit 2 with the file and JSON path of the first error."""
    from policy_check.engine.ruleset import load_ruleset
    from policy_check.errors import PolicyCheckError

    status = 0
    for path in files:
        try:
            ruleset = load_ruleset(path, strict=True)
        except PolicyCheckError as error:
            click.echo(f"policy-check: {error}", err=True)
            status = 2
            continue
        click.echo(f"{path}: valid ({ruleset.id} {ruleset.version}, {len(ruleset.rules)} rules)")
    sys.exit(status)


@rules.command("test")
@ruleset_option
@click.option("--rule", "rule_ids", multiple=True, help="Test only this rule (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def test_rules(ruleset_ref, rule_ids, verbose) -> None:
    """Run every rule's examples: each must get the status it is labelled with. Exit 1 on a failure."""
    from policy_check.rule_examples import iter_examples, run_example

    ruleset = load_ruleset_or_exit(ruleset_ref or DEFAULT_RULESET)
    passed = failed = todo = 0
    for example in iter_examples(ruleset):
        if rule_ids and example.rule_id not in rule_ids:
            continue
        result = run_example(example, ruleset)
        if example.todo:
            todo += 1
            mark = "todo (now passes)" if result.passed else "todo"
        elif result.passed:
            passed += 1
            mark = "ok"
        else:
            failed += 1
            mark = "FAIL"
        if verbose or mark == "FAIL":
            first_line = example.text.splitlines()[0][:80]
            missing_quotes = f" (evidence does not quote {result.unquoted})" if result.unquoted else ""
            click.echo(f"{mark:<5} {example.test_id:<34} expected {example.expected:<8} got {result.got:<8} {first_line}"
                       f"{missing_quotes}")
    click.echo(f"{passed} passed, {failed} failed" + (f", {todo} todo" if todo else ""))
    sys.exit(1 if failed else 0)
