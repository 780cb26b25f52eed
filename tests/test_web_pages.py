"""The web app's pages, in process: upload without script, the matrix with charts, a report beside its text
with evidence marked in place, decisions shown on the report and in the CSVs, versions and what changed,
the marked-up copy and letter, and downloads; decisions survive a new app on the same data folder."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")

from web_helpers import AS_OF, CORPUS, check, csrf_of, files_field, make_client  # noqa: E402


@pytest.fixture()
def client(tmp_path: Path, web_pool):
    return make_client(tmp_path / "data", web_pool)


def upload_form(client, *paths: Path):
    """The start page's form as a browser without script sends it."""
    return client.post("/upload", files=files_field(*paths), data={"csrf_token": csrf_of(client), "as_of": AS_OF})


def decide(client, sha256: str, rule_id: str, status: str | None, note: str = "", reviewer: str = "Jo Patel"):
    fields = {"csrf_token": csrf_of(client, f"/policies/{sha256}"), "rule_id": rule_id, "reviewer": reviewer,
              "note": note, "verdict": "disagree" if status else "agree", "status": status or "met"}
    return client.post(f"/policies/{sha256}/decisions", data=fields, follow_redirects=False)


def test_the_start_page_offers_a_drop_zone_and_a_form_that_works_without_script(client) -> None:
    page = client.get("/").text
    assert 'id="drop"' in page and 'type="file" name="file" multiple' in page and 'action="/upload"' in page
    assert '<script src="/static/app.js"></script>' in page
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("README.txt", b"the folder")  # nothing but a README: refused before checking
    response = client.post("/upload", data={"csrf_token": csrf_of(client), "as_of": AS_OF},
                           files=files_field(CORPUS / "cdat-ect-policy.txt", CORPUS / "lumen-ect-policy.txt",
                                             ("notes.zip", archive.getvalue())))
    assert response.status_code == 200
    assert response.text.count('class="checked-item"') == 3 and "Lumen" in response.text
    assert "notes.zip</strong>: <span class=\"error\">refused: no policy files in this archive" in response.text


def test_the_matrix_shows_the_newest_version_of_every_policy_with_filters_and_charts(client) -> None:
    policies = check(client, *(CORPUS / name for name in ("cdat-ect-policy.txt", "crestwood-ect-policy.txt",
                                                          "lumen-ect-policy.txt"))).json()["policies"]
    page = client.get("/matrix").text
    assert page.count('class="school-row"') == 3
    for policy in policies:
        assert f'href="policies/{policy["sha256"]}"' in page
    assert 'id="filter-area"' in page and '<script src="/static/matrix.js"></script>' in page
    assert '<svg class="share-meeting"' in page and '<svg class="gaps-by-area"' in page
    met_reduction = sum(1 for p in policies for f in p["findings"] if f["rule_id"] == "TT-REDUCTION-Y1"
                        and f["status"] == "met")
    assert f"{met_reduction} of 3 ({met_reduction / 3:.0%})" in page
    assert client.get("/static/matrix.js").headers["content-type"].startswith("text/javascript")


def test_a_report_sits_beside_the_text_with_its_evidence_marked_in_place(client) -> None:
    policy = check(client, CORPUS / "crestwood-ect-policy.txt").json()["policies"][0]
    page = client.get(f"/policies/{policy['sha256']}").text
    met = next(f for f in policy["findings"] if f["status"] == "met" and f["evidence"])
    evidence = met["evidence"][0]
    clause = re.search(rf'<p class="clause [a-z_]+" id="clause-{evidence["location"]["clause"]}">(.*?)</p>', page, re.S)
    assert clause and '<mark class="ev status-' in clause.group(1)
    assert f'href="#{met["rule_id"]}">{met["rule_id"]}</a>' in clause.group(1)
    assert f'<article class="finding status-met" id="{met["rule_id"]}"' in page
    assert f'href="#clause-{evidence["location"]["clause"]}"' in page
    assert page.count('<form method="post" action="/policies/') == len(policy["findings"])


def test_a_disagreement_shows_on_the_report_and_in_both_csvs(client) -> None:
    policy = check(client, CORPUS / "crestwood-ect-policy.txt").json()["policies"][0]
    gap = next(f for f in policy["findings"] if f["status"] == "partial")
    agreed = next(f for f in policy["findings"] if f["status"] == "met")
    assert decide(client, policy["sha256"], gap["rule_id"], "met", note="covered in 5.2").status_code == 303
    assert decide(client, policy["sha256"], agreed["rule_id"], None).status_code == 303
    page = client.get(f"/policies/{policy['sha256']}").text
    assert "reviewer: met, was partial" in page and "covered in 5.2" in page and "reviewer: agreed (met)" in page
    assert 'value="Jo Patel"' in page  # the reviewer's name is remembered for the next form
    matrix = list(csv.reader(io.StringIO(client.get("/matrix.csv").text)))
    column = matrix[0].index(gap["rule_id"])
    assert matrix[1][column] == "partial (reviewer: met, was partial)"
    findings = list(csv.DictReader(io.StringIO(client.get("/findings.csv").text)))
    row = next(r for r in findings if r["rule_id"] == gap["rule_id"])
    assert row["status"] == "partial" and row["reviewer"].startswith("reviewer: met, was partial (Jo Patel, ")
    assert row["reviewer"].endswith(": covered in 5.2")


def test_decisions_survive_a_new_server_on_the_same_data_folder(tmp_path: Path, web_pool) -> None:
    first = make_client(tmp_path / "data", web_pool)
    policy = check(first, CORPUS / "lumen-ect-policy.txt").json()["policies"][0]
    gap = next(f for f in policy["findings"] if f["status"] != "met")
    decide(first, policy["sha256"], gap["rule_id"], "met")
    second = make_client(tmp_path / "data", web_pool)
    assert f"reviewer: met, was {gap['status']}" in second.get(f"/policies/{policy['sha256']}").text
    assert second.get("/matrix").text.count('class="school-row"') == 1


def test_a_new_version_shows_what_changed(client, tmp_path: Path) -> None:
    original = (CORPUS / "crestwood-ect-policy.txt").read_text(encoding="utf-8")
    assert "10%" in original
    first = check(client, ("Crestwood ECT policy 2024.txt", original.encode())).json()["policies"][0]
    changed = original.replace("10%", "8%")
    response = upload_form(client, *[])  # nothing sent: refused, nothing recorded
    assert response.status_code == 400
    second = client.post("/upload", files=[("file", ("crestwood-ect-policy-v2.txt", changed.encode()))],
                         data={"csrf_token": csrf_of(client), "as_of": AS_OF})
    assert "A new version of Crestwood ECT policy 2024.txt: what changed" in second.text
    new = re.search(r'href="/policies/([0-9a-f]{64})"', second.text).group(1)
    changes = client.get(f"/policies/{new}/changes?from={first['sha256']}").text
    assert "Newly broken (" in changes and "TT-REDUCTION-Y1" in changes
    report = client.get(f"/policies/{new}").text
    assert "Versions" in report and f"changes?from={first['sha256']}" in report
    matrix = client.get("/matrix").text
    assert matrix.count('class="school-row"') == 1 and f"policies/{new}" in matrix


def test_the_marked_up_copy_and_letter_are_made_in_a_worker_and_downloaded(client) -> None:
    policy = check(client, CORPUS / "crestwood-ect-policy.txt").json()["policies"][0]
    sha256 = policy["sha256"]
    assert client.get(f"/policies/{sha256}/marked-up.docx").status_code == 404
    made = client.post(f"/policies/{sha256}/markup", follow_redirects=False,
                       data={"csrf_token": csrf_of(client, f"/policies/{sha256}"),
                             "sender": "Jo Patel, Northvale Teaching School Hub"})
    assert made.status_code == 303
    marked = client.get(f"/policies/{sha256}/marked-up.docx")
    assert marked.status_code == 200 and 'filename="crestwood-ect-policy.review.docx"' in \
        marked.headers["content-disposition"]
    assert "word/comments.xml" in zipfile.ZipFile(io.BytesIO(marked.content)).namelist()
    letter = zipfile.ZipFile(io.BytesIO(client.get(f"/policies/{sha256}/letter.docx").content))
    body = letter.read("word/document.xml").decode("utf-8")
    assert "crestwood-ect-policy.txt" in body and sha256 not in body and "Northvale Teaching School Hub" in body
    assert f"policies/{sha256}/marked-up.docx" in client.get("/matrix").text


def test_reports_download_in_the_cli_formats(client) -> None:
    policy = check(client, CORPUS / "cdat-ect-policy.txt").json()["policies"][0]
    base = f"/policies/{policy['sha256']}/report"
    as_json = client.get(base + ".json")
    assert as_json.json()["policies"][0]["findings"] == policy["findings"]
    assert 'filename="cdat-ect-policy.report.json"' in as_json.headers["content-disposition"]
    assert "Review status" in client.get(base + ".html").text  # the summary hint survives the stored JSON
    assert client.get(base + ".docx").content.startswith(b"PK")
    assert client.get(base + ".pdf").status_code == 404
    combined = client.get("/report.json").json()
    assert [p["sha256"] for p in combined["policies"]] == [policy["sha256"]]


def test_an_unknown_or_malformed_policy_is_404(client) -> None:
    assert client.get("/policies/" + "0" * 64).status_code == 404
    assert client.get("/policies/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
