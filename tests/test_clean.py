"""Noise cleaning on real snippets from the corpus."""

from __future__ import annotations

import pytest

from policy_check.extract.clean import clean_block_text


@pytest.mark.parametrize(
    ("noisy", "clean"),
    [
        ("[bookmark: _heading=h.30j0zll]1.\tIntroduction", "1. Introduction"),
        ("DATE APPROVED BY LUMEN LEARNING TRUST | 1 st June 2026", "DATE APPROVED BY LUMEN LEARNING TRUST | 1st June 2026"),
        ("1.3 This policy must be read in conjunction with the [Statutory Guidance on induction](#).",
         "1.3 This policy must be read in conjunction with the Statutory Guidance on induction."),
        ("<p>Key functions include:</p> <ul style=\"list-style-type: none\"> \u25cf Ensuring the ECT",
         "Key functions include: Ensuring the ECT"),
        ("\u00b7 Access the full Appropriate Body (AB) service", "Access the full Appropriate Body (AB) service"),
        ("\uf0b7 Ensuring the ECT is registered", "Ensuring the ECT is registered"),
        ("a reduction of 5% of a teachers'\n workload in addition", "a reduction of 5% of a teachers' workload in addition"),
        ("**Mentors** meet weekly &amp; review", "Mentors meet weekly & review"),
        ("profes-\nsional development", "professional development"),
        ("https://x.gov.uk/Statutory_Induction_Guidance_2021_final__002_____1___1_.pdf",
         "https://x.gov.uk/Statutory_Induction_Guidance_2021_final__002_____1___1_.pdf"),
        ("Schools\u00a0Direct  \tentitlement\ufeff", "Schools Direct entitlement"),
    ],
)
def test_clean_block_text(noisy: str, clean: str) -> None:
    assert clean_block_text(noisy) == clean


def test_clean_keeps_dashes_inside_text() -> None:
    assert clean_block_text("Part One \u2013 Teaching (8 Standards)") == "Part One \u2013 Teaching (8 Standards)"
