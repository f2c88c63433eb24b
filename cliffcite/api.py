"""The library's verbs: ``parse``, ``load``, ``check``.  Each runs the
pipeline split → find → resolve → check on one document."""

from __future__ import annotations

import operator
from collections.abc import Iterable

from cliffcite.bibliography import Bibliography
from cliffcite.checks import run_checks
from cliffcite.diagnostics import Diagnostic, select_rules
from cliffcite.find import find_citations
from cliffcite.models import Document
from cliffcite.resolve import resolve_citations
from cliffcite.sources import match_sources
from cliffcite.split import detect_format, split

__all__ = ["check", "load", "needs_citations", "parse"]


def parse(
    text: str,
    *,
    path: str | None = None,
    format: str | None = None,
    bibliography: Bibliography | None = None,
    citations: bool = True,
) -> Document:
    """Read ``text`` into a :class:`Document`: its note series, each note's
    citations, what each citation resolves to, and the works cited, matched
    against ``bibliography`` (default: the bundled one).  With
    ``citations=False`` only the apparatus is read (markers and notes)."""
    fmt = format or detect_format(text, path)
    reading = split(text, format=fmt, path=path)
    doc = Document(text, reading.series, path, fmt, reading.diagnostics)
    if not citations:
        return doc
    return match_sources(resolve_citations(find_citations(doc)), bibliography)


def needs_citations(codes: Iterable[str]) -> bool:
    """Whether any of the rule codes looks at citations (CC2xx, CC3xx)."""
    return any(not code.startswith(("CC1", "CC9")) for code in codes)


def load(
    path: str,
    *,
    encoding: str | None = None,
    format: str | None = None,
    bibliography: Bibliography | None = None,
    citations: bool = True,
) -> Document:
    """Read a file (``"-"`` for standard input) and parse it.  Raises
    :class:`cliffcite.io.InputError` with a one-line reason when it cannot."""
    from cliffcite.io import read_source

    source = read_source(path, encoding=encoding)
    return parse(
        source.text, path=path, format=format, bibliography=bibliography, citations=citations
    )


#: Diagnostics in text order, by rule at one place: ``(span.start, code)``,
#: taken in C (a lambda and the ``code`` property cost 0.5 s a million).
_TEXT_ORDER = operator.attrgetter("span.start", "rule.code")


def check(
    text_or_document: str | Document,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    bibliography: Bibliography | None = None,
) -> list[Diagnostic]:
    """Diagnostics of a text or a parsed document, in text order.

    ``select``/``ignore`` take rule codes (``CC101``), code prefixes (``CC1``)
    or rule names (``marker_without_note``)."""
    enabled = select_rules(select, ignore)
    doc = (
        parse(text_or_document, bibliography=bibliography, citations=needs_citations(enabled))
        if isinstance(text_or_document, str)
        else text_or_document
    )
    found = [d for d in doc.diagnostics if d.code in enabled]
    found.extend(run_checks(doc, enabled))
    found.sort(key=_TEXT_ORDER)
    return found
