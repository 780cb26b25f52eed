"""Bounded mutation fuzzing of every reader (scripts/fuzz_readers.py runs the same for longer), and a
replay of every input that ever crashed a reader (tests/fuzz_crashes/)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import CRASHES, build_seeds, mutate, read_within_budget

EXAMPLES_PER_FORMAT = 40
# derandomize: CI runs the same mutants every time; scripts/fuzz_readers.py explores new ones
FUZZ_SETTINGS = settings(max_examples=EXAMPLES_PER_FORMAT, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    return build_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
def test_mutated_files_are_read_or_refused_in_one_line(seeds, suffix, tmp_path):
    @FUZZ_SETTINGS
    @given(st.randoms(use_true_random=False))
    def read_a_mutant(rng: random.Random) -> None:
        path = tmp_path / f"mutant{suffix}"
        path.write_bytes(mutate(suffix, seeds[suffix], rng))
        read_within_budget(path)

    read_a_mutant()


def test_every_input_that_once_crashed_a_reader_is_now_handled():
    saved = sorted(p for p in CRASHES.iterdir() if p.name != "README.md")
    for path in saved:
        read_within_budget(path)
