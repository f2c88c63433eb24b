"""The command line: a thin shell over the library.

Exit codes: 0 clean (info-level findings only), 1 findings, 2 usage or
input error.  Errors are one line on stderr; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence

from cliffcite import api, report
from cliffcite.diagnostics import RULES, Diagnostic, Severity, select_rules
from cliffcite.io import InputError, ensure_not_input, write_atomic
from cliffcite.models import Document
from cliffcite.split import FORMATS

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
        sp.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    c = sub.add_parser("check", help="report faults of the note apparatus, linter style")
    inputs(c)
    c.add_argument("--format", choices=("text", "json"), default="text")

    n = sub.add_parser("notes", help="markers, notes and citations as JSON")
    inputs(n)
    n.add_argument("--format", choices=("json",), default="json")

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    return p


def _documents(args: argparse.Namespace, errors: list[str]) -> Iterator[Document]:
    for path in args.files:
        try:
            yield api.load(path, encoding=args.encoding, format=args.input_format)
        except InputError as exc:
            errors.append(str(exc))


def _check(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    enabled = _enabled(args)
    worst = EXIT_CLEAN
    found: list[Diagnostic] = []
    as_json: list[object] = []
    docs = notes = markers = 0
    for doc in _documents(args, errors):
        diags = api.check(doc, select=enabled)
        docs += 1
        notes += len(doc.notes)
        markers += len(doc.markers)
        found.extend(diags)
        if args.format == "json":
            as_json.extend(report.format_json(doc, diags))
        else:
            for line in report.format_text(doc, diags):
                emit(line)
    if args.format == "json":
        emit(report.dumps(as_json))
    elif docs:
        emit(report.summary(docs, notes, markers, found))
    if any(d.level is not Severity.INFO for d in found):
        worst = EXIT_FINDINGS
    return worst


def _notes(args: argparse.Namespace, emit: Callable[[str], None], errors: list[str]) -> int:
    enabled = _enabled(args)
    out = []
    worst = EXIT_CLEAN
    for doc in _documents(args, errors):
        diags = api.check(doc, select=enabled)
        if any(d.level is not Severity.INFO for d in diags):
            worst = EXIT_FINDINGS
        out.append(report.document_dict(doc, diags))
    emit(report.dumps(out[0] if len(out) == 1 and len(args.files) == 1 else out))
    return worst


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


COMMANDS = {"check": _check, "notes": _notes, "rules": _rules}


def main(argv: Sequence[str] | None = None) -> int:
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
