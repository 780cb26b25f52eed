"""The data folder: one SQLite file (opened per operation, so any thread may use it) and the files beside it.

Uploaded policies are stored under their sha256, never under the name they were uploaded with; the
folder and everything in it is private to the user (0700 / 0600).
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from policy_check.errors import ConfigError

DATABASE = "policy-check.sqlite3"
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS policies (
    sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, suffix TEXT NOT NULL, size INTEGER NOT NULL,
    series TEXT NOT NULL, first_seen TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL, name TEXT NOT NULL, uploaded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL, ruleset TEXT NOT NULL, as_of TEXT NOT NULL, report TEXT NOT NULL,
    checked_at TEXT NOT NULL, PRIMARY KEY (sha256, ruleset, as_of));
CREATE TABLE IF NOT EXISTS texts (sha256 TEXT PRIMARY KEY, clauses TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    sha256 TEXT NOT NULL, rule_id TEXT NOT NULL, status TEXT NOT NULL, checker_status TEXT NOT NULL,
    note TEXT NOT NULL, reviewer TEXT NOT NULL, decided_at TEXT NOT NULL, ruleset TEXT NOT NULL,
    as_of TEXT NOT NULL, PRIMARY KEY (sha256, rule_id));
CREATE TABLE IF NOT EXISTS outputs (
    sha256 TEXT NOT NULL, kind TEXT NOT NULL, as_of TEXT NOT NULL, made_at TEXT NOT NULL,
    PRIMARY KEY (sha256, kind));
CREATE INDEX IF NOT EXISTS uploads_by_sha ON uploads (sha256);
CREATE INDEX IF NOT EXISTS policies_by_series ON policies (series);
"""


def default_data_dir() -> Path:
    """$XDG_DATA_HOME/policy-check, else ~/.local/share/policy-check (the XDG default everywhere)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "policy-check"


class Store:
    """A data folder: the database, `files/` (uploads by sha256) and `outputs/` (marked-up copies, letters)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.files = self.folder / "files"
        self.outputs = self.folder / "outputs"

    @classmethod
    def create(cls, folder: Path) -> "Store":
        """The store in `folder`, made (private to the user) if it does not exist yet."""
        store = cls(folder)
        try:
            for path in (store.folder, store.files, store.outputs):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
            with store.connect() as connection:
                connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer; kept in the file
                connection.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise ConfigError(f"--data {folder}: cannot use this folder: {_reason(error)}") from None
        return store

    @classmethod
    def existing(cls, folder: Path) -> "Store":
        """The store in `folder`; a folder that holds none is a ConfigError (nothing is created)."""
        store = cls(folder)
        if not (store.folder / DATABASE).is_file():
            raise ConfigError(f"--data {folder}: no policy-check data here (policy-check serve --data {folder} keeps it)")
        return store

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one unit of work, committed when it ends without an error."""
        connection = sqlite3.connect(self.folder / DATABASE, timeout=30)
        connection.row_factory = sqlite3.Row
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def file_path(self, sha256: str, suffix: str) -> Path:
        """Where an upload lives: its hash and a suffix of plain letters and digits, never its name."""
        return self.files / f"{sha256}{suffix}"

    def output_path(self, sha256: str, kind: str) -> Path:
        return self.outputs / f"{sha256}.{kind}.docx"


def safe_suffix(name: str) -> str:
    """The name's extension, lower-cased, if it is plain (`.docx`); else none. The readers use it as a hint."""
    match = _SUFFIX.search(name.lower())
    return match.group(0) if match else ""


def write_private(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a temporary file beside it, then a rename), readable by the user only."""
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)
