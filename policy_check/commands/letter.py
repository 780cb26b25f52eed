"""`policy-check letter POLICY --from "NAME, BODY"`: the appropriate body's feedback letter to the school."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policy_check.commands.options import as_of_option, ocr_option, ruleset_option
from policy_check.errors import PolicyCheckError

SUFFIX = ".letter.docx"


@click.command()
@click.argument("policy", type=click.Path(dir_okay=False))
@click.option("--from", "sender", required=True, metavar='"NAME, BODY"',
              help='Who signs the letter, e.g. "Jo Patel, Northvale Teaching School Hub".')
@click.option("--template", type=click.Path(dir_okay=False), default=None, metavar="FILE.docx",
              help="Your letterhead: its styles, header and footer are kept and its body replaced.")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None, metavar="FILE.docx",
              help=f"Where to write the letter. Default: NAME{SUFFIX} in the current folder.")
@click.option("--waivers", type=click.Path(dir_okay=False), default=None,
              help="Accepted deviations (YAML): waived findings are left out of the letter.")
@ruleset_option
@as_of_option
@ocr_option
def letter(policy, sender, template, out, waivers, ruleset_ref, as_of, ocr) -> None:
    """Write a Word letter to the school about POLICY: what is strong, what must change before it meets
    the statutory guidance (every statutory gap and every contradiction, with what to change), and
    what is advised. Use --ruleset ab-quality-assurance to include the appropriate body's
    quality-assurance criteria. The letter is dated --as-of and written whole or not at all. Exit
    status: 0 written, 2 when the policy or template cannot be read or the letter cannot be written.
    """
    from policy_check.atomic import write_atomically
    from policy_check.service import feedback_letter, load_settings_ruleset, resolve_settings

    target = Path(out) if out else Path.cwd() / f"{Path(policy).stem}{SUFFIX}"
    try:
        settings = resolve_settings(ruleset=ruleset_ref, as_of=as_of, ocr=ocr, waivers=waivers)
        content = feedback_letter(policy, settings, load_settings_ruleset(settings), sender, template)
        write_atomically(target, content)
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
    click.echo(f"wrote {target}")
