"""Run tasks in worker processes with a deadline per task.

A worker that takes longer than the deadline is killed and replaced, and a worker that dies (a crash
in a PDF library, the kernel's OOM killer) is replaced too; either way that task gets a `Failure` and
the others carry on. Workers are forked from a parent that has already loaded the ruleset and the NLP
pipeline, so a replacement costs milliseconds, not a second of start-up.

`WorkerPool` keeps its workers up and takes tasks from any thread (the web app's requests);
`run_tasks` is one batch through a pool (the audit).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

POLL_SECONDS = 0.5
PARENT_CHECK_SECONDS = 2.0


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
    """Worker loop: receive (index, task), send back (index, result) until told to stop (None), or until
    the parent is gone (killed outright, it never says stop; the worker must not outlive it).

    An exception from `handle` comes back as a Failure, so no traceback reaches the user's terminal.
    Ctrl-C at the terminal reaches the whole process group: a worker ignores it and is stopped by the
    parent, which keeps what was finished.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    while True:
        try:
            if not connection.poll(PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return  # the parent is gone (killed, or the machine is shutting down)
                continue
            message = connection.recv()
        except (EOFError, OSError):
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


class WorkerPool:
    """Forked workers that stay up; `submit` (from any thread) returns a Future of the result or Failure.

    One dispatcher thread hands tasks to idle workers in the order submitted, watches the deadlines
    and replaces workers that die or overrun. The workers are forked here, before that thread starts,
    so they copy a process with one thread.
    """

    def __init__(self, handle: Callable[[Any], Any], jobs: int, timeout: float | None) -> None:
        self._context = multiprocessing.get_context("fork")
        self._handle = handle
        self._timeout = timeout
        self._workers = [_start(self._context, handle) for _ in range(max(1, jobs))]
        self._pending: deque[tuple[int, Any]] = deque()
        self._futures: dict[int, Future] = {}
        self._next = 0
        self._closing = False
        self._lock = threading.Lock()
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        self._thread = threading.Thread(target=self._dispatch, name="policy-check-workers", daemon=True)
        self._thread.start()

    def submit(self, task: Any) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("the worker pool is closed")
            self._futures[self._next] = future
            self._pending.append((self._next, task))
            self._next += 1
        os.write(self._wake_write, b"\0")
        return future

    def close(self) -> None:
        """Stop the workers; a task still waiting or running resolves to a Failure. Closing twice is harmless."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        os.write(self._wake_write, b"\0")
        self._thread.join()
        for worker in self._workers:
            if worker.process.is_alive() and worker.task is None:
                worker.connection.send(None)
            _stop(worker)
        for future in self._futures.values():
            if future.running() or future.set_running_or_notify_cancel():
                future.set_result(Failure("the checker was stopped"))
        os.close(self._wake_read)
        os.close(self._wake_write)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _dispatch(self) -> None:
        while True:
            with self._lock:
                if self._closing:
                    return
                self._hand_out()
            busy = [w for w in self._workers if w.task is not None]
            wait([w.connection for w in busy] + [w.process.sentinel for w in busy] + [self._wake_read],
                 POLL_SECONDS)
            try:
                os.read(self._wake_read, 4096)
            except BlockingIOError:
                pass
            for position, worker in enumerate(self._workers):
                if worker.task is not None:
                    self._finish(position, worker)

    def _hand_out(self) -> None:
        """Give each idle worker the next task whose caller still wants it."""
        for position, worker in enumerate(self._workers):
            while worker.task is None and self._pending:
                index, task = self._pending.popleft()
                future = self._futures[index]
                if not future.running() and not future.set_running_or_notify_cancel():
                    del self._futures[index]  # cancelled while it waited
                    continue
                try:
                    worker.connection.send((index, task))
                except (BrokenPipeError, OSError):  # it died between tasks: replace it, retry the task
                    _stop(worker)
                    worker = self._workers[position] = _start(self._context, self._handle)
                    self._pending.appendleft((index, task))
                    continue
                worker.task, worker.started = index, time.monotonic()

    def _finish(self, position: int, worker: _Worker) -> None:
        outcome = _collect(worker, self._timeout)
        if outcome is None:
            return
        index, result, replace = outcome
        worker.task = None
        if replace:
            _stop(worker)
            self._workers[position] = _start(self._context, self._handle)
        with self._lock:
            future = self._futures.pop(index)
        future.set_result(result)


def run_tasks(tasks: list[Any], handle: Callable[[Any], Any], jobs: int, timeout: float | None,
              on_result: Callable[[int, Any], None]) -> None:
    """Call `handle(task)` for every task in `jobs` forked workers; report each outcome by index.

    `on_result(index, result_or_failure)` runs in this thread as each task finishes, in completion
    order. Without fork (Windows) the tasks run here, one by one, with no deadline.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        for index, task in enumerate(tasks):
            on_result(index, handle(task))
        return
    if not tasks:
        return
    with WorkerPool(handle, min(jobs, len(tasks)), timeout) as pool:
        futures = {pool.submit(task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            on_result(futures[future], future.result())


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
