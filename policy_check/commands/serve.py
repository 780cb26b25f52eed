"""`policy-check serve`: the local web app (the `web` extra) for reviewers without a terminal."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from policy_check.commands.options import ruleset_option
from policy_check.errors import PolicyCheckError


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any but loopback needs an access token in POLICY_CHECK_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port; the URL printed says which).")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for uploaded policies, their checks and reviewers' decisions. "
                   "Default: $XDG_DATA_HOME/policy-check or ~/.local/share/policy-check.")
@click.option("--open", "open_browser", is_flag=True, help="Open the start page in the web browser.")
@ruleset_option
@click.option("--as-of", "as_of", default=None, callback=_date, metavar="YYYY-MM-DD",
              help="Judge review dates as of this date. Default: the day each policy is checked.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that check policies. Default: the number of CPUs.")
def serve(host, port, data, open_browser, ruleset_ref, as_of, jobs) -> None:
    """Serve the web app: drop policies on the start page, see the matrix, read each report beside
    the policy's text, record agree/disagree decisions, download reports, CSVs, the marked-up copy
    and the letter. Also a JSON API (POST /api/check, /api/decisions; GET /healthz).

    Listens on 127.0.0.1 unless --host says otherwise; any other address needs an access token in
    POLICY_CHECK_TOKEN, which every request must then carry. Nothing is fetched from the network.
    Needs the web extra: pip install "policy-check[web]". Exit status: 2 on a usage error.
    """
    from policy_check.web import INSTALL_HINT, missing_modules

    if missing_modules():
        click.echo(f"policy-check: serve needs the web extra: {INSTALL_HINT}", err=True)
        sys.exit(2)
    from policy_check.service import load_settings_ruleset, resolve_settings
    from policy_check.store.database import default_data_dir
    from policy_check.web.config import TOKEN_VARIABLE, WebConfig, check_binding
    from policy_check.web.server import serve as run_server

    token = os.environ.get(TOKEN_VARIABLE) or None
    try:
        check_binding(host, token)
        settings = resolve_settings(ruleset=ruleset_ref)
        load_settings_ruleset(settings)
        config = WebConfig(data=data or default_data_dir(), ruleset=settings.ruleset, host=host, port=port,
                           token=token, as_of=as_of)
        run_server(config, jobs or os.cpu_count() or 1, open_browser)
    except PolicyCheckError as error:
        click.echo(f"policy-check: {error}", err=True)
        sys.exit(2)
