"""The command line: a thin shell over the library.

Exit codes: 0 clean (info-level findings only), 1 findings, 2 usage or
input error.  Errors are one line on stderr; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager

from cliffcite import api, batch, report, writer
from cliffcite.bibliography import Bibliography
from cliffcite.checks.sources import bib_diagnostics
from cliffcite.diagnostics import RULES, Diagnostic, Severity, select_rules
from cliffcite.io import InputError, ensure_not_input, write_atomic
from cliffcite.models import Document, Source
from cliffcite.sources import bibliography_for
from cliffcite.split import EXTENSIONS, FORMATS

__all__ = ["main"]

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROG = "cliffcite"


class _Error(Exception):
    """A usage or input problem, reported as one line and exit code 2."""


def _codes(value: str) -> list[str]:
    return [v for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Check and extract the endnote apparatus of scholarly prose.",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def inputs(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("files", nargs="+", metavar="FILE", help="files to read ('-' for stdin)")
        sp.add_argument(
            "--input-format",
            choices=FORMATS,
            help="reader to use (default: by extension and content)",
        )
        sp.add_argument("--encoding", help="decode input with this encoding (default: detected)")
        sp.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write the report here (atomically) instead of stdout",
        )
        sp.add_argument(
            "--select",
            type=_codes,
            default=None,
            metavar="CODES",
            help="comma-separated rule codes, prefixes or names to enable",
        )
        sp.add_argument(
            "--ignore",
            type=_codes,
            default=None,
            metavar="CODES",
            help="comma-separated rule codes, prefixes or names to disable",
        )
        bib_options(sp)
        sp.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )

    def bib_options(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--bib",
            action="append",
            default=[],
            metavar="PATH",
            help="a .bib file of your own to resolve citations against (repeatable)",
        )
        sp.add_argument(
            "--no-default-bib",
            dest="default_bib",
            action="store_false",
            help="do not use the bundled bibliography of Cliff's sources",
        )

    c = sub.add_parser(
        "check",
        help="report faults of the note apparatus, linter style",
        epilog="A FILE may be a directory: its files with a known extension are checked, "
        "sorted, hidden ones skipped.",
    )
    inputs(c)
    c.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    c.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check files in N processes (0: one a CPU; default 1)",
    )

    n = sub.add_parser("notes", help="markers, notes and citations as JSON")
    inputs(n)
    n.add_argument("--format", choices=("json",), default="json")

    b = sub.add_parser("bib", help="the works cited, as BibTeX or CSL-JSON")
    b.add_argument("files", nargs="+", metavar="FILE", help="files to read ('-' for stdin)")
    b.add_argument(
        "--format",
        choices=("bibtex", "biblatex", "csl-json"),
        default="bibtex",
        help="bibtex: classic BibTeX types and fields (default); biblatex: as in the .bib",
    )
    b.add_argument("--input-format", choices=FORMATS, help=argparse.SUPPRESS)
    b.add_argument("--encoding", help="decode input with this encoding (default: detected)")
    b.add_argument("-o", "--output", metavar="FILE", help="write here (atomically)")
    b.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    bib_options(b)

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    return p


def _bibliography(
    args: argparse.Namespace, errors: list[str]
) -> tuple[Bibliography, list[Diagnostic]]:
    """The bibliography the options name; unreadable ``.bib`` files are input
    errors, unreadable entries in them ``bib_parse_error`` diagnostics."""
    bib, bib_errors = bibliography_for(tuple(args.bib), args.default_bib)
    errors.extend(
        f"cannot read bibliography {e.path!r}: {e.message}" for e in bib_errors if e.line <= 0
    )
    return bib, bib_diagnostics(bib_errors)


def _documents(
    args: argparse.Namespace, errors: list[str], bib: Bibliography
) -> Iterator[Document]:
    for path in args.files:
        gc.collect(0)  # what the document before left (see _check)
        try:
            yield api.load(path, encoding=args.encoding, format=args.input_format, bibliography=bib)
        except InputError as exc:
            errors.append(str(exc))


def _jobs(value: str) -> int:
    jobs = int(value)
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one a CPU) or more")
    return jobs or os.cpu_count() or 1


def _check(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    """Files and directories through :mod:`cliffcite.batch`; this only renders."""
    enabled = _enabled(args)
    options = batch.CheckOptions(
        tuple(enabled),
        args.encoding,
        args.input_format,
        tuple(args.bib),
        args.default_bib,
        debug=args.debug,
        dicts=args.format != "text",
    )
    _, bib_found = _bibliography(args, errors)
    bib_found = [d for d in bib_found if d.code in enabled]
    bib_doc = Document("")
    paths, empty = batch.expand_paths(args.files)
    known = ", ".join(sorted(EXTENSIONS))
    for directory in empty:  # nothing checked is not a pass: a mistyped path in CI
        errors.append(str(InputError(directory, f"is a directory with no {known} files")))
    if args.output:
        ensure_not_input(args.output, paths)
    corpus = len(paths) > 1 or len(empty) > 0 or any(os.path.isdir(f) for f in args.files)
    tally = batch.Tally()
    as_json: list[object] = list(report.format_json(bib_doc, bib_found))
    worst = EXIT_FINDINGS if bib_found else EXIT_CLEAN
    if args.format == "text":
        for line in report.format_text(bib_doc, bib_found):
            emit(line)
    elif args.format == "jsonl" and bib_found:
        emit(json.dumps({"path": bib_found[0].path, "diagnostics": as_json}, ensure_ascii=False))
    jobs = min(args.jobs, len(paths))
    pool = ProcessPoolExecutor(jobs, initializer=_tune_gc) if jobs > 1 else None
    try:
        results = batch.check_paths(paths, executor=pool, options=options)
        for result, bar_off in _progress(results, len(paths)):
            # the objects made since the last file, the one file's cycles among
            # them (main makes no automatic collections): older ones are not
            # walked again, so a corpus costs a walk of each object once
            gc.collect(0)
            tally.add(result)
            if result.error is not None:
                errors.append(result.error)
                continue
            if result.has_findings:
                worst = EXIT_FINDINGS
            if args.format == "json":
                as_json.extend(result.diagnostics)
                continue
            with bar_off():
                if args.format == "jsonl":
                    emit(json.dumps(result.as_json(), ensure_ascii=False))
                elif result.lines:
                    emit("\n".join(result.lines))  # one write a file, not one a line
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if args.format == "json":
        emit(report.dumps(as_json))
    elif args.format == "text" and tally.files:
        if corpus:
            for line in (*tally.table(), ""):
                emit(line)
        emit(tally.line())
    return worst


def _progress(
    results: Iterator[batch.FileResult], total: int
) -> Iterator[tuple[batch.FileResult, Callable[[], AbstractContextManager[object]]]]:
    """Each result, and a context that lifts the progress bar while it is printed.

    The bar (tqdm, on stderr) is shown only when stderr is a terminal and there
    is more than one file; otherwise nothing is written to stderr."""
    if total < 2 or not sys.stderr.isatty():
        for result in results:
            yield result, contextlib.nullcontext
        return
    from tqdm import tqdm

    with tqdm(results, total=total, file=sys.stderr, unit="file", leave=False) as bar:
        for result in bar:
            yield result, lambda: bar.external_write_mode(file=sys.stdout)


def _notes(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    enabled = _enabled(args)
    out = []
    worst = EXIT_CLEAN
    bib, bib_found = _bibliography(args, errors)
    for doc in _documents(args, errors, bib):
        diags = [d for d in bib_found if d.code in enabled] + api.check(doc, select=enabled)
        if any(d.level is not Severity.INFO for d in diags):
            worst = EXIT_FINDINGS
        out.append(report.document_dict(doc, diags))
    emit(report.dumps(out[0] if len(out) == 1 and len(args.files) == 1 else out))
    return worst


def _bib(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    """The works cited by all the files, each once, first citation first."""
    bib, _ = _bibliography(args, errors)
    sources: dict[str, Source] = {}
    for doc in _documents(args, errors, bib):
        for source in doc.sources:
            sources.setdefault(source.key, source)
    works = Document("", sources=tuple(sources.values()))
    if args.format == "csl-json":
        emit(writer.to_csl_json(works))
    else:
        emit(writer.to_bibtex(works, biblatex=args.format == "biblatex").rstrip("\n"))
    return EXIT_CLEAN


def _rules(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    if args.format == "markdown":
        emit(report.rules_markdown())
    elif args.format == "json":
        emit(
            report.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "summary": r.summary,
                    }
                    for r in RULES.values()
                ]
            )
        )
    else:
        for r in RULES.values():
            emit(f"{r.code} {r.name:<24} {r.severity.value:<8} {r.summary}")
    return EXIT_CLEAN


def _enabled(args: argparse.Namespace) -> list[str]:
    try:
        return sorted(select_rules(args.select, args.ignore))
    except KeyError as exc:
        raise _Error(f"unknown rule {exc.args[0]!r} (see 'cliffcite rules')") from None


COMMANDS = {"check": _check, "notes": _notes, "bib": _bib, "rules": _rules}


#: The garbage collector's first threshold in a worker of ``--jobs``: a big
#: document allocates millions of objects and few cycles, and at the default
#: (700) full collections over the growing heap took 18 % of checking a 20 MB
#: book (1.82 s; 1.54 s at this threshold).  The command-line process itself
#: runs without automatic collections (see :func:`main`).  The library's
#: functions leave the collector as the application set it.
GC_THRESHOLD = 100_000


def _tune_gc() -> None:
    """A worker's collector: automatic, at :data:`GC_THRESHOLD` (a forked
    worker would otherwise keep the command line's, which makes none: a
    worker checks many files and no one collects after each)."""
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()


#: Exit status when standard output's reader closed the pipe: 128 + SIGPIPE,
#: what a shell reports for a tool the signal stopped.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: the exit status of the command ``argv`` names.

    The collector makes no automatic collections during the run, and is set
    back after it for a caller that runs ``main`` in its own process.  A
    document's objects are freed by their counts: checking one leaves no
    cycles behind (every hostile input of ``bench/hostile.py``, through the
    text and HTML readers, and 100,000 notes in each reader, left the same
    few hundred objects of the start-up), while even at :data:`GC_THRESHOLD`
    the full collections over the growing heap took 10-16 % of checking
    100,000 notes (HTML 7.9 -> 7.1 s, plain text 2.4 -> 2.0 s, process time).
    What a file's check may leave is collected after it (:func:`_check`), so
    a corpus does not gather it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if enabled:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    lines: list[str] = []
    errors: list[str] = []
    output = getattr(args, "output", None)
    emit: Callable[[str], None] = lines.append if output else (lambda s: print(s, flush=False))
    try:
        if output:
            ensure_not_input(output, args.files)
        code = COMMANDS[args.command](args, emit, errors)
        if output:
            write_atomic(output, "".join(line + "\n" for line in lines))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`cliffcite notes x | head`): stop quietly, as a
        # tool killed by SIGPIPE does, and let nothing flush into the closed pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE
    except (_Error, InputError) as exc:
        errors.append(str(exc))
        code = EXIT_ERROR
    except Exception as exc:  # a bug: one line unless --debug
        if args.debug:
            traceback.print_exc()
        errors.append(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        code = EXIT_ERROR
    for message in errors:
        print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR if errors else code
