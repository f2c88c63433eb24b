"""CC3xx: do the citations point to known works, consistently?"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cliffcite.bibliography import BibError, normalise
from cliffcite.checks import check_for, problem_diagnostics
from cliffcite.diagnostics import BIB_PARSE_ERROR, INCONSISTENT_TITLE, Diagnostic
from cliffcite.models import POINTER_KINDS, Citation, Document, Span

__all__ = ["bib_diagnostics", "check_sources", "check_titles"]

CODES = ("CC301", "CC302", "CC304", "CC305")


@check_for(*CODES)
def check_sources(doc: Document) -> Iterator[Diagnostic]:
    yield from problem_diagnostics(doc, CODES)


def _short_form_of(a: str, b: str) -> bool:
    """``a`` is ``b`` shortened: a run of ``b``'s words (``Missing Class`` of
    ``Missing Class Strengthening ...``, ``Historia economica del Peru`` of
    ``Bosquejo de la historia economica del Peru``), not the same words with
    one put in or left out (``Foundations of a Planned Economy``)."""
    wa, wb = a.split(), b.split()
    n = len(wa)
    return n < len(wb) and any(wb[i : i + n] == wa for i in range(len(wb) - n + 1))


#: The notes named in a CC303 message; more are counted, not listed.
MAX_NAMED_NOTES = 8


@check_for("CC303")
def check_titles(doc: Document) -> Iterator[Diagnostic]:
    """A work (one source) cited under titles that are not short forms of
    each other: reported where a title first differs from the first one."""
    # source → (title, labels of the notes citing it so, as a dict for order
    # and a lookup in constant time: a work may be cited in every note)
    first: dict[str, tuple[str, dict[str, None]]] = {}
    for series in doc.series:
        for note in series.notes:
            for cite in note.citations:
                if not cite.source or not cite.title or cite.kind in POINTER_KINDS:
                    continue
                seen = first.get(cite.source)
                if seen is None:
                    first[cite.source] = (cite.title, {note.label: None})
                    continue
                title, labels = seen
                # titles are normalised only when they differ as written (most do not)
                if cite.title == title or _same_title(normalise(cite.title), normalise(title)):
                    labels[note.label] = None
                    continue
                yield _inconsistent(cite, title, list(labels), note.series)


def _same_title(key: str, seen_key: str) -> bool:
    """Two normalised titles of one work: the same, or one a short form of the other."""
    return key == seen_key or _short_form_of(key, seen_key) or _short_form_of(seen_key, key)


def _inconsistent(cite: Citation, title: str, labels: list[str], series: int) -> Diagnostic:
    where = ", ".join(labels[:MAX_NAMED_NOTES])
    if len(labels) > MAX_NAMED_NOTES:
        where += f" and {len(labels) - MAX_NAMED_NOTES} more"
    notes = "note" if len(labels) == 1 else "notes"
    return Diagnostic(
        INCONSISTENT_TITLE,
        cite.span,
        f"'{cite.title}' here, '{title}' in {notes} {where} (source {cite.source})",
        cite.note,
        series,
    )


def bib_diagnostics(errors: Iterable[BibError]) -> list[Diagnostic]:
    """``bib_parse_error`` for each unreadable entry of a ``.bib`` file, at its
    line in that file.  (Files that cannot be read at all, line 0, are input
    errors for the caller to report.)"""
    return [
        Diagnostic(
            BIB_PARSE_ERROR, Span(0, 0), e.message, None, None, path=e.path, where=(e.line, 1)
        )
        for e in errors
        if e.line > 0
    ]
