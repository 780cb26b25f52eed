"""The tool never touches the network: every main command runs with sockets disabled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY = str(ROOT / "examples" / "renderings" / "crestwood-ect-policy.docx")
SITECUSTOMIZE = '''
import os, socket
_log = os.environ["POLICY_CHECK_NETWORK_LOG"]

def _refuse(*args, **kwargs):
    with open(_log, "a") as handle:
        handle.write(repr(args[:2]) + "\\n")
    raise OSError("network disabled for this test")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''
COMMANDS = [
    ["check", POLICY, "--format", "json"],
    ["check", POLICY, "--format", "html"],
    ["check", POLICY, "--format", "docx", "--output", "{tmp}/report.docx"],
    ["check", POLICY, "--format", "sarif"],
    ["extract", POLICY],
    ["audit", str(ROOT / "examples" / "renderings" / "cdat-ect-policy.pdf"), "--out", "{tmp}/audit", "--jobs", "1"],
    ["rules", "test", "--rule", "TT-REDUCTION-Y1"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]).replace(str(ROOT) + "/", ""))
def test_command_runs_with_sockets_disabled(command, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "POLICY_CHECK_NETWORK_LOG": str(log)}
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = subprocess.run([sys.executable, "-m", "policy_check", *args, "--as-of", "2026-11-24"]
                            if command[0] in ("check", "audit") else [sys.executable, "-m", "policy_check", *args],
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    assert not log.exists(), log.read_text()
