"""Options shared by several commands, declared once (as sqlfluff does)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

import click

from policy_check.findings import FAIL_ON_LEVELS
from policy_check.service import DEFAULT_RULESET


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def ruleset_option(f: Callable) -> Callable:
    return click.option(
        "--ruleset",
        "ruleset_ref",
        default=None,
        metavar="ID_OR_FILE",
        help=f"A bundled ruleset id (optionally id@edition) or a path to a YAML ruleset. Default: {DEFAULT_RULESET}.",
    )(f)


def as_of_option(f: Callable) -> Callable:
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        callback=_parse_date,
        metavar="YYYY-MM-DD",
        help="Judge review dates and guidance editions as of this date. Default: today.",
    )(f)


def fail_on_option(f: Callable) -> Callable:
    return click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON_LEVELS),
        default=None,
        help="Exit 1 when a gap of this severity or higher is found. Default: statutory.",
    )(f)


def ocr_option(f: Callable) -> Callable:
    return click.option(
        "--ocr",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="When PDF pages are read by OCR: auto = pages with no text layer (a scan); needs the ocr extra.",
    )(f)


def names_option(f: Callable) -> Callable:
    return click.option(
        "--names",
        "names_path",
        type=click.Path(dir_okay=False),
        default=None,
        metavar="FILE",
        help="CSV with a header row `file,school`: the school's name for each policy file (by file name, "
             "or by path as given), used instead of the name found in the policy.",
    )(f)


def load_ruleset_or_exit(ref: str | None):
    """Load a ruleset; an invalid one is a usage error (exit 2) with a one-line message."""
    from policy_check.engine.ruleset import load_ruleset
    from policy_check.errors import PolicyCheckError

    try:
        return load_ruleset(ref or DEFAULT_RULESET)
    except PolicyCheckError as error:
        raise click.UsageError(str(error)) from None
