"""A backstop against patterns that run away: regex timeouts become diagnostics.

Every pattern in cliffcite is meant to be linear (possessive quantifiers, atomic
groups, no nested repetition; see ``docs/robustness.md``).  Should one still go
super-linear on some input, the ``regex`` module's ``timeout=`` stops it with a
:class:`TimeoutError`; the helpers here turn that into the ``input_limit``
diagnostic (CC901) naming the place, so the run goes on and the user is told
which part of the document was not read.

Use :func:`finditer` in place of ``pattern.finditer`` in a reader's main loop,
and :func:`guard` around any other call that may search a large text::

    found: list[Diagnostic] = []
    for m in guard.finditer(MARKER, text, what="markers", found=found):
        ...
    return Reading(series, tuple(found))

Only ``regex`` patterns take a timeout; the standard library's ``re`` has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import regex

from cliffcite.diagnostics import INPUT_LIMIT, Diagnostic
from cliffcite.models import Span

__all__ = [
    "MIN_CHARS_PER_SECOND",
    "PATTERN_TIMEOUT",
    "budget",
    "finditer",
    "guard",
    "limit_diagnostic",
]

T = TypeVar("T")

#: Seconds one pattern call may take before it is stopped, beyond the time a
#: linear scan of its stretch of text needs: far above any linear pattern on a
#: book, far below "the user thinks it hung".
PATTERN_TIMEOUT = 2.0

#: The slowest rate at which a linear pattern of ours scans text (a cold,
#: alternation-heavy pattern on a 2-core machine does >20 M chars/s): it sizes
#: the budget of a call that searches a long stretch without a match.
MIN_CHARS_PER_SECOND = 2_000_000


def budget(chars: int) -> float:
    """Seconds allowed for one pattern call over ``chars`` characters."""
    return PATTERN_TIMEOUT + max(chars, 0) / MIN_CHARS_PER_SECOND


def limit_diagnostic(span: Span, what: str) -> Diagnostic:
    """The CC901 diagnostic for a pattern that gave up on ``span``."""
    return Diagnostic(
        INPUT_LIMIT,
        span,
        f"gave up looking for {what} here after a pattern timeout; "
        f"the {len(span)} characters from here were not read for {what}",
        None,
        None,
    )


def guard(fn: Callable[[], T], *, span: Span, what: str, default: T, found: list[Diagnostic]) -> T:
    """``fn()``, or ``default`` with a CC901 diagnostic on ``span`` appended to
    ``found`` when a pattern in it timed out.  Other exceptions pass through."""
    try:
        return fn()
    except TimeoutError:
        found.append(limit_diagnostic(span, what))
        return default


def finditer(
    pattern: regex.Pattern[str],
    text: str,
    pos: int = 0,
    endpos: int | None = None,
    *,
    what: str,
    found: list[Diagnostic],
    timeout: float | None = None,
) -> Iterator[regex.Match[str]]:
    """The matches of ``pattern`` in ``text[pos:endpos]``, like
    ``pattern.finditer``, each search bounded in time.

    ``regex``'s own ``finditer(timeout=...)`` bounds the whole iteration, which
    a long, honest document may exceed; here every search gets its own budget
    (``timeout``, default :func:`budget` of the text left), so the total stays
    linear and only a runaway search is stopped.  On a timeout the iteration
    ends and a CC901 diagnostic covering the unread rest is appended to
    ``found``.  Empty matches advance by one character, as ``finditer`` does.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    at = max(pos, 0)
    while at <= end:
        limit = budget(end - at) if timeout is None else timeout
        try:
            m = pattern.search(text, at, end, timeout=limit)
        except TimeoutError:
            found.append(limit_diagnostic(Span(at, end), what))
            return
        if m is None:
            return
        yield m
        at = m.end() if m.end() > m.start() else m.end() + 1
