"""Safe, unique file names for the per-policy reports of an audit (and anything else named after a policy)."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Iterable

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file's own name (no folders) made of letters, digits, '.', '_' and '-' only; never empty."""
    return _UNSAFE.sub("-", PurePath(name).name).strip("-.") or "policy"


def numbered_names(stems: Iterable[str], suffix: str) -> list[str]:
    """'<stem><suffix>' for each stem in order; a name already given (in any case, as a case-insensitive
    file system sees it) gets '-2', '-3'… before the suffix."""
    names: list[str] = []
    taken: set[str] = set()
    for stem in stems:
        candidate, number = stem, 1
        while candidate.lower() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.lower())
        names.append(f"{candidate}{suffix}")
    return names


def report_names(sources: list[str]) -> dict[str, str]:
    """source path -> '<stem>.html' made of safe characters; clashes get '-2', '-3'…, in source order."""
    return dict(zip(sources, numbered_names((safe_stem(source) for source in sources), ".html")))
