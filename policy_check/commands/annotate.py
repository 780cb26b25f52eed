"""`policy-check annotate POLICY...`: hand the school its own policy back with the findings in the margin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policy_check.commands.options import as_of_option, ocr_option, ruleset_option
from policy_check.errors import PolicyCheckError

SUFFIX = ".review.docx"


@click.command()
@click.argument("policies", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", "out", type=click.Path(), default=None, metavar="FILE_OR_DIR",
              help=f"Where to write: a .docx file (one policy) or a folder. Default: the current folder, "
                   f"each copy named after its policy (NAME{SUFFIX}).")
@click.option("--include", "include", type=click.Choice(["met"]), multiple=True,
              help="Also comment the evidence of requirements the policy meets.")
@click.option("--summary", type=click.Choice(["section", "comment"]), default="section", show_default=True,
              help="Where the missing requirements go: a Review summary added at the end, or one comment "
                   "on the first words.")
@click.option("--author", default="policy-check", show_default=True, help="The comments' author, as Word shows it.")
@click.option("--waivers", type=click.Path(dir_okay=False), default=None,
              help="Accepted deviations (YAML); a waived finding's comment says so.")
@ruleset_option
@as_of_option
@ocr_option
def annotate(policies, out, include, summary, author, waivers, ruleset_ref, as_of, ocr) -> None:
    """Write a marked-up Word copy of each policy for the school.

    A .docx policy is copied untouched except for a Word comment on the exact words of each piece of
    evidence of every partial and conflicting finding (each says the status, the requirement, what to
    change and the guidance citation) and a Review summary at the end listing the missing
    requirements, statutory first. A PDF, HTML, Markdown or text policy becomes a Word review copy
    rebuilt from its text (headings, lists, tables, page notes) with the same comments. Comments are
    dated --as-of. Each copy is written whole or not at all. Exit status: 0 when every copy was
    written, 2 when a policy could not be read or a copy could not be written (the others are still
    written).
    """
    from policy_check.atomic import write_atomically
    from policy_check.service import load_settings_ruleset, mark_up_policy, resolve_settings

    try:
        settings = resolve_settings(ruleset=ruleset_ref, as_of=as_of, ocr=ocr, waivers=waivers)
        ruleset = load_settings_ruleset(settings)
        targets = output_paths([Path(p) for p in policies], Path(out) if out else None)
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
    status = 0
    for policy, target in zip(policies, targets):
        try:
            marked = mark_up_policy(policy, settings, ruleset, include_met="met" in include, author=author,
                                    summary=summary)
            write_atomically(target, marked.content)
        except PolicyCheckError as error:
            click.echo(f"policy-check: {error}", err=True)
            status = 2
            continue
        kind = "review copy" if marked.review_copy else "marked-up copy"
        click.echo(f"wrote {target}: {kind} with {marked.comments} comment(s), "
                   f"{marked.missing} missing requirement(s) in the review summary")
        for line in marked.unplaced:
            click.echo(f"policy-check: {policy}: evidence not found in the text, listed in the summary: {line}",
                       err=True)
    sys.exit(status)


def output_paths(policies: list[Path], out: Path | None) -> list[Path]:
    """One .docx per policy: `out` itself for a single policy named *.docx, else NAME.review.docx in
    `out` (created) or the current folder (NAME-pdf.review.docx for a PDF's review copy); two policies
    with one name get -2, -3 ..."""
    from policy_check.errors import ConfigError

    if out is not None and out.suffix.lower() == ".docx":
        if len(policies) > 1:
            raise ConfigError(f"--out {out} names one file but {len(policies)} policies were given: name a folder")
        return [out]
    folder = out or Path.cwd()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"cannot create {folder}: {error.strerror or error}") from None
    from policy_check.audit.names import numbered_names

    stems = (policy.stem if policy.suffix.lower() == ".docx" else f"{policy.stem}-{policy.suffix.lstrip('.').lower()}"
             for policy in policies)
    return [folder / name for name in numbered_names(stems, SUFFIX)]
