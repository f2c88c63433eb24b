"""The Project Gutenberg reader against the reader it replaces (kept here as
the reference): the notes as the spans they stand on, the markers and notes
merged in one sorted walk of events, each footnote's brackets always matched.
The faster reader must read every text the same."""

from __future__ import annotations

import bisect

from attrs import define
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite.formats import Reading, gutenberg
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

g = gutenberg


@define
class _Block:
    note: Note
    start: int
    end: int


def _footnote_blocks(text: str) -> list[_Block]:
    starts = list(g._FOOTNOTE.finditer(text))
    out: list[_Block] = []
    for i, m in enumerate(starts):
        if out and m.start() < out[-1].end:
            continue
        nxt = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        end = g._close(text, m.end(), nxt)
        if end is None:
            end = body_end = trimmed(text, m.end(), nxt).end
        else:
            body_end = end - 1
        label_span = trimmed(text, m.start(), m.end())
        note = make_note(
            text, m.group(1) or "", label_span, m.end(), body_end, end=max(end, label_span.end)
        )
        out.append(_Block(note, m.start(), note.span.end))
    return out


def _sections(text: str, taken: list[tuple[int, int]]) -> list[_Block]:
    out: list[_Block] = []
    sections = list(g._SECTION.finditer(text))
    gaps = [
        m.start()
        for m in g._BLANK_RUN.finditer(text)
        if text[m.end() : m.end() + 80].lstrip(" \t")[:1] not in ("", "\n", "\r")
    ]
    for j, sec in enumerate(sections):
        k = bisect.bisect_left(gaps, sec.end())
        end = gaps[k] if k < len(gaps) else len(text)
        if j + 1 < len(sections):
            end = min(end, sections[j + 1].start())
        items = [
            m for m in g._SECTION_NOTE.finditer(text, sec.end(), end) if outside(m.start(), taken)
        ]
        for i, m in enumerate(items):
            body_end = items[i + 1].start() if i + 1 < len(items) else end
            label_span = trimmed(text, m.start(), m.end())
            note = make_note(text, m.group(1), label_span, m.end(), body_end)
            out.append(_Block(note, label_span.start, note.span.end))
    return out


def _reference_read(text: str) -> Reading:
    blocks = _footnote_blocks(text)
    ranges = sorted((b.start, b.end) for b in blocks)
    blocks += _sections(text, ranges)
    blocks.sort(key=lambda b: b.start)
    ranges = sorted((b.start, b.end) for b in blocks)
    note_labels = {b.note.label for b in blocks}
    markers: list[Marker] = []
    for m in g._MARKER.finditer(text):
        if not outside(m.start(), ranges):
            continue
        label = m.group(1)
        if label.isdigit() and len(label) > MAX_LABEL_DIGITS and label not in note_labels:
            continue
        markers.append(Marker(label, Span(m.start(), m.end())))
    events: list[tuple[int, int, Marker | Note]] = [(mk.span.start, 0, mk) for mk in markers]
    events += [(b.start, 1, b.note) for b in blocks]
    events.sort(key=lambda e: (e[0], e[1]))
    groups: list[g._Series] = [g._Series(0)]
    last_number: int | None = None
    for pos, _what, item in events:
        cur = groups[-1]
        if isinstance(item, Marker):
            n = g._number(item.label)
            if (
                n is not None
                and last_number is not None
                and n < last_number
                and n <= 1
                and cur.notes
            ):
                groups.append(g._Series(pos))
                cur = groups[-1]
            if n is not None:
                last_number = n
            cur.markers.append(item)
        else:
            cur.notes.append(item)
    groups = [x for x in groups if x.markers or x.notes]
    headings = [
        (h.start(), h.end())
        for h in g._HEADING.finditer(text)
        if len(h.group().strip()) <= g.MAX_HEADING_CHARS
    ]
    heading_starts = [h[0] for h in headings]
    series: list[NoteSeries] = []
    for i, grp in enumerate(groups):
        name = NOTES
        heading: Span | None = None
        if len(groups) > 1:
            first = min([m.span.start for m in grp.markers] + [n.span.start for n in grp.notes])
            k = bisect.bisect_right(heading_starts, first) - 1
            if k >= 0:
                heading = trimmed(text, *headings[k])
                name = series_name(NOTES, heading.slice(text).lstrip("#"))
            else:
                name = series_name(NOTES, None, i + 1)
        series.append(make_series(i, grp.markers, grp.notes, name, heading))
    return Reading(tuple(series))


#: Pieces of Gutenberg apparatus: footnotes of every shape (closed, unclosed,
#: nested, empty, runs of them), FOOTNOTES sections, markers that restart.
PIECES = [
    "[Footnote 1: ", "[Footnote 2: x]", "[Footnote 1:", "[Footnote: ", "[footnote 3. ",
    "[Footnote17: ", "[Footnote A: ", "[Footnote 1:\n", "[Footnote 1: [Greek] x]", "[", "]",
    "[1]", "[2]", "[3]", "[17]", "[A]", "[*]", "[1917]", "[1234]", "[Footnote 1234: x]",
    "FOOTNOTES:\n", "\nFOOTNOTES:\n\n[1] x\n", "NOTES\n", "CHAPTER I.\n", "Chapter 2\n", "XII. X\n",
    "--G.", " ", "\t", "\n", "\n\n", "\n\n\n\n", "\r\n", "x", "Serge, p.1.", "\u2003", "\x85",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_TEXTS)
def test_read_is_the_reference(text: str) -> None:
    assert gutenberg.read(text) == _reference_read(text)


@given(st.integers(0, 40), st.sampled_from(["[Footnote 1: ", "[Footnote 1: a [", "[Footnote 2:\n"]))
def test_runs_of_unclosed_footnotes_are_the_reference(n: int, piece: str) -> None:
    text = "x [1]\n" + piece * n
    assert gutenberg.read(text) == _reference_read(text)
