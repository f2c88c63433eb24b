"""Project Gutenberg plain-text reader.

* markers: ``[17]`` (also ``[A]``, ``[*]``) in the running text;
* notes: ``[Footnote 17: text]`` blocks, anywhere (typically right after the
  paragraph that cites them), over several lines and paragraphs, with nested
  brackets (``[Footnote 3: ... [Greek] ...]``) matched; editors' sub-notes
  inside a footnote (``--G.``, ``--M.``) are part of it;
* per-chapter ``FOOTNOTES:`` sections, whose notes are ``[Footnote 17: ...]``
  blocks or paragraphs opening with ``[17]``.

When the numbering restarts (a marker ``[1]`` after notes were given) a new
series begins, named after the chapter heading before it.  Every span is an
offset range into the text given.
"""

from __future__ import annotations

import bisect
import operator
import re

from attrs import define, field

from cliffcite.formats import Reading
from cliffcite.formats._util import (
    MAX_LABEL_DIGITS,
    NOTES,
    make_note,
    make_series,
    outside,
    series_name,
    trimmed,
)
from cliffcite.models import Marker, Note, NoteSeries, Span

__all__ = ["looks_like", "read"]

# Longer numbers than MAX_LABEL_DIGITS count only when a footnote carries the
# same label.
# The sniff looks this far into the text: the first footnote of a Gutenberg
# book often follows a long preface.
SNIFF_CHARS = 65_536
# A chapter heading is a short line.
MAX_HEADING_CHARS = 80

_LABEL = r"\d+[a-z]?|[A-Z]|\*{1,3}|†{1,2}|‡"
_MARKER = re.compile(rf"\[({_LABEL})\]")
_FOOTNOTE = re.compile(r"\[Footnote\s*([^\s:\].]{1,12})?\s*[:.]?[ \t]*", re.IGNORECASE)
_SECTION = re.compile(r"^[ \t]*(?:FOOTNOTES|NOTES|Footnotes)[ \t]*:?[ \t]*\r?$", re.M)
_SECTION_NOTE = re.compile(rf"^[ \t]*\[({_LABEL})\][ \t]*", re.M)
#: Two blank lines or more (matched whole, then tested for text after them:
#: a lookahead here would rescan every blank run from each of its lines).
_BLANK_RUN = re.compile(r"\n(?:[ \t\r]*\n){2,}")
_HEADING = re.compile(
    r"^[#\t ]*(?:CHAPTER|Chapter|BOOK|Book|PART|Part|SECTION|Section|LETTER|Letter|"
    r"[IVXLC]+\.)\b[^\n]*$",
    re.M,
)
_BRACKET = re.compile(r"[\[\]]")
_SNIFF = re.compile(r"\[Footnote\s*[^\s:\]]{0,12}\s*:", re.I)
# Upper case as Project Gutenberg writes it, with a bracketed note after it.
_SNIFF_SECTION = re.compile(r"^[ \t]*FOOTNOTES:?[ \t]*\r?\n\s*\[", re.M)
_SNIFF_NAME = "Project Gutenberg"
_MARKDOWN_FOOTNOTE = re.compile(r"^[ \t]{0,3}\[\^[^\]\s]+\]:", re.M)


def _holds(text: str, needle: str) -> bool:
    """``needle`` occurs in the sniffed start of ``text``.  A string search is
    far faster than a pattern's that starts with no literal character, so it
    rules out, for most texts, the patterns above whose matches all hold it."""
    return text.find(needle, 0, SNIFF_CHARS) >= 0


def looks_like(text: str) -> bool:
    """True when the text uses Gutenberg footnotes (``[Footnote 1: ...]``, a
    ``FOOTNOTES:`` section), or names Project Gutenberg near its start and
    has no Markdown footnotes (``[^1]: ...``)."""
    if _SNIFF.search(text, 0, SNIFF_CHARS):
        return True
    if _holds(text, "FOOTNOTES") and _SNIFF_SECTION.search(text, 0, SNIFF_CHARS):
        return True
    return _holds(text, _SNIFF_NAME) and not (
        _holds(text, "[^") and _MARKDOWN_FOOTNOTE.search(text, 0, SNIFF_CHARS)
    )


def _close(text: str, start: int, limit: int) -> int | None:
    """Offset just after the ``]`` closing the bracket opened before ``start``,
    nested brackets matched; ``None`` when it is not closed before ``limit``."""
    depth = 1
    for m in _BRACKET.finditer(text, start, limit):
        if m.group() == "[":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def _footnote_blocks(text: str) -> list[Note]:
    """The ``[Footnote 17: text]`` notes in text order, none inside another."""
    out: list[Note] = []
    taken = -1  # where the last note ends
    starts = list(_FOOTNOTE.finditer(text))
    if not starts:
        return out
    for m, nxt in zip(starts, [*(s.start() for s in starts[1:]), len(text)], strict=True):
        begin, body = m.span()
        if begin < taken:
            continue  # inside the previous footnote
        # no ``]`` before the next footnote, as in a run of unclosed ones
        # (``[Footnote 1: `` x 400,000), means no bracket to match: 0.2 s saved there
        end = _close(text, body, nxt) if text.find("]", body, nxt) >= 0 else None
        if end is None:
            # Unclosed before the next footnote: take it up to there (an empty
            # one, in a run of them, has nothing to trim).
            end = body_end = trimmed(text, body, nxt).end if body < nxt else nxt
        else:
            body_end = end - 1
        # the label is ``m``'s text, white space after it left out (it opens with ``[``)
        label_span = Span(begin, begin + len(m.group().rstrip()))
        note = make_note(
            text, m.group(1) or "", label_span, body, body_end, end=max(end, label_span.end)
        )
        out.append(note)
        taken = note.span.end
    return out


def _sections(text: str, taken: list[tuple[int, int]]) -> list[Note]:
    """Notes of ``FOOTNOTES:`` sections written as ``[17] text`` paragraphs."""
    out: list[Note] = []
    sections = list(_SECTION.finditer(text))
    if not sections:
        return out
    gaps = [
        m.start()
        for m in _BLANK_RUN.finditer(text)
        if text[m.end() : m.end() + 80].lstrip(" \t")[:1] not in ("", "\n", "\r")
    ]
    for j, sec in enumerate(sections):
        # A section ends at a wide blank gap, or where the next one begins.
        k = bisect.bisect_left(gaps, sec.end())
        end = gaps[k] if k < len(gaps) else len(text)
        if j + 1 < len(sections):
            end = min(end, sections[j + 1].start())
        # A blank gap of several lines ends the section only after a note.
        items = [
            m for m in _SECTION_NOTE.finditer(text, sec.end(), end) if outside(m.start(), taken)
        ]
        for i, m in enumerate(items):
            body_end = items[i + 1].start() if i + 1 < len(items) else end
            label_span = trimmed(text, m.start(), m.end())
            out.append(make_note(text, m.group(1), label_span, m.end(), body_end))
    return out


#: The sort key of a note, where it starts, taken in C.
_START = operator.attrgetter("span.start")


def _number(label: str) -> int | None:
    digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits) if digits.isdigit() else None


@define
class _Series:
    start: int
    markers: list[Marker] = field(factory=list)
    notes: list[Note] = field(factory=list)


def read(text: str) -> Reading:
    """Markers and notes of a Project Gutenberg text, with spans into ``text``."""
    notes = _footnote_blocks(text)  # in text order, none overlapping
    ranges = [(n.span.start, n.span.end) for n in notes]
    more = _sections(text, ranges)
    if more:
        notes = sorted(notes + more, key=_START)
        ranges = sorted((n.span.start, n.span.end) for n in notes)
    note_labels = {n.label for n in notes}

    markers: list[Marker] = []
    for m in _MARKER.finditer(text):
        if not outside(m.start(), ranges):
            continue
        label = m.group(1)
        if label.isdigit() and len(label) > MAX_LABEL_DIGITS and label not in note_labels:
            continue
        markers.append(Marker(label, Span(m.start(), m.end())))

    # Walk the markers in order, each after the notes that start before it; a
    # restart of the numbering opens a series.  (The notes between two markers
    # are moved at once: a text may have a million notes and no marker.)
    note_starts = [n.span.start for n in notes]
    groups: list[_Series] = [_Series(0)]
    last_number: int | None = None
    taken = 0  # notes placed
    for mk in markers:
        pos = mk.span.start
        before = bisect.bisect_left(note_starts, pos, taken)
        groups[-1].notes += notes[taken:before]
        taken = before
        cur = groups[-1]
        n = _number(mk.label)
        restart = (
            n is not None and last_number is not None and n < last_number and n <= 1 and cur.notes
        )
        if restart:
            groups.append(_Series(pos))
            cur = groups[-1]
        if n is not None:
            last_number = n
        cur.markers.append(mk)
    groups[-1].notes += notes[taken:]

    groups = [g for g in groups if g.markers or g.notes]
    headings = [
        (h.start(), h.end())
        for h in _HEADING.finditer(text)
        if len(h.group().strip()) <= MAX_HEADING_CHARS
    ]
    heading_starts = [h[0] for h in headings]
    series: list[NoteSeries] = []
    for i, g in enumerate(groups):
        name = NOTES
        heading: Span | None = None
        if len(groups) > 1:
            first = min([m.span.start for m in g.markers] + [n.span.start for n in g.notes])
            k = bisect.bisect_right(heading_starts, first) - 1
            if k >= 0:
                heading = trimmed(text, *headings[k])
                name = series_name(NOTES, heading.slice(text).lstrip("#"))
            else:
                name = series_name(NOTES, None, i + 1)
        series.append(make_series(i, g.markers, g.notes, name, heading))
    return Reading(tuple(series))
