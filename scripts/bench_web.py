"""Benchmark the web app under load: twenty concurrent POST /api/check uploads of the corpus policies (its
four .txt files and their sixteen renderings), while one 10-page PDF is uploaded again and again and
GET /healthz is polled every 50 ms.

    .venv/bin/python scripts/bench_web.py [--rounds 20] [--jobs 2]

Prints whether every upload succeeded, the response times of the 10-page policy while the twenty run
(p50, p95, max; and alone, for comparison) and of /healthz (target: under 100 ms). Exit status 1 when
an upload failed or /healthz took 100 ms or more. Runs a real `policy-check serve` on a free port with
a fresh data folder; needs the web extra.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "examples" / "renderings").iterdir())
TEN_PAGES = ROOT / "tests" / "heldout5" / "s4-ashgill-valley-ect-policy-print.pdf"
HEALTHZ_LIMIT_MS = 100.0
BOUNDARY = "policycheckbench"


def multipart(path: Path) -> bytes:
    head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n2026-11-24\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n\r\n')
    return head.encode() + path.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
    """(status, body, seconds) of one request on its own connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data, time.perf_counter() - started


def checked(status: int, data: bytes) -> bool:
    """A 200 whose report checked every policy in it."""
    return status == 200 and all(p["error"] is None for p in json.loads(data)["policies"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_round(port: int, bodies: list[bytes], ten_pages: bytes) -> tuple[list[bool], list[float], list[float], float]:
    """Twenty uploads at once; meanwhile the 10-page policy again and again and /healthz every 50 ms."""
    outcomes: list[bool] = []
    ten_page_times: list[float] = []
    running = threading.Event()
    running.set()

    def upload(body: bytes) -> None:
        status, data, _ = request(port, "POST", "/api/check", body)
        outcomes.append(checked(status, data))

    def probe() -> None:  # every probe started while the twenty run counts, however late it ends
        while running.is_set():
            status, data, seconds = request(port, "POST", "/api/check", ten_pages)
            outcomes.append(checked(status, data))
            ten_page_times.append(seconds)

    started = time.perf_counter()
    stop_polling, polled = multiprocessing.Event(), multiprocessing.Queue()
    poller = multiprocessing.Process(target=poll, args=(port, stop_polling, polled))
    uploads = [threading.Thread(target=upload, args=(body,)) for body in bodies]
    prober = threading.Thread(target=probe)
    poller.start()
    for thread in [prober, *uploads]:
        thread.start()
    for thread in uploads:
        thread.join()
    elapsed = time.perf_counter() - started
    running.clear()
    stop_polling.set()
    healthz_times = polled.get()
    poller.join()
    prober.join()
    return outcomes, ten_page_times, healthz_times, elapsed


def poll(port: int, stop: Any, results: Any) -> None:
    """GET /healthz every 50 ms until told to stop, from a process of its own, so that the uploading
    threads' work on this side never delays it; sends back the response times."""
    times = []
    while not stop.is_set():
        status, _, seconds = request(port, "GET", "/healthz")
        times.append(seconds if status == 200 else float("inf"))
        time.sleep(0.05)
    results.put(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="bursts of twenty uploads (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="the server's checking workers (default 2)")
    args = parser.parse_args()
    bodies = [multipart(path) for path in CORPUS[:20]]
    ten_pages = multipart(TEN_PAGES)
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([sys.executable, "-m", "policy_check", "serve", "--port", "0", "--data", data,
                                   "--jobs", str(args.jobs)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline()).group(1))
            alone = [request(port, "POST", "/api/check", ten_pages)[2] for _ in range(5)]
            outcomes, ten_page_times, healthz_times, rounds = [], [], [], []
            for _ in range(args.rounds):
                round_outcomes, round_ten, round_healthz, elapsed = one_round(port, bodies, ten_pages)
                outcomes += round_outcomes
                ten_page_times += round_ten
                healthz_times += round_healthz
                rounds.append(elapsed)
        finally:
            server.terminate()
            server.wait(timeout=60)
    ms = lambda values, share: percentile(values, share) * 1000  # noqa: E731
    print(f"{len(bodies)} concurrent uploads x {args.rounds} rounds, server --jobs {args.jobs}: "
          f"{sum(outcomes)} of {len(outcomes)} requests succeeded; a round of twenty took "
          f"{statistics.median(rounds):.1f} s (median)")
    print(f"10-page policy ({TEN_PAGES.name}) while they run: {len(ten_page_times)} uploads, "
          f"p50 {ms(ten_page_times, 0.5):.0f} ms, p95 {ms(ten_page_times, 0.95):.0f} ms, "
          f"max {ms(ten_page_times, 1.0):.0f} ms (alone: p50 {ms(alone, 0.5):.0f} ms)")
    print(f"GET /healthz meanwhile: {len(healthz_times)} requests, p50 {ms(healthz_times, 0.5):.1f} ms, "
          f"p95 {ms(healthz_times, 0.95):.1f} ms, max {ms(healthz_times, 1.0):.1f} ms "
          f"(limit {HEALTHZ_LIMIT_MS:.0f} ms)")
    healthy = max(healthz_times) * 1000 < HEALTHZ_LIMIT_MS
    return 0 if all(outcomes) and healthy else 1


if __name__ == "__main__":
    sys.exit(main())
