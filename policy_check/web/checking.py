"""Checking happens in the audit's worker processes, never in the server's event loop.

The pool is forked once, before the server starts, from a process that has loaded the ruleset and
the language pipeline; each task is small and picklable and runs `task.run()` in a worker. A task
that overruns the timeout or kills its worker comes back as the audit's `Failure`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from policy_check.audit.pool import Failure, WorkerPool
from policy_check.audit.runner import check_safely, error_result
from policy_check.errors import ConfigError
from policy_check.findings import PolicyResult
from policy_check.model import Document
from policy_check.service import Settings, letter_for, mark_up_policy

WORKER_NICENESS = 10
Clauses = list[list[Any]]  # [index, kind, text, start, page, line] per clause: the text a report sits beside


@lru_cache(maxsize=8)
def ruleset_for(ref: str) -> Any:
    """A bundled ruleset, loaded and compiled once per process."""
    from policy_check.engine.ruleset import load_ruleset

    ruleset = load_ruleset(ref)
    ruleset.compiled()
    return ruleset


@dataclass(frozen=True)
class Checked:
    """A worker's answer for one file: the result (named as uploaded) and the clauses it read."""

    result: PolicyResult
    clauses: Clauses | None


@dataclass(frozen=True)
class CheckTask:
    """Check one stored upload, as `check` would check a file of that name."""

    path: str
    name: str
    ruleset: str
    as_of: dt.date
    ocr: str
    ocr_seconds: float | None

    def run(self) -> Checked:
        document, result = check_safely(self.path, ruleset_for(self.ruleset), self.as_of, self.ocr, self.ocr_seconds)
        return Checked(replace(result, source=self.name), clauses_of(document) if document else None)


@dataclass(frozen=True)
class MarkedUpFiles:
    marked_up: bytes
    letter: bytes


@dataclass(frozen=True)
class MarkupTask:
    """The marked-up copy (`annotate`) and the appropriate body's letter (`letter`) for one stored upload."""

    path: str
    name: str
    settings: Settings
    sender: str
    author: str

    def run(self) -> MarkedUpFiles:
        ruleset = ruleset_for(self.settings.ruleset)
        marked = mark_up_policy(self.path, self.settings, ruleset, author=self.author, source=self.name)
        return MarkedUpFiles(marked.content, letter_for(marked.result, self.settings, ruleset, self.sender))


def clauses_of(document: Document) -> Clauses:
    return [[c.index, c.kind, c.text, c.start, c.page, c.line] for c in document.clauses]


def _run_task(task: Any) -> Any:
    _yield_to_server()
    return task.run()


@lru_cache(maxsize=1)
def _yield_to_server() -> None:
    """Once in each worker: check at a lower priority than the server, so checking never slows its answers."""
    os.nice(WORKER_NICENESS)


def start_pool(ruleset: str, jobs: int, timeout: float) -> WorkerPool:
    """Load what every check needs, then fork the workers (which ignore Ctrl-C: the server stops them).

    Raises ConfigError where processes cannot be forked (Windows): the server never checks in its own loop.
    """
    import multiprocessing

    from policy_check.engine.nlp import pipeline

    if "fork" not in multiprocessing.get_all_start_methods():
        raise ConfigError("serve checks policies in forked worker processes, which this system cannot start: "
                          "use Linux or macOS, or `policy-check audit`")
    pipeline()
    ruleset_for(ruleset)
    interrupt = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return WorkerPool(_run_task, jobs, timeout)
    finally:
        signal.signal(signal.SIGINT, interrupt)


async def run_in_pool(pool: WorkerPool, task: Any) -> Any:
    """The task's result, or a Failure; the event loop is free while a worker runs it."""
    return await asyncio.wrap_future(pool.submit(task))


def checked_or_error(outcome: Checked | Failure, name: str) -> Checked:
    """A worker that overran or died leaves an error result, as a file does in `audit`."""
    if isinstance(outcome, Failure):
        return Checked(error_result(name, outcome.reason), None)
    return outcome
