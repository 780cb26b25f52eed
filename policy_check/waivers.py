"""Waivers: accepted deviations that silence one rule on matching policies until they expire."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from policy_check.errors import ConfigError
from policy_check.findings import Report
from policy_check.resources import data_dir


@dataclass(frozen=True)
class Waiver:
    """One entry of a waivers file; `index` is its position, for messages."""

    rule: str
    policy: str
    reason: str
    expires: dt.date
    approved_by: str | None
    index: int

    def covers(self, rule_id: str, source: str) -> bool:
        return rule_id == self.rule and glob_matches(self.policy, source)

    def expired(self, as_of: dt.date) -> bool:
        return self.expires < as_of

    def as_finding_waiver(self) -> dict[str, Any]:
        return {"rule": self.rule, "policy": self.policy, "reason": self.reason,
                "expires": self.expires.isoformat(), "approved_by": self.approved_by}


@dataclass(frozen=True)
class WaiverOutcome:
    """The report with waivers applied, the expired waivers that still matched a gap, and unused ones."""

    report: Report
    expired: tuple[Waiver, ...]
    unused: tuple[Waiver, ...]


def load_waivers(path: Path, rule_ids: Iterable[str]) -> tuple[Waiver, ...]:
    """Read and validate a waivers file; any problem is a ConfigError naming the file and entry."""
    import jsonschema
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:  # ValueError: a YAML date such as 2027-02-30
        raise ConfigError(f"{path}: cannot read waivers: {' '.join(str(error).split())}") from None
    data = _dates_as_text(data)
    schema = json.loads((data_dir("schemas") / "waivers.schema.json").read_text(encoding="utf-8"))
    problem = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if problem is not None:
        where = "/".join(str(part) for part in problem.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {where}: {problem.message}")
    known = set(rule_ids)
    waivers = []
    for index, entry in enumerate(data["waivers"]):
        if entry["rule"] not in known:
            raise ConfigError(f"{path}: waivers/{index}: unknown rule {entry['rule']!r}")
        try:
            expires = dt.date.fromisoformat(entry["expires"])
        except ValueError:
            raise ConfigError(f"{path}: waivers/{index}: expires {entry['expires']!r} is not a date") from None
        waivers.append(Waiver(rule=entry["rule"], policy=entry["policy"], reason=entry["reason"],
                              expires=expires, approved_by=entry.get("approved_by"), index=index))
    return tuple(waivers)


def _dates_as_text(data: Any) -> Any:
    """YAML reads `2027-01-31` as a date; the schema checks text, so turn dates back into ISO strings."""
    if isinstance(data, dict):
        return {key: _dates_as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def apply_waivers(report: Report, waivers: tuple[Waiver, ...], as_of: dt.date) -> WaiverOutcome:
    """Attach the first current waiver covering each gap; an expired one silences nothing."""
    used: set[int] = set()
    expired: dict[int, Waiver] = {}
    policies = []
    for policy in report.policies:
        findings = []
        for finding in policy.findings:
            covering = [w for w in waivers if finding.is_gap and w.covers(finding.rule_id, policy.source)]
            used.update(w.index for w in covering)
            expired.update((w.index, w) for w in covering if w.expired(as_of))
            current = [w for w in covering if not w.expired(as_of)]
            if current and not finding.waived:
                finding = finding.with_waiver(current[0].as_finding_waiver())
            findings.append(finding)
        policies.append(replace(policy, findings=tuple(findings)))
    unused = tuple(w for w in waivers if w.index not in used)
    return WaiverOutcome(replace(report, policies=tuple(policies)), tuple(expired.values()), unused)


def glob_matches(pattern: str, source: str) -> bool:
    """Match against the path as given (forward slashes, no leading `./`) and against the file name."""
    path = source.replace("\\", "/")
    path = path[2:] if path.startswith("./") else path
    regex = glob_to_regex(pattern)
    return bool(regex.fullmatch(path) or regex.fullmatch(PurePosixPath(path).name))


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """`*` and `?` stay within a folder, `**/` spans any number of folders, `[...]` is a character class."""
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            negate = body.startswith("!")
            body = (body[1:] if negate else body).replace("\\", "\\\\").replace("^", "\\^")
            parts.append(("[^" if negate else "[") + body + "]")
            i = end + 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts))
