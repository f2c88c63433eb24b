"""Helpers the readers share: trimming, ranges, building notes with their
``runs`` back into the file, and naming and numbering series."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Sequence

from cliffcite.models import Marker, Note, NoteSeries, Span, fold_whitespace, replace

__all__ = [
    "EDITORS",
    "MAX_LABEL_DIGITS",
    "NOTES",
    "Runs",
    "fold",
    "line_end",
    "make_note",
    "make_series",
    "outside",
    "runs_of",
    "series_name",
    "trimmed",
]

Runs = tuple[tuple[int, int], ...]

#: Series kinds: the author's notes, and editors' (or translators') notes.
NOTES = "notes"
EDITORS = "editors' notes"
#: A marker or note number has at most this many digits: "[1917]" is a year.
MAX_LABEL_DIGITS = 3
#: A chapter title in a series name is cut to this many characters.
MAX_TITLE_CHARS = 60


def fold(s: str) -> str:
    """``s`` with white-space runs folded to one space and the ends stripped."""
    return " ".join(s.split())


def trimmed(text: str, a: int, b: int) -> Span:
    """The span ``a:b`` of ``text`` without white space at either end."""
    return Span(*_trim(text, a, b))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def line_end(text: str, pos: int) -> int:
    """Offset of the line break ending the line at ``pos`` (a ``\\r`` before
    the ``\\n`` excluded), or the end of the text."""
    k = text.find("\n", pos)
    if k < 0:
        return len(text)
    return k - 1 if k > pos and text[k - 1] == "\r" else k


def outside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """``pos`` lies in none of the sorted, non-overlapping half-open ``ranges``."""
    k = bisect.bisect_right(ranges, (pos, 1 << 62)) - 1
    return k < 0 or not (ranges[k][0] <= pos < ranges[k][1])


def runs_of(offsets: Sequence[int]) -> Runs:
    """Runs (see :attr:`Note.runs`) of a text whose ``i``-th character stands at
    ``offsets[i]`` in the document: a new run wherever they stop following one
    for one."""
    runs: list[tuple[int, int]] = []
    prev = -2
    for i, off in enumerate(offsets):
        if off != prev + 1:
            runs.append((i, off))
        prev = off
    return tuple(runs)


def make_note(
    text: str,
    label: str,
    label_span: Span,
    body_lo: int,
    body_hi: int,
    start: int | None = None,
    end: int | None = None,
    *,
    series: int = 0,
) -> Note:
    """A note whose text is ``text[body_lo:body_hi]`` as written, white space
    folded; ``start`` and ``end`` are where the note begins and ends (by
    default its label and the end of its text); ``series`` the index of the
    series it is for, if known (:func:`make_series` then keeps it as it is)."""
    lo, hi = body_lo, body_hi
    if lo < hi and (text[lo].isspace() or text[hi - 1].isspace()):  # most notes need no trim
        lo, hi = _trim(text, lo, hi)
    if lo == hi:
        lo = hi = label_span.end
    raw = text[lo:hi]
    folded = fold(raw)
    runs: Runs = ()
    if folded != raw:  # else the text maps one for one: a single run, none kept
        runs = fold_whitespace(raw, lo)[1]
    begin = label_span.start if start is None else start
    if end is None:
        end = hi if hi > label_span.end else label_span.end
    # positional, ``citations`` too: attrs' __init__ binds keywords more slowly
    # (~15 %; the one keyword, ``runs``, cost 1,100 instructions a note)
    return Note(
        label,
        Span(begin, end),
        label_span,
        folded,
        Span(lo, hi),
        series,
        (),
        runs if len(runs) > 1 else (),
    )


#: The sort key of a marker or note, ``(span.start, span.end)``, taken in C.
_SPAN_KEY = operator.attrgetter("span.start", "span.end")


def series_name(kind: str, title: str | None = None, part: int | None = None) -> str:
    """``notes``; with chapters, ``notes, CHAPTER I.`` (the chapter's heading)
    or ``notes, part 2`` where the chapter has no heading."""
    if title:
        title = fold(title)
        if len(title) > MAX_TITLE_CHARS:
            title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
        return f"{kind}, {title}"
    if part is not None:
        return f"{kind}, part {part}"
    return kind


def make_series(
    index: int,
    markers: Iterable[Marker],
    notes: Iterable[Note],
    name: str = NOTES,
    heading: Span | None = None,
) -> NoteSeries:
    """A series numbered ``index``, its markers and notes (kept whole, ``runs``
    included) moved into it and put in document order."""
    # Markers are built anew rather than evolved: documents may hold millions.
    ms = sorted(markers, key=_SPAN_KEY)
    ns = sorted(notes, key=_SPAN_KEY)
    return NoteSeries(
        index,
        tuple(m if m.series == index else Marker(m.label, m.span, index) for m in ms),
        tuple(n if n.series == index else replace(n, series=index) for n in ns),
        name,
        heading,
    )
