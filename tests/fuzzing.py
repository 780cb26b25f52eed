"""Mutation fuzzing of the readers: small valid files of every format, corrupted in the ways files are.

Used by tests/test_fuzz_readers.py (bounded, in CI) and scripts/fuzz_readers.py (for as long as you
like). The only property: reading returns a Document or raises InputError, within a time budget.
"""

from __future__ import annotations

import io
import random
import signal
import zipfile
from pathlib import Path

from fixtures_build import make_docx, make_pdf
from policy_check.errors import InputError
from policy_check.extract import read_document
from policy_check.model import Document

TIME_BUDGET_SECONDS = 5
CRASHES = Path(__file__).parent / "fuzz_crashes"
POLICY = ("ECT induction policy\n\n1.0 Timetable\n\n- ECTs receive a 10% reduction in the first year and 5% in the "
          "second year, in addition to PPA time.\n- Approved by governors: 1 October 2025\n\nHeadteacher\tRegisters "
          "the ECT with the appropriate body.\n")


def build_seeds(folder: Path) -> dict[str, bytes]:
    """suffix -> bytes of a small valid policy in that format."""
    folder.mkdir(parents=True, exist_ok=True)
    html = "<html><body><h1>ECT policy</h1><p>ECTs receive a 10% reduction.</p><table><tr><td>Head</td><td>Registers</td></tr></table></body></html>"
    return {
        ".txt": POLICY.encode("utf-8"),
        ".md": ("# ECT policy\n\n" + POLICY + "\n| Role | Duty |\n|---|---|\n| Mentor | Meets weekly |\n").encode("utf-8"),
        ".html": html.encode("utf-8"),
        ".docx": make_docx(folder / "seed.docx", POLICY.split("\n\n")).read_bytes(),
        ".pdf": make_pdf(folder / "seed.pdf", POLICY).read_bytes(),
    }


def _corrupt_zip_member(data: bytes, rng: random.Random) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(i, source.read(i)) for i in source.infolist()]
    except zipfile.BadZipFile:
        return data
    out = io.BytesIO()
    victim = rng.randrange(len(members))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for n, (info, content) in enumerate(members):
            target.writestr(info.filename, mutate_bytes(content, rng, rounds=3) if n == victim else content)
    return out.getvalue()


def mutate_bytes(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """Bit flips, truncation, inserted junk, duplicated and deleted chunks."""
    buffer = bytearray(data)
    for _ in range(rounds or rng.randint(1, 6)):
        if not buffer:
            buffer.extend(rng.randbytes(rng.randint(1, 64)))
            continue
        position = rng.randrange(len(buffer))
        choice = rng.randrange(6)
        if choice == 0:
            buffer[position] ^= 1 << rng.randrange(8)
        elif choice == 1:
            del buffer[position:]
        elif choice == 2:
            buffer[position:position] = rng.randbytes(rng.randint(1, 256))
        elif choice == 3:
            chunk = buffer[position:position + rng.randint(1, 512)]
            buffer[position:position] = chunk * rng.randint(1, 20)
        elif choice == 4:
            del buffer[position:position + rng.randint(1, 512)]
        else:
            buffer[position] = rng.choice(b"<>&;\"'\x00\xff{}()/\\")
    return bytes(buffer)


def mutate(suffix: str, data: bytes, rng: random.Random) -> bytes:
    if suffix == ".docx" and rng.random() < 0.5:
        return _corrupt_zip_member(data, rng)
    return mutate_bytes(data, rng)


class TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise TooSlow(f"reading took longer than {TIME_BUDGET_SECONDS} s")


def read_within_budget(path: Path) -> Document | InputError:
    """The reader's outcome; any other exception (or running past the budget) propagates."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_BUDGET_SECONDS)
    try:
        return read_document(path)
    except InputError as error:
        assert "\n" not in str(error)
        return error
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
