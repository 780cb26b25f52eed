"""The JSON API the start page uses and scripts call (documented in the README).

    POST /api/check       multipart: one or more `file` fields, optional `as_of`, `ruleset`
                          -> the report of `check --format json`; 422 when the only file is unreadable
    POST /api/decisions   {"sha256", "rule_id", "status", "note", "reviewer"} -> 201 and the decision
    GET  /api/decisions?sha256=...   -> the decisions on that policy file
"""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from policy_check.report import render
from policy_check.store.decisions import decisions_for
from policy_check.web.config import MAX_FILES_PER_UPLOAD
from policy_check.web.intake import Intake, check_uploads, request_settings
from policy_check.web.reviews import decide, known_hash, report_for
from policy_check.web.uploads import uploads_in

MAX_TEXT_FIELD_BYTES = 64 * 1024


def form_of(request: Request):
    """The multipart form (use with `async with`), with bounded counts of fields and files and bounded text
    fields; the body as a whole is bounded by the BodyLimit middleware."""
    return request.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=50, max_part_size=MAX_TEXT_FIELD_BYTES)


def text_field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


async def check_form(request: Request, form: FormData) -> Intake:
    """Check the files of a form (the API's or the start page's) with its `as_of` and `ruleset` fields."""
    web = request.app.state.web
    settings = request_settings(web.config, text_field(form, "as_of"), text_field(form, "ruleset"))
    uploads = await uploads_in(form)
    if not uploads:
        raise HTTPException(400, "policy-check: no file: send each policy in a `file` field")
    return await check_uploads(web.store, web.pool, uploads, settings, web.config.timeout)


async def check(request: Request) -> Response:
    async with form_of(request) as form:
        intake = await check_form(request, form)
    policies = intake.report.policies
    if len(policies) == 1 and policies[0].error:
        return JSONResponse({"error": f"{policies[0].source}: {policies[0].error}"}, status_code=422)
    return Response(await run_in_threadpool(render, intake.report, "json"), media_type="application/json")


async def record_decision(request: Request) -> Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "policy-check: send the decision as application/json")
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise HTTPException(400, "policy-check: the body is not JSON") from None
    fields = ("sha256", "rule_id", "status", "reviewer")
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in fields) or \
            not isinstance(body.get("note", ""), str):
        raise HTTPException(400, 'policy-check: send {"sha256", "rule_id", "status", "note", "reviewer"} as strings')
    web = request.app.state.web
    sha256 = known_hash(body["sha256"])
    report = await report_for(web, sha256)
    decision = await run_in_threadpool(decide, web, report, sha256, body["rule_id"], body["status"],
                                       body.get("note", ""), body["reviewer"])
    return JSONResponse(decision.to_dict(), status_code=201)


async def list_decisions(request: Request) -> Response:
    sha256 = request.query_params.get("sha256")
    if not sha256:
        raise HTTPException(400, "policy-check: give ?sha256= of the policy file")
    decisions = await run_in_threadpool(decisions_for, request.app.state.web.store, known_hash(sha256))
    return JSONResponse([decision.to_dict() for decision in decisions.values()])


ROUTES = [
    Route("/api/check", check, methods=["POST"]),
    Route("/api/decisions", record_decision, methods=["POST"]),
    Route("/api/decisions", list_decisions, methods=["GET"]),
]
