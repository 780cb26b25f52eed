"""The HTML pages: start (drop files), what was just checked, the matrix, a policy's report beside its text
with a decision form on every finding, and what changed between two versions.

Every form posts with its CSRF token; a form post without it is refused (403).
"""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from policy_check.audit.pool import Failure
from policy_check.compare import compare
from policy_check.findings import STATUSES
from policy_check.markup.letter import Sender
from policy_check.report.overview import group_by_area, policy_heading, ruleset_line, status_label, summary_facts
from policy_check.service import resolve_settings
from policy_check.store.decisions import decisions_for
from policy_check.store.policies import Version, outputs_of, save_output, stored_file, text_of, versions
from policy_check.web.api import check_form, form_of, text_field
from policy_check.web.checking import MarkupTask, ruleset_for, run_in_pool
from policy_check.web.matrix import LETTER, MARKED_UP, current_matrix, matrix_page
from policy_check.web.reviews import decide, known_hash, report_for
from policy_check.web.security import CSRF_FIELD, csrf_ok
from policy_check.web.views import text_view, with_hints

REVIEWER_COOKIE = "policy_check_reviewer"
HELPERS = {"status_label": status_label, "statuses": STATUSES}


async def start(request: Request) -> Response:
    web = request.app.state.web
    return await web.page(request, "start.html", as_of=web.config.as_of or dt.date.today().isoformat(), **HELPERS)


async def upload(request: Request) -> Response:
    """The start page's form without script: check everything sent, then show it (files refused before
    checking, such as a zip bomb, are listed with their reason)."""
    async with form_of(request) as form:
        _require_csrf(request, form.get(CSRF_FIELD))
        intake = await check_form(request, form)
    refused = [policy for policy, sha256 in zip(intake.report.policies, intake.hashes) if sha256 is None]
    hashes = [sha256 for sha256 in intake.hashes if sha256]
    return await request.app.state.web.page(request, "checked.html", items=await _checked(request, hashes),
                                            refused=refused, **HELPERS)


async def checked(request: Request) -> Response:
    """The files just checked (the start page's script links here)."""
    items = await _checked(request, request.query_params.getlist("sha"))
    return await request.app.state.web.page(request, "checked.html", items=items, refused=[], **HELPERS)


async def _checked(request: Request, hashes: list[str]) -> list[dict]:
    """Each file's result, with what changed since the policy's previous version."""
    web = request.app.state.web
    items = []
    for sha256 in dict.fromkeys(hashes):
        report = await report_for(web, known_hash(sha256))
        previous = previous_version(await run_in_threadpool(versions, web.store, sha256), sha256)
        comparison = None
        if previous and not report.policies[0].error:
            old = await report_for(web, previous.sha256, report.as_of)
            comparison = None if old.policies[0].error else compare(old.policies[0], report.policies[0])
        items.append({"sha256": sha256, "policy": report.policies[0], "previous": previous, "comparison": comparison})
    return items


async def matrix(request: Request) -> Response:
    web = request.app.state.web
    built = await run_in_threadpool(current_matrix, web)
    nav = web.templates.get_template("nav.html").render()
    return HTMLResponse(await run_in_threadpool(matrix_page, built, nav))


async def policy(request: Request) -> Response:
    """One policy's report beside its text, the evidence marked in place, a decision form on each finding."""
    web = request.app.state.web
    sha256 = known_hash(request.path_params["sha"])
    report = await report_for(web, sha256)
    result = with_hints(report.policies[0], ruleset_for(web.config.ruleset))
    clauses = await run_in_threadpool(text_of, web.store, sha256)
    history = await run_in_threadpool(versions, web.store, sha256)
    return await web.page(
        request, "report.html", sha256=sha256, policy=result, heading=policy_heading(result),
        meta=ruleset_line(report), facts=summary_facts(result) if not result.error else [],
        groups=group_by_area(result.findings),
        clauses=await run_in_threadpool(text_view, clauses or [], result.findings),
        decisions=await run_in_threadpool(decisions_for, web.store, sha256),
        outputs=await run_in_threadpool(outputs_of, web.store, sha256),
        versions=history, previous=previous_version(history, sha256),
        reviewer=request.cookies.get(REVIEWER_COOKIE, ""), marked_up=MARKED_UP, letter=LETTER, **HELPERS)


async def record_decision(request: Request) -> Response:
    web = request.app.state.web
    sha256 = known_hash(request.path_params["sha"])
    fields = await posted(request, "rule_id", "verdict", "status", "note", "reviewer")
    report = await report_for(web, sha256)
    finding = next((f for f in report.policies[0].findings if f.rule_id == fields["rule_id"]), None)
    agree = fields["verdict"] != "disagree"
    status = finding.status if agree and finding else fields["status"]
    await run_in_threadpool(decide, web, report, sha256, fields["rule_id"], status, fields["note"], fields["reviewer"])
    response = RedirectResponse(f"/policies/{sha256}#{fields['rule_id']}", status_code=303)
    response.set_cookie(REVIEWER_COOKIE, fields["reviewer"], max_age=365 * 24 * 3600, httponly=True,
                        samesite="strict")
    return response


async def make_markup(request: Request) -> Response:
    """The marked-up copy and the letter, made in a worker and kept for download."""
    web = request.app.state.web
    sha256 = known_hash(request.path_params["sha"])
    sender = (await posted(request, "sender"))["sender"]
    signer = Sender.parse(sender)
    if not (signer.name and signer.body):
        raise HTTPException(400, 'policy-check: give who signs the letter as "NAME, BODY"')
    stored = await run_in_threadpool(stored_file, web.store, sha256)
    report = await report_for(web, sha256)
    if stored is None or report.policies[0].error:
        raise HTTPException(404, "policy-check: no readable policy with this sha256 is kept here")
    settings = resolve_settings(ruleset=web.config.ruleset, as_of=dt.date.fromisoformat(report.as_of))
    made = await run_in_pool(web.pool, MarkupTask(str(stored.path), stored.name, settings, sender, sender))
    if isinstance(made, Failure):
        raise HTTPException(422, f"policy-check: {stored.name}: {made.reason}")
    await run_in_threadpool(save_output, web.store, sha256, MARKED_UP, made.marked_up, report.as_of)
    await run_in_threadpool(save_output, web.store, sha256, LETTER, made.letter, report.as_of)
    return RedirectResponse(f"/policies/{sha256}#downloads", status_code=303)


async def changes(request: Request) -> Response:
    """What changed from one version to another, as `policy-check diff OLD NEW` lists it."""
    web = request.app.state.web
    new_sha = known_hash(request.path_params["sha"])
    old_sha = known_hash(request.query_params.get("from", ""))
    new = await report_for(web, new_sha)
    old = await report_for(web, old_sha, new.as_of)
    if new.policies[0].error or old.policies[0].error:
        raise HTTPException(422, "policy-check: one of the two versions could not be read")
    return await web.page(request, "changes.html", sha256=new_sha, old_sha=old_sha,
                    comparison=compare(old.policies[0], new.policies[0]), **HELPERS)


async def posted(request: Request, *names: str) -> dict[str, str]:
    """A page form's text fields ("" when absent), once its CSRF token is checked."""
    async with request.form(max_files=0, max_fields=10) as form:
        _require_csrf(request, form.get(CSRF_FIELD))
        return {name: text_field(form, name) or "" for name in names}


def _require_csrf(request: Request, submitted: object) -> None:
    if not csrf_ok(request.app.state.web.secret, request, submitted):
        raise HTTPException(403, "policy-check: refused: the form's CSRF token is missing or wrong (reload the page)")


def previous_version(history: list[Version], sha256: str) -> Version | None:
    """The version uploaded before this one, if any (`history` is oldest first)."""
    position = next((i for i, version in enumerate(history) if version.sha256 == sha256), 0)
    return history[position - 1] if position > 0 else None


ROUTES = [
    Route("/", start),
    Route("/upload", upload, methods=["POST"]),
    Route("/checked", checked),
    Route("/matrix", matrix),
    Route("/policies/{sha}", policy),
    Route("/policies/{sha}/decisions", record_decision, methods=["POST"]),
    Route("/policies/{sha}/markup", make_markup, methods=["POST"]),
    Route("/policies/{sha}/changes", changes),
]
