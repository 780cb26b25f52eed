"""The audit's WorkerPool as the web app uses it: tasks from many threads, each answered; a task past the
deadline or a dying worker answered with a Failure while the others carry on; close answers the rest."""

from __future__ import annotations

import os
import threading
import time

from policy_check.audit.pool import Failure, WorkerPool


def _work(task: tuple[str, int]) -> int:
    kind, value = task
    if kind == "sleep":
        time.sleep(value)
    if kind == "die":
        os._exit(value)
    return value * 2


def test_tasks_submitted_from_many_threads_each_get_their_own_answer() -> None:
    with WorkerPool(_work, 2, timeout=30) as pool:
        answers: dict[int, object] = {}

        def submit(value: int) -> None:
            answers[value] = pool.submit(("double", value)).result(timeout=30)

        threads = [threading.Thread(target=submit, args=(value,)) for value in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == {value: value * 2 for value in range(20)}


def test_an_overrun_and_a_death_are_failures_and_the_pool_keeps_working() -> None:
    with WorkerPool(_work, 2, timeout=1.0) as pool:
        slow, dead = pool.submit(("sleep", 30)), pool.submit(("die", 3))
        assert "took longer than 1 s" in slow.result(timeout=15).reason
        assert "exit code 3" in dead.result(timeout=15).reason
        assert pool.submit(("double", 21)).result(timeout=15) == 42


def test_closing_answers_what_is_still_waiting() -> None:
    pool = WorkerPool(_work, 1, timeout=None)
    running, waiting = pool.submit(("sleep", 30)), pool.submit(("double", 1))
    time.sleep(0.2)
    pool.close()
    pool.close()
    assert running.result(timeout=5) == waiting.result(timeout=5) == Failure("the checker was stopped")
