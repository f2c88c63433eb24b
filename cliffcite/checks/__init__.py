"""Checks: one module per rule family.  Each check is a function from a
:class:`~cliffcite.models.Document` to diagnostics, registered with
:func:`check_for` under the rule codes it may emit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from cliffcite.diagnostics import Diagnostic
from cliffcite.models import Document

__all__ = ["CHECKS", "check_for", "run_checks"]

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
    from cliffcite.checks import apparatus, citations  # noqa: F401

    for codes, fn in CHECKS:
        if codes & enabled:
            yield from (d for d in fn(doc) if d.code in enabled)
