"""The report a page shows for a kept policy, and a reviewer's decision on one of its findings."""

from __future__ import annotations

import datetime as dt
import re

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from policy_check.errors import DecisionError
from policy_check.findings import Report
from policy_check.service import resolve_settings
from policy_check.store.decisions import Decision, new_decision, record
from policy_check.store.policies import latest_report, store_result, stored_file
from policy_check.web.intake import check_stored, settle

_SHA256 = re.compile(r"[0-9a-f]{64}")


def known_hash(value: str) -> str:
    """A path's sha256, checked to be one (anything else is a 404, never a path)."""
    if not _SHA256.fullmatch(value):
        raise HTTPException(404, "policy-check: no such policy")
    return value


async def report_for(web, sha256: str, as_of: str | None = None) -> Report:
    """The newest check of a kept policy with the server's ruleset (as of `as_of` when given); if there is
    none (it was checked with another ruleset or date), it is checked now in the pool and kept."""
    report = await run_in_threadpool(latest_report, web.store, sha256, web.config.ruleset, as_of)
    if report is not None:
        return report
    stored = await run_in_threadpool(stored_file, web.store, sha256)
    if stored is None:
        raise HTTPException(404, f"policy-check: no policy with sha256 {sha256} has been checked here")
    date = as_of or web.config.as_of
    settings = resolve_settings(ruleset=web.config.ruleset, as_of=dt.date.fromisoformat(date) if date else None)
    checked = await check_stored(web.pool, stored, settings, web.config.timeout)
    report = await settle([checked.result], settings)
    await run_in_threadpool(store_result, web.store, sha256, report, settings.ruleset)
    return report


def decide(web, report: Report, sha256: str, rule_id: str, status: str, note: str, reviewer: str) -> Decision:
    """Record a reviewer's status for one finding of the report; DecisionError for a rule it does not have."""
    finding = next((f for f in report.policies[0].findings if f.rule_id == rule_id), None)
    if finding is None:
        raise DecisionError(f"rule_id: {rule_id!r} is not a finding of this policy's report")
    decision = new_decision(sha256=sha256, rule_id=rule_id, status=status, checker_status=finding.status, note=note,
                            reviewer=reviewer, ruleset=web.config.ruleset, as_of=report.as_of)
    record(web.store, decision)
    return decision
