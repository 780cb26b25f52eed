"""A ruleset compiled once for checking: typed, frozen rules and checks, and the concept matchers.

`Ruleset` (ruleset.py) is the data as written and validated, which `rules show`, the rule docs and
overlays read. `CompiledRuleset` is what the engine runs: built by `compile_ruleset`, passed to
`evaluate` explicitly, and kept on the `Ruleset` it came from (never in a cache keyed by object
identity). A `Ruleset` sent to another process leaves its compiled form behind and compiles again
there, once, so a worker never depends on memory inherited from its parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from policy_check.engine.concepts import ConceptMatcher, compile_concepts
from policy_check.engine.index import (APPROXIMATE, CHANGE_LOG, EXCLUSION, HYPOTHETICAL, NEGATION, RECIPIENT,
                                       LanguageSettings)
from policy_check.engine.ruleset import Ruleset

DEFAULT_MAX_DISTANCE = 120  # characters between a number and the context it binds to
DEFAULT_MONTHS = 24


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def _numbers(value: Any) -> tuple[float, ...] | None:
    return None if value is None else tuple(value)


@dataclass(frozen=True)
class Check:
    """One check of a rule, of one of the closed set of kinds; fields a kind does not use stay empty."""

    name: str
    kind: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    none_within: str = "sentence"  # "part": `none` rules out only its own semicolon-separated part
    min: int = 1
    within: str | None = None  # each kind has its own default scope
    headings: bool = False
    negated: str = "any"
    factual: bool = False
    unit: tuple[str, ...] = ()
    bind_to: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    values: tuple[float, ...] | None = None
    not_values: tuple[float, ...] | None = None
    complement_above: float | None = None
    estimates: str = "never"  # when an approximate figure ("roughly 4%") can fail not_values
    requires: tuple[str, ...] = ()
    requires_within: str = "sentence"  # where `requires` may be met: the figure's sentence or its clause
    max_distance: int = DEFAULT_MAX_DISTANCE
    steps: tuple[tuple[str, ...], ...] = ()
    field: str | None = None
    test: str | None = None
    months: int = DEFAULT_MONTHS
    date: str | None = None

    @classmethod
    def from_data(cls, name: str, data: Mapping[str, Any]) -> "Check":
        return cls(
            name=name,
            kind=data["kind"],
            all=_strings(data.get("all")),
            any=_strings(data.get("any")),
            none=_strings(data.get("none")),
            none_within=data.get("none_within", "sentence"),
            min=data.get("min", 1),
            within=data.get("within"),
            headings=bool(data.get("headings", False)),
            negated=data.get("negated", "any"),
            factual=bool(data.get("factual", False)),
            unit=_strings(data.get("unit")),
            bind_to=_strings(data.get("bind_to")),
            competitors=_strings(data.get("competitors")),
            values=_numbers(data.get("values")),
            not_values=_numbers(data.get("not_values")),
            complement_above=data.get("complement_above"),
            estimates=data.get("estimates", "never"),
            requires=_strings(data.get("requires")),
            requires_within=data.get("requires_within", "sentence"),
            max_distance=data.get("max_distance", DEFAULT_MAX_DISTANCE),
            steps=tuple(tuple(step) for step in data.get("steps", ())),
            field=data.get("field"),
            test=data.get("test"),
            months=data.get("months", DEFAULT_MONTHS),
            date=data.get("date"),
        )


def _frozen(value: Any) -> Any:
    """Decisions and citations as read-only mappings and tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class Rule:
    """One rule as the engine runs it."""

    id: str
    title: str
    severity: str
    area: str
    citation: Mapping[str, Any]
    checks: Mapping[str, Check]
    decide: Mapping[str, Any]  # status -> a check name, or {all|any: [...]} / {not: ...}
    messages: Mapping[str, str]
    remediation: str | None = None
    looked_for: str | None = None
    summary: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "Rule":
        return cls(
            id=data["id"],
            title=data["title"],
            severity=data["severity"],
            area=data["area"],
            citation=_frozen(dict(data.get("citation", {}))),
            checks=MappingProxyType({name: Check.from_data(name, spec) for name, spec in data["checks"].items()}),
            decide=_frozen(dict(data["decide"])),
            messages=MappingProxyType(dict(data.get("messages", {}))),
            remediation=data.get("remediation"),
            looked_for=data.get("looked_for"),
            summary=data.get("summary"),
        )


@dataclass(frozen=True)
class CompiledRuleset:
    """Everything `evaluate` needs from a ruleset, built once."""

    rules: tuple[Rule, ...]
    concepts: Mapping[str, tuple[str, ...]]
    matcher: ConceptMatcher = field(repr=False, compare=False)
    language: LanguageSettings
    metadata: Mapping[str, tuple[str, ...]]
    citation_document: str
    edition: str | None
    applies_from: Any  # dt.date | None


def language_settings(language: Mapping[str, Any]) -> LanguageSettings:
    return LanguageSettings(definable=_strings(language.get("definable")), reader=language.get("reader"),
                            bodies=_strings(language.get("bodies")), anaphora=_strings(language.get("anaphora")),
                            withdrawn=_strings(language.get("withdrawn")),
                            referents=_strings(language.get("referents")), pronouns=_strings(language.get("pronouns")))


def compile_ruleset(ruleset: Ruleset) -> CompiledRuleset:
    """Compile the concepts (with the ruleset's own cue words) and freeze the rules."""
    concepts = dict(ruleset.concepts)
    concepts[NEGATION] = ruleset.negation_cues or ["not"]
    language = ruleset.language
    for cue, key in ((EXCLUSION, "exclusion"), (HYPOTHETICAL, "hypothetical"), (APPROXIMATE, "approximate"),
                     (CHANGE_LOG, "change_log"), (RECIPIENT, "recipient")):
        concepts[cue] = list(language.get(key, []))
    settings = language_settings(language)
    named = frozenset(settings.definable) | frozenset([settings.reader] if settings.reader else [])
    return CompiledRuleset(
        rules=tuple(Rule.from_data(rule) for rule in ruleset.rules),
        concepts=MappingProxyType({name: tuple(phrases) for name, phrases in ruleset.concepts.items()}),
        matcher=compile_concepts(concepts, keep=named),
        language=settings,
        metadata=MappingProxyType({key: tuple(labels) for key, labels in ruleset.metadata.items()}),
        citation_document=ruleset.citation_document,
        edition=ruleset.edition,
        applies_from=ruleset.applies_from,
    )
