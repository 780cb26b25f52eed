"""Audits that survive interruption and re-run in seconds: kept results, Ctrl-C / SIGTERM, one audit
per folder, whole outputs, write errors in one line."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_check.cli import cli

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-24"
OUTPUTS = ("index.html", "matrix.csv", "findings.csv", "report.json", "report.jsonl")


def make_policies(folder: Path, count: int, formats: str = "txt,md,html") -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_variants.py"), str(count), str(folder),
                    "--formats", formats], check=True, stdout=subprocess.DEVNULL)
    return folder


def audit(*args: str) -> object:
    return CliRunner().invoke(cli, ["audit", *args, "--as-of", AS_OF, "--fail-on", "never"])


def without_generated_at(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    report.pop("generated_at")
    return report


def outputs(out: Path) -> dict[str, bytes]:
    """Every file an audit leaves, apart from the report's own generation time."""
    found = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith((".cache", ".lock")):
            found[relative] = path.read_bytes()
    found["report.json"] = json.dumps(without_generated_at(out / "report.json")).encode()
    for name in [n for n in found if n.endswith(".html")]:
        found[name] = b"\n".join(line for line in found[name].splitlines() if b"generated" not in line)
    return found


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_policies(tmp_path_factory.mktemp("trust") / "policies", 24)


def test_an_unchanged_re_run_reuses_every_result_and_writes_the_same_outputs(policies: Path, tmp_path: Path) -> None:
    first = audit(str(policies), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert first.exit_code == 0, first.stderr
    fresh = outputs(tmp_path / "out")
    again = audit(str(policies), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert "(24 reused from an earlier run; 0 unreadable)" in again.stderr
    assert outputs(tmp_path / "out") == fresh
    lines = (tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json.loads((tmp_path / "out" / "report.json").read_text())["policies"]


def test_a_run_killed_outright_leaves_nothing_half_written_for_the_next(policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert audit(str(policies), "--out", str(out)).exit_code == 0
    # What a run killed mid-write (kill -9, a power cut) leaves behind.
    left = [out / ".parts" / ".0000003.json.k2j4.part", out / "policies" / ".school.html.x8q1.part",
            out / "policies" / ".school.html.4242.link"]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half a fil", encoding="utf-8")
    scratch = next((out / ".cache").glob("??")) / ".deadbeef.unfinished"
    scratch.mkdir()
    (scratch / "page.html").write_text("<html", encoding="utf-8")
    again = audit(str(policies), "--out", str(out))
    assert again.exit_code == 0 and "(24 reused" in again.stderr
    assert not [path for path in left if path.exists()] and not scratch.exists()


def test_changing_one_file_or_any_setting_re_checks_what_it_must(policies: Path, tmp_path: Path) -> None:
    copy = tmp_path / "policies"
    copy.mkdir()
    for path in policies.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    out = str(tmp_path / "out")
    assert audit(str(copy), "--out", out).exit_code == 0
    changed = sorted(copy.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nReviewed again by the governors.\n", encoding="utf-8")
    assert "(23 reused from an earlier run;" in audit(str(copy), "--out", out).stderr
    other_date = CliRunner().invoke(cli, ["audit", str(copy), "--out", out, "--as-of", "2027-01-05", "--fail-on", "never"])
    assert "reused" not in other_date.stderr
    overlay = CliRunner().invoke(cli, ["audit", str(copy), "--out", out, "--as-of", "2027-01-05", "--fail-on", "never",
                                       "--ruleset", "ab-quality-assurance"])
    assert "reused" not in overlay.stderr


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_audit_stops_cleanly_and_continues_where_it_stopped(signum: int, status: int,
                                                                          tmp_path: Path) -> None:
    policies = make_policies(tmp_path / "policies", 300, formats="txt,md,html,docx")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "policy_check", "audit", str(policies), "--out", str(out), "--jobs", "2",
               "--as-of", AS_OF, "--fail-on", "never"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        if workers and len(list((out / ".cache").glob("*/*"))) >= 30:
            break
        time.sleep(0.05)
    assert process.poll() is None and workers, f"the audit ended before it could be interrupted: {process.stderr.read()}"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    assert "interrupted after " in stderr and "of 300; run the same command again to continue" in stderr
    assert "Traceback" not in stderr
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]
    assert not [p for p in out.rglob("*.part")], "a half-written file was left"
    assert not any((out / name).exists() for name in OUTPUTS), "outputs written for an unfinished audit"
    finished = int(stderr.split("interrupted after ")[1].split(" ")[0])
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    reused = int(resumed.stderr.split("(")[1].split(" reused")[0]) if " reused " in resumed.stderr else 0
    assert reused >= finished  # a worker may have kept one more just as the signal came
    whole = tmp_path / "whole"
    subprocess.run([*command[:6], str(whole), *command[7:]], check=True, capture_output=True, timeout=600)
    assert without_generated_at(out / "report.json") == without_generated_at(whole / "report.json")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "gone"


def test_a_second_audit_into_the_same_folder_refuses_in_one_line(policies: Path, tmp_path: Path) -> None:
    from policy_check.audit.lock import lock_output_folder

    out = tmp_path / "out"
    held = lock_output_folder(out)  # as a first audit still running would hold it
    try:
        result = audit(str(policies), "--out", str(out))
    finally:
        held.close()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policy-check: another audit is writing to {out}")
    assert len(result.stderr.splitlines()) == 1
    assert audit(str(policies), "--out", str(out)).exit_code == 0  # the lock goes with the first audit


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_write_error_is_one_line_and_earlier_outputs_stay_whole(failure: int, policies: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert audit(str(policies), "--out", str(out), "--jobs", "1").exit_code == 0
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    changed = sorted(policies.glob("*.md"))[0]
    original = changed.read_bytes()
    import policy_check.atomic as atomic

    real_mkstemp = atomic.tempfile.mkstemp

    def full_disk(*args, **kwargs):
        if kwargs.get("prefix", "").startswith((".index.html", ".report.json", ".matrix.csv")):
            raise OSError(failure, os.strerror(failure))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", full_disk)
    try:
        changed.write_bytes(original + b"\n\nA new paragraph.\n")
        result = audit(str(policies), "--out", str(out), "--jobs", "1")
    finally:
        changed.write_bytes(original)
    assert result.exit_code == 2
    assert result.stderr.startswith("policy-check: cannot write") and os.strerror(failure) in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert not list(out.rglob("*.part"))


def test_audit_takes_waivers_and_a_baseline_as_check_does(tmp_path: Path) -> None:
    folder = tmp_path / "trust"
    folder.mkdir()
    for name in ("crestwood-ect-policy.txt", "lumen-ect-policy.txt"):
        (folder / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    plain = audit(str(folder), "--out", str(tmp_path / "plain"))
    matrix = (tmp_path / "plain" / "matrix.csv").read_text(encoding="utf-8-sig")
    assert plain.exit_code == 0 and "conflict" in matrix
    gaps = [f for f in json.loads((tmp_path / "plain" / "report.json").read_text())["policies"][0]["findings"]
            if f["status"] == "conflict"]
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"waivers:\n  - rule: {gaps[0]['rule_id']}\n    policy: \"crestwood-*\"\n"
                       "    reason: Agreed with the AB\n    expires: 2027-06-30\n", encoding="utf-8")
    waived = CliRunner().invoke(cli, ["audit", str(folder), "--out", str(tmp_path / "waived"), "--as-of", AS_OF,
                                      "--waivers", str(waivers)])
    page = (tmp_path / "waived" / "index.html").read_text(encoding="utf-8")
    assert f'{gaps[0]["rule_id"]}: \u26a0 Conflict (waived)' in page or "(waived)" in page
    report = json.loads((tmp_path / "waived" / "report.json").read_text())
    assert any(f.get("waiver") for f in report["policies"][0]["findings"] if f["rule_id"] == gaps[0]["rule_id"])
    baseline = CliRunner().invoke(cli, ["audit", str(folder), "--out", str(tmp_path / "again"), "--as-of", AS_OF,
                                        "--baseline", str(tmp_path / "plain" / "report.json")])
    assert baseline.exit_code == 0, baseline.stderr  # every gap is already in the baseline: none counts
    bad = CliRunner().invoke(cli, ["audit", str(folder), "--out", str(tmp_path / "bad"), "--waivers",
                                   str(tmp_path / "absent.yaml")])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_an_overlays_columns_are_grouped_and_labelled_as_its_own(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", str(ROOT / "corpus" / "lumen-ect-policy.txt"), "--out",
                                      str(tmp_path / "out"), "--as-of", AS_OF, "--ruleset", "ab-quality-assurance"])
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'Quality assurance <span class="overlay">(added by ab-quality-assurance)</span>' in page
    assert page.count('<span class="overlay">') == 1  # the statutory areas are not the overlay's
    assert '<span class="title">10% timetable reduction in the first year</span>' in page  # words, ID beneath
