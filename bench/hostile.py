"""Time and peak memory of ``cliffcite check`` on huge inputs.

    python -m bench.hostile                 # 100 MB book, 20 MB one-line file
    python -m bench.hostile --mb 10 --trace # smaller, plus a tracemalloc breakdown

Each case is written to a temporary directory and checked by
``python -m cliffcite check`` in a child process; the report gives wall time,
throughput and the child's peak resident set size (``ru_maxrss``) as a multiple
of the input size.  The target (docs/robustness.md) is a peak of at most ~5x
the input plus the interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "cliff-trotsky-vol3-ch11.txt"
MB = 1_000_000

#: Runs a command and prints its wall time and peak RSS (KiB on Linux) as JSON;
#: a fresh process so that ``RUSAGE_CHILDREN`` holds this one child only.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kib": peak, "code": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[-500:]}))
"""


def book(size: int) -> str:
    """The seed chapter repeated to ``size`` characters: a document of many chapters."""
    seed = SEED.read_text(encoding="utf-8")
    return (seed * (size // len(seed) + 1))[:size]


def one_line(size: int) -> str:
    """The book with its line breaks made spaces: a single line."""
    return book(size).replace("\n", " ")


def measure(command: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def baseline() -> float:
    """Peak RSS in MB of the CLI on an empty file: the interpreter and imports."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.txt"
        path.write_bytes(b"")
        r = measure([sys.executable, "-m", "cliffcite", "check", str(path)])
    return float(r["peak_kib"]) * 1024 / MB  # type: ignore[arg-type]


def run_case(name: str, make: Callable[[int], str], size: int, base: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.txt"
        path.write_text(make(size), encoding="utf-8", newline="")
        nbytes = path.stat().st_size
        r = measure([sys.executable, "-m", "cliffcite", "check", str(path)])
    peak = float(r["peak_kib"]) * 1024 / MB  # type: ignore[arg-type]
    wall = float(r["wall"])  # type: ignore[arg-type]
    row = {
        "case": name,
        "input_mb": round(nbytes / MB, 1),
        "exit": r["code"],
        "wall_s": round(wall, 1),
        "mb_per_s": round(nbytes / MB / wall, 2),
        "peak_mb": round(peak, 1),
        "peak_x_input": round(peak / (nbytes / MB), 2),
        "above_baseline_x_input": round((peak - base) / (nbytes / MB), 2),
        "stderr": r["stderr"],
    }
    print(json.dumps(row), flush=True)
    return row


def trace(size: int) -> None:
    """Where the memory of checking a ``size``-character book goes (tracemalloc)."""
    import tracemalloc

    import cliffcite

    text = book(size)
    tracemalloc.start(5)
    doc = cliffcite.parse(text)
    diagnostics = cliffcite.check(doc)
    current, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    print(
        f"tracemalloc, {size / MB:.0f} MB book: {len(doc.notes)} notes, "
        f"{len(diagnostics)} diagnostics; held {current / MB:.0f} MB, peak {peak / MB:.0f} MB"
    )
    for stat in snapshot.statistics("lineno")[:12]:
        print(f"  {stat.size / MB:7.1f} MB {stat.count:>9} blocks  {stat.traceback[0]}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--mb", type=int, default=100, help="size of the book case (MB)")
    p.add_argument("--line-mb", type=int, default=20, help="size of the one-line case (MB)")
    p.add_argument("--trace", action="store_true", help="tracemalloc breakdown on a 10 MB book")
    args = p.parse_args(argv)
    base = baseline()
    print(json.dumps({"baseline_peak_mb": round(base, 1), "cpus": os.cpu_count()}), flush=True)
    run_case("book", book, args.mb * MB, base)
    run_case("one-line", one_line, args.line_mb * MB, base)
    if args.trace:
        start = time.perf_counter()
        trace(10 * MB)
        print(f"  ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
