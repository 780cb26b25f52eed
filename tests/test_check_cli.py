"""`policy-check check` as CI and users run it: exit codes, JSON contract, determinism, stdin, colour."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from report_schema import assert_valid_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
AS_OF = "2026-11-24"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_check", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT, timeout=120)


def test_json_report_follows_the_contract_for_every_corpus_policy():
    policies = sorted(CORPUS.glob("*.txt"))
    result = run("check", *map(str, policies), "--format", "json", "--as-of", AS_OF)
    assert result.returncode == 1, result.stderr  # every corpus policy has statutory gaps
    report = json.loads(result.stdout)
    assert_valid_report(report)
    assert report["as_of"] == AS_OF and report["ruleset"]["edition"] == "2025"
    for policy in report["policies"]:
        ids = [f["rule_id"] for f in policy["findings"]]
        assert len(ids) == 46 and len(set(ids)) == 46
        for finding in policy["findings"]:
            assert finding["status"] in ("met", "partial", "missing", "conflict")
            if finding["status"] == "missing":
                assert finding["evidence"] == [] and finding["looked_for"]
            elif finding["status"] in ("partial", "conflict"):
                assert finding["evidence"], finding["rule_id"]


def test_same_inputs_give_identical_json_apart_from_generated_at():
    path = str(CORPUS / "lumen-ect-policy.txt")
    first = run("check", path, "--format", "json", "--as-of", AS_OF).stdout
    second = run("check", path, "--format", "json", "--as-of", AS_OF).stdout
    strip = lambda text: re.sub(r'"generated_at": "[^"]*"', "", text)  # noqa: E731
    assert strip(first) == strip(second)


def test_fail_on_never_exits_zero_and_advisory_threshold_still_fails():
    path = str(CORPUS / "crestwood-ect-policy.txt")
    assert run("check", path, "--as-of", AS_OF, "--fail-on", "never").returncode == 0
    assert run("check", path, "--as-of", AS_OF, "--fail-on", "advisory").returncode == 1


def test_an_unreadable_file_exits_2_and_the_good_one_is_still_reported(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run("check", str(empty), str(CORPUS / "cdat-ect-policy.txt"), "--format", "json", "--as-of", AS_OF)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "empty.pdf" in result.stderr and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert_valid_report(report)
    bad, good = report["policies"]
    assert bad["error"] and bad["findings"] == []
    assert good["error"] is None and len(good["findings"]) == 46


def test_standard_input_is_read_as_a_policy():
    text = "ECT policy\n\nECTs receive a 10% reduction in the first year and 5% in the second year, in addition to PPA time.\n"
    result = run("check", "-", "--format", "json", "--as-of", AS_OF, stdin=text)
    statuses = {f["rule_id"]: f["status"] for f in json.loads(result.stdout)["policies"][0]["findings"]}
    assert statuses["TT-REDUCTION-Y1"] == statuses["TT-REDUCTION-Y2"] == statuses["TT-PPA-ADDITIONAL"] == "met"


def test_text_output_has_no_colour_when_piped_and_quotes_evidence():
    result = run("check", str(CORPUS / "westgate-ect-itt-policy.txt"), "--as-of", AS_OF, "--fail-on", "never")
    assert "\x1b[" not in result.stdout
    assert "ELIG-AB-NAMED" in result.stdout and "Conflict" in result.stdout
    assert "ECTs will be registered with the LA" in result.stdout


@pytest.mark.parametrize("as_of, status", [("2023-12-01", "met"), ("2026-11-24", "conflict")])
def test_review_dates_are_judged_as_of_the_given_date(as_of, status):
    result = run("check", str(CORPUS / "westgate-ect-itt-policy.txt"), "--format", "json", "--as-of", as_of)
    findings = {f["rule_id"]: f for f in json.loads(result.stdout)["policies"][0]["findings"]}
    assert findings["DOC-REVIEW-CURRENT"]["status"] == status


def test_a_bad_date_or_ruleset_is_a_usage_error():
    path = str(CORPUS / "cdat-ect-policy.txt")
    assert run("check", path, "--as-of", "24/11/2026").returncode == 2
    result = run("check", path, "--ruleset", "no-such-ruleset")
    assert result.returncode == 2 and "no-such-ruleset" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_every_command():
    result = run("--help")
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.startswith("  ") and line.split()}
    for command in ("check", "extract", "rules", "audit", "diff", "explain-changes", "serve", "decisions"):
        assert command in listed, f"`policy-check --help` does not list {command}"


def _gaps(path: Path) -> str:
    """'21 gaps, 5 statutory' for a policy, counted from its JSON report."""
    report = json.loads(run("check", str(path), "--format", "json", "--as-of", AS_OF).stdout)
    findings = report["policies"][0]["findings"]
    gaps = [f for f in findings if f["status"] != "met"]
    return f"{len(gaps)} gaps, {sum(f['severity'] == 'statutory' for f in gaps)} statutory"


def _run_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_check", *args], capture_output=True, text=True, cwd=folder,
                          timeout=120)


def test_docx_without_output_is_written_to_a_file_per_policy_not_the_terminal(tmp_path):
    crestwood, cdat = CORPUS / "crestwood-ect-policy.txt", CORPUS / "cdat-ect-policy.txt"
    result = _run_in(tmp_path, "check", str(crestwood), str(cdat), "--format", "docx", "--as-of", AS_OF)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (f"wrote crestwood-ect-policy.report.docx: {_gaps(crestwood)}\n"
                             f"wrote cdat-ect-policy.report.docx: {_gaps(cdat)}\n")
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["cdat-ect-policy.report.docx", "crestwood-ect-policy.report.docx"]
    document = docx.Document(str(tmp_path / "crestwood-ect-policy.report.docx"))
    assert "Crestwood Community School" in [p.text for p in document.paragraphs]
    assert "CDAT" not in [p.text for p in document.paragraphs]


def test_docx_with_output_names_the_file_it_wrote(tmp_path):
    crestwood = CORPUS / "crestwood-ect-policy.txt"
    result = _run_in(tmp_path, "check", str(crestwood), "--format", "docx", "--output", "feedback.docx",
                     "--as-of", AS_OF)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"wrote feedback.docx: {_gaps(crestwood)}\n", "")
    assert docx.Document(str(tmp_path / "feedback.docx")).paragraphs


def test_docx_of_an_unreadable_policy_writes_nothing_and_exits_2(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = _run_in(tmp_path, "check", str(empty), "--format", "docx", "--as-of", AS_OF)
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["empty.pdf"]
