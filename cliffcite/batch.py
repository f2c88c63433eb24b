"""Corpus mode: many files, one process or many, one machine or a cluster.

:func:`expand_paths` turns files and directories into the list of files to
check; :func:`check_paths` checks them with any
:class:`concurrent.futures.Executor` -- none (in this process), a
``ProcessPoolExecutor``, or a Dask cluster's ``Client.get_executor()`` -- and
yields one small, picklable :class:`FileResult` a file, in the order of the
paths given, whatever order the workers finish in.

Workers receive path strings and return rendered results (diagnostics in the
``check --format json`` shape, linter lines), never whole documents: a result
is a few hundred bytes a finding, whatever the size of the file.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any

from attrs import Factory, field, frozen

from cliffcite import api, report
from cliffcite.diagnostics import RULES, Severity, select_rules
from cliffcite.io import InputError
from cliffcite.models import Document
from cliffcite.sources import bibliography_for
from cliffcite.split import EXTENSIONS

__all__ = [
    "CheckOptions",
    "FileResult",
    "Tally",
    "check_file",
    "check_paths",
    "expand_paths",
]

#: Futures in flight at once: enough to keep a few hundred workers busy, bounded
#: so that a million-file corpus does not hold a million futures.
DEFAULT_WINDOW = 1024

#: The path that means standard input: always read in this process.
STDIN_PATH = "-"


@frozen
class CheckOptions:
    """What every worker needs to check a file: picklable, built once per run.

    ``rules`` is the set of enabled rule codes, already expanded from
    ``select``/``ignore`` (so a bad code fails once, in the caller)."""

    rules: tuple[str, ...]
    encoding: str | None = None
    format: str | None = None
    #: the user's ``.bib`` files, and whether the bundled bibliography is used
    bib: tuple[str, ...] = ()
    default_bib: bool = True
    #: let exceptions through (``--debug``) instead of making them a file's error
    debug: bool = False
    #: whether results carry the findings as dicts (:attr:`FileResult.diagnostics`);
    #: without them a result has its ``lines`` and ``counts``, what the text
    #: output shows, at a third of the memory a finding
    dicts: bool = True

    @classmethod
    def build(
        cls,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        encoding: str | None = None,
        format: str | None = None,
    ) -> CheckOptions:
        """Options from ``select``/``ignore`` codes; raises ``KeyError`` for an unknown one."""
        return cls(tuple(sorted(select_rules(select, ignore))), encoding, format)


Counts = tuple[tuple[str, str, int], ...]


def _count(kinds: Iterable[tuple[str, str]]) -> Counts:
    """``(code, severity, how many)`` of each kind of finding, first seen first."""
    return tuple((code, severity, n) for (code, severity), n in Counter(kinds).items())


def _counts_of(result: FileResult) -> Counts:
    return _count((d["code"], d["severity"]) for d in result.diagnostics)


@frozen
class FileResult:
    """The outcome of checking one file.

    ``diagnostics`` are dicts in the ``check --format json`` shape (left out
    when :attr:`CheckOptions.dicts` is false) and ``lines`` the same findings
    as ``check`` text lines; ``counts`` has ``(code, severity, how many)`` of
    each kind of finding; ``error`` is the one-line reason a file could not
    be read (then everything else is empty).
    """

    path: str
    markers: int = 0
    notes: int = 0
    diagnostics: tuple[dict[str, Any], ...] = ()
    lines: tuple[str, ...] = ()
    error: str | None = None
    counts: Counts = field(default=Factory(_counts_of, takes_self=True))

    @property
    def has_findings(self) -> bool:
        """Whether a finding above ``info`` level was reported (exit code 1)."""
        return any(severity != Severity.INFO.value for _, severity, _ in self.counts)

    def as_json(self) -> dict[str, Any]:
        """The ``check --format jsonl`` object of this file."""
        return {
            "path": self.path,
            "markers": self.markers,
            "notes": self.notes,
            "diagnostics": list(self.diagnostics),
        }


# --------------------------------------------------------------------------- paths


def _wanted(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in EXTENSIONS


def _walk(directory: str) -> Iterator[str]:
    """Files under ``directory`` with a reader's extension, hidden ones skipped, sorted."""
    found: list[str] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, f) for f in files if _wanted(f))
    yield from sorted(found)


def expand_paths(args: Iterable[str]) -> tuple[list[str], list[str]]:
    """The files to check, and the directories that held none.

    A directory becomes its files with a reader's extension (see
    :data:`cliffcite.split.EXTENSIONS`), recursively, sorted, hidden files and
    directories skipped; anything else is kept as given (a missing file is
    reported when it is read).  A path named twice is checked once.
    """
    files: dict[str, None] = {}
    empty: list[str] = []
    for arg in args:
        if arg != STDIN_PATH and os.path.isdir(arg):
            before = len(files)
            files.update(dict.fromkeys(_walk(arg)))
            if len(files) == before:
                empty.append(arg)
        else:
            files[arg] = None
    return list(files), empty


# --------------------------------------------------------------------------- checking


def check_file(path: str, options: CheckOptions) -> FileResult:
    """Read, parse and check one file.  Never raises for bad input: an unreadable
    file, or a bug met on it, becomes :attr:`FileResult.error`."""
    try:
        bibliography, _ = bibliography_for(options.bib, options.default_bib)
        doc = api.load(
            path,
            encoding=options.encoding,
            format=options.format,
            bibliography=bibliography,
            citations=api.needs_citations(options.rules),
        )
        found = api.check(doc, select=options.rules)
    except InputError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug on one file must not end a corpus run
        if options.debug:
            raise
        return FileResult(path, error=f"internal error on {path!r}: {type(exc).__name__}: {exc}")
    counts = _count(report.kinds(found))
    markers, notes = len(doc.markers), len(doc.notes)
    # A finding's place needs only the text: the notes are let go before the
    # findings are written (a hostile text's 400,000 notes held 170 MB then).
    doc = Document(doc.text, path=doc.path)
    if not options.dicts:
        lines = tuple(report.format_text(doc, found))
        return FileResult(path, markers, notes, lines=lines, counts=counts)
    diagnostics = tuple(report.format_json(doc, found))
    del doc, found  # not held with the dicts and the lines: a hostile text has a million
    lines = tuple(report.text_line(d) for d in diagnostics)
    return FileResult(path, markers, notes, diagnostics, lines, counts=counts)


def check_files(paths: Sequence[str], options: CheckOptions) -> list[FileResult]:
    """:func:`check_file` for each path: one task of a worker."""
    return [check_file(p, options) for p in paths]


def check_paths(
    paths: Iterable[str],
    *,
    executor: Executor | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    encoding: str | None = None,
    format: str | None = None,
    options: CheckOptions | None = None,
    chunksize: int = 1,
    window: int = DEFAULT_WINDOW,
) -> Iterator[FileResult]:
    """Check files, yielding one :class:`FileResult` a path in the order given.

    ``executor`` may be any :class:`concurrent.futures.Executor`; ``None``
    checks in this process.  Tasks are the top-level :func:`check_files` with
    path strings, so workers need ``cliffcite`` installed and the paths
    readable (a shared filesystem on a cluster).  ``chunksize`` paths go in one
    task; at most ``window`` tasks are in flight.  Standard input (``-``) is
    always read here.  ``select``/``ignore`` take rule codes, prefixes or
    names (``KeyError`` for an unknown one), or pass ready ``options``.
    """
    if options is None:
        options = CheckOptions.build(select=select, ignore=ignore, encoding=encoding, format=format)
    if executor is None:
        for path in paths:
            yield check_file(path, options)
        return
    if chunksize < 1 or window < 1:
        raise ValueError("chunksize and window must be at least 1")
    pending: deque[Future[list[FileResult]] | FileResult] = deque()
    chunk: list[str] = []

    def submit() -> None:
        pending.append(executor.submit(check_files, list(chunk), options))
        chunk.clear()

    def drain(limit: int) -> Iterator[FileResult]:
        while len(pending) > limit:
            head = pending.popleft()
            if isinstance(head, FileResult):
                yield head
            else:
                yield from head.result()

    for path in paths:
        if path == STDIN_PATH:
            if chunk:
                submit()
            pending.append(check_file(path, options))
        else:
            chunk.append(path)
            if len(chunk) >= chunksize:
                submit()
        yield from drain(window)
    if chunk:
        submit()
    yield from drain(0)


# --------------------------------------------------------------------------- summary


_SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}


def _table_order(kind: tuple[str, str]) -> tuple[str, int]:
    """Rules in code order; a rule's severities from error down."""
    code, severity = kind
    return code, _SEVERITY_ORDER.get(severity, len(_SEVERITY_ORDER))


class Tally:
    """Running totals of a corpus run, for the closing table and line.

    Keeps counts only, so a run over a million files holds no findings."""

    def __init__(self) -> None:
        self.files = 0
        self.unreadable = 0
        self.with_findings = 0
        self.markers = 0
        self.notes = 0
        self.levels: Counter[str] = Counter()
        # by rule code and the severity reported (a rule may report below its
        # default: an op. cit. of an earlier chapter's work is CC201 at info)
        self.findings: Counter[tuple[str, str]] = Counter()
        self.files_by_rule: Counter[tuple[str, str]] = Counter()

    def add(self, result: FileResult) -> None:
        if result.error is not None:
            self.unreadable += 1
            return
        self.files += 1
        self.markers += result.markers
        self.notes += result.notes
        self.with_findings += bool(result.counts)
        for code, severity, n in result.counts:
            self.levels[severity] += n
            self.findings[code, severity] += n
            self.files_by_rule[code, severity] += 1

    def line(self) -> str:
        """The closing line of ``check``, worded as :func:`cliffcite.report.summary`."""
        files = self.files
        read = f"{files} file{'s' * (files != 1)}, {self.markers} markers, {self.notes} notes"
        total = sum(self.levels.values())
        if not total:
            return f"All checks passed ({read})."
        parts = [
            f"{n} {s.value}{'s' * (n != 1)}"
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            if (n := self.levels[s.value])
        ]
        return f"Found {total}: {', '.join(parts)} ({read})."

    def table(self) -> list[str]:
        """Files, notes and findings by rule, aligned for a terminal."""
        rows = [
            ("files checked", self.files),
            ("files with findings", self.with_findings),
            ("files unreadable", self.unreadable),
            ("markers", self.markers),
            ("notes", self.notes),
        ]
        width = max(len(name) for name, _ in rows)
        out = [f"{name:<{width}}  {count:>8}" for name, count in rows]
        if self.findings:
            out += ["", f"{'rule':<6} {'name':<28} {'severity':<8} {'findings':>8} {'files':>6}"]
            for code, severity in sorted(self.findings, key=_table_order):
                rule = RULES.get(code)
                name = rule.name if rule else "?"
                kind = (code, severity)
                out.append(
                    f"{code:<6} {name:<28} {severity:<8} "
                    f"{self.findings[kind]:>8} {self.files_by_rule[kind]:>6}"
                )
        return out
