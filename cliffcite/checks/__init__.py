"""Checks: one module per rule family.  Each check is a function from a
:class:`~cliffcite.models.Document` to diagnostics, registered with
:func:`check_for` under the rule codes it may emit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from cliffcite.diagnostics import Diagnostic, Rule, Severity, rule
from cliffcite.models import Document

__all__ = ["CHECKS", "check_for", "problem_diagnostics", "run_checks"]

Check = Callable[[Document], Iterable[Diagnostic]]

#: (rule codes a check may emit, the check)
CHECKS: list[tuple[frozenset[str], Check]] = []


def check_for(*codes: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS.append((frozenset(codes), fn))
        return fn

    return register


def run_checks(doc: Document, enabled: frozenset[str]) -> Iterator[Diagnostic]:
    """Every diagnostic of the enabled rules, from checks that can emit one."""
    # imported for their registrations
    from cliffcite.checks import apparatus, citations, sources  # noqa: F401

    for codes, fn in CHECKS:
        if codes <= enabled:  # the usual case: nothing to filter out, a finding at a time
            yield from fn(doc)
        elif codes & enabled:
            yield from (d for d in fn(doc) if d.code in enabled)


def _wanted(name: str, wanted: frozenset[str]) -> Rule | None:
    r = rule(name)
    return r if r.code in wanted else None


def problem_diagnostics(doc: Document, codes: Iterable[str]) -> Iterator[Diagnostic]:
    """Diagnostics of the problems recorded on citations, for rules ``codes``."""
    wanted = frozenset(codes)
    # each problem's rule, if wanted, by the name recorded: looked up once a
    # name (a hostile text has a million problems of a few rules; rule() took
    # half of turning them into diagnostics, and the other family's too)
    rules: dict[str, Rule | None] = {}
    for series in doc.series:  # not ``doc.notes``: no tuple of every note built for one walk
        for note in series.notes:
            for cite in note.citations:
                for problem in cite.problems:
                    try:
                        r = rules[problem.rule]
                    except KeyError:  # a name met first (None: its rule is not wanted)
                        r = rules[problem.rule] = _wanted(problem.rule, wanted)
                    if r is not None:
                        severity = Severity(problem.severity) if problem.severity else None
                        yield Diagnostic(
                            r, cite.span, problem.message, note.label, note.series, severity
                        )
