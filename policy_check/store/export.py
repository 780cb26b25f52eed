"""Reviewers' decisions out of the data folder: gold-label files and waivers.

A gold file is what `tests/heldout*/gold/` holds and `../shared/eval/score.py` reads: the document,
the date it is judged as of, and a label (status, evidence, why) for every rule of the ruleset. A
decided rule takes the reviewer's status; an undecided one keeps the checker's, says so in `why`,
and is left out of `reviewed`. Evidence quotes of a text policy are cut from the file itself, so
each is an exact substring of it, as hand-written gold quotes are.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policy_check.audit.names import safe_stem
from policy_check.findings import Finding, PolicyResult
from policy_check.model import CELL_SEPARATOR
from policy_check.store.database import Store
from policy_check.store.decisions import Decision, all_decisions
from policy_check.store.policies import StoredFile, latest_report, stored_file

TEXT_FORMATS = ("txt", "md", "html")
_POLICY_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".odt", ".doc", ".rtf")
_MIN_CELL_CHARS = 12  # a table cell shorter than this says too little to stand as evidence on its own


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the gold files and the policies they label."""

    gold_files: list[Path]
    documents: list[Path]


def export_gold(store: Store, gold_dir: Path, documents_dir: Path) -> Exported:
    """One gold file per decided policy in `gold_dir`, and a copy of the policy in `documents_dir`."""
    gold_dir.mkdir(parents=True, exist_ok=True)
    documents_dir.mkdir(parents=True, exist_ok=True)
    written = Exported([], [])
    taken: set[str] = set()
    for sha256, decisions in all_decisions(store).items():
        stored = stored_file(store, sha256)
        latest = max(decisions.values(), key=lambda d: d.decided_at)
        report = latest_report(store, sha256, latest.ruleset, latest.as_of) if stored else None
        if stored is None or report is None or report.policies[0].error:
            continue
        result = report.policies[0]
        name = _unique(f"{Path(safe_stem(stored.name)).stem}{_suffix(stored, result)}", taken)
        document = documents_dir / name
        shutil.copyfile(stored.path, document)
        gold = gold_file(name, dt.date.fromisoformat(latest.as_of), result, decisions,
                         _raw_text(stored.path) if result.format in TEXT_FORMATS else None)
        target = gold_dir / f"{Path(name).stem}.yaml"
        target.write_text(yaml.safe_dump(gold, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        written.gold_files.append(target)
        written.documents.append(document)
    return written


def gold_file(document: str, as_of: dt.date, result: PolicyResult, decisions: dict[str, Decision],
              raw_text: str | None) -> dict[str, Any]:
    """The gold file's data: every rule of the result labelled, decided ones as the reviewer said."""
    labels = {finding.rule_id: _label(finding, decisions.get(finding.rule_id), raw_text)
              for finding in result.findings}
    return {
        "document": document,
        "as_of": as_of,
        "labels": labels,
        "reviewed": [rule_id for rule_id in labels if rule_id in decisions],
        "reviewers": sorted({d.reviewer for d in decisions.values()}),
    }


def _label(finding: Finding, decision: Decision | None, raw_text: str | None) -> dict[str, Any]:
    status = decision.status if decision else finding.status
    quotes = [] if status == "missing" else [e.text for e in finding.evidence]
    evidence = quotes if raw_text is None else [q for quote in quotes for q in _quotes_in(quote, raw_text)]
    return {"status": status, "evidence": list(dict.fromkeys(evidence)), "why": _why(finding, decision)}


def _why(finding: Finding, decision: Decision | None) -> str:
    if decision is None:
        return f"Not reviewed: the checker's finding ({finding.status}): {finding.message}"
    note = f" {decision.note}" if decision.note else ""
    if decision.agrees:
        return f"{decision.reviewer} agreed with the checker ({decision.decided_at[:10]}): {finding.message}{note}"
    return (f"{decision.reviewer} ({decision.decided_at[:10]}): {decision.status}, "
            f"where the checker said {decision.checker_status}.{note}")


def _quotes_in(quote: str, raw_text: str) -> list[str]:
    """The quote as the file has it (line breaks and spacing as written); a table row's cells one by one."""
    found = _find(quote, raw_text)
    if found:
        return [found]
    cells = [cell for cell in quote.split(CELL_SEPARATOR) if len(cell.strip()) >= _MIN_CELL_CHARS]
    return [hit for hit in (_find(cell, raw_text) for cell in cells) if hit] if len(cells) > 1 else []


def _find(quote: str, raw_text: str) -> str | None:
    if quote in raw_text:
        return quote
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(word) for word in words), raw_text)
    return match.group(0) if match else None


def _raw_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _suffix(stored: StoredFile, result: PolicyResult) -> str:
    """The upload's own suffix when it is a policy format, else the format the file was read as."""
    suffix = stored.path.suffix.lower()
    return suffix if suffix in _POLICY_SUFFIXES else f".{result.format or 'txt'}"


def _unique(name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(candidate.lower())
    return candidate


def export_waivers(store: Store, path: Path, expires: dt.date) -> int:
    """A waivers file (schemas/waivers.schema.json) accepting every finding a reviewer judged met.

    Only "met, was <a gap>" becomes a waiver: any other correction still leaves a gap to fix.
    Returns how many waivers were written.
    """
    entries = []
    for sha256, decisions in all_decisions(store).items():
        stored = stored_file(store, sha256)
        if stored is None:
            continue
        for decision in decisions.values():
            if decision.status == "met" and decision.checker_status != "met":
                note = f": {decision.note}" if decision.note else ""
                entries.append({"rule": decision.rule_id, "policy": glob_literal(Path(stored.name).name),
                                "reason": f"{decision.reviewer} judged it met on {decision.decided_at[:10]}{note}",
                                "expires": expires.isoformat(), "approved_by": decision.reviewer})
    path.write_text(yaml.safe_dump({"waivers": entries}, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
    return len(entries)


def glob_literal(name: str) -> str:
    """A waiver glob that matches exactly this file name (`*`, `?` and `[` taken literally)."""
    return re.sub(r"([*?\[])", r"[\1]", name)
