"""How concepts use each other (`{name}` in a phrase): the order to match them in, checked at load.

Kept apart from the matchers so that loading and validating a ruleset needs no spaCy.
"""

from __future__ import annotations

import re

REGEX_PREFIX = "re:"
REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class CompositionError(ValueError):
    """A phrase refers to an unknown concept, or concepts refer to each other in a cycle."""


def references(phrase: str) -> list[str]:
    """The concepts a phrase uses (`{name}`); a regular expression uses none."""
    return [] if phrase.startswith(REGEX_PREFIX) else REFERENCE.findall(phrase)


def composition_order(concepts: dict[str, list[str]]) -> list[str]:
    """Concepts that use others, each after every concept it uses; raises on unknown names and cycles."""
    uses = {name: {ref for phrase in phrases for ref in references(phrase)} for name, phrases in concepts.items()}
    for name, refs in uses.items():
        unknown = sorted(refs - concepts.keys())
        if unknown:
            raise CompositionError(f"concept {name!r} uses unknown concept {unknown[0]!r}")
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            raise CompositionError("concepts use each other in a cycle: " + " -> ".join((*path, name)))
        state[name] = "open"
        for ref in sorted(uses[name]):
            visit(ref, (*path, name))
        state[name] = "done"
        if uses[name]:
            order.append(name)

    for name in concepts:
        visit(name, ())
    return order
