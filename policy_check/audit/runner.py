"""Check many policy files in worker processes; the ruleset is loaded once per worker, not once per file."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable

from policy_check.findings import PolicyResult

_worker_ruleset: Any = None


def _load_worker_ruleset(ruleset_ref: str) -> None:
    """Process-pool initializer: load the ruleset once for every file this worker will check."""
    from policy_check.engine.ruleset import load_ruleset

    global _worker_ruleset
    _worker_ruleset = load_ruleset(ruleset_ref)


def _check_in_worker(path: str, as_of: dt.date) -> PolicyResult:
    return check_safely(path, _worker_ruleset, as_of)


def check_safely(path: str, ruleset: Any, as_of: dt.date) -> PolicyResult:
    """check_file, but any failure (a reader or engine bug included) becomes an error result."""
    from policy_check.run import check_file

    try:
        return check_file(path, ruleset, as_of)
    except Exception as error:  # one bad file must never stop an audit of sixty
        return error_result(path, error)


def error_result(path: str, error: BaseException) -> PolicyResult:
    """An unreadable-file result whose one-line reason names the exception."""
    reason = " ".join(str(error).split()) or "no detail"
    return PolicyResult(source=path, sha256=None, format=Path(path).suffix.lstrip(".") or None,
                        error=f"{type(error).__name__}: {reason}")


def check_all(paths: list[str], ruleset_ref: str, ruleset: Any, as_of: dt.date, jobs: int,
              on_done: Callable[[], None] = lambda: None) -> list[PolicyResult]:
    """Results for every path, sorted by source whatever order the workers finish in.

    `jobs == 1` checks in this process with the already-loaded `ruleset`; otherwise a pool of `jobs`
    workers each loads `ruleset_ref` once. `on_done` is called as each file finishes (a progress bar).
    """
    if jobs == 1:
        results = []
        for path in paths:
            results.append(check_safely(path, ruleset, as_of))
            on_done()
    else:
        results = _check_in_pool(paths, ruleset_ref, as_of, jobs, on_done)
    return sorted(results, key=lambda result: result.source)


def _check_in_pool(paths: list[str], ruleset_ref: str, as_of: dt.date, jobs: int,
                   on_done: Callable[[], None]) -> list[PolicyResult]:
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load_worker_ruleset, initargs=(ruleset_ref,)) as pool:
        futures: dict[Future[PolicyResult], str] = {pool.submit(_check_in_worker, path, as_of): path
                                                    for path in paths}
        results = []
        for future in as_completed(futures):
            results.append(_outcome(future, futures[future]))
            on_done()
    return results


def _outcome(future: Future[PolicyResult], path: str) -> PolicyResult:
    """The worker's result, or an error result if the worker itself died."""
    error = future.exception()
    return future.result() if error is None else error_result(path, error)
