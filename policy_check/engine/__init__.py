"""The checking engine: `evaluate(document, ruleset, as_of)` and ruleset loading."""

from policy_check.engine.spacy_import import import_spacy_without_cli

import_spacy_without_cli()  # before any module below imports spaCy

from policy_check.engine.evaluate import defined_names, evaluate  # noqa: E402

__all__ = ["defined_names", "evaluate"]
