"""Find the policy files in a folder, the way a trust keeps them (nested, with Word lock files).

Every file found is handed on, whatever its type: a type no reader takes (.xlsx, .pages) becomes an
unreadable file with what to do, so no school's policy is dropped silently. Only what is never a
policy is passed over, and counted: hidden files and folders, a word processor's lock and temp files,
README/changelog/licence files and `reference/` folders of guidance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REFERENCE_FOLDER = "reference"
"""Folders with this name hold non-policy reference material (guidance, QA documents) and are skipped."""
NOT_POLICIES = ("readme", "changelog", "license", "licence")
"""File names (case-insensitive prefixes) that describe a folder rather than being a policy."""
LOCK_AND_TEMP = ("~$", ".~lock", "~wrl")
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class FolderScan:
    """The files to check under a folder, and how many were passed over as never being policies."""

    files: list[Path] = field(default_factory=list)
    passed_over: list[Path] = field(default_factory=list)


def never_a_policy(parts: tuple[str, ...]) -> bool:
    """Whether a file at this relative path (its folders, then its name) is passed over: a folder or a zip
    archive is scanned alike."""
    if any(part.startswith(".") or part.lower() == REFERENCE_FOLDER for part in parts[:-1]):
        return True
    name = parts[-1].lower()
    return (parts[-1].startswith(".") or name.startswith(LOCK_AND_TEMP) or name in SYSTEM_FILES
            or name.startswith(NOT_POLICIES) or name.endswith((".tmp", ".bak")))


def scan_folder(folder: Path) -> FolderScan:
    """Every file under `folder`, sorted, split into files to check and files passed over."""
    scan = FolderScan()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            (scan.passed_over if never_a_policy(path.relative_to(folder).parts) else scan.files).append(path)
    return scan


def find_policy_files(folder: Path) -> list[Path]:
    """Every file under `folder` to check, sorted (see scan_folder for what is passed over)."""
    return scan_folder(folder).files
