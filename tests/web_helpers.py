"""Helpers for the web app's tests: an app on a fresh data folder called in process, its CSRF token, uploads."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from policy_check.web.app import create_app
from policy_check.web.config import WebConfig, loopback_hosts

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RENDERINGS = ROOT / "examples" / "renderings"
BASE_URL = "http://127.0.0.1:8765"
AS_OF = "2026-11-24"


def web_config(data: Path, **overrides) -> WebConfig:
    settings = {"data": data, "ruleset": "england-ect-induction", "port": 8765,
                "allowed_hosts": loopback_hosts("127.0.0.1", 8765), **overrides}
    return WebConfig(**settings)


def make_client(data: Path, pool, **overrides) -> TestClient:
    """A client of a fresh app on `data`, as a browser on this machine reaches it."""
    return TestClient(create_app(web_config(data, **overrides), pool), base_url=BASE_URL)


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The form token a page carries (the GET also sets the session cookie it is tied to)."""
    page = client.get(path)
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)


def files_field(*files: Path | tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes]]]:
    """Multipart `file` fields for paths or (name, bytes) pairs."""
    return [("file", (f.name, f.read_bytes()) if isinstance(f, Path) else f) for f in files]


def check(client: TestClient, *files: Path | tuple[str, bytes], **fields: str):
    """POST /api/check as a script would (no Origin, no cookie needed)."""
    return client.post("/api/check", files=files_field(*files), data={"as_of": AS_OF, **fields})
