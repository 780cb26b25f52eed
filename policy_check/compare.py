"""Compare two checks of a policy: which requirements a new draft newly meets, breaks or changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policy_check.findings import Finding, PolicyResult

# How every view of a comparison lists it (the diff command, the web app's "what changed").
SECTIONS = (("newly_broken", "Newly broken"), ("newly_met", "Newly met"), ("changed", "Changed"))


@dataclass(frozen=True)
class Change:
    """One requirement whose status differs between the old and new versions."""

    old: Finding
    new: Finding

    @property
    def rule_id(self) -> str:
        return self.new.rule_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.new.rule_id,
            "title": self.new.title,
            "severity": self.new.severity,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
        }


@dataclass(frozen=True)
class Comparison:
    """Requirements newly met (gap -> met), newly broken (met -> gap), changed (one gap -> another)."""

    old: PolicyResult
    new: PolicyResult
    newly_met: tuple[Change, ...]
    newly_broken: tuple[Change, ...]
    changed: tuple[Change, ...]
    unchanged: int

    def sections(self) -> list[tuple[str, tuple[Change, ...]]]:
        """(heading, changes) in the order every view lists them."""
        return [(heading, getattr(self, attribute)) for attribute, heading in SECTIONS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"source": self.old.source, "sha256": self.old.sha256, "summary": self.old.summary},
            "new": {"source": self.new.source, "sha256": self.new.sha256, "summary": self.new.summary},
            "newly_met": [c.to_dict() for c in self.newly_met],
            "newly_broken": [c.to_dict() for c in self.newly_broken],
            "changed": [c.to_dict() for c in self.changed],
            "unchanged": self.unchanged,
        }


def compare(old: PolicyResult, new: PolicyResult) -> Comparison:
    """Pair findings by rule id, in the new result's order; rules only one side has are ignored."""
    previous = {f.rule_id: f for f in old.findings}
    newly_met: list[Change] = []
    newly_broken: list[Change] = []
    changed: list[Change] = []
    unchanged = 0
    for finding in new.findings:
        before = previous.get(finding.rule_id)
        if before is None:
            continue
        change = Change(before, finding)
        if before.status == finding.status:
            unchanged += 1
        elif finding.status == "met":
            newly_met.append(change)
        elif before.status == "met":
            newly_broken.append(change)
        else:
            changed.append(change)
    return Comparison(old, new, tuple(newly_met), tuple(newly_broken), tuple(changed), unchanged)
