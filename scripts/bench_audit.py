"""Benchmark `policy-check audit`: a first run, an unchanged re-run and a re-run after one file changes.

    .venv/bin/python scripts/bench_audit.py [--count 500] [--formats txt,md,html,docx,pdf] [--jobs 2]

Targets: the first run >= 20 policies/s and <= 250 MB per process; an unchanged re-run under 10% of
the first run's time; a re-run after one file changes re-checks that file only. Peak memory is the
largest resident set of any process the audit ran, read from getrusage(RUSAGE_CHILDREN).
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


def audit(policies: Path, out: Path, jobs: int) -> tuple[float, str, int]:
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "policy_check", "audit", str(policies), "--out", str(out),
                                "--jobs", str(jobs), "--as-of", "2026-11-24", "--fail-on", "never"],
                               capture_output=True, text=True)
    return time.perf_counter() - started, completed.stderr.strip().splitlines()[0], completed.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--formats", default="txt,md,html,docx,pdf")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        policies, out = Path(scratch) / "policies", Path(scratch) / "out"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_variants.py"), str(args.count), str(policies),
                        "--formats", args.formats], check=True, stdout=subprocess.DEVNULL)
        first, said, status = audit(policies, out, args.jobs)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"first run: {args.count} policies ({args.formats}), --jobs {args.jobs}: {first:.2f} s, "
              f"{args.count / first:.1f} policies/s, peak RSS per process {peak_mb:.0f} MB (exit {status})\n  {said}")
        again, said, status = audit(policies, out, args.jobs)
        print(f"unchanged re-run: {again:.2f} s = {100 * again / first:.1f}% of the first (exit {status})\n  {said}")
        changed = next(p for p in sorted(policies.iterdir()) if p.suffix in (".txt", ".md", ".html"))
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\nThis policy was reviewed again.\n",
                           encoding="utf-8")
        once, said, status = audit(policies, out, args.jobs)
        print(f"re-run after changing {changed.name}: {once:.2f} s (exit {status})\n  {said}")


if __name__ == "__main__":
    main()
