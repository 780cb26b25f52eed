"""Run the app under uvicorn on a socket bound here, so a taken port is one line and `--port 0` works.

The worker pool is forked first, before the socket exists and before any server thread starts, so
no worker holds the listening socket or copies a threaded process.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from dataclasses import replace

import click
import uvicorn

from policy_check.errors import ConfigError
from policy_check.web.app import create_app
from policy_check.web.checking import start_pool
from policy_check.web.config import WebConfig, is_loopback, loopback_hosts

# How long a thread rendering a report may hold the GIL before the event loop gets it (Python's default
# is 5 ms): the loop answers small requests while big ones are rendered beside it.
SWITCH_SECONDS = 0.001


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port); a failure is a ConfigError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.set_inheritable(True)
    return sock


def serve(config: WebConfig, jobs: int, open_browser: bool) -> None:
    """Check in `jobs` workers and serve until Ctrl-C; prints the URL first."""
    pool = start_pool(config.ruleset, jobs, config.timeout)
    try:
        sock = bind(config.host, config.port)
        config = replace(config, port=sock.getsockname()[1])
        if is_loopback(config.host):
            config = replace(config, allowed_hosts=loopback_hosts(config.host, config.port))
        app = create_app(config, pool, owns_pool=True)
        click.echo(f"policy-check: serving {config.url} (data in {config.data}); press Ctrl-C to stop")
        sys.stdout.flush()
        if open_browser:
            address = config.url + (f"?token={config.token}" if config.token else "")
            threading.Timer(1.0, webbrowser.open, args=(address,)).start()
        sys.setswitchinterval(SWITCH_SECONDS)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        server.run(sockets=[sock])
    finally:
        pool.close()
