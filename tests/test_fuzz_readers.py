"""Bounded mutation fuzzing of every reader (scripts/fuzz_readers.py runs the same for longer), and a
replay of every input that ever crashed a reader (tests/fuzz_crashes/)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fuzzing import CRASHES, build_seeds, mutate, read_within_budget

EXAMPLES_PER_FORMAT = 40


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    return build_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf"])
def test_mutated_files_are_read_or_refused_in_one_line(seeds, suffix, tmp_path):
    rng = random.Random(f"policy-check{suffix}")  # fixed seed: CI runs the same cases every time
    for n in range(EXAMPLES_PER_FORMAT):
        path = tmp_path / f"mutant-{n}{suffix}"
        path.write_bytes(mutate(suffix, seeds[suffix], rng))
        read_within_budget(path)


@pytest.mark.parametrize("path", sorted(p for p in CRASHES.iterdir() if p.name != "README.md"), ids=lambda p: p.name)
def test_every_input_that_once_crashed_a_reader_is_now_handled(path: Path):
    read_within_budget(path)
