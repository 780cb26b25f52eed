"""Any text in, no exception out: cleaning, segmenting and checking keep offsets and evidence exact."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_check.engine import evaluate
from policy_check.engine.ruleset import load_ruleset
from policy_check.errors import InputError
from policy_check.extract import read_text
from policy_check.extract.builder import Block, build_document
from policy_check.extract.clean import clean_block_text
from policy_check.extract.markdown import markdown_blocks
from policy_check.extract.text import text_blocks
from policy_check.model import Document

RULESET = load_ruleset("england-ect-induction")
FRAGMENTS = [
    "ECTs receive a 10% reduction in the first year", "and 5% in the second year", "in addition to PPA time",
    "[bookmark: _heading=h.gjdgxs]", "<p>The Headteacher</p> <ul> ● Ensuring", "\t", "\n", "\n\n", "· ", "• ",
    "1.0 Policy statement", "- 1.1 Our school", "Next review\t1 st June 2028", "Approved: 01/06/2026",
    "NQT", "the LA", "three formal assessments", "named contact at the appropriate body", "\u00a0", "é", "’",
    "Review cycle: when new guidance is issued", "# Heading", "| a | b |", "&amp;", "<script>x</script>",
]
policy_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=400), policy_like)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_cleaning_any_text_gives_one_line(text):
    cleaned = clean_block_text(text)
    assert "\n" not in cleaned and cleaned == cleaned.strip()


BLOCKS = st.lists(st.builds(Block, st.sampled_from(["heading", "paragraph", "list_item", "table_row"]), any_text,
                            page=st.none() | st.integers(1, 40), level=st.none() | st.integers(-2, 9)), max_size=15)


def assert_offsets_and_sections_hold(document: Document) -> None:
    for clause in document.clauses:
        assert 0 <= clause.start <= clause.end <= len(document.text)
        assert document.text[clause.start:clause.end] == clause.text and clause.text
        assert clause.section_index is None or 0 <= clause.section_index < len(document.sections)
    for section in document.sections:
        assert all(0 <= i < len(document.clauses) for i in section.clause_indices)
        assert section.parent is None or section.parent < section.index


@SETTINGS
@given(any_text)
def test_segmenting_keeps_every_offset_inside_the_text(text):
    try:
        document = read_text(text, source="p.txt")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert_offsets_and_sections_hold(document)


@SETTINGS
@given(any_text)
def test_markdown_segmenting_keeps_every_offset_inside_the_text(text):
    assert_offsets_and_sections_hold(build_document("p.md", "md", "0", markdown_blocks(text)))


@SETTINGS
@given(BLOCKS)
def test_building_from_any_blocks_keeps_offsets_and_sections(blocks):
    document = build_document("p.docx", "docx", "0", blocks)
    assert_offsets_and_sections_hold(document)
    assert [c.text for c in document.clauses] == [t for t in (clean_block_text(b.text) for b in blocks) if t]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_like)
def test_evidence_is_always_the_document_text_at_its_offsets(text):
    try:
        document = read_text(text, source="p.txt")
    except InputError:
        return
    for finding in evaluate(document, RULESET, dt.date(2026, 11, 24)).findings:
        for evidence in finding.evidence:
            location = evidence.location
            assert document.text[location.start:location.end] == evidence.text
            assert evidence.text in document.text
