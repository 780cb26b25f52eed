"""Benchmark `policy-check audit`: policies per second and peak memory with --jobs 2 (targets: >= 20/s, <= 250 MB).

    .venv/bin/python scripts/bench_audit.py [--count 200] [--formats pdf] [--jobs 2]

Peak memory is the largest resident set of any process the audit ran (its main process or a worker),
read from getrusage(RUSAGE_CHILDREN) after the audit exits.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--formats", default="txt,md,html,docx,pdf")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        policies, out = Path(scratch) / "policies", Path(scratch) / "out"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_variants.py"), str(args.count), str(policies),
                        "--formats", args.formats], check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "policy_check", "audit", str(policies), "--out", str(out),
                                    "--jobs", str(args.jobs), "--as-of", "2026-11-24"],
                                   capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(completed.stderr.strip())
    print(f"{args.count} policies ({args.formats}) with --jobs {args.jobs}: {elapsed:.1f} s, "
          f"{args.count / elapsed:.1f} policies/s, peak RSS per process {peak_mb:.0f} MB (exit {completed.returncode})")


if __name__ == "__main__":
    main()
