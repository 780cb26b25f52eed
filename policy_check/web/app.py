"""The ASGI app: routes, the guard and body limit around them, templates with autoescaping, static files.

`create_app` takes a running worker pool, so the pool is forked before any server thread starts
(`policy-check serve`) and tests can share one.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import AsyncIterator

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from policy_check.audit.pool import WorkerPool
from policy_check.errors import PolicyCheckError
from policy_check.store.database import Store
from policy_check.web import api, downloads, pages
from policy_check.web.config import WebConfig
from policy_check.web.responses import refusal
from policy_check.web.security import Guard, csrf_token, load_secret, session_of
from policy_check.web.uploads import BodyLimit

# name -> (package, path inside it, media type): the only files served from disk, none named by a request.
STATIC = {
    "app.css": ("policy_check.web", "static/app.css", "text/css"),
    "app.js": ("policy_check.web", "static/app.js", "text/javascript"),
    "matrix.css": ("policy_check.report", "assets/matrix.css", "text/css"),
    "matrix.js": ("policy_check.report", "assets/matrix.js", "text/javascript"),
    "report.css": ("policy_check.report", "assets/report.css", "text/css"),
}


@dataclass(frozen=True)
class Web:
    """What every route needs, kept on `app.state.web`."""

    config: WebConfig
    store: Store
    pool: WorkerPool
    secret: bytes
    templates: jinja2.Environment

    async def page(self, request: Request, name: str, **context: object) -> HTMLResponse:
        """A template rendered with autoescaping, off the event loop; every page gets this browser's form token."""
        template = self.templates.get_template(name)
        html = await run_in_threadpool(template.render, csrf=csrf_token(self.secret, session_of(request)), **context)
        return HTMLResponse(html)


def create_app(config: WebConfig, pool: WorkerPool, owns_pool: bool = False) -> Starlette:
    """The app; with `owns_pool` it stops the pool when the server shuts down (uvicorn re-raises the
    signal that stopped it once it is done, so code after `server.run` may never run)."""
    store = Store.create(config.data)
    templates = jinja2.Environment(loader=jinja2.PackageLoader("policy_check.web", "templates"), autoescape=True,
                                   undefined=jinja2.StrictUndefined)
    routes = [Route("/healthz", healthz), Route("/static/{name}", static_file), Route("/favicon.ico", no_icon),
              *api.ROUTES, *pages.ROUTES, *downloads.ROUTES]
    app = Starlette(routes=routes,
                    middleware=[Middleware(Guard, config=config), Middleware(BodyLimit, limit=config.max_upload_bytes)],
                    exception_handlers={HTTPException: _http_error, PolicyCheckError: _usage_error},
                    lifespan=_closing(pool) if owns_pool else None)
    app.state.web = Web(config, store, pool, load_secret(config.data), templates)
    return app


def _closing(pool: WorkerPool):
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    return lifespan


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def no_icon(request: Request) -> Response:
    """Browsers ask for an icon; there is none, and saying so quietly keeps their consoles clean."""
    return Response(status_code=204)


async def static_file(request: Request) -> Response:
    entry = STATIC.get(request.path_params["name"])
    if entry is None:
        raise HTTPException(404, "policy-check: no such file")
    package, path, media_type = entry
    content = resources.files(package).joinpath(path).read_bytes()
    return Response(content, media_type=media_type, headers={"cache-control": "no-cache"})


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return refusal(request.scope, error.status_code, str(error.detail), error.headers)


async def _usage_error(request: Request, error: Exception) -> Response:
    """A bad field (a date, a ruleset, a decision): 400 with the one-line message."""
    return refusal(request.scope, 400, f"policy-check: {error}")
