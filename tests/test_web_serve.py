"""`policy-check serve` as a user runs it: one line and exit 2 without the web extra (every other command
still works without it), a taken port, and a real server that never opens a connection to the network."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "corpus" / "cdat-ect-policy.txt"
# Makes the web extra's modules unimportable, as after `pip install .` without [web].
WITHOUT_WEB = '''
import sys
class _NoWebExtra:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("starlette", "uvicorn", "python_multipart", "multipart", "httpx"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _NoWebExtra())
'''
# Refuses and logs any outbound connection, as tests/test_offline.py does for the other commands.
NO_NETWORK = '''
import os, socket
_log = os.environ["POLICY_CHECK_NETWORK_LOG"]
_connect = socket.socket.connect
def _refuse(self, address, *args):
    host = address[0] if isinstance(address, tuple) else str(address)
    if self.family == socket.AF_UNIX:
        return _connect(self, address, *args)
    with open(_log, "a") as handle:
        handle.write(repr(address) + "\\n")
    raise OSError("network disabled for this test")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = lambda *a, **k: _refuse(socket.socket(), a[0])
'''


def policy_check(tmp_path: Path, sitecustomize: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    (tmp_path / "sitecustomize.py").write_text(sitecustomize, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    return subprocess.run([sys.executable, "-m", "policy_check", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def test_serve_without_the_web_extra_says_which_extra_to_install(tmp_path: Path) -> None:
    result = policy_check(tmp_path, WITHOUT_WEB, "serve")
    assert result.returncode == 2
    assert result.stderr == 'policy-check: serve needs the web extra: pip install "policy-check[web]"\n'


@pytest.mark.parametrize("command", [
    ["--help"],
    ["check", str(POLICY), "--format", "json", "--as-of", "2026-11-24"],
    ["audit", str(POLICY), "--out", "{tmp}/audit", "--jobs", "1", "--as-of", "2026-11-24"],
    ["serve", "--help"],
    ["decisions", "export", "--help"],
])
def test_every_other_command_works_without_the_web_extra(tmp_path: Path, command: list[str]) -> None:
    result = policy_check(tmp_path, WITHOUT_WEB, *(part.replace("{tmp}", str(tmp_path)) for part in command))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def test_decisions_export_needs_no_web_extra(tmp_path: Path, web_pool) -> None:
    from web_helpers import check, make_client

    client = make_client(tmp_path / "data", web_pool)
    policy = check(client, POLICY).json()["policies"][0]
    client.post("/api/decisions", json={"sha256": policy["sha256"], "rule_id": policy["findings"][0]["rule_id"],
                                        "status": "missing", "note": "", "reviewer": "Jo Patel"})
    result = policy_check(tmp_path, WITHOUT_WEB, "decisions", "export", "--data", str(tmp_path / "data"),
                          "--gold", str(tmp_path / "gold"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "gold" / "cdat-ect-policy.yaml").is_file()


def test_a_taken_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        result = policy_check(tmp_path, "", "serve", "--port", str(taken.getsockname()[1]),
                              "--data", str(tmp_path / "data"))
    finally:
        taken.close()
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "cannot listen on 127.0.0.1:" in result.stderr


def test_a_real_server_checks_and_serves_without_any_network_connection(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "POLICY_CHECK_NETWORK_LOG": str(log)}
    server = subprocess.Popen([sys.executable, "-m", "policy_check", "serve", "--port", "0", "--data",
                               str(tmp_path / "data"), "--jobs", "1"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
        boundary = "policycheckboundary"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{POLICY.name}"\r\n\r\n'
                ).encode() + POLICY.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(url + "api/check", data=body, method="POST",
                                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            sha256 = json.load(response)["policies"][0]["sha256"]
        for path in ("", "matrix", f"policies/{sha256}", "matrix.csv", f"policies/{sha256}/report.docx"):
            with urllib.request.urlopen(url + path, timeout=60) as response:
                assert response.status == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert not log.exists(), log.read_text()
    assert "Traceback" not in stderr
