"""Find the policy files in a folder, the way a trust keeps them (nested, with Word lock files)."""

from __future__ import annotations

from pathlib import Path

POLICY_SUFFIXES = frozenset({".docx", ".pdf", ".txt", ".md", ".markdown", ".html", ".htm"})
REFERENCE_FOLDER = "reference"
"""Folders with this name hold non-policy reference material (guidance, QA documents) and are skipped."""
NOT_POLICIES = ("readme", "changelog", "license")
"""File names (case-insensitive prefixes) that describe a folder rather than being a policy."""


def find_policy_files(folder: Path) -> list[Path]:
    """Every policy file under `folder`, sorted; hidden, `~$` lock, README and reference/ skipped."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") or part.lower() == REFERENCE_FOLDER for part in parts[:-1]):
            continue
        if path.name.startswith((".", "~$")) or path.name.lower().startswith(NOT_POLICIES):
            continue
        if path.suffix.lower() not in POLICY_SUFFIXES:
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)
