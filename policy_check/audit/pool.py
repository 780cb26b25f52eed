"""Run one task per file in worker processes with a deadline per file.

A worker that takes longer than the deadline is killed and replaced, and a worker that dies (a crash
in a PDF library, the kernel's OOM killer) is replaced too; either way that file gets a `Failure` and
the run carries on. Workers are forked from a parent that has already loaded the ruleset and the NLP
pipeline, so a replacement costs milliseconds, not a second of start-up.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Failure:
    """Why a task produced no result: it ran past its deadline or its worker died."""

    reason: str


@dataclass
class _Worker:
    process: Any
    connection: Connection
    task: int | None = None
    started: float = 0.0


def _serve(connection: Connection, handle: Callable[[Any], Any]) -> None:
    """Worker loop: receive (index, task), send back (index, result) until told to stop (None).

    An exception from `handle` comes back as a Failure, so no traceback reaches the user's terminal.
    Ctrl-C at the terminal reaches the whole process group: a worker ignores it and is stopped by the
    parent, which keeps what was finished.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the parent is gone (killed, or the machine is shutting down)
            return
        if message is None:
            return
        index, task = message
        try:
            result = handle(task)
        except Exception as error:
            result = Failure(f"{type(error).__name__}: {' '.join(str(error).split()) or 'no detail'}")
        connection.send((index, result))


def _start(context: Any, handle: Callable[[Any], Any]) -> _Worker:
    parent_end, child_end = context.Pipe()
    process = context.Process(target=_serve, args=(child_end, handle), daemon=True)
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()


def run_tasks(tasks: list[Any], handle: Callable[[Any], Any], jobs: int, timeout: float | None,
              on_result: Callable[[int, Any], None]) -> None:
    """Call `handle(task)` for every task in `jobs` forked workers; report each outcome by index.

    `on_result(index, result_or_failure)` runs in this process as each task finishes, in completion
    order. Without fork (Windows) the tasks run here, one by one, with no deadline.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        for index, task in enumerate(tasks):
            on_result(index, handle(task))
        return
    context = multiprocessing.get_context("fork")
    pending = deque(enumerate(tasks))
    workers = [_start(context, handle) for _ in range(max(1, min(jobs, len(tasks))))]
    try:
        while pending or any(w.task is not None for w in workers):
            for position, worker in enumerate(workers):
                if worker.task is None and pending:
                    index, task = pending.popleft()
                    try:
                        worker.connection.send((index, task))
                    except (BrokenPipeError, OSError):  # it died between tasks: replace it, retry the task
                        _stop(worker)
                        workers[position] = _start(context, handle)
                        pending.appendleft((index, task))
                        continue
                    worker.task, worker.started = index, time.monotonic()
            busy = [w for w in workers if w.task is not None]
            wait([w.connection for w in busy] + [w.process.sentinel for w in busy], POLL_SECONDS)
            for position, worker in enumerate(workers):
                if worker.task is None:
                    continue
                outcome = _collect(worker, timeout)
                if outcome is None:
                    continue
                index, result, replace = outcome
                worker.task = None
                if replace:
                    _stop(worker)
                    workers[position] = _start(context, handle)
                on_result(index, result)
    finally:
        for worker in workers:
            if worker.process.is_alive() and worker.task is None:
                worker.connection.send(None)
            _stop(worker)


def _collect(worker: _Worker, timeout: float | None) -> tuple[int, Any, bool] | None:
    """(index, result or Failure, whether the worker must be replaced), or None if still working."""
    index = worker.task
    assert index is not None
    if worker.connection.poll():
        try:
            received_index, result = worker.connection.recv()
            return received_index, result, False
        except (EOFError, OSError):
            pass
    if not worker.process.is_alive():
        code = worker.process.exitcode
        return index, Failure(f"the checker stopped unexpectedly while reading this file (exit code {code})"), True
    if timeout is not None and time.monotonic() - worker.started > timeout:
        return index, Failure(f"took longer than {timeout:g} s (the --timeout limit)"), True
    return None
