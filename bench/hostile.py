"""Time and peak memory of ``cliffcite check`` on huge inputs.

    python -m bench.hostile                 # 100 MB book, 20 MB one-line file
    python -m bench.hostile --mb 10 --trace # smaller, plus a tracemalloc breakdown
    python -m bench.hostile --readers       # pathological inputs through every reader

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


# --------------------------------------------------------------------------- each reader

#: Pathological inputs given to every reader (``--input-format``): each must end
#: in seconds with exit 0/1 (diagnostics) or 2 (one line), never a traceback.
PATHOLOGICAL: dict[str, Callable[[], str]] = {
    "[ x 5M": lambda: "[" * 5_000_000,
    "< x 5M": lambda: "<" * 5_000_000,
    "[1 x 1M": lambda: "[1" * 1_000_000,
    "[^ x 2M": lambda: "[^" * 2_000_000,
    "[Footnote 1: x 400k": lambda: "[Footnote 1: " * 400_000,
    "<a x 500k": lambda: "<a " * 500_000,
    "<div> nested 100k": lambda: "<div>" * 100_000 + "x" + "</div>" * 100_000,
    "<sup> nested 100k": lambda: "<p>" + "<sup>" * 100_000 + "1",
    "p. x 1M": lambda: "p." * 1_000_000,
    "one line 20 MB": lambda: one_line(20 * MB),
}
READERS = ("text", "html", "markdown", "gutenberg")


def hundred_thousand_notes(fmt: str) -> str:
    """About 100,000 markers and notes in the conventions of ``fmt`` (in plain
    text, 100 chapters of 999: a label there has three digits at most)."""
    note = "Serge, Memoirs, p.{}."
    if fmt == "html":  # marxists.org's linked pairs: labels past 999 are paired
        labels = range(1, 100_001)
        body = "".join(f'<p>Claim.<a href="#n{i}" name="f{i}">[{i}]</a></p>\n' for i in labels)
        notes = "".join(
            f'<p class="information"><a name="n{i}" href="#f{i}">{i}.</a> {note.format(i)}</p>\n'
            for i in labels
        )
        return f"<html><body>{body}<hr>{notes}</body></html>"
    if fmt == "markdown":
        labels = range(1, 100_001)
        body = " ".join(f"Claim.[^{i}]" for i in labels)
        return body + "\n\n" + "\n".join(f"[^{i}]: " + note.format(i) for i in labels) + "\n"
    if fmt == "gutenberg":
        labels = range(1, 100_001)
        body = " ".join(f"Claim.[{i}]" for i in labels)
        notes = "\n\n".join(f"[Footnote {i}: {note.format(i)}]" for i in labels)
        return body + "\n\n" + notes + "\n"
    chapters = []
    for c in range(100):
        body = " ".join(f"Claim {c}.{i}. [{i}]" for i in range(1, 1000))
        notes = "\n".join(f"{i}. " + note.format(i) for i in range(1, 1000))
        chapters.append(f"Chapter {c}\n\n{body}\n\nNotes\n\n{notes}\n\n")
    return "".join(chapters)


def check_as(name: str, fmt: str, text: str, tmp: str) -> None:
    """``cliffcite check --input-format fmt`` on ``text`` in a child process."""
    path = Path(tmp) / "input"
    path.write_text(text, encoding="utf-8", newline="")
    r = measure([sys.executable, "-m", "cliffcite", "check", "--input-format", fmt, str(path)])
    row = {
        "case": name,
        "reader": fmt,
        "input_mb": round(path.stat().st_size / MB, 1),
        "exit": r["code"],
        "wall_s": round(float(r["wall"]), 2),  # type: ignore[arg-type]
        "peak_mb": round(float(r["peak_kib"]) * 1024 / MB, 1),  # type: ignore[arg-type]
        "stderr": r["stderr"],
    }
    print(json.dumps(row), flush=True)


def readers() -> None:
    """Every pathological input through every reader, and 100,000 notes in each
    reader's own convention."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in PATHOLOGICAL.items():
            text = make()
            for fmt in READERS:
                check_as(name, fmt, text, tmp)
        for fmt in READERS:
            check_as("100,000 notes", fmt, hundred_thousand_notes(fmt), tmp)


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
    p.add_argument(
        "--readers", action="store_true", help="pathological inputs through every reader instead"
    )
    args = p.parse_args(argv)
    if args.readers:
        readers()
        return 0
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
