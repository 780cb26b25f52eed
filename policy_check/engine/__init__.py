"""The checking engine: `evaluate(document, ruleset, as_of)` and ruleset loading."""

from policy_check.engine.evaluate import evaluate

__all__ = ["evaluate"]
