"""What changed between two rulesets (two guidance editions, or a ruleset and an overlay of it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policy_check.engine.ruleset import Ruleset

COMPARED_KEYS = ("title", "severity", "citation", "criteria", "checks", "decide", "messages", "remediation")


@dataclass(frozen=True)
class RuleChange:
    rule_id: str
    kind: str  # "added", "removed" or "changed"
    keys: tuple[str, ...]
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "kind": self.kind, "keys": list(self.keys), "note": self.note}


def _notes(*rulesets: Ruleset) -> dict[str, str]:
    """Why an overlay changed a rule, as its `note` says, from whichever ruleset is the overlay."""
    return {change["rule"]: change["note"] for ruleset in rulesets for change in ruleset.changes if change.get("note")}


def rule_changes(old: Ruleset, new: Ruleset) -> list[RuleChange]:
    """Rules added, removed or changed from `old` to `new`, in `new`'s order (removed ones last)."""
    notes = _notes(old, new)
    before = {rule["id"]: rule for rule in old.rules}
    changes = []
    for rule in new.rules:
        previous = before.get(rule["id"])
        if previous is None:
            changes.append(RuleChange(rule["id"], "added", (), notes.get(rule["id"], "")))
            continue
        keys = tuple(k for k in COMPARED_KEYS if previous.get(k) != rule.get(k))
        if keys:
            changes.append(RuleChange(rule["id"], "changed", keys, notes.get(rule["id"], "")))
    present = {rule["id"] for rule in new.rules}
    changes += [RuleChange(r["id"], "removed", (), notes.get(r["id"], "")) for r in old.rules if r["id"] not in present]
    if old.applies_from != new.applies_from:
        listed = {change.rule_id for change in changes}
        note = (f"judged against the edition's start date, which moves from "
                f"{old.applies_from} to {new.applies_from}")
        changes += [RuleChange(rule["id"], "edition date", ("applies_from",), note)
                    for rule in new.rules if rule["id"] not in listed and _uses_edition_date(rule)]
    return changes


def _uses_edition_date(rule: dict[str, Any]) -> bool:
    return any(check.get("date") == "edition" for check in rule["checks"].values())


def edition_label(ruleset: Ruleset) -> str:
    applies = f", applies from {ruleset.applies_from.isoformat()}" if ruleset.applies_from else ""
    return f"{ruleset.title} (edition {ruleset.edition or '?'}{applies})"
