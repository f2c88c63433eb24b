"""CC2xx: how citations are written, and what Ibid. and op. cit. point to.

The problems are found where the knowledge is (locators while reading them,
Ibid. while resolving it) and recorded on the citation; this module turns
them into diagnostics, at the place in the file where they stand."""

from __future__ import annotations

from collections.abc import Iterator

from cliffcite.checks import check_for, problem_diagnostics
from cliffcite.diagnostics import Diagnostic, rule
from cliffcite.models import Document

__all__ = ["check_citations"]

CODES = ("CC201", "CC202", "CC203", "CC204", "CC205", "CC206")


@check_for(*CODES)
def check_citations(doc: Document) -> Iterator[Diagnostic]:
    yield from problem_diagnostics(doc, CODES)
    for series in doc.series:
        for note in series.notes:
            for cite in note.citations:
                loc = cite.locator
                if loc is None or not loc.problems or getattr(cite, "inherited_pages", False):
                    continue
                for name, reason in loc.problems:
                    yield Diagnostic(rule(name), loc.span, reason, note.label, note.series)
