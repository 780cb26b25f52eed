"""`policy-check extract`: show the sections and clauses the checker will read, to debug extraction."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policy_check.commands.options import ocr_option
from policy_check.errors import InputError
from policy_check.model import Document


def describe_document(document: Document) -> str:
    """The text rendering: each heading with numbering and level, each clause with kind, page and index."""
    lines = [f"{document.source} ({document.format}, {len(document.sections)} sections, {len(document.clauses)} clauses"
             + (f", {document.pages} pages)" if document.pages else ")")]
    lines += [f"note: {warning}" for warning in document.warnings]
    for clause in document.clauses:
        page = f" p.{clause.page}" if clause.page is not None else ""
        if clause.kind == "heading":
            section = document.section_of(clause)
            level = section.level if section else 1
            numbering = f" [{section.numbering}]" if section and section.numbering else ""
            lines.append(f"{'  ' * (level - 1)}# {clause.text} (level {level}{numbering}, clause {clause.index}{page})")
            continue
        path = " \u203a ".join(clause.section_path)
        where = f" \u00a7{path}" if path else ""
        lines.append(f"[{clause.index}] {clause.kind}{page}{where}: {clause.text}")
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--ruleset", "ruleset_ref", default="england-ect-induction", show_default=True,
              help="Ruleset whose concepts the JSON name table is built for.")
@ocr_option
def extract(paths: tuple[str, ...], fmt: str, ruleset_ref: str, ocr: str) -> None:
    """Print the document model (sections and clauses) read from each FILE.

    With --format json each document also carries its name table: the names the policy gives
    bodies and roles ("RTSH", "the Panel", "you") and what they count as.

    Unreadable files are reported on standard error, one line each, and the exit status is 2;
    the other files are still printed.
    """
    from policy_check.extract import read_document

    documents: list[Document] = []
    failed = False
    for raw in paths:
        try:
            documents.append(read_document(Path(raw), ocr=ocr))
        except InputError as error:
            click.echo(f"policy-check: {error}", err=True)
            failed = True
    if fmt == "json":
        from policy_check.engine import defined_names
        from policy_check.engine.ruleset import load_ruleset
        from policy_check.errors import RulesetError

        try:
            ruleset = load_ruleset(ruleset_ref)
        except RulesetError as error:
            raise click.UsageError(str(error)) from None
        click.echo(json.dumps([{**document.to_dict(), "names": defined_names(document, ruleset)} for document in documents],
                              indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(describe_document(document) for document in documents))
    sys.exit(2 if failed else 0)
