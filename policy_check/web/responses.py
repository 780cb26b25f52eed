"""A refusal in the form the caller reads: JSON `{"error": ...}` for the API, one line of text for pages."""

from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Scope


def refusal(scope: Scope, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if scope.get("path", "").startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)
