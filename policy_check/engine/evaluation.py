"""The engine: a pure function from (document, ruleset, as-of date) to findings. No I/O, no clock."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from policy_check.engine.checks import CHECKS, CheckResult, Context, Span
from policy_check.engine.compiled import CompiledRuleset, Rule
from policy_check.engine.composition import REFERENCE, REGEX_PREFIX
from policy_check.engine.index import build_index
from policy_check.engine.metadata import extract_metadata
from policy_check.engine.ruleset import Ruleset, condition_names
from policy_check.findings import Evidence, Finding, PolicyResult
from policy_check.model import Document, Location

DECISION_ORDER = ("conflict", "met", "partial")  # a conflict outranks met (requirements.yaml)
MAX_EVIDENCE = 4
LONG_CLAUSE = 400  # characters: quote the sentence, not the whole clause, beyond this


class _CheckResults(dict):
    """A rule's check results, each run when its decision first asks for it: once a rule is met, the
    checks only its "partial" decision uses never run."""

    def __init__(self, rule: Rule, context: Context) -> None:
        super().__init__()
        self._rule, self._context = rule, context

    def __missing__(self, name: str) -> CheckResult:
        check = self._rule.checks[name]
        result = self[name] = CHECKS[check.kind](check, self._context)
        return result


def _holds(condition: Any, results: Mapping[str, CheckResult], groups: list[tuple[Span, ...]]) -> bool:
    """Evaluate a decision (a check name, or all/any/not); collect the spans of each check that held."""
    if isinstance(condition, str):
        result = results[condition]
        if result.holds:
            groups.append(result.spans)
        return result.holds
    if "all" in condition:
        collected: list[tuple[Span, ...]] = []
        if all(_holds(c, results, collected) for c in condition["all"]):
            groups.extend(collected)
            return True
        return False
    if "any" in condition:
        held = [_holds(c, results, groups) for c in condition["any"]]
        return any(held)
    return not _holds(condition["not"], results, [])


def _interleaved(groups: list[tuple[Span, ...]]) -> list[Span]:
    """Each check's first span, then each one's second, ...: every check that decided is quoted before
    any check's fourth piece (or a lead-in it leaned on) crowds it out."""
    return [group[i] for i in range(max((len(g) for g in groups), default=0)) for group in groups if i < len(group)]


def _evidence(document: Document, groups: list[tuple[Span, ...]]) -> tuple[Evidence, ...]:
    """The first MAX_EVIDENCE distinct pieces in the order the checks found them (what decided comes
    before what it leaned on: a lead-in, a question, the sentence before), shown in document order."""
    evidence: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    marks = sorted({mark for group in groups for span in group for mark in span.marks})
    for span in dict.fromkeys(_interleaved(groups)):
        if len(evidence) == MAX_EVIDENCE:
            break
        clause = document.clauses[span.clause]
        start, end = (clause.start, clause.end) if len(clause.text) <= LONG_CLAUSE else (span.start, span.end)
        if (start, end) in seen or any(s <= start and end <= e for s, e in seen):
            continue
        seen.add((start, end))
        location = clause.location
        evidence.append(
            Evidence(
                text=document.text[start:end],
                location=Location(location.page, location.section, location.clause, start, end, location.line),
                highlights=tuple((s, e) for s, e in marks if start <= s and e <= end),
            )
        )
    return tuple(sorted(evidence, key=lambda e: (e.location.start, e.location.end)))


def _looked_for(rule: Rule, compiled: CompiledRuleset) -> str:
    """What a missing finding searched for: the rule's own words, or the phrases its met checks use."""
    if rule.looked_for:
        return rule.looked_for
    concepts: list[str] = []
    for name in condition_names(rule.decide.get("met", "")):
        check = rule.checks[name]
        concepts.extend((*check.all, *check.any, *check.bind_to))
    phrases = [_example_phrase(c, compiled.concepts) for c in dict.fromkeys(concepts) if c in compiled.concepts]
    phrases = [p for p in phrases if p]
    return ", ".join(f"\u201c{p}\u201d" for p in phrases) if phrases else rule.title


def _example_phrase(concept: str, concepts: Mapping[str, Sequence[str]], depth: int = 0) -> str | None:
    """A concept's first plain phrase, references spelled out ("{ab_term}" -> "appropriate body"), for people."""
    for phrase in concepts.get(concept, []):
        if phrase.startswith(REGEX_PREFIX):
            continue
        if depth > 5:
            return None
        spelled = REFERENCE.sub(lambda m: _example_phrase(m.group(1), concepts, depth + 1) or m.group(1), phrase)
        return spelled
    return None


def _finding(rule: Rule, compiled: CompiledRuleset, context: Context) -> Finding:
    results = _CheckResults(rule, context)
    status, groups = "missing", []
    for candidate in DECISION_ORDER:
        if candidate in rule.decide:
            collected: list[tuple[Span, ...]] = []
            if _holds(rule.decide[candidate], results, collected):
                status, groups = candidate, collected
                break
    citation = {"document": compiled.citation_document, "edition": compiled.edition, **rule.citation}
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        severity=rule.severity,
        area=rule.area,
        status=status,
        message=rule.messages.get(status, rule.title),
        evidence=_evidence(context.index.document, groups),
        citation={k: v for k, v in citation.items() if v is not None},
        remediation=rule.remediation,
        looked_for=_looked_for(rule, compiled) if status == "missing" else None,
        summary=rule.summary,
    )


def _compiled(ruleset: Ruleset | CompiledRuleset) -> CompiledRuleset:
    return ruleset if isinstance(ruleset, CompiledRuleset) else ruleset.compiled()


def defined_names(document: Document, ruleset: Ruleset | CompiledRuleset) -> list[dict[str, Any]]:
    """The document's name table (see names.py), as `extract --format json` and the report show it."""
    compiled = _compiled(ruleset)
    return [entry.to_dict() for entry in build_index(document, compiled.matcher, compiled.language).names]


def evaluate(document: Document, ruleset: Ruleset | CompiledRuleset, as_of: dt.date,
             only: set[str] | None = None) -> PolicyResult:
    """Every rule's finding for one document, in ruleset order, judged as of `as_of`.

    `ruleset` is compiled on first use and the compiled form kept with it (see compiled.py). `only`
    restricts the findings to some rule ids (rule examples test one rule at a time).
    """
    compiled = _compiled(ruleset)
    index = build_index(document, compiled.matcher, compiled.language)
    metadata = extract_metadata(index, compiled.metadata)
    context = Context(index=index, metadata=metadata, as_of=as_of, edition_from=compiled.applies_from)
    return PolicyResult(
        source=document.source,
        sha256=document.sha256,
        format=document.format,
        error=None,
        metadata={**metadata.to_report(document.title), "names": [entry.to_dict() for entry in index.names],
                  **({"reading": list(document.warnings)} if document.warnings else {})},
        findings=tuple(_finding(rule, compiled, context) for rule in compiled.rules if only is None or rule.id in only),
    )
