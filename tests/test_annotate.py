"""`policy-check annotate`: the school's own Word file back with a comment on every piece of evidence."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from hostile_files import build_hostile_files
from policy_check.cli import cli

ROOT = Path(__file__).resolve().parents[1]
RENDERINGS = ROOT / "examples" / "renderings"
AS_OF = "2026-11-24"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def letters(text: str) -> str:
    return "".join(char.casefold() for char in text if char.isalnum())


def paragraph_texts(path: Path) -> list[str]:
    """Every body paragraph's text (tables included), as Word shows it."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def commented_text(path: Path) -> dict[int, str]:
    """comment id -> the text between its range start and end, in document order."""
    body = docx.Document(str(path)).element.body
    open_ids: set[str] = set()
    texts: dict[str, str] = {}
    for element in body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ids.add(element.get(f"{W}id"))
            texts[element.get(f"{W}id")] = ""
        elif element.tag == f"{W}commentRangeEnd":
            open_ids.discard(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for comment_id in open_ids:
                texts[comment_id] += element.text or ""
    return {int(key): value for key, value in texts.items()}


def check_json(path: Path, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--as-of", AS_OF,
                                      "--fail-on", "never", *extra])
    return json.loads(result.stdout)["policies"][0]


def annotate(*args: str) -> object:
    return CliRunner().invoke(cli, ["annotate", *args, "--as-of", AS_OF])


def expected_pieces(policy: dict, statuses: tuple[str, ...] = ("partial", "conflict")) -> list[tuple[str, str]]:
    return [(finding["rule_id"], evidence["text"]) for finding in policy["findings"]
            if finding["status"] in statuses for evidence in finding["evidence"]]


def assert_every_piece_anchored(marked: Path, pieces: list[tuple[str, str]]) -> None:
    """One comment per piece of evidence, on runs whose text is that evidence."""
    document = docx.Document(str(marked))
    comments = {comment.comment_id: comment.text for comment in document.comments}
    anchored = commented_text(marked)
    assert len(comments) == len(pieces)
    headlines = [text.split("\n")[0] for text in comments.values()]
    assert Counter(next(rule for rule, _ in pieces if f"({rule}," in line) for line in headlines) == \
        Counter(rule for rule, _ in pieces)
    for rule_id, quote in pieces:
        assert any(letters(quote) in letters(anchored[cid]) and f"({rule_id}," in comments[cid].split("\n")[0]
                   for cid in comments), f"{rule_id}: {quote[:60]} not anchored"


@pytest.mark.parametrize("policy", sorted(RENDERINGS.glob("*.docx")), ids=lambda p: p.stem)
def test_corpus_word_files_get_one_comment_per_piece_of_evidence(policy: Path, tmp_path: Path) -> None:
    out = tmp_path / "marked.docx"
    result = annotate(str(policy), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: marked-up copy with ")
    assert_every_piece_anchored(out, expected_pieces(check_json(policy)))
    original, marked = paragraph_texts(policy), paragraph_texts(out)
    assert marked[: len(original)] == original
    assert "Review summary" in marked[len(original):]


def _split_run_policy(path: Path) -> Path:
    """A Word policy with a header, a footer, a numbered list, a table and evidence in mixed formatting."""
    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "Ashdown Vale Primary School \u2014 ECT induction policy"
    word.sections[0].footer.paragraphs[0].text = "Page 1 | Approved by governors"
    word.add_heading("Ashdown Vale Primary School: ECT induction policy", level=0)
    word.add_heading("1. Timetable", level=1)
    paragraph = word.add_paragraph("Our early career teachers have ")
    paragraph.add_run("a 10% reduction").bold = True
    paragraph.add_run(" in their ")
    paragraph.add_run("first year").italic = True
    paragraph.add_run(" of induction, and a 10% reduction in the second year too.")
    word.add_heading("2. Roles", level=1)
    table = word.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, (role, duty) in zip(table.rows, [("Role", "Responsibility"),
                                              ("Headteacher", "Makes the final decision on whether the ECT passes induction."),
                                              ("Mentor", "Meets the ECT each week.")]):
        row.cells[0].text, row.cells[1].text = role, duty
    word.add_heading("3. Support", level=1)
    for text in ("The induction tutor reviews progress each half term.",
                 "The ECT may raise concerns with the headteacher."):
        word.add_paragraph(text, style="List Number")
    word.save(str(path))
    return path


def test_a_generated_word_file_keeps_everything_and_anchors_split_evidence(tmp_path: Path) -> None:
    policy = _split_run_policy(tmp_path / "ashdown.docx")
    out = tmp_path / "out"
    result = annotate(str(policy), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    marked = out / "ashdown.review.docx"
    pieces = expected_pieces(check_json(policy))
    assert any("10% reduction in the second year" in quote for _, quote in pieces)  # a conflict on the split runs
    assert any("final decision" in quote for _, quote in pieces)  # evidence inside a table cell
    assert_every_piece_anchored(marked, pieces)
    original, after = paragraph_texts(policy), paragraph_texts(marked)
    assert after[: len(original)] == original
    with zipfile.ZipFile(policy) as before, zipfile.ZipFile(marked) as now:
        for part in ("word/header1.xml", "word/footer1.xml", "word/numbering.xml", "word/styles.xml"):
            assert _xml(before.read(part)) == _xml(now.read(part)), part
    body = docx.Document(str(marked)).paragraphs[: len(docx.Document(str(policy)).paragraphs)]
    bold = [run.text for p in body for run in p.runs if run.bold]
    assert "".join(bold) == "a 10% reduction"  # split runs keep their formatting


def _xml(data: bytes) -> bytes:
    from lxml import etree

    return etree.tostring(etree.fromstring(data), method="c14n")


def test_met_findings_are_commented_on_request_and_the_summary_can_be_a_comment(tmp_path: Path) -> None:
    policy = RENDERINGS / "crestwood-ect-policy.docx"
    checked = check_json(policy)
    out = tmp_path / "met.docx"
    assert annotate(str(policy), "--out", str(out), "--include", "met", "--summary", "comment").exit_code == 0
    pieces = expected_pieces(checked, ("met", "partial", "conflict"))
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(pieces) + 1  # and the summary comment on the first words
    summary = next(c.text for c in comments if c.text.startswith("Review summary"))
    missing = [f for f in checked["findings"] if f["status"] == "missing"]
    assert missing and all(f"({f['rule_id']}," in summary for f in missing)
    assert paragraph_texts(out) == paragraph_texts(policy)  # nothing added to the body


def test_the_review_summary_lists_missing_requirements_statutory_first(tmp_path: Path) -> None:
    policy = RENDERINGS / "crestwood-ect-policy.docx"
    out = tmp_path / "marked.docx"
    assert annotate(str(policy), "--out", str(out)).exit_code == 0
    texts = paragraph_texts(out)
    summary = texts[texts.index("Review summary"):]
    missing = [f for f in check_json(policy)["findings"] if f["status"] == "missing"]
    titles = [next(i for i, line in enumerate(summary) if line.startswith(f"{f['title']} ({f['rule_id']},"))
              for f in missing]
    assert len(titles) == len(missing)
    for finding in missing:
        assert finding["remediation"] in summary


@pytest.mark.parametrize("rendering", ["pdf", "html", "md", "txt"])
def test_a_review_copy_of_another_format_carries_the_same_comments(rendering: str, tmp_path: Path) -> None:
    word = RENDERINGS / "crestwood-ect-policy.docx"
    other = (ROOT / "corpus" if rendering == "txt" else RENDERINGS) / f"crestwood-ect-policy.{rendering}"
    word_check, other_check = check_json(word), check_json(other)
    assert [(f["rule_id"], f["status"]) for f in word_check["findings"]] == \
           [(f["rule_id"], f["status"]) for f in other_check["findings"]]
    result = annotate(str(word), str(other), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert f"crestwood-ect-policy-{rendering}.review.docx: review copy with" in result.stdout
    review = tmp_path / f"crestwood-ect-policy-{rendering}.review.docx"
    assert_every_piece_anchored(review, expected_pieces(other_check))

    def headlines(path: Path) -> Counter:
        return Counter(comment.text.split("\n")[0] for comment in docx.Document(str(path)).comments)

    assert headlines(review) == headlines(tmp_path / "crestwood-ect-policy.review.docx")
    styles = {p.style.name for p in docx.Document(str(review)).paragraphs}
    assert {"Heading 1", "List Bullet"} <= styles


def test_hostile_word_files_are_refused_in_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    files = build_hostile_files(tmp_path / "in")
    huge_comments = tmp_path / "in" / "huge-comments.docx"
    shutil.copy(RENDERINGS / "lumen-ect-policy.docx", huge_comments)
    with zipfile.ZipFile(huge_comments, "a") as archive:
        archive.writestr("word/comments.xml", "<w:comments>" + " " * 25_000_000 + "</w:comments>")
    hostile = [files[name] for name in ("zip-bomb.docx", "huge-xml.docx", "billion-laughs.docx",
                                        "external-entity.docx", "truncated.docx")] + [huge_comments]
    for policy in hostile:
        out = tmp_path / "out" / f"{policy.stem}.docx"
        result = annotate(str(policy), "--out", str(out))
        assert result.exit_code == 2, (policy.name, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert not out.exists()
        assert not list((tmp_path / "out").glob(".*.part"))


def test_an_unwritable_output_is_one_line_and_the_other_policies_are_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = annotate(str(RENDERINGS / "lumen-ect-policy.docx"), "--out", str(blocker / "x.docx"))
    assert result.exit_code == 2
    assert result.stderr.startswith("policy-check: cannot write") and len(result.stderr.splitlines()) == 1
    result = annotate(str(tmp_path / "absent.docx"), str(RENDERINGS / "lumen-ect-policy.docx"), "--out", str(tmp_path))
    assert result.exit_code == 2 and (tmp_path / "lumen-ect-policy.review.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_libreoffice_opens_the_marked_up_copy_with_its_comments(tmp_path: Path) -> None:
    marked = tmp_path / "crestwood.docx"
    assert annotate(str(RENDERINGS / "crestwood-ect-policy.docx"), "--out", str(marked)).exit_code == 0
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", "--headless", "--convert-to", export, "--outdir", str(tmp_path), str(marked)],
                   check=True, timeout=180, capture_output=True)
    import pypdfium2
    import pypdfium2.raw as pdfium

    pdf = pypdfium2.PdfDocument(str(tmp_path / "crestwood.pdf"))
    notes = sum(pdfium.FPDFAnnot_GetSubtype(pdfium.FPDFPage_GetAnnot(page.raw, i)) == pdfium.FPDF_ANNOT_TEXT
                for page in pdf for i in range(pdfium.FPDFPage_GetAnnotCount(page.raw)))
    assert notes == len(docx.Document(str(marked)).comments) > 0


def letter(*args: str) -> object:
    return CliRunner().invoke(cli, ["letter", *args, "--as-of", AS_OF])


def test_the_feedback_letter_says_what_is_strong_what_must_change_and_what_is_advised(tmp_path: Path) -> None:
    policy = ROOT / "corpus" / "westgate-ect-itt-policy.txt"
    out = tmp_path / "letter.docx"
    result = letter(str(policy), "--from", "Jo Patel, Northvale Teaching School Hub", "--out", str(out))
    assert result.exit_code == 0 and result.stdout == f"wrote {out}\n"
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    must = texts.index("What must change before the policy meets the statutory guidance")
    advise = texts.index("What we advise")
    strong = texts.index("What is strong")
    assert texts[0] == "24 November 2026" and texts[-1] == "Jo Patel\nNorthvale Teaching School Hub"
    assert "approved 1 March 2023" in "\n".join(texts)
    for finding in check_json(policy)["findings"]:
        section = texts[must:advise] if finding["status"] == "conflict" or (
            finding["status"] != "met" and finding["severity"] == "statutory") else texts[advise:]
        if finding["status"] != "met":
            assert any(line.startswith(f"{finding['title']}. {finding['message']}") for line in section), finding["rule_id"]
    assert texts[strong + 2].endswith("timetable reduction in the first year")


def test_the_letter_keeps_a_letterhead_templates_header_and_styles(tmp_path: Path) -> None:
    template = tmp_path / "letterhead.docx"
    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "Northvale Teaching School Hub \u00b7 Appropriate Body"
    word.sections[0].footer.paragraphs[0].text = "Registered office: 1 Hub Street"
    word.styles["Normal"].font.name = "Georgia"
    word.add_paragraph("Placeholder body text of the template.")
    word.save(str(template))
    out = tmp_path / "letter.docx"
    result = letter(str(RENDERINGS / "lumen-ect-policy.docx"), "--from", "Jo Patel, Northvale TSH",
                    "--template", str(template), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    written = docx.Document(str(out))
    assert written.sections[0].header.paragraphs[0].text == "Northvale Teaching School Hub \u00b7 Appropriate Body"
    assert written.sections[0].footer.paragraphs[0].text == "Registered office: 1 Hub Street"
    assert written.styles["Normal"].font.name == "Georgia"
    texts = [p.text for p in written.paragraphs]
    assert "Placeholder body text of the template." not in texts and "Dear Headteacher," in texts


def test_a_bad_template_or_policy_is_one_line_and_no_letter(tmp_path: Path) -> None:
    files = build_hostile_files(tmp_path / "in")
    out = tmp_path / "letter.docx"
    for template in (files["billion-laughs.docx"], files["truncated.docx"], files["zip-bomb.docx"], tmp_path / "none.docx"):
        result = letter(str(RENDERINGS / "lumen-ect-policy.docx"), "--from", "A, B", "--template", str(template),
                        "--out", str(out))
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, template.name
        assert "--template" in result.stderr and not out.exists()
    result = letter(str(files["external-entity.docx"]), "--from", "A, B", "--out", str(out))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_libreoffice_converts_the_letter(tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    assert letter(str(RENDERINGS / "cdat-ect-policy.docx"), "--from", "Jo Patel, Northvale TSH", "--out",
                  str(out)).exit_code == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, timeout=180, capture_output=True)
    import pypdfium2

    text = pypdfium2.PdfDocument(str(tmp_path / "letter.pdf"))[0].get_textpage().get_text_range()
    assert "Dear Headteacher," in text


def test_audit_annotate_writes_a_marked_up_copy_per_policy_linked_from_the_matrix(tmp_path: Path) -> None:
    folder = tmp_path / "trust"
    folder.mkdir()
    shutil.copy(RENDERINGS / "crestwood-ect-policy.docx", folder / "crestwood.docx")
    shutil.copy(ROOT / "corpus" / "lumen-ect-policy.txt", folder / "lumen.txt")
    (folder / "broken.docx").write_bytes(b"not a zip")
    out = tmp_path / "audit"
    result = CliRunner().invoke(cli, ["audit", str(folder), "--out", str(out), "--annotate", "--jobs", "1",
                                      "--as-of", AS_OF, "--fail-on", "never"])
    assert result.exit_code == 2  # the broken file; the others are still checked and marked up
    copies = sorted(p.name for p in (out / "policies").glob("*.review.docx"))
    assert len(copies) == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in copies:
        assert f'href="policies/{name}" download>marked-up copy' in index
    crestwood = next(out / "policies" / name for name in copies if name.startswith("crestwood"))
    assert_every_piece_anchored(crestwood, expected_pieces(check_json(folder / "crestwood.docx")))


def test_a_word_file_edited_while_it_was_checked_is_refused_not_marked_up_wrongly(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    """The copy is anchored on the bytes that were checked, or on none."""
    from policy_check import service

    policy = tmp_path / "lumen.docx"
    shutil.copy(RENDERINGS / "lumen-ect-policy.docx", policy)
    checked = service.checked_policy

    def check_then_edit(*args, **kwargs):
        outcome = checked(*args, **kwargs)
        shutil.copy(RENDERINGS / "crestwood-ect-policy.docx", policy)  # a colleague saves a new version
        return outcome

    monkeypatch.setattr(service, "checked_policy", check_then_edit)
    out = tmp_path / "copy.docx"
    result = annotate(str(policy), "--out", str(out))
    assert result.exit_code == 2 and "changed while it was being checked" in result.stderr
    assert not out.exists()
