"""Uploaded policies, every check of one, its text as read, and a policy's versions over time.

A policy uploaded again under the same file name (ignoring case, dates, version numbers and words such
as "draft" or "final") is a new version of it: `crestwood-ect-policy-v2.docx` follows
`Crestwood ECT policy.docx`. Metadata is not used for this, because a trust's policies often all name
the trust.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from policy_check.findings import Report, utc_timestamp
from policy_check.store.database import Store, safe_suffix, write_private

_VERSION_WORDS = re.compile(
    r"\b(?:v(?:ersion)?\s*\d+(?:\.\d+)*|\d+|draft|final|copy|updated|new|old|revised|current|approved|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")


@dataclass(frozen=True)
class StoredFile:
    """An upload as kept: its hash, the name it came with (for display only) and where its bytes are."""

    sha256: str
    name: str
    path: Path


@dataclass(frozen=True)
class Version:
    """One version of a policy: its file's hash, name and when it was first uploaded."""

    sha256: str
    name: str
    first_seen: str


def series_key(name: str) -> str:
    """What stays the same across a policy's versions: its file name without dates, numbers, draft/final."""
    words = re.sub(r"[^a-z0-9]+", " ", PurePath(name).stem.casefold())
    return " ".join(_VERSION_WORDS.sub(" ", words).split()) or words.strip() or "policy"


def save_upload(store: Store, name: str, data: bytes) -> StoredFile:
    """Keep an upload's bytes under their sha256 (once, however often they are uploaded)."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = store.file_path(sha256, safe_suffix(name))
    if not path.exists():
        write_private(path, data)
    return StoredFile(sha256, name, path)


def record_check(store: Store, stored: StoredFile, report: Report, ruleset: str,
                 clauses: list[list[Any]] | None) -> None:
    """Record an upload and its one-policy report (and the text read, when the file was readable)."""
    uploaded = utc_timestamp()
    with store.connect() as connection:
        connection.execute(
            "INSERT OR IGNORE INTO policies (sha256, name, suffix, size, series, first_seen) VALUES (?, ?, ?, ?, ?, ?)",
            (stored.sha256, stored.name, stored.path.suffix, stored.path.stat().st_size, series_key(stored.name),
             uploaded))
        connection.execute("INSERT INTO uploads (sha256, name, uploaded_at) VALUES (?, ?, ?)",
                           (stored.sha256, stored.name, uploaded))
        save_result(connection, stored.sha256, report, ruleset)
        if clauses is not None:
            connection.execute("INSERT OR REPLACE INTO texts (sha256, clauses) VALUES (?, ?)",
                               (stored.sha256, json.dumps(clauses, ensure_ascii=False)))


def save_result(connection: Any, sha256: str, report: Report, ruleset: str) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO results (sha256, ruleset, as_of, report, checked_at) VALUES (?, ?, ?, ?, ?)",
        (sha256, ruleset, report.as_of, json.dumps(report.to_dict(), ensure_ascii=False), utc_timestamp()))


def store_result(store: Store, sha256: str, report: Report, ruleset: str) -> None:
    """Keep another check of a known policy (another date or ruleset) without recording an upload."""
    with store.connect() as connection:
        save_result(connection, sha256, report, ruleset)


def stored_file(store: Store, sha256: str) -> StoredFile | None:
    with store.connect() as connection:
        row = connection.execute("SELECT name, suffix FROM policies WHERE sha256 = ?", (sha256,)).fetchone()
    return StoredFile(sha256, row["name"], store.file_path(sha256, row["suffix"])) if row else None


def latest_report(store: Store, sha256: str, ruleset: str, as_of: str | None = None) -> Report | None:
    """The most recent check of a policy with this ruleset (as of `as_of`, when given)."""
    query = "SELECT report FROM results WHERE sha256 = ? AND ruleset = ?"
    values: tuple[str, ...] = (sha256, ruleset)
    if as_of is not None:
        query, values = query + " AND as_of = ?", (*values, as_of)
    with store.connect() as connection:
        row = connection.execute(query + " ORDER BY checked_at DESC LIMIT 1", values).fetchone()
    return Report.from_dict(json.loads(row["report"])) if row else None


def current_reports(store: Store, ruleset: str) -> list[tuple[str, Report]]:
    """(sha256, report) of the newest version of every policy checked with this ruleset, by name."""
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT p.sha256, p.series, r.report FROM policies p "
            "JOIN (SELECT sha256, MAX(id) AS last FROM uploads GROUP BY sha256) u ON u.sha256 = p.sha256 "
            "JOIN results r ON r.sha256 = p.sha256 AND r.ruleset = ? "
            "ORDER BY p.series, u.last DESC, r.checked_at DESC", (ruleset,)).fetchall()
    newest: dict[str, tuple[str, str]] = {}
    for row in rows:
        newest.setdefault(row["series"], (row["sha256"], row["report"]))
    return [(sha256, Report.from_dict(json.loads(report))) for sha256, report in newest.values()]


def versions(store: Store, sha256: str) -> list[Version]:
    """Every version of the policy this file is a version of, oldest first (the file itself included)."""
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT p.sha256, p.name, p.first_seen, MIN(u.id) AS first FROM policies p "
            "JOIN uploads u ON u.sha256 = p.sha256 "
            "WHERE p.series = (SELECT series FROM policies WHERE sha256 = ?) "
            "GROUP BY p.sha256 ORDER BY first", (sha256,)).fetchall()
    return [Version(row["sha256"], row["name"], row["first_seen"]) for row in rows]


def text_of(store: Store, sha256: str) -> list[list[Any]] | None:
    """The clauses read from a policy: [index, kind, text, start, page, line] each, or None if unreadable."""
    with store.connect() as connection:
        row = connection.execute("SELECT clauses FROM texts WHERE sha256 = ?", (sha256,)).fetchone()
    return json.loads(row["clauses"]) if row else None


def save_output(store: Store, sha256: str, kind: str, data: bytes, as_of: str) -> None:
    """Keep a marked-up copy or letter made for a policy."""
    write_private(store.output_path(sha256, kind), data)
    with store.connect() as connection:
        connection.execute("INSERT OR REPLACE INTO outputs (sha256, kind, as_of, made_at) VALUES (?, ?, ?, ?)",
                           (sha256, kind, as_of, utc_timestamp()))


def outputs_of(store: Store, sha256: str) -> dict[str, str]:
    """kind -> the as-of date it was made for, for every output kept for this policy."""
    with store.connect() as connection:
        rows = connection.execute("SELECT kind, as_of FROM outputs WHERE sha256 = ?", (sha256,)).fetchall()
    return {row["kind"]: row["as_of"] for row in rows if store.output_path(sha256, row["kind"]).is_file()}
