"""Safe, unique file names for the per-policy reports of an audit (and anything else named after a policy)."""

from __future__ import annotations

import re
from pathlib import PurePath

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file's own name (no folders) made of letters, digits, '.', '_' and '-' only; never empty."""
    return _UNSAFE.sub("-", PurePath(name).name).strip("-.") or "policy"


def report_names(sources: list[str]) -> dict[str, str]:
    """source path -> '<stem>.html' made of safe characters; clashes get '-2', '-3'…, in source order."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for source in sources:
        stem = safe_stem(source)
        candidate, number = stem, 1
        while candidate.lower() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.lower())
        names[source] = f"{candidate}.html"
    return names
