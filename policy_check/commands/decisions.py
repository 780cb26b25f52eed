"""`policy-check decisions export`: reviewers' decisions from the web app as gold-label files and waivers."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from policy_check.errors import PolicyCheckError


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@click.group()
def decisions() -> None:
    """Reviewers' decisions recorded in the web app (`policy-check serve`)."""


@decisions.command("export")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The web app's data folder. Default: $XDG_DATA_HOME/policy-check or ~/.local/share/policy-check.")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write a gold-label file per decided policy here (the format of tests/heldout*/gold, "
                   "read by score.py).")
@click.option("--policies", "documents_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Copy the policies the gold files label here. Default: the --gold folder.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a waivers file accepting every finding a reviewer judged met.")
@click.option("--expires", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="When the exported waivers expire. Default: a year from today.")
def export(data, gold_dir, documents_dir, waivers_path, expires) -> None:
    """Export decisions: every decided policy as a gold file labelling every rule (the reviewer's status
    where there is a decision, the checker's otherwise, listed under `reviewed`), and/or every "met,
    was <a gap>" decision as a waiver. Exit status: 0 written, 2 on a usage error.
    """
    from policy_check.store.database import Store, default_data_dir
    from policy_check.store.export import export_gold, export_waivers

    if gold_dir is None and waivers_path is None:
        raise click.UsageError("say what to export: --gold DIR and/or --waivers FILE")
    try:
        store = Store.existing(data or default_data_dir())
        if gold_dir is not None:
            written = export_gold(store, gold_dir, documents_dir or gold_dir)
            click.echo(f"wrote {len(written.gold_files)} gold file(s) to {gold_dir}"
                       f" and the policies they label to {documents_dir or gold_dir}")
        if waivers_path is not None:
            count = export_waivers(store, waivers_path, expires or dt.date.today() + dt.timedelta(days=365))
            click.echo(f"wrote {count} waiver(s) to {waivers_path}")
    except (PolicyCheckError, OSError) as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
