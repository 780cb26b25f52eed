"""No test may reach the network: connections outside the loopback address are refused.

Loopback stays open because the browser test drives chromedriver on localhost.
"""

from __future__ import annotations

import socket

import pytest

_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not host.startswith(_LOOPBACK) and sock.family != socket.AF_UNIX:
            raise OSError(f"network access attempted from a test: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(scope="session")
def web_pool():
    """One pool of two checking workers for every web test (forked once, before any test client thread)."""
    pytest.importorskip("starlette")
    from policy_check.web.checking import start_pool

    pool = start_pool("england-ect-induction", 2, 60.0)
    yield pool
    pool.close()
