"""`make bench`: how fast `disclose batch` gets through a folder of letters, with 1 and with 2 worker processes.

Copies the sample letters, cycled, into a temporary folder (200 by default), runs `disclose batch` on it once
per --jobs value in a fresh process (so each run loads its own model, as a user's run does), and prints
documents and words per second of wall-clock time, and the peak memory of a worker process.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.ingest import FORMATS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def fill(folder: Path, count: int) -> None:
    """`count` copies of the sample letters, cycled, under distinct names."""
    letters = sorted(p for p in SAMPLES.iterdir() if p.suffix in FORMATS)
    for number, letter in zip(range(count), itertools.cycle(letters)):
        shutil.copy(letter, folder / f"{number:04d}_{letter.name}")


def run(folder: Path, outdir: Path, jobs: int) -> tuple[float, list[dict]]:
    """Wall-clock seconds of one `disclose batch` run, and its summary rows."""
    command = [sys.executable, "-m", "pipeline", "batch", str(folder), "-o", str(outdir), "--jobs", str(jobs),
               "--purpose", "referral to children's social care", "--consent", "not-sought"]
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    summary = outdir / "summary.json"
    if not summary.exists():
        sys.exit(f"disclose batch could not run: {finished.stderr.strip()}")
    return seconds, json.loads(summary.read_text(encoding="utf-8"))["files"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "letters"
        folder.mkdir()
        fill(folder, args.documents)
        print(f"{args.documents} letters; wall-clock time includes starting the workers and loading the model")
        print(f"{'jobs':>4} {'seconds':>8} {'docs/s':>8} {'words/s':>9} {'peak MB/worker':>15} {'failed':>7}")
        for jobs in args.jobs:
            seconds, rows = run(folder, Path(temporary) / f"out{jobs}", jobs)
            words = sum(row["words"] for row in rows)
            memory = max(row["peak_memory_mb"] for row in rows)
            failed = sum(row["status"] == "failed" for row in rows)
            print(f"{jobs:>4} {seconds:8.1f} {len(rows) / seconds:8.1f} {words / seconds:9,.0f} {memory:15.0f} {failed:7}")


if __name__ == "__main__":
    main()
