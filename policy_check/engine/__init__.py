"""The checking engine: `evaluate(document, ruleset, as_of)` and ruleset loading.

spaCy is imported when `evaluate` is first used, not with the package: loading a ruleset (an audit
whose every result is kept from an earlier run, `rules list`) needs no language model.
"""

from __future__ import annotations

from typing import Any

__all__ = ["defined_names", "evaluate"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    from policy_check.engine.spacy_import import import_spacy_without_cli

    import_spacy_without_cli()  # before any module below imports spaCy
    module = importlib.import_module("policy_check.engine.evaluation")

    exported = {"defined_names": module.defined_names, "evaluate": module.evaluate}
    globals().update(exported)  # importing the submodule bound its name here; the function wins
    return exported[name]
