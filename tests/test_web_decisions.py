"""Reviewers' decisions out of the data folder: gold files every gold reader accepts (the project's own
checker and accuracy test, and ../shared/eval/score.py when it is beside the project) and waivers
the CLI honours."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

pytest.importorskip("starlette")

import check_gold  # noqa: E402
import test_accuracy  # noqa: E402
from policy_check.cli import cli  # noqa: E402
from policy_check.engine.ruleset import load_ruleset  # noqa: E402
from policy_check.store.decisions import Decision  # noqa: E402
from policy_check.waivers import load_waivers  # noqa: E402
from web_helpers import AS_OF, CORPUS, ROOT, check, make_client  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"
RULE_IDS = load_ruleset("england-ect-induction").rule_ids
POLICY = CORPUS / "crestwood-ect-policy.txt"


@pytest.fixture()
def decided(tmp_path: Path, web_pool) -> tuple[Path, dict, dict]:
    """A data folder with one policy checked, one finding disagreed with and one agreed with."""
    client = make_client(tmp_path / "data", web_pool)
    policy = check(client, POLICY).json()["policies"][0]
    gap = next(f for f in policy["findings"] if f["status"] == "partial" and f["evidence"])
    agreed = next(f for f in policy["findings"] if f["status"] == "met" and f["evidence"])
    for finding, status in ((gap, "met"), (agreed, "met")):
        response = client.post("/api/decisions", json={"sha256": policy["sha256"], "rule_id": finding["rule_id"],
                                                       "status": status, "note": "read 5.2", "reviewer": "Jo Patel"})
        assert response.status_code == 201
    return tmp_path / "data", gap, agreed


def export(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["decisions", "export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_exported_gold_labels_every_rule_and_round_trips_through_the_projects_gold_readers(decided, tmp_path):
    data, gap, agreed = decided
    labelled = tmp_path / "labelled"
    code, out, _ = export("--data", str(data), "--gold", str(labelled / "gold"), "--policies", str(labelled))
    assert code == 0 and "wrote 1 gold file(s)" in out
    gold = yaml.safe_load((labelled / "gold" / "crestwood-ect-policy.yaml").read_text(encoding="utf-8"))
    assert gold["document"] == "crestwood-ect-policy.txt" and str(gold["as_of"]) == AS_OF
    assert list(gold["labels"]) == RULE_IDS and set(gold["reviewed"]) == {gap["rule_id"], agreed["rule_id"]}
    assert gold["labels"][gap["rule_id"]]["status"] == "met"
    assert "Jo Patel" in gold["labels"][gap["rule_id"]]["why"] and "read 5.2" in gold["labels"][gap["rule_id"]]["why"]
    assert gold["labels"][agreed["rule_id"]]["evidence"], "a met label keeps the quotes it was judged on"
    assert (labelled / "crestwood-ect-policy.txt").read_bytes() == POLICY.read_bytes()
    # The project's gold checker: every rule labelled, known statuses, every quote found in the policy.
    assert check_gold.problems(labelled, RULE_IDS) == []
    # The accuracy test's reader: the checker now disagrees with the gold file on exactly the one correction.
    accuracy, _, misses = test_accuracy.agreement(labelled)
    assert misses == [f"crestwood-ect-policy.txt {gap['rule_id']}: gold met, tool partial"]
    assert accuracy == pytest.approx((len(RULE_IDS) - 1) / len(RULE_IDS))


@pytest.mark.skipif(not SCORE.is_file(), reason="../shared/eval/score.py is not beside the project")
def test_exported_gold_loads_with_score_py(decided, tmp_path: Path) -> None:
    data, gap, _ = decided
    export("--data", str(data), "--gold", str(tmp_path / "set"))
    command = f"{sys.executable} -m policy_check"
    result = subprocess.run([sys.executable, str(SCORE), str(tmp_path / "set"), str(tmp_path / "set"), "--cmd", command,
                             "-v"], capture_output=True, text=True, timeout=300, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    scores = dict(pair.split("=") for pair in result.stdout.strip().splitlines()[-1].split())
    assert scores["labels"] == str(len(RULE_IDS)) and scores["docs_failed"] == "0"
    assert float(scores["status_acc"]) == pytest.approx((len(RULE_IDS) - 1) / len(RULE_IDS), abs=0.001)
    assert re.search(rf"{gap['rule_id']}\s+gold=met\s+tool=partial", result.stdout)


def test_a_met_was_partial_decision_exports_as_a_waiver_the_cli_honours(decided, tmp_path: Path) -> None:
    data, gap, agreed = decided
    waivers = tmp_path / "waivers.yaml"
    code, out, _ = export("--data", str(data), "--waivers", str(waivers), "--expires", "2027-06-30")
    assert code == 0 and "wrote 1 waiver(s)" in out
    (entry,) = load_waivers(waivers, RULE_IDS)
    assert (entry.rule, entry.policy, entry.approved_by) == (gap["rule_id"], "crestwood-ect-policy.txt", "Jo Patel")
    result = CliRunner().invoke(cli, ["check", str(POLICY), "--format", "json", "--as-of", AS_OF,
                                      "--waivers", str(waivers)])
    findings = {f["rule_id"]: f for f in json.loads(result.stdout)["policies"][0]["findings"]}
    assert findings[gap["rule_id"]]["waiver"]["approved_by"] == "Jo Patel"
    assert "waiver" not in findings[agreed["rule_id"]]


def test_export_without_data_or_without_a_target_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = export("--data", str(tmp_path / "none"), "--gold", str(tmp_path / "gold"))
    assert code == 2 and err.count("\n") == 1 and "no policy-check data here" in err
    assert export("--data", str(tmp_path))[0] == 2


@pytest.mark.parametrize(("status", "checker", "words"), [
    ("met", "partial", "reviewer: met, was partial"),
    ("missing", "missing", "reviewer: agreed (missing)"),
])
def test_a_decision_says_what_the_reviewer_changed(status: str, checker: str, words: str) -> None:
    decision = Decision("0" * 64, "TT-REDUCTION-Y1", status, checker, "", "Jo", "2026-11-24T10:00:00Z",
                        "england-ect-induction", AS_OF)
    assert decision.describe() == words
