"""Check files end to end: read, evaluate, collect; one unreadable file never stops the others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from policy_check import __version__
from policy_check.errors import InputError
from policy_check.findings import PolicyResult, Report, severity_rank

FAIL_ON_LEVELS = ("statutory", "expected", "advisory", "never")


def check_file(path: Path | str, ruleset, as_of: dt.date) -> PolicyResult:
    """Read and evaluate one policy; an unreadable file becomes a result with `error` set."""
    from policy_check.engine import evaluate
    from policy_check.extract import read_document

    try:
        document = read_document(Path(path))
    except InputError as error:
        return PolicyResult(source=str(path), sha256=None, format=None, error=error.reason)
    return evaluate(document, ruleset, as_of)


def check_text(text: str, source: str, ruleset, as_of: dt.date) -> PolicyResult:
    """Evaluate policy text given directly (standard input)."""
    from policy_check.engine import evaluate
    from policy_check.extract import read_text

    try:
        document = read_text(text, source=source)
    except InputError as error:
        return PolicyResult(source=source, sha256=None, format=None, error=error.reason)
    return evaluate(document, ruleset, as_of)


def build_report(results: Iterable[PolicyResult], ruleset, as_of: dt.date) -> Report:
    return Report(
        tool_version=__version__,
        ruleset=ruleset.info(),
        as_of=as_of.isoformat(),
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        policies=tuple(results),
    )


def failing_findings(result: PolicyResult, fail_on: str):
    """Gaps at or above the threshold that no waiver covers."""
    if fail_on == "never":
        return []
    threshold = severity_rank(fail_on)
    return [f for f in result.findings if f.is_gap and not f.waived and severity_rank(f.severity) >= threshold]


def exit_status(report: Report, fail_on: str) -> int:
    """0: no gap at or above `fail_on`; 1: at least one; 2: an input could not be read."""
    if any(p.error for p in report.policies):
        return 2
    if any(failing_findings(p, fail_on) for p in report.policies):
        return 1
    return 0
