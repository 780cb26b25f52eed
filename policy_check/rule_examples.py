"""Run every rule's example sentences (as `semgrep --test` does): each must get its labelled status.

An example is evaluated alone, as a policy of its own (several clauses and headings when its text
has them), as of the ruleset's `examples_as_of` date (or its own `as_of`); with `quotes`, the
evidence must quote those words too. `todo` examples record known misses: reported, never failing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator

from policy_check.engine import evaluate
from policy_check.engine.ruleset import Ruleset
from policy_check.extract import read_text

EXAMPLE_STATUSES = ("met", "partial", "missing", "conflict")


@dataclass(frozen=True)
class Example:
    rule_id: str
    expected: str
    text: str
    as_of: dt.date
    number: int
    todo: bool = False
    quotes: tuple[str, ...] = ()  # words the evidence must quote

    @property
    def test_id(self) -> str:
        return f"{self.rule_id}-{'todo' if self.todo else self.expected}-{self.number}"


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    got: str
    quoted: tuple[str, ...] = ()  # the evidence the finding quoted

    @property
    def unquoted(self) -> list[str]:
        """The example's required quotes that no piece of evidence contains."""
        return [q for q in self.example.quotes if not any(q in text for text in self.quoted)]

    @property
    def passed(self) -> bool:
        return self.got == self.example.expected and not self.unquoted


def _example(rule_id: str, expected: str, raw: Any, default_as_of: dt.date, number: int, todo: bool) -> Example:
    if isinstance(raw, str):
        return Example(rule_id, expected, raw, default_as_of, number, todo)
    as_of = dt.date.fromisoformat(raw["as_of"]) if raw.get("as_of") else default_as_of
    return Example(rule_id, raw.get("expect", expected), raw["text"], as_of, number, todo, tuple(raw.get("quotes", ())))


def iter_examples(ruleset: Ruleset) -> Iterator[Example]:
    for rule in ruleset.rules:
        examples = rule.get("examples", {})
        for status in EXAMPLE_STATUSES:
            for number, raw in enumerate(examples.get(status, [])):
                yield _example(rule["id"], status, raw, ruleset.examples_as_of, number, todo=False)
        for number, raw in enumerate(examples.get("todo", [])):
            yield _example(rule["id"], raw["expect"], raw, ruleset.examples_as_of, number, todo=True)


def run_example(example: Example, ruleset: Ruleset) -> ExampleResult:
    document = read_text(example.text, source=f"<example {example.test_id}>")
    finding = evaluate(document, ruleset, example.as_of, only={example.rule_id}).findings[0]
    return ExampleResult(example, finding.status, tuple(e.text for e in finding.evidence))
