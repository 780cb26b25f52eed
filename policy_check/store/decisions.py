"""Reviewers' decisions on findings: agree, or the status the finding should have, with a note.

One decision per policy file (its sha256) and rule; a later one replaces it. Each keeps what the
checker said when the reviewer judged it, so "reviewer: met, was partial" stays true after the
rules change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from policy_check.errors import DecisionError
from policy_check.findings import STATUSES, utc_timestamp
from policy_check.store.database import Store

MAX_REVIEWER_CHARS = 200
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True)
class Decision:
    """A reviewer's judgement of one finding of one policy file."""

    sha256: str
    rule_id: str
    status: str  # the status the reviewer says is right
    checker_status: str  # what the checker said when the reviewer judged it
    note: str
    reviewer: str
    decided_at: str
    ruleset: str
    as_of: str

    @property
    def agrees(self) -> bool:
        return self.status == self.checker_status

    def describe(self) -> str:
        """'reviewer: met, was partial' or 'reviewer: agreed (partial)': how reports and CSVs show it."""
        if self.agrees:
            return f"reviewer: agreed ({self.status})"
        return f"reviewer: {self.status}, was {self.checker_status}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_decision(*, sha256: str, rule_id: str, status: str, checker_status: str, note: str, reviewer: str,
                 ruleset: str, as_of: str) -> Decision:
    """A decision made now, checked: a known status, a reviewer's name, a note of bounded length."""
    if status not in STATUSES:
        raise DecisionError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    reviewer, note = " ".join(str(reviewer).split()), str(note).strip()
    if not reviewer:
        raise DecisionError("reviewer: give the reviewer's name")
    if len(reviewer) > MAX_REVIEWER_CHARS or len(note) > MAX_NOTE_CHARS:
        raise DecisionError(f"reviewer or note too long (at most {MAX_REVIEWER_CHARS} and {MAX_NOTE_CHARS} characters)")
    return Decision(sha256, rule_id, status, checker_status, note, reviewer, utc_timestamp(), ruleset, as_of)


def record(store: Store, decision: Decision) -> None:
    with store.connect() as connection:
        connection.execute(
            "INSERT OR REPLACE INTO decisions (sha256, rule_id, status, checker_status, note, reviewer, decided_at, "
            "ruleset, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (decision.sha256, decision.rule_id, decision.status, decision.checker_status, decision.note,
             decision.reviewer, decision.decided_at, decision.ruleset, decision.as_of))


def decisions_for(store: Store, sha256: str) -> dict[str, Decision]:
    """rule id -> decision, for one policy file."""
    with store.connect() as connection:
        rows = connection.execute("SELECT * FROM decisions WHERE sha256 = ? ORDER BY decided_at, rule_id",
                                  (sha256,)).fetchall()
    return {row["rule_id"]: Decision(**dict(row)) for row in rows}


def all_decisions(store: Store) -> dict[str, dict[str, Decision]]:
    """sha256 -> rule id -> decision, for every policy file that has one."""
    with store.connect() as connection:
        rows = connection.execute("SELECT * FROM decisions ORDER BY sha256, decided_at, rule_id").fetchall()
    found: dict[str, dict[str, Decision]] = {}
    for row in rows:
        found.setdefault(row["sha256"], {})[row["rule_id"]] = Decision(**dict(row))
    return found
