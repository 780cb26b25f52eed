"""The web app is safe by default: each case of issue 14 has its own test.

Non-loopback without a token, a wrong token, an oversized upload, a path in a file name, a zip bomb
inside an uploaded .zip, a cross-site Origin, a form post without its CSRF token; and beside them the
Content-Security-Policy, the Host check and escaped policy text.
"""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")

from policy_check.cli import cli  # noqa: E402
from policy_check.errors import ConfigError  # noqa: E402
from policy_check.web.app import create_app  # noqa: E402
from policy_check.web.config import check_binding  # noqa: E402
from web_helpers import CORPUS, check, csrf_of, files_field, make_client, web_config  # noqa: E402

TOKEN = "correct-horse-battery-staple-42"
EVIL = "https://evil.example"


@pytest.fixture()
def client(tmp_path: Path, web_pool):
    return make_client(tmp_path / "data", web_pool)


def test_serve_refuses_a_non_loopback_address_without_a_token(monkeypatch) -> None:
    monkeypatch.delenv("POLICY_CHECK_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "POLICY_CHECK_TOKEN" in result.stderr
    with pytest.raises(ConfigError):
        check_binding("192.168.1.20", None)
    for loopback in ("127.0.0.1", "127.3.2.1", "::1", "localhost"):
        check_binding(loopback, None)
    check_binding("0.0.0.0", TOKEN)


def test_with_a_token_every_request_needs_it_and_a_wrong_one_is_refused(tmp_path: Path, web_pool) -> None:
    client = make_client(tmp_path / "data", web_pool, token=TOKEN, allowed_hosts=frozenset())
    for path in ("/healthz", "/", "/matrix", "/static/app.js"):
        assert client.get(path).status_code == 401
    assert check(client, CORPUS / "cdat-ect-policy.txt").status_code == 401
    wrong = {"authorization": "Bearer not-the-token"}
    assert client.get("/healthz", headers=wrong).status_code == 401
    assert client.get("/healthz", headers={"cookie": "policy_check_access=caf\u00e9".encode()}).status_code == 401
    assert client.get("/?token=not-the-token", follow_redirects=False).status_code == 401
    right = {"authorization": f"Bearer {TOKEN}"}
    assert client.get("/healthz", headers=right).status_code == 200
    assert client.post("/api/check", headers=right, files=files_field(CORPUS / "cdat-ect-policy.txt"),
                       data={"as_of": "2026-11-24"}).status_code == 200
    login = client.get(f"/matrix?token={TOKEN}", follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/matrix"
    assert client.get("/matrix").status_code == 200  # the cookie set by the login now carries it


async def _post_in_chunks(app, declared: int | None, body: bytes, chunk: int) -> tuple[int, int]:
    """POST `body` to /api/check straight through ASGI: (status, how many chunks the app read)."""
    reads = 0
    status = 0
    headers = [(b"host", b"127.0.0.1:8765"), (b"content-type", b"multipart/form-data; boundary=LIMIT")]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8765), "root_path": ""}

    async def receive():
        nonlocal reads
        start = reads * chunk
        reads += 1
        return {"type": "http.request", "body": body[start:start + chunk], "more_body": start + chunk < len(body)}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status, reads


def test_an_oversized_upload_is_413_before_it_is_read_whole(tmp_path: Path, web_pool) -> None:
    app = create_app(web_config(tmp_path / "data", max_upload_bytes=100_000), web_pool)
    body = (b'--LIMIT\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + b"policy text " * 200_000 + b"\r\n--LIMIT--\r\n")
    # Content-Length over the limit: refused with nothing read.
    assert asyncio.run(_post_in_chunks(app, len(body), body, 65_536)) == (413, 0)
    # No length given (chunked): refused as soon as what arrived passes the limit, 2 chunks of 37.
    assert asyncio.run(_post_in_chunks(app, None, body, 65_536)) == (413, 2)
    assert not list((tmp_path / "data" / "files").iterdir())


def test_a_path_in_a_file_name_never_becomes_a_path(client, tmp_path: Path) -> None:
    target = tmp_path / "escaped.txt"
    text = (CORPUS / "cdat-ect-policy.txt").read_bytes()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(str(tmp_path / "from-zip.txt"), text + b"\nzip")  # an absolute path
        zipped.writestr("../../" + str(tmp_path / "dotted.txt").lstrip("/"), text)  # passed over, as hidden folders are
    response = check(client, ("../" * 12 + str(target).lstrip("/"), text), ("..\\..\\windows.txt", text + b"\n1"),
                     ("/etc/cron.daily/owned.txt", text + b"\n2"), ("archive.zip", archive.getvalue()))
    assert response.status_code == 200
    assert [p["source"] for p in response.json()["policies"]] == ["escaped.txt", "windows.txt", "owned.txt",
                                                                   "from-zip.txt"]
    assert not target.exists() and not (tmp_path / "from-zip.txt").exists() and not (tmp_path / "dotted.txt").exists()
    assert not Path("/etc/cron.daily/owned.txt").exists()
    kept = sorted(path.name for path in (tmp_path / "data" / "files").iterdir())
    assert kept == sorted(f"{p['sha256']}.txt" for p in response.json()["policies"])


def test_a_zip_bomb_inside_an_uploaded_zip_is_refused_unread(client, monkeypatch) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("policy.txt", b"\0" * (20 * 1024 * 1024))
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a[0]) or real_open(self, *a, **k))
    response = check(client, ("bomb.zip", bomb.getvalue()))
    assert response.status_code == 422
    assert re.fullmatch(r"bomb\.zip: policy\.txt compressed \d+:1 \(over MAX_COMPRESSION_RATIO\): a zip bomb\?",
                        response.json()["error"])
    assert opened == []  # refused from the zip's directory, nothing unpacked


def test_a_word_zip_bomb_in_an_uploaded_zip_is_listed_and_the_rest_checked(client) -> None:
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("word/document.xml", b" " * (5 * 1024 * 1024))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("bomb.docx", word.getvalue())
        zipped.writestr("cdat.txt", (CORPUS / "cdat-ect-policy.txt").read_bytes())
    policies = check(client, ("two.zip", archive.getvalue())).json()["policies"]
    assert "zip bomb" in policies[0]["error"] and policies[0]["source"] == "bomb.docx"
    assert policies[1]["error"] is None and policies[1]["findings"]


def test_a_state_changing_request_from_another_site_is_403(client) -> None:
    csrf = csrf_of(client)
    file = files_field(CORPUS / "cdat-ect-policy.txt")
    for headers in ({"origin": EVIL}, {"origin": "null"}, {"origin": "http://127.0.0.1:9999"},
                    {"sec-fetch-site": "cross-site"}):
        assert client.post("/api/check", files=file, headers=headers).status_code == 403
        assert client.post("/upload", files=file, data={"csrf_token": csrf}, headers=headers).status_code == 403
        assert client.post("/api/decisions", json={}, headers=headers).status_code == 403
    assert client.get("/", headers={"origin": EVIL}).status_code == 200  # reading is not changing
    same = client.post("/upload", files=file, data={"csrf_token": csrf, "as_of": "2026-11-24"},
                       headers={"origin": "http://127.0.0.1:8765", "sec-fetch-site": "same-origin"},
                       follow_redirects=False)
    assert same.status_code == 200 and "Checked" in same.text


def test_a_form_post_without_its_csrf_token_is_403(client) -> None:
    file = files_field(CORPUS / "cdat-ect-policy.txt")
    sha256 = check(client, CORPUS / "cdat-ect-policy.txt").json()["policies"][0]["sha256"]
    csrf = csrf_of(client)
    decision = {"rule_id": "DOC-APPROVAL", "verdict": "agree", "reviewer": "Jo Patel"}
    for token in ({}, {"csrf_token": "0" * 64}, {"csrf_token": "\u00e9t\u00e9"}):
        assert client.post("/upload", files=file, data=token).status_code == 403
        assert client.post(f"/policies/{sha256}/decisions", data={**decision, **token}).status_code == 403
        assert client.post(f"/policies/{sha256}/markup", data={"sender": "Jo, Hub", **token}).status_code == 403
    assert client.get("/api/decisions", params={"sha256": sha256}).json() == []
    other_browser = make_client(client.app.state.web.config.data, client.app.state.web.pool)
    other_browser.get("/")  # its own session: the first browser's token is not valid for it
    assert other_browser.post("/upload", files=file, data={"csrf_token": csrf}).status_code == 403
    posted = client.post(f"/policies/{sha256}/decisions", data={**decision, "csrf_token": csrf},
                         follow_redirects=False)
    assert posted.status_code == 303


def test_pages_run_no_inline_script_and_load_nothing_from_elsewhere(client) -> None:
    sha256 = check(client, CORPUS / "crestwood-ect-policy.txt").json()["policies"][0]["sha256"]
    for path in ("/", "/matrix", f"/policies/{sha256}", f"/checked?sha={sha256}",
                 f"/policies/{sha256}/changes?from={sha256}"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
        html = response.text
        assert re.findall(r"<script(?![^>]*\ssrc=)", html) == [], path
        assert re.findall(r"\son[a-z]+\s*=", html) == [], path
        assert re.findall(r'(?:src|href|action)="(?:https?:)?//', html) == [], path


def test_policy_text_is_escaped_on_every_page(client) -> None:
    hostile = (CORPUS / "cdat-ect-policy.txt").read_text(encoding="utf-8") + \
        '\n\nECTs get a 10% reduction <script>alert(1)</script> when x<y & "z"\n'
    name = "<img src=x onerror=alert(2)>.txt"
    sha256 = check(client, (name, hostile.encode())).json()["policies"][0]["sha256"]
    for path in (f"/policies/{sha256}", "/matrix", f"/checked?sha={sha256}"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img" not in html and "x<y" not in html, path
        assert "&lt;img src=x onerror=alert(2)&gt;.txt" in html, path
    assert "x&lt;y &amp; &#34;z&#34;" in client.get(f"/policies/{sha256}").text


def test_a_loopback_server_answers_only_its_own_host_names(client) -> None:
    assert client.get("/healthz", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/healthz", headers={"host": "localhost:8765"}).status_code == 200
