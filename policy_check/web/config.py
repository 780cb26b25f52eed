"""How a server runs: where it listens, who may use it, where it keeps data, and its limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from policy_check.errors import ConfigError
from policy_check.extract import limits

TOKEN_VARIABLE = "POLICY_CHECK_TOKEN"
MAX_UPLOAD_BYTES = limits.MAX_FILE_BYTES
"""Largest request body: the file-size limit. The start page sends each file in its own request."""
MAX_FILES_PER_UPLOAD = 500
CHECK_TIMEOUT_SECONDS = 60.0  # per file, as `audit --timeout` defaults to
OCR_SHARE_OF_TIMEOUT = 0.75  # a scan's OCR stops here, so it is checked on the pages read (as in audit)


@dataclass(frozen=True)
class WebConfig:
    """One server's settings; `allowed_hosts` is empty when any Host header is accepted (token required)."""

    data: Path
    ruleset: str
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    as_of: str | None = None  # YYYY-MM-DD; None: the day each check runs
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    timeout: float = CHECK_TIMEOUT_SECONDS
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Any address but loopback is reachable from the network: refuse it without an access token."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"--host {host} is reachable from other machines: set {TOKEN_VARIABLE} to an access "
                          f"token (every request must then carry it), or serve on 127.0.0.1")


def loopback_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a loopback server answers, so a page on another site cannot reach it by DNS rebinding."""
    names = {host if ":" not in host else f"[{host}]", "127.0.0.1", "localhost", "[::1]"}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))
