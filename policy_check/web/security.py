"""Who may use the server and what its pages may do.

Every request: the Host header must name this server when it listens on loopback (so a web page
cannot reach it by DNS rebinding); the access token when one is set (`Authorization: Bearer`, or
the cookie set by opening `/?token=...` once); and a state-changing request whose `Origin` names
another site is refused. Every response: a Content-Security-Policy that runs no inline script and
loads nothing from anywhere but this server. Forms carry a CSRF token tied to a session cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policy_check.web.config import TOKEN_VARIABLE, WebConfig
from policy_check.web.responses import refusal

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    # Not no-referrer: with it a browser sends `Origin: null` on the page's own form posts.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCESS_COOKIE = "policy_check_access"
SESSION_COOKIE = "policy_check_session"
SESSION_SCOPE_KEY = "policy_check.session"
CSRF_FIELD = "csrf_token"


def load_secret(folder: Path) -> bytes:
    """The data folder's signing key (made once, readable by the user only), so forms survive a restart."""
    path = folder / "secret.key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_bytes(secrets.token_bytes(32))
    return path.read_bytes()


def csrf_token(secret: bytes, session: str) -> str:
    return hmac.new(secret, f"csrf:{session}".encode(), hashlib.sha256).hexdigest()


def session_of(connection: HTTPConnection) -> str:
    """This browser's session id: its cookie, or the one the guard is about to set."""
    return connection.scope.get(SESSION_SCOPE_KEY) or connection.cookies.get(SESSION_COOKIE, "")


def csrf_ok(secret: bytes, connection: HTTPConnection, submitted: object) -> bool:
    """A form's token matches the browser's session cookie (a page on another site can read neither)."""
    session = connection.cookies.get(SESSION_COOKIE, "")
    return (bool(session) and isinstance(submitted, str)
            and hmac.compare_digest(submitted.encode(), csrf_token(secret, session).encode()))


def access_cookie(token: str) -> str:
    return hmac.new(token.encode(), b"policy-check access cookie", hashlib.sha256).hexdigest()


class Guard:
    """ASGI middleware applying the rules above to every HTTP request and response."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        new_session = None if connection.cookies.get(SESSION_COOKIE) else secrets.token_hex(16)
        if new_session:
            scope[SESSION_SCOPE_KEY] = new_session

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("cache-control", "no-store")
                if new_session and headers.get("content-type", "").startswith("text/html"):  # a page with forms
                    headers.append("set-cookie", _cookie(SESSION_COOKIE, new_session))
            await send(message)

        problem = self._refusal(connection)
        if problem is not None:
            status, message, extra = problem
            await refusal(scope, status, message, extra)(scope, receive, send_with_headers)
        elif self._logging_in(connection):
            await self._log_in(connection)(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)

    def _refusal(self, connection: HTTPConnection) -> tuple[int, str, dict[str, str] | None] | None:
        host = connection.headers.get("host", "")
        if self.config.allowed_hosts and host not in self.config.allowed_hosts:
            return 400, f"policy-check: this server does not answer for host {host!r}; open {self.config.url}", None
        if self.config.token and not (self._authorised(connection) or self._logging_in(connection)):
            return (401, f"policy-check: this server needs its access token: open {self.config.url}?token=<the "
                         f"token in {TOKEN_VARIABLE}> once, or send the header 'Authorization: Bearer <token>'",
                    {"www-authenticate": "Bearer"})
        if connection.scope["method"] not in SAFE_METHODS and not _same_site(connection):
            return 403, "policy-check: refused: this request came from another site", None
        return None

    def _authorised(self, connection: HTTPConnection) -> bool:
        token = self.config.token or ""
        scheme, _, given = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return True
        return hmac.compare_digest(connection.cookies.get(ACCESS_COOKIE, "").encode(), access_cookie(token).encode())

    def _logging_in(self, connection: HTTPConnection) -> bool:
        """A GET of any page with the right `?token=`: remember it in a cookie, then drop it from the address."""
        given = connection.query_params.get("token")
        return (bool(self.config.token) and given is not None and connection.scope["method"] == "GET"
                and hmac.compare_digest(given.encode(), (self.config.token or "").encode()))

    def _log_in(self, connection: HTTPConnection) -> RedirectResponse:
        query = urlencode([(k, v) for k, v in connection.query_params.multi_items() if k != "token"])
        response = RedirectResponse(connection.url.path + (f"?{query}" if query else ""), status_code=303)
        # Lax: a link to the app from elsewhere (an email) opens it; a post from elsewhere still fails the
        # Origin check and the CSRF token.
        response.headers.append("set-cookie", _cookie(ACCESS_COOKIE, access_cookie(self.config.token or ""), "Lax"))
        return response


def _same_site(connection: HTTPConnection) -> bool:
    """No Origin (a script, curl) or this server's own; a browser's Sec-Fetch-Site must not say otherwise."""
    if connection.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    origin = connection.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == connection.headers.get("host", "") != ""


def _cookie(name: str, value: str, same_site: str = "Strict") -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite={same_site}"
