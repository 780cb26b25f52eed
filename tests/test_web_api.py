"""The JSON API: POST /api/check gives exactly what `check --format json` prints (apart from generated_at),
422 with the CLI's one-line reason when the only file is unreadable, and the decisions API."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from report_schema import assert_valid_report  # noqa: E402
from web_helpers import AS_OF, CORPUS, RENDERINGS, check, make_client  # noqa: E402

BROKEN_DOCX = ("broken.docx", b"PK\x03\x04 this is no Word file")


@pytest.fixture()
def client(tmp_path: Path, web_pool):
    return make_client(tmp_path / "data", web_pool)


def cli_json(folder: Path, *names: str) -> tuple[int, dict, str]:
    """`policy-check check NAME... --format json` run in `folder`, as a user would type it."""
    result = subprocess.run([sys.executable, "-m", "policy_check", "check", *names, "--format", "json",
                             "--as-of", AS_OF], capture_output=True, text=True, cwd=folder, timeout=300)
    return result.returncode, json.loads(result.stdout), result.stderr


def without_generated_at(report: dict) -> dict:
    return {key: value for key, value in report.items() if key != "generated_at"}


def test_healthz_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_check_gives_the_report_check_prints_for_the_same_files(client, tmp_path: Path) -> None:
    sources = [CORPUS / "crestwood-ect-policy.txt", RENDERINGS / "westgate-ect-itt-policy.docx"]
    folder = tmp_path / "cli"
    folder.mkdir()
    for source in sources:
        shutil.copy(source, folder)
    _, expected, _ = cli_json(folder, *(source.name for source in sources))
    response = check(client, *sources)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert_valid_report(response.json())
    assert without_generated_at(response.json()) == without_generated_at(expected)
    assert [p["source"] for p in response.json()["policies"]] == ["crestwood-ect-policy.txt",
                                                                   "westgate-ect-itt-policy.docx"]


def test_an_upload_whose_only_file_is_unreadable_is_422_with_the_cli_reason(client, tmp_path: Path) -> None:
    (tmp_path / BROKEN_DOCX[0]).write_bytes(BROKEN_DOCX[1])
    code, _, stderr = cli_json(tmp_path, BROKEN_DOCX[0])
    assert code == 2
    response = check(client, BROKEN_DOCX)
    assert response.status_code == 422
    assert "policy-check: " + response.json()["error"] == stderr.strip()


def test_in_an_upload_of_several_files_an_unreadable_one_is_listed_and_the_others_checked(client, tmp_path) -> None:
    (tmp_path / BROKEN_DOCX[0]).write_bytes(BROKEN_DOCX[1])
    shutil.copy(CORPUS / "cdat-ect-policy.txt", tmp_path)
    _, expected, _ = cli_json(tmp_path, "cdat-ect-policy.txt", BROKEN_DOCX[0])
    response = check(client, CORPUS / "cdat-ect-policy.txt", BROKEN_DOCX)
    assert response.status_code == 200
    policies = response.json()["policies"]
    assert policies[0]["error"] is None and len(policies[0]["findings"]) > 40
    assert policies[1]["error"].startswith("not a Word .docx file")
    assert without_generated_at(response.json()) == without_generated_at(expected)


def test_a_zip_of_policies_is_checked_file_by_file_passing_over_what_audit_passes_over(client) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("trust/cdat-ect-policy.txt", (CORPUS / "cdat-ect-policy.txt").read_bytes())
        zipped.writestr("trust/lumen.md", (RENDERINGS / "lumen-ect-policy.md").read_bytes())
        zipped.writestr("trust/README.txt", b"index of the folder")
        zipped.writestr("__MACOSX/trust/._lumen.md", b"\x00\x05\x16\x07")
    response = check(client, ("policies.zip", archive.getvalue()))
    assert response.status_code == 200
    assert [p["source"] for p in response.json()["policies"]] == ["cdat-ect-policy.txt", "lumen.md"]
    assert all(p["error"] is None for p in response.json()["policies"])


def test_as_of_and_ruleset_fields_choose_the_date_and_a_bundled_ruleset(client) -> None:
    response = check(client, CORPUS / "westgate-ect-itt-policy.txt", as_of="2023-12-01",
                     ruleset="england-ect-induction@2021")
    report = response.json()
    assert response.status_code == 200 and report["as_of"] == "2023-12-01"
    assert report["ruleset"]["edition"] == "2021"


@pytest.mark.parametrize(("fields", "words"), [
    ({"as_of": "24/11/2026"}, "is not a date"),
    ({"ruleset": "/etc/passwd"}, "is not a bundled ruleset"),
    ({"ruleset": "no-such-ruleset"}, "is not a bundled ruleset"),
])
def test_a_bad_field_is_400_with_one_line(client, fields: dict, words: str) -> None:
    response = check(client, CORPUS / "cdat-ect-policy.txt", **fields)
    assert response.status_code == 400 and words in response.json()["error"]


def test_a_request_without_a_file_is_400(client) -> None:
    response = client.post("/api/check", data={"as_of": AS_OF})
    assert response.status_code == 400 and "file" in response.json()["error"]


def test_decisions_are_recorded_with_the_checker_status_and_listed(client) -> None:
    policy = check(client, CORPUS / "crestwood-ect-policy.txt").json()["policies"][0]
    gap = next(f for f in policy["findings"] if f["status"] != "met")
    decision = {"sha256": policy["sha256"], "rule_id": gap["rule_id"], "status": "met",
                "note": "the second paragraph covers it", "reviewer": "Jo Patel"}
    response = client.post("/api/decisions", json=decision)
    assert response.status_code == 201
    recorded = response.json()
    assert recorded["checker_status"] == gap["status"] and recorded["status"] == "met"
    assert recorded["reviewer"] == "Jo Patel" and recorded["decided_at"].endswith("Z")
    listed = client.get("/api/decisions", params={"sha256": policy["sha256"]}).json()
    assert [(d["rule_id"], d["status"], d["note"]) for d in listed] == [
        (gap["rule_id"], "met", "the second paragraph covers it")]


def test_a_decision_that_cannot_be_recorded_says_why(client) -> None:
    policy = check(client, CORPUS / "cdat-ect-policy.txt").json()["policies"][0]
    good = {"sha256": policy["sha256"], "rule_id": policy["findings"][0]["rule_id"], "status": "met",
            "note": "", "reviewer": "Jo Patel"}
    assert client.post("/api/decisions", json={**good, "status": "fine"}).status_code == 400
    assert client.post("/api/decisions", json={**good, "reviewer": " "}).status_code == 400
    assert client.post("/api/decisions", json={**good, "rule_id": "NO-SUCH-RULE"}).status_code == 400
    assert client.post("/api/decisions", json={**good, "sha256": "0" * 64}).status_code == 404
    assert client.post("/api/decisions", content=json.dumps(good),
                       headers={"content-type": "text/plain"}).status_code == 415
    assert client.get("/api/decisions", params={"sha256": policy["sha256"]}).json() == []
