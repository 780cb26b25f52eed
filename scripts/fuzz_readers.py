"""Fuzz the readers for a while: mutated .txt/.md/.html/.docx/.pdf files until the time runs out.

    .venv/bin/python scripts/fuzz_readers.py [--seconds 300] [--seed N]

Every input that crashes a reader (an exception other than InputError, or reading past the time
budget) is saved to tests/fuzz_crashes/, where tests/test_fuzz_readers.py replays it for ever after.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import CRASHES, build_seeds, mutate, read_within_budget  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    crashes = runs = 0
    with tempfile.TemporaryDirectory() as scratch:
        seeds = build_seeds(Path(scratch) / "seeds")
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            suffix = rng.choice(sorted(seeds))
            data = mutate(suffix, seeds[suffix], rng)
            path = Path(scratch) / f"mutant{suffix}"
            path.write_bytes(data)
            runs += 1
            try:
                read_within_budget(path)
            except Exception:
                crashes += 1
                saved = CRASHES / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
                saved.write_bytes(data)
                print(f"crash saved to {saved}:\n{traceback.format_exc(limit=3)}", flush=True)
    print(f"{runs} inputs in {args.seconds:g} s (seed {args.seed}), {crashes} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
