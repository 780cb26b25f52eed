"""Every corpus policy in every format keeps its words in reading order, its sections and its pages."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pytest

from policy_check.extract import find_policy_files, read_document
from policy_check.extract.clean import clean_block_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RENDERINGS = CORPUS.parent / "examples" / "renderings"
POLICIES = sorted(p.stem for p in CORPUS.glob("*.txt"))
FORMATS = [".txt", ".md", ".html", ".docx", ".pdf"]
WORD = re.compile(r"\w+")


@lru_cache(maxsize=None)
def source_words(stem: str) -> tuple[str, ...]:
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    return tuple(w.lower() for line in text.splitlines() for w in WORD.findall(clean_block_text(line)))


def test_corpus_has_the_four_policies() -> None:
    assert POLICIES == ["cdat-ect-policy", "crestwood-ect-policy", "lumen-ect-policy", "westgate-ect-itt-policy"]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("stem", POLICIES)
def test_words_survive_in_reading_order(stem: str, suffix: str) -> None:
    document = read_document((CORPUS if suffix == ".txt" else RENDERINGS) / f"{stem}{suffix}")
    expected = source_words(stem)
    got = [w.lower() for w in WORD.findall(document.text)]
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert matched / len(expected) >= 0.99
    assert len(document.sections) >= 5
    assert all(document.text[c.start:c.end] == c.text for c in document.clauses)


@pytest.mark.parametrize("stem", POLICIES)
def test_pdf_clauses_have_pages_and_no_running_lines(stem: str) -> None:
    document = read_document(RENDERINGS / f"{stem}.pdf")
    assert document.pages and document.pages >= 2
    assert all(c.page is not None for c in document.clauses)
    assert max(c.page for c in document.clauses) >= document.pages - 1  # a clause may run onto the last page
    assert "generated from the .txt" not in document.text
    assert not re.search(r"Page \d+ of \d+", document.text)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_roles_table_label_heads_its_duties(suffix: str) -> None:
    document = read_document((CORPUS if suffix == ".txt" else RENDERINGS) / f"crestwood-ect-policy{suffix}")
    duty = next(c for c in document.clauses if c.text.startswith("Ensuring the ECT is registered with an"))
    assert duty.kind == "list_item"
    assert duty.section_path[-1] == "Headteacher"
    assert duty.section_path[0].startswith("Appendix 1")


def test_the_corpus_folder_holds_the_policies_as_received_and_nothing_else() -> None:
    """`policy-check audit corpus` (the README's first command) shows four schools, not twenty rows."""
    found = find_policy_files(CORPUS)
    assert [p.name for p in found] == [f"{stem}.txt" for stem in POLICIES]
    assert sorted(p.name for p in RENDERINGS.iterdir()) == sorted(
        f"{stem}{suffix}" for stem in POLICIES for suffix in FORMATS if suffix != ".txt")
