"""Find the bundled rulesets and schemas, installed (inside the wheel) or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`rulesets` or `schemas`: shipped inside the package by the wheel, at the top level in git."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name
