"""Results kept per file, so a re-run re-checks only new or changed files and an interrupted audit
continues where it stopped.

An entry holds exactly what was written for one file (its report page, its report.json and
findings.csv fragments, its matrix row and its marked-up copy), so a reused result is byte for byte
what a fresh check writes. The key is the file's sha256 and its path as given, under a fingerprint
of the run: the tool version, the ruleset's data hash (overlays included), --as-of and every option
that changes a result. Change any of them and nothing is reused. Each entry is written to a
temporary folder and renamed into place, so a worker killed mid-write leaves no half entry.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from policy_check.atomic import link_atomically, link_or_copy
from policy_check.audit.matrix import MatrixRow

CACHE_FOLDER = ".cache"
_ARTIFACTS = (("page", "page.html"), ("json", "part.json"), ("jsonl", "part.jsonl"), ("csv", "part.csv"),
              ("markup", "review.docx"))


@dataclass(frozen=True)
class Artifacts:
    """Where one file's outputs are in the audit folder."""

    page: Path
    json: Path
    jsonl: Path
    csv: Path
    markup: Path | None


def run_fingerprint(**parts: Any) -> str:
    """One hash of everything besides the file itself that decides what a file's outputs are."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def file_sha256(path: str) -> str | None:
    """The file's sha256, or None when it cannot be read (the checker then says why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class ResultCache:
    folder: Path
    fingerprint: str

    def key(self, path: str) -> str | None:
        """The entry name for a file as it is now (None: unreadable, never cached)."""
        content = file_sha256(path)
        if content is None:
            return None
        return hashlib.sha256(f"{self.fingerprint}\0{path}\0{content}".encode("utf-8")).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def restore(self, key: str, artifacts: Artifacts, report_name: str,
                markup_name: str | None) -> MatrixRow | None:
        """Put a kept result's outputs in place and return its row; None when there is none."""
        entry = self._entry(key)
        try:
            row = json.loads((entry / "row.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for field, name in _ARTIFACTS:
            target = getattr(artifacts, field)
            source = entry / name
            if field == "markup":
                if not row.get("markup_name"):
                    continue
                if target is None or not source.exists():
                    return None
            if not source.exists():
                return None
            link_atomically(source, target)
        return MatrixRow(**{**row, "statuses": tuple(row["statuses"]), "waived": tuple(row["waived"]),
                            "report_name": report_name, "markup_name": markup_name if row.get("markup_name") else None})

    def store(self, key: str, artifacts: Artifacts, row: MatrixRow) -> None:
        """Keep one file's outputs (written to a temporary folder, then renamed into place)."""
        entry = self._entry(key)
        if entry.exists():
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{key[:8]}.", dir=entry.parent))
        try:
            for field, name in _ARTIFACTS:
                source = getattr(artifacts, field)
                if source is not None and source.exists() and (field != "markup" or row.markup_name):
                    link_or_copy(source, scratch / name)
            (scratch / "row.json").write_text(json.dumps(asdict(replace(row, report_name=""))), encoding="utf-8")
            scratch.rename(entry)
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)  # another worker kept the same entry, or the disk is full

    def remove_unfinished(self) -> None:
        """Delete the temporary folders of entries a stopped worker never finished (an entry is
        renamed into place only when whole, so these are never read). Called only for the audit
        folder's own cache, which its lock keeps to one audit at a time."""
        for scratch in self.folder.glob("??/.*"):
            shutil.rmtree(scratch, ignore_errors=True)

    def prune(self, used: set[str]) -> None:
        """Drop entries this run did not use, so an audit folder's cache does not grow without end."""
        for bucket in self.folder.glob("??"):
            for entry in bucket.iterdir():
                if entry.name not in used:
                    shutil.rmtree(entry, ignore_errors=True)
