"""Which school or trust a report is about: found in the policy's words, given by `--names`, else the
file name; never the document's title."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.extract import read_document
from policy_check.findings import PolicyResult
from policy_check.report.overview import name_from_file, policy_heading

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
AS_OF = "2026-11-24"
RULESET = load_ruleset("england-ect-induction")

QA_LEAFLET = """# Starting out at Ashcombe: your induction questions answered

Welcome! This leaflet answers the questions new teachers ask us most.

## Who is my appropriate body?

Our appropriate body is Riverbend Teaching School Hub. ECTs at Ashcombe Park School are registered before they start.

## How much time will I have?

You will have a 10% timetable reduction in your first year and 5% in your second.
"""


def organisation(tmp_path: Path, text: str, name: str = "policy.md") -> str | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return evaluate(read_document(path), RULESET, dt.date(2026, 11, 24)).metadata["organisation"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_check", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_a_leaflet_is_shown_by_its_school_not_its_title(tmp_path: Path) -> None:
    assert organisation(tmp_path, QA_LEAFLET) == "Ashcombe Park School"


def test_a_name_in_capitals_is_shown_in_title_case_keeping_acronyms(tmp_path: Path) -> None:
    text = ("ST MARY'S CE PRIMARY SCHOOL\n\nECT POLICY\n\nAs a CE school our values shape how we support "
            "early career teachers.\n")
    assert organisation(tmp_path, text, "policy.txt") == "St Mary's CE Primary School"
    assert organisation(tmp_path, "THE OAKS ACADEMY TRUST\n\nECT policy for all our schools.\n", "a.txt") \
        == "The Oaks Academy Trust"


def test_the_documents_own_mixed_case_spelling_beats_title_case(tmp_path: Path) -> None:
    text = "KINGSBRIDGE COFE JUNIOR SCHOOL\n\nECT Policy\n\nKingsbridge CofE Junior School welcomes ECTs.\n"
    assert organisation(tmp_path, text, "policy.txt") == "Kingsbridge CofE Junior School"


def test_a_name_field_wins_and_roles_or_hubs_are_never_names(tmp_path: Path) -> None:
    assert organisation(tmp_path, "School name: Brook Lane\n\nOur ECTs are welcome at Other Academy.\n",
                        "x.txt") == "Brook Lane"
    assert organisation(tmp_path, "Policy owner: Head of School\n\nThe Trust Board approves this policy.\n"
                        "Our appropriate body is Carrsdale Teaching School Hub.\n", "x.txt") is None


def test_a_trust_named_only_by_its_schools(tmp_path: Path) -> None:
    assert organisation(tmp_path, "ECT POLICY\n\nAll CDAT schools ensure that ECTs are supported.\n",
                        "x.txt") == "CDAT"


def test_the_file_name_decides_between_the_schools_a_policy_names(tmp_path: Path) -> None:
    text = ("Larkspur Schools Trust\n\nThis policy applies to Wymark Primary School, Saxby Academy and "
            "Hollin Academy.\n")
    assert organisation(tmp_path, text, "saxby-ect-policy.txt") == "Saxby Academy"
    assert organisation(tmp_path, text, "policy.txt") == "Larkspur Schools Trust"


def test_the_corpus_policies_are_shown_by_their_organisation() -> None:
    result = run("check", *(str(CORPUS / f"{n}-ect-policy.txt") for n in ("cdat", "crestwood")),
                 "--format", "json", "--as-of", AS_OF)
    names = [p["metadata"]["organisation"] for p in json.loads(result.stdout)["policies"]]
    assert names == ["CDAT", "Crestwood Community School"]
    text = run("check", str(CORPUS / "cdat-ect-policy.txt"), "--format", "markdown", "--as-of", AS_OF).stdout
    assert "## CDAT\n" in text and "EARLY CAREER TEACHER (ECT) POLICY" not in text


@pytest.mark.parametrize(("source", "name"), [
    ("policies/st-marys-primary-ect-policy.docx", "St Marys Primary"),
    ("Harrowden_LP ECT Induction Policy 2024.pdf", "Harrowden LP"),
    ("ect-policy.docx", "ect-policy.docx"),
])
def test_the_file_name_made_readable_is_the_last_fallback(source: str, name: str) -> None:
    assert name_from_file(source) == name
    assert policy_heading(PolicyResult(source, None, None, "unreadable")) == name


def test_names_file_wins_over_detection_in_check(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("file,school\ncdat-ect-policy.txt,Chester Diocesan Academies Trust\n"
                     f"{CORPUS / 'lumen-ect-policy.txt'},Lumen Learning Trust (central)\n", encoding="utf-8")
    result = run("check", str(CORPUS / "cdat-ect-policy.txt"), str(CORPUS / "lumen-ect-policy.txt"),
                 str(CORPUS / "crestwood-ect-policy.txt"), "--names", str(names), "--format", "json",
                 "--as-of", AS_OF)
    assert result.returncode == 1, result.stderr
    names_shown = [p["metadata"]["organisation"] for p in json.loads(result.stdout)["policies"]]
    assert names_shown == ["Chester Diocesan Academies Trust", "Lumen Learning Trust (central)",
                           "Crestwood Community School"]


def test_names_file_entry_for_no_policy_is_a_warning(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("file,school\ncdat-ect-policy.txt,CDAT\ncdat-ect-polcy.txt,Typo\n", encoding="utf-8")
    result = run("check", str(CORPUS / "cdat-ect-policy.txt"), "--names", str(names), "--as-of", AS_OF)
    assert result.returncode == 1
    assert result.stderr == f"policy-check: warning: {names}: cdat-ect-polcy.txt matches no policy checked\n"


@pytest.mark.parametrize(("content", "message"), [
    ("cdat-ect-policy.txt,CDAT\n", "the first row must name the columns 'file' and 'school'"),
    ("file,school\ncdat-ect-policy.txt,\n", "row 2: needs both a file and a school"),
    ("file,school\na.txt,A\na.txt,B\n", "row 3: a.txt is listed twice"),
])
@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_bad_names_file_is_one_line_and_exit_2(tmp_path: Path, content: str, message: str, command: str) -> None:
    names = tmp_path / "names.csv"
    names.write_text(content, encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command == "audit" else []
    result = run(command, str(CORPUS / "cdat-ect-policy.txt"), *extra, "--names", str(names), "--as-of", AS_OF)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_audit_shows_the_names_file_names_in_the_matrix_and_pages(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("\ufefffile,school,notes\ncdat-ect-policy.txt,Chester Diocesan Academies Trust,central\n",
                     encoding="utf-8")  # a spreadsheet's export: a byte-order mark and an extra column
    out = tmp_path / "out"
    result = run("audit", str(CORPUS / "cdat-ect-policy.txt"), str(CORPUS / "crestwood-ect-policy.txt"),
                 "--out", str(out), "--names", str(names), "--as-of", AS_OF, "--jobs", "1")
    assert result.returncode == 1, result.stderr
    matrix = (out / "index.html").read_text(encoding="utf-8")
    assert ">Chester Diocesan Academies Trust</a>" in matrix and ">Crestwood Community School</a>" in matrix
    page = (out / "policies" / "cdat-ect-policy.txt.html").read_text(encoding="utf-8")
    assert "<h1>Chester Diocesan Academies Trust</h1>" in page


def test_help_documents_names() -> None:
    for command in ("check", "audit"):
        assert "--names FILE" in run(command, "--help").stdout
