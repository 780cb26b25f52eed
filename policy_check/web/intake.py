"""Uploads to a report: keep each file under its hash, check them all in the pool, apply the project's
waivers and baseline as `check` does, and record every check in the data folder."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, replace

from starlette.concurrency import run_in_threadpool

from policy_check.engine.ruleset import bundled_rulesets
from policy_check.errors import ConfigError
from policy_check.findings import PolicyResult, Report
from policy_check.run import build_report
from policy_check.service import Settings, accept_deviations, resolve_settings
from policy_check.store.database import Store
from policy_check.store.policies import StoredFile, record_check, save_upload
from policy_check.web.checking import CheckTask, Checked, checked_or_error, run_in_pool, ruleset_for
from policy_check.web.config import OCR_SHARE_OF_TIMEOUT, WebConfig
from policy_check.web.uploads import Upload


@dataclass(frozen=True)
class Intake:
    """A checked upload: the report (as `check --format json` gives it) and each file's hash, in order
    (None for a file refused before checking)."""

    report: Report
    hashes: tuple[str | None, ...]


async def check_uploads(store: Store, pool, uploads: list[Upload], settings: Settings, timeout: float) -> Intake:
    """Check every upload in the pool at once; the report lists them in the order they came."""
    stored = await run_in_threadpool(_save_all, store, uploads)
    outcomes = await asyncio.gather(*(
        check_stored(pool, kept, settings, timeout) if kept else _refused(upload)
        for upload, kept in zip(uploads, stored)))
    report = await settle([checked.result for checked in outcomes], settings)
    await run_in_threadpool(_record_all, store, report, stored, outcomes, settings.ruleset)
    return Intake(report, tuple(kept.sha256 if kept else None for kept in stored))


async def check_stored(pool, kept: StoredFile, settings: Settings, timeout: float) -> Checked:
    """One kept file checked in a worker, named as it was uploaded."""
    task = CheckTask(str(kept.path), kept.name, settings.ruleset, settings.as_of, settings.ocr,
                     timeout * OCR_SHARE_OF_TIMEOUT)
    return checked_or_error(await run_in_pool(pool, task), kept.name)


async def settle(results: list[PolicyResult], settings: Settings) -> Report:
    """The report of these results with the project's waivers and baseline applied, as `check` gives it."""
    ruleset = await run_in_threadpool(ruleset_for, settings.ruleset)  # another ruleset loads in ~0.5 s
    report = build_report(results, ruleset, settings.as_of)
    settled, _, _ = await run_in_threadpool(accept_deviations, report, ruleset.rule_ids, settings)
    return settled


def _save_all(store: Store, uploads: list[Upload]) -> list[StoredFile | None]:
    return [None if upload.error else save_upload(store, upload.name, upload.data) for upload in uploads]


async def _refused(upload: Upload) -> Checked:
    return Checked(PolicyResult(source=upload.name, sha256=None, format=None, error=upload.error), None)


def _record_all(store: Store, report: Report, stored: list[StoredFile | None], outcomes: list[Checked],
                ruleset: str) -> None:
    for policy, kept, checked in zip(report.policies, stored, outcomes):
        if kept is not None:
            record_check(store, kept, replace(report, policies=(policy,)), ruleset, checked.clauses)


def request_settings(config: WebConfig, as_of: str | None, ruleset: str | None) -> Settings:
    """Settings for one request: its `as_of` and `ruleset` fields over the server's, as `check` resolves them.

    A request may name only a bundled ruleset, never a file on the server. Raises ConfigError (one line).
    """
    if ruleset and ruleset not in bundled_rulesets():
        raise ConfigError(f"ruleset: {ruleset!r} is not a bundled ruleset ({', '.join(bundled_rulesets())})")
    try:
        date = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise ConfigError(f"as_of: {as_of!r} is not a date in the form YYYY-MM-DD") from None
    server_date = dt.date.fromisoformat(config.as_of) if config.as_of else None
    return resolve_settings(ruleset=ruleset or config.ruleset, as_of=date or server_date)
