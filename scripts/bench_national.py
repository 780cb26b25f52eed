"""National-scale benchmark: generate N varied policies (default 25,000) and audit them with --jobs 2.

    .venv/bin/python scripts/bench_national.py [--count 25000] [--jobs 2] [--dir DIR] [--keep] [--reuse]

Policies come from scripts/make_variants.py (corpus clauses shuffled, dropped and reworded; .txt, .md,
.html, .docx and .pdf in turn). Reports generation time, audit time, policies per second, and the peak
resident memory of the audit's main process and of its busiest worker (from /proc, sampled every
0.5 s, so a short spike between samples can be missed). Target: 25,000 in <= 20 minutes, <= 250 MB per
worker.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb(pid: int) -> float:
    """Current resident memory of a process in MB (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def sample_memory(pid: int, peaks: dict[str, float], stop: threading.Event) -> None:
    """Record the largest RSS seen for the audit's main process and for any one worker."""
    while not stop.is_set():
        peaks["main"] = max(peaks["main"], rss_mb(pid))
        for child in children(pid):
            peaks["worker"] = max(peaks["worker"], rss_mb(child))
        stop.wait(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=25_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=None, help="where to generate (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated policies and the audit output")
    parser.add_argument("--reuse", action="store_true",
                        help="audit the policies a kept run left in --dir instead of generating them again "
                             "(generation takes about 20 minutes for 25,000)")
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="policy-check-national-"))
    policies, out = base / "policies", base / "audit"
    if args.reuse and not (args.dir and policies.is_dir()):
        parser.error("--reuse needs --dir holding a policies/ folder from a run with --keep")
    try:
        if args.reuse:
            args.count = sum(1 for _ in policies.iterdir())
            shutil.rmtree(out, ignore_errors=True)
        else:
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make_variants.py"), str(args.count),
                            str(policies), "--corpus", str(ROOT / "corpus")], check=True, stdout=subprocess.DEVNULL)
            generated = time.perf_counter() - started
            print(f"generated {args.count} policies in {generated:.0f} s", flush=True)

        peaks = {"main": 0.0, "worker": 0.0}
        stop = threading.Event()
        started = time.perf_counter()
        audit = subprocess.Popen([sys.executable, "-m", "policy_check", "audit", str(policies), "--out", str(out),
                                  "--jobs", str(args.jobs), "--as-of", "2026-11-24", "--fail-on", "never"],
                                 stderr=subprocess.PIPE, text=True)
        sampler = threading.Thread(target=sample_memory, args=(audit.pid, peaks, stop), daemon=True)
        sampler.start()
        _, stderr = audit.communicate()
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        print(stderr.strip().splitlines()[-1] if stderr.strip() else "(no summary)")
        print(f"{args.count} policies, --jobs {args.jobs}: audit {elapsed:.0f} s ({elapsed / 60:.1f} min), "
              f"{args.count / elapsed:.1f} policies/s; peak RSS main {peaks['main']:.0f} MB, "
              f"busiest worker {peaks['worker']:.0f} MB; exit {audit.returncode}")
    finally:
        if not args.keep:
            shutil.rmtree(out if args.reuse else base, ignore_errors=True)


if __name__ == "__main__":
    main()
