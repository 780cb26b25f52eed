"""Downloads: the matrix's CSVs and JSON report, each policy's report (HTML, Word, JSON), and its marked-up
copy and letter once made. File names are made of safe characters from the uploaded name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from policy_check.audit.names import safe_stem
from policy_check.report import render
from policy_check.store.policies import outputs_of, stored_file
from policy_check.web.checking import ruleset_for
from policy_check.web.matrix import LETTER, MARKED_UP, combined_report, current_matrix, findings_csv, matrix_csv
from policy_check.web.reviews import known_hash, report_for
from policy_check.web.views import with_hints

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_FORMATS = {"html": "text/html; charset=utf-8", "docx": DOCX, "json": "application/json"}


def attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{safe_stem(name)}"'}


async def matrix_file(request: Request) -> Response:
    web = request.app.state.web
    name = request.url.path.lstrip("/")
    built = await run_in_threadpool(current_matrix, web)
    if name == "matrix.csv":
        return Response(await run_in_threadpool(matrix_csv, web, built), media_type="text/csv; charset=utf-8",
                        headers=attachment(name))
    if name == "findings.csv":
        return Response(await run_in_threadpool(findings_csv, web, built), media_type="text/csv; charset=utf-8",
                        headers=attachment(name))
    rendered = await run_in_threadpool(render, combined_report(built), "json")
    return Response(rendered, media_type="application/json", headers=attachment(name))


async def policy_report(request: Request) -> Response:
    """The policy's report in one of the CLI's formats (`check --format html|docx|json`)."""
    web = request.app.state.web
    sha256, fmt = known_hash(request.path_params["sha"]), request.path_params["format"]
    if fmt not in REPORT_FORMATS:
        raise HTTPException(404, "policy-check: reports come as report.html, report.docx or report.json")
    report = await report_for(web, sha256)
    policy = with_hints(report.policies[0], ruleset_for(web.config.ruleset))
    rendered = await run_in_threadpool(render, replace(report, policies=(policy,)), fmt)
    return Response(rendered, media_type=REPORT_FORMATS[fmt],
                    headers=attachment(f"{Path(policy.source).stem}.report.{fmt}"))


async def policy_output(request: Request) -> Response:
    """The marked-up copy or the letter, when it has been made."""
    web = request.app.state.web
    sha256, kind = known_hash(request.path_params["sha"]), request.path_params["kind"]
    if kind not in (MARKED_UP, LETTER) or kind not in await run_in_threadpool(outputs_of, web.store, sha256):
        raise HTTPException(404, "policy-check: not made yet: use 'Make the marked-up copy and letter'")
    stored = await run_in_threadpool(stored_file, web.store, sha256)
    name = f"{Path(stored.name).stem if stored else 'policy'}.{'review' if kind == MARKED_UP else 'letter'}.docx"
    return FileResponse(web.store.output_path(sha256, kind), media_type=DOCX, headers=attachment(name))


ROUTES = [
    Route("/matrix.csv", matrix_file),
    Route("/findings.csv", matrix_file),
    Route("/report.json", matrix_file),
    Route("/policies/{sha}/report.{format}", policy_report),
    Route("/policies/{sha}/{kind}.docx", policy_output),
]
