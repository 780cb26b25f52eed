"""What the pages show, computed from the report objects: the policy's text with its evidence marked in
place, and a result rebuilt from its stored JSON with the ruleset's presentation hints."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from policy_check.findings import Finding, PolicyResult
from policy_check.web.checking import Clauses

# Where two findings quote the same words, the text is coloured for the more serious one.
STATUS_WEIGHT = {"met": 1, "partial": 2, "missing": 3, "conflict": 4}


@dataclass(frozen=True)
class Part:
    """A run of a clause's text: plain, or inside the evidence of some findings (and maybe a deciding word)."""

    text: str
    status: str | None = None
    rules: tuple[str, ...] = ()
    decided: bool = False


@dataclass(frozen=True)
class ClauseView:
    """One clause of the policy as the report page shows it, with the findings that quote it."""

    index: int
    kind: str
    page: int | None
    parts: tuple[Part, ...]
    findings: tuple[tuple[str, str], ...]  # (rule id, status) of each finding quoting this clause


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    rule_id: str
    status: str


def text_view(clauses: Clauses, findings: tuple[Finding, ...]) -> list[ClauseView]:
    """Every clause cut into parts at the edges of the evidence quoted from it and its deciding words."""
    marks = [_Mark(e.location.start, e.location.end, f.rule_id, f.status) for f in findings for e in f.evidence]
    decided = [span for f in findings for e in f.evidence for span in e.highlights]
    views = []
    for index, kind, text, start, page, _line in clauses:
        end = start + len(text)
        here = [m for m in marks if m.start < end and m.end > start]
        spans = [(max(a, start), min(b, end)) for a, b in decided if a < end and b > start]
        edges = sorted({start, end, *(max(m.start, start) for m in here), *(min(m.end, end) for m in here),
                        *(edge for span in spans for edge in span)})
        parts = tuple(_part(text[a - start:b - start], a, b, here, spans) for a, b in zip(edges, edges[1:]) if b > a)
        quoting = tuple(dict.fromkeys((m.rule_id, m.status) for m in here))
        views.append(ClauseView(index, kind, page, parts, quoting))
    return views


def _part(text: str, a: int, b: int, marks: list[_Mark], spans: list[tuple[int, int]]) -> Part:
    covering = [m for m in marks if m.start <= a and m.end >= b]
    if not covering:
        return Part(text)
    status = max((m.status for m in covering), key=STATUS_WEIGHT.__getitem__)
    return Part(text, status, tuple(dict.fromkeys(m.rule_id for m in covering)),
                any(x <= a and y >= b for x, y in spans))


def with_hints(result: PolicyResult, ruleset: Any) -> PolicyResult:
    """A result read back from JSON, with each rule's `summary` hint (e.g. which rule is the review
    status) restored from the ruleset, so its page shows what the CLI's report shows."""
    hints = {rule["id"]: rule.get("summary") for rule in ruleset.rules}
    return replace(result, findings=tuple(replace(f, summary=hints.get(f.rule_id)) for f in result.findings))
