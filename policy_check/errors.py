"""The project's own exceptions: every user-facing failure becomes one line, never a traceback."""

from __future__ import annotations


class PolicyCheckError(Exception):
    """Base class; `str(error)` is the one-line message shown to the user."""


class InputError(PolicyCheckError):
    """A policy file could not be read (unreadable, malformed, hostile, too large, no text)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class RulesetError(PolicyCheckError):
    """A ruleset (or overlay, or waiver file) is invalid; the message names the file and JSON path."""


class ConfigError(PolicyCheckError):
    """A configuration file or option value is invalid."""


class OutputError(PolicyCheckError):
    """An output could not be written (a missing folder, no permission, a full disk): one line."""


class DecisionError(PolicyCheckError):
    """A reviewer's decision cannot be recorded as given (an unknown status, no reviewer): one line."""
