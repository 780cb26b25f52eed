"""One core for every front end: settings resolved once, policies found once, checked, deviations
applied, one outcome back.

`check`, `audit` and `diff` (and any later front end: a local web app, a marked-up copy) parse their
own arguments, call these functions and print what comes back. Nothing here prints, prompts or exits;
problems the user must fix come back as `ConfigError` / `RulesetError`, one line each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from policy_check.config import Config, load_config
from policy_check.findings import PolicyResult, Report, rank_fails
from policy_check.run import build_report, check_file, check_text, original_word_file
from policy_check.school_names import SchoolNames, load_school_names

if TYPE_CHECKING:
    from policy_check.compare import Comparison as ComparisonResult

DEFAULT_RULESET = "england-ect-induction"
DEFAULT_FORMAT = "text"
DEFAULT_FAIL_ON = "statutory"
STDIN = "-"


@dataclass(frozen=True)
class Settings:
    """What a run uses, each value from the command line, else the config file, else the default."""

    ruleset: str = DEFAULT_RULESET
    format: str = DEFAULT_FORMAT
    fail_on: str = DEFAULT_FAIL_ON
    waivers: str | None = None
    baseline: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    ocr: str = "auto"
    names: str | None = None  # a CSV of school names that win over the names found in policies
    config_file: Path | None = None


def resolve_settings(*, ruleset: str | None = None, format: str | None = None, fail_on: str | None = None,
                     waivers: str | None = None, baseline: str | None = None, as_of: dt.date | None = None,
                     ocr: str | None = None, names: str | None = None, config: Config | None = None) -> Settings:
    """Command line over config file over defaults, the same for every command.

    `config` is the nearest config file's settings (read from the working directory when not given).
    """
    config = config if config is not None else load_config()
    return Settings(
        ruleset=ruleset or config.ruleset or DEFAULT_RULESET,
        format=format or config.format or DEFAULT_FORMAT,
        fail_on=fail_on or config.fail_on or DEFAULT_FAIL_ON,
        waivers=waivers or config.waivers,
        baseline=baseline or config.baseline,
        as_of=as_of or dt.date.today(),
        ocr=ocr or "auto",
        names=names,
        config_file=config.source,
    )


def load_settings_ruleset(settings: Settings):
    """The ruleset the settings name (raises RulesetError with a one-line message)."""
    from policy_check.engine.ruleset import load_ruleset

    return load_ruleset(settings.ruleset)


def load_settings_names(settings: Settings) -> SchoolNames | None:
    """The school names file the settings name, if any (raises ConfigError with a one-line message)."""
    return load_school_names(Path(settings.names)) if settings.names else None


def names_warnings(school_names: SchoolNames, policies: list[str]) -> list[str]:
    """One warning per names-file entry that matches no policy of the run (a mistyped file name)."""
    return [f"warning: {school_names.source}: {entry} matches no policy checked"
            for entry in school_names.unused(policies)]


@dataclass(frozen=True)
class Found:
    """The files a run will check (each once, in the order first named) and how many in the folders
    were passed over as never being policies (hidden, lock and temp files, READMEs, reference/)."""

    files: list[str]
    passed_over: int


def scan_paths(paths: Iterable[str]) -> Found:
    """A folder becomes every file inside it (sorted); a file stays as given; `-` is standard input.

    Files of a type no reader takes are kept: they are reported as unreadable, with what to do, so no
    school's policy disappears from a run without a word.
    """
    from policy_check.extract.files import scan_folder

    found: list[str] = []
    passed_over = 0
    for raw in paths:
        if raw != STDIN and Path(raw).is_dir():
            scan = scan_folder(Path(raw))
            found.extend(str(p) for p in scan.files)
            passed_over += len(scan.passed_over)
        else:
            found.append(raw)
    return Found(list(dict.fromkeys(found)), passed_over)


def find_policies(paths: Iterable[str]) -> list[str]:
    """The files to check under `paths` (see scan_paths)."""
    return scan_paths(paths).files


@dataclass(frozen=True)
class Outcome:
    """What a check comes to: the report, one-line warnings for the user, and the exit status."""

    report: Report
    warnings: tuple[str, ...]
    exit_status: int


def exit_status(results: Iterable[PolicyResult], fail_on: str) -> int:
    """0: no gap at or above `fail_on`; 1: at least one; 2: an input could not be read."""
    results = list(results)
    if any(result.error for result in results):
        return 2
    return 1 if any(result.failing(fail_on) for result in results) else 0


def worst_rank_status(unreadable: int, worst_ranks: Iterable[int], fail_on: str) -> int:
    """The same rule for an audit, which keeps only each policy's most severe unwaived gap."""
    if unreadable:
        return 2
    return 1 if any(rank_fails(rank, fail_on) for rank in worst_ranks) else 0


def check_policies(paths: Iterable[str], settings: Settings, ruleset,
                   read_stdin: Callable[[], str] | None = None) -> Outcome:
    """Check every policy under `paths`, name their schools, apply waivers and baseline, and decide the
    exit status."""
    school_names = load_settings_names(settings)
    results = []
    policies = find_policies(paths)
    for path in policies:
        if path == STDIN:
            results.append(check_text(read_stdin() if read_stdin else "", STDIN, ruleset, settings.as_of))
        else:
            results.append(check_file(path, ruleset, settings.as_of, ocr=settings.ocr))
    warnings = [f"{result.source}: {result.error}" for result in results if result.error]
    if school_names is not None:
        results = [school_names.apply(result) for result in results]
        warnings += names_warnings(school_names, policies)
    report, expired, deviation_warnings = accept_deviations(build_report(results, ruleset, settings.as_of),
                                                            ruleset.rule_ids, settings)
    status = exit_status(report.policies, settings.fail_on)
    return Outcome(report, tuple(warnings + deviation_warnings), max(status, 1) if expired else status)


def accept_deviations(report: Report, rule_ids: list[str], settings: Settings) -> tuple[Report, int, list[str]]:
    """Apply waivers, then the baseline: the report, how many expired waivers still matched, warnings."""
    from policy_check.baseline import apply_baseline, load_baseline
    from policy_check.waivers import apply_waivers, load_waivers

    expired = 0
    warnings: list[str] = []
    if settings.waivers:
        outcome = apply_waivers(report, load_waivers(Path(settings.waivers), rule_ids), settings.as_of)
        report, expired = outcome.report, len(outcome.expired)
        warnings += [f"waiver for {w.rule} on {w.policy} expired on {w.expires.isoformat()}" for w in outcome.expired]
        warnings += [f"warning: {settings.waivers}: waivers/{w.index} ({w.rule} on {w.policy}) matches no gap"
                     for w in outcome.unused]
    if settings.baseline:
        report = apply_baseline(report, load_baseline(Path(settings.baseline)), Path(settings.baseline).name)
    return report, expired, warnings


@dataclass(frozen=True)
class DiffOutcome:
    """A diff's outcome: the comparison (None when a version could not be read), warnings, exit status."""

    comparison: "ComparisonResult | None"
    warnings: tuple[str, ...]
    exit_status: int


def compare_versions(old: str, new: str, settings: Settings, ruleset) -> DiffOutcome:
    """What a new draft newly meets, breaks or changes; exit 1 when it breaks what the old one met."""
    from policy_check.compare import compare

    results = [check_file(path, ruleset, settings.as_of, ocr=settings.ocr) for path in (old, new)]
    warnings = tuple(f"{result.source}: {result.error}" for result in results if result.error)
    if warnings:
        return DiffOutcome(None, warnings, 2)
    comparison = compare(*results)
    return DiffOutcome(comparison, (), 1 if comparison.newly_broken else 0)


@dataclass(frozen=True)
class MarkedUp:
    """A marked-up copy ready to write: its bytes, what was added, and the result it shows."""

    content: bytes
    comments: int
    missing: int
    unplaced: tuple[str, ...]
    result: PolicyResult
    review_copy: bool  # True when rebuilt from a PDF, HTML, Markdown or text policy


def mark_up_policy(path: str, settings: Settings, ruleset, *, include_met: bool = False,
                   author: str = "policy-check", summary: str = "section", source: str | None = None) -> MarkedUp:
    """The school's own .docx with a comment on each piece of evidence and a review summary, or, for
    another format, a Word review copy rebuilt from the document model with the same comments.

    `source` is the name to show for the file when `path` is not it (an upload kept under its hash).
    Raises InputError (one line) for a file that cannot be read; nothing is written here.
    """
    from policy_check.markup.annotate import marked_up_copy

    document, result = checked_policy(path, settings, ruleset, source)
    original = original_word_file(path, document)
    content, markup = marked_up_copy(document, result, original, as_of=settings.as_of,
                                     guidance=ruleset.info().get("title") or settings.ruleset,
                                     include_met=include_met, author=author, summary=summary)
    return MarkedUp(content, markup.comments, markup.missing, markup.unplaced, result, original is None)



def checked_policy(path: str, settings: Settings, ruleset, source: str | None = None):
    """One policy read and checked, waivers and baseline applied: (document, result).

    `source` names the file in the result when `path` is not its name. Raises InputError (one line)
    for a file that cannot be read.
    """
    from policy_check.engine import evaluate
    from policy_check.extract import read_document

    document = read_document(Path(path), ocr=settings.ocr)
    if source is not None:
        document = replace(document, source=source)
    report, _, _ = accept_deviations(build_report([evaluate(document, ruleset, settings.as_of)], ruleset,
                                                  settings.as_of), ruleset.rule_ids, settings)
    return document, report.policies[0]


def feedback_letter(path: str, settings: Settings, ruleset, sender: str, template: str | None = None,
                    source: str | None = None) -> bytes:
    """The appropriate body's letter to the school about one policy, as .docx bytes.

    `template` is the reviewer's letterhead (.docx): its styles, header and footer are kept; `source`
    is the file's name when `path` is not it.
    """
    template_bytes = _template_bytes(template) if template else None
    _, result = checked_policy(path, settings, ruleset, source)
    return letter_for(result, settings, ruleset, sender, template_bytes)


def letter_for(result: PolicyResult, settings: Settings, ruleset, sender: str,
               template: bytes | None = None) -> bytes:
    """The letter for a policy already checked (the marked-up copy's result, say), as .docx bytes."""
    import io

    from policy_check.markup.letter import Sender, build_letter

    info = ruleset.info()
    guidance = f"the statutory guidance \u201c{info.get('title') or info.get('id')}\u201d"
    word = build_letter(result, Sender.parse(sender), settings.as_of, guidance, template)
    saved = io.BytesIO()
    word.save(saved)
    return saved.getvalue()


def _template_bytes(template: str) -> bytes:
    """A letterhead checked like any Word file a stranger sent (size, zip bomb, encryption, XML)."""
    from policy_check.errors import ConfigError, InputError
    from policy_check.extract.docx import check_zip

    try:
        data = Path(template).read_bytes()
    except OSError as error:
        raise ConfigError(f"--template {template}: {error.strerror or error}") from None
    try:
        check_zip(data, template)
        import io

        import docx

        docx.Document(io.BytesIO(data))
    except InputError as error:
        raise ConfigError(f"--template {error}") from None
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged template
        raise ConfigError(f"--template {template}: not a Word .docx template ({type(error).__name__})") from None
    return data
