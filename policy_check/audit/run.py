"""One audit end to end: lock the folder, find the files, reuse kept results, check the rest in
workers, write the outputs; an interruption stops cleanly with every finished result kept.

Front ends (the `audit` command, a web app) build an AuditRequest from their own arguments and read
the AuditOutcome; nothing here prints or exits.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

from policy_check.audit.cache import CACHE_FOLDER, ResultCache, file_sha256, run_fingerprint
from policy_check.audit.lock import lock_output_folder
from policy_check.audit.matrix import MatrixRow, columns_from_ruleset
from policy_check.audit.names import report_names
from policy_check.audit.output import write_audit
from policy_check.audit.runner import AuditInterrupted, AuditJob, FileTask, Terminated, audit_files
from policy_check.errors import OutputError

Progress = Callable[[int], ContextManager[Callable[[], None]]]


@dataclass(frozen=True)
class AuditRequest:
    files: list[str]  # every file to check, in order (service.scan_paths found them)
    out_dir: Path
    settings: Any  # service.Settings: as-of, OCR, waivers, baseline, names
    ruleset: Any
    school_names: Any = None
    jobs: int = 1
    timeout: float | None = None
    ocr_seconds: float | None = None
    annotate: bool = False
    cache_dir: Path | None = None  # default: OUT/.cache, pruned to this run's files


@dataclass(frozen=True)
class AuditOutcome:
    rows: list[MatrixRow]
    reused: int
    index: Path | None
    interrupted: AuditInterrupted | None = None


def run_audit(request: AuditRequest, progress: Progress | None = None) -> AuditOutcome:
    """Audit every file of the request. Raises a PolicyCheckError (one line) for a bad waiver or
    baseline file, a folder another audit holds, or an output that cannot be written."""
    from policy_check.run import build_report

    settings, ruleset = request.settings, request.ruleset
    waivers, baseline = _deviations(settings, ruleset)
    lock = lock_output_folder(request.out_dir)
    try:
        files = request.files
        cache = ResultCache(request.cache_dir or request.out_dir / CACHE_FOLDER, _fingerprint(request))
        own_cache = request.cache_dir is None
        if own_cache:
            cache.remove_unfinished()  # left by a run that was killed outright
        names = report_names(files)
        tasks = [FileTask(i, path, names[path], cache.key(path)) for i, path in enumerate(files)]
        header = build_report([], ruleset, settings.as_of)
        job = AuditJob(ruleset, columns_from_ruleset(ruleset), header, settings.as_of, request.out_dir,
                       settings.ocr, ocr_seconds=request.ocr_seconds, annotate=request.annotate,
                       school_names=request.school_names, waivers=waivers, baseline=baseline,
                       baseline_name=Path(settings.baseline).name if settings.baseline else "", cache=cache)
        try:
            with _terminate_raises(), (progress(len(tasks)) if progress else nullcontext(lambda: None)) as done:
                audited = audit_files(job, tasks, min(request.jobs, max(len(tasks), 1)), request.timeout,
                                      on_done=done, before_checking=lambda count: _load_checker(ruleset))
        except AuditInterrupted as stop:
            if own_cache:
                cache.remove_unfinished()
            return AuditOutcome([], 0, None, interrupted=stop)
        except OSError as error:
            raise OutputError(f"cannot write to {request.out_dir}: {error.strerror or error}") from None
        try:
            index = write_audit(header, job.columns, audited.rows, request.out_dir)
        except OSError as error:
            raise OutputError(f"cannot write to {request.out_dir}: {error.strerror or error}") from None
        if own_cache:
            cache.prune({task.key for task in tasks if task.key})
        return AuditOutcome(audited.rows, audited.reused, index)
    finally:
        if lock is not None:
            lock.close()


def _deviations(settings: Any, ruleset: Any) -> tuple[tuple, Any]:
    """The waivers and baseline the settings name, loaded once for every worker."""
    from policy_check.baseline import load_baseline
    from policy_check.waivers import load_waivers

    waivers = load_waivers(Path(settings.waivers), ruleset.rule_ids) if settings.waivers else ()
    baseline = load_baseline(Path(settings.baseline)) if settings.baseline else None
    return waivers, baseline


def _fingerprint(request: AuditRequest) -> str:
    """Everything besides a file itself that decides its outputs: a change to any part re-checks all."""
    from policy_check import __version__

    settings = request.settings
    files = {name: file_sha256(path) if path else None
             for name, path in (("waivers", settings.waivers), ("baseline", settings.baseline),
                                ("names", getattr(settings, "names", None)))}
    return run_fingerprint(tool=__version__, ruleset=request.ruleset.info(), rules=request.ruleset.fingerprint,
                           as_of=settings.as_of.isoformat(), ocr=settings.ocr, ocr_seconds=request.ocr_seconds,
                           annotate=request.annotate, files=files)


def _load_checker(ruleset: Any) -> None:
    """Load the NLP pipeline and compile the rules once, before the workers are forked, and only when a
    file is left to check: a re-run with every result kept starts no model at all."""
    from policy_check.engine.nlp import pipeline

    pipeline()
    ruleset.compiled()


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """SIGTERM raises Terminated (as SIGINT raises KeyboardInterrupt), so the audit can stop cleanly."""
    def handler(signum: int, frame: object) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (a web app's worker thread): leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
