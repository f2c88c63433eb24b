"""Plain text in the marxists.org layout: ``[N]`` markers in the body and a
numbered notes list (``N. text``) after it, with or without a heading.

The splitter works on lines.  A *note start* is a line that begins with a
number and a period (``17. Ibid..``).  Body text has look-alikes: a chapter
heading (``11. The United Opposition is smashed``), a list inside a quotation
(``1. That the Opposition faction ...``).  A notes list is therefore not one
numbered line but a *chain* of them: numbers that follow each other closely,
both in value and in the text.  Each accepted chain closes a note series; the
markers in the body before it (and after the previous chain) belong to it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from attrs import frozen

from cliffcite.formats import Reading
from cliffcite.models import Marker, Note, NoteSeries, Span, fold_whitespace, label_key

__all__ = ["read"]

#: A note label is at most three digits: longer numbers at a line start are years.
NOTE_START = regex.compile(
    r"[ \t]*+(?:(?P<label>[0-9]{1,3}+)[.)]|\[(?P<label>[0-9]{1,3}+)\]\.?)[ \t]++(?=\S)"
)
#: ``[17]`` or ``[3a]``/``[3*]``; ``[1917]`` (four digits) is a year, not a marker.
MARKER = regex.compile(r"\[(?P<label>[0-9]{1,3}+[a-z*]?)\]")
NOTES_HEADING = regex.compile(
    r"[ \t#*]*+(?:notes?|end\s?notes|footnotes|references|notes and references|sources)"
    r"[ \t]*+:?[ \t*]*+$",
    regex.IGNORECASE,
)
#: Page furniture of web archives: never part of a note.
FURNITURE = regex.compile(
    r"[ \t]*+(?:last updated|top of (?:the )?page|main .{0,60}archive|transcri(?:bed|ption)"
    r"|html mark-?up|marked up by|copyleft|back to (?:the )?(?:top|index|contents)"
    r"|(?:next|previous|last|first) (?:chapter|section|page)|table of contents|contents$)",
    regex.IGNORECASE,
)

#: The next note may be up to this many numbers higher (notes lost in editing)...
MAX_FORWARD_JUMP = 5
#: ...or this many lower (swapped or duplicated notes) and still continue a list.
MAX_BACKWARD_STEP = 2
#: A note may run over this many non-blank lines before the next note start;
#: further apart, two numbered lines are body text, not one notes list.
MAX_NOTE_LINES = 40
#: A lone numbered line is a notes list only with a heading or at the very end.
MIN_CHAIN = 2


@frozen
class _Line:
    start: int
    end: int  # end of content, line break excluded
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@frozen
class _Start:
    index: int  # line index
    label: str
    number: int
    label_span: Span
    text_start: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        content_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        out.append(_Line(pos, content_end, text[pos:content_end]))
        if nl == -1:
            break
        pos = nl + 1
    return out


def _note_starts(lines: list[_Line]) -> list[_Start]:
    starts: list[_Start] = []
    for i, line in enumerate(lines):
        m = NOTE_START.match(line.text)
        if m is None:
            continue
        label = m.group("label")
        label_start = line.start + m.start("label")
        # the label as written: "17." includes its punctuation
        label_end = line.start + m.end() - (len(m.group()) - len(m.group().rstrip()))
        starts.append(
            _Start(i, label, int(label), Span(label_start, label_end), line.start + m.end())
        )
    return starts


def _body_markers_between(lines: list[_Line], a: int, b: int) -> bool:
    """True when a paragraph between lines ``a`` and ``b`` (not the lines that
    continue line ``a`` itself) holds a marker: that is body text, so line
    ``a`` heads a chapter rather than starting a note, and a notes list
    cannot run across it."""
    i = a + 1
    while i < b and not lines[i].blank:
        i += 1
    return any(MARKER.search(ln.text) for ln in lines[i:b])


def _drop_headings(lines: list[_Line], starts: list[_Start]) -> list[_Start]:
    """Numbered lines followed by body text with markers are headings."""
    kept = []
    for k, start in enumerate(starts):
        nxt = starts[k + 1].index if k + 1 < len(starts) else len(lines)
        if not _body_markers_between(lines, start.index, nxt):
            kept.append(start)
    return kept


def _chains(lines: list[_Line], starts: list[_Start]) -> Iterator[list[_Start]]:
    """Group note starts into candidate lists: close in number and in the text."""
    chain: list[_Start] = []
    for start in starts:
        if chain:
            prev = chain[-1]
            between = lines[prev.index + 1 : start.index]
            gap_lines = sum(1 for ln in between if not ln.blank)
            stopped = any(FURNITURE.match(ln.text) for ln in between) or any(
                MARKER.search(ln.text) for ln in between
            )
            # a step back or a repeat continues only a list already under way
            lowest = prev.number - MAX_BACKWARD_STEP if len(chain) >= MIN_CHAIN else prev.number + 1
            close = lowest <= start.number <= prev.number + MAX_FORWARD_JUMP
            if close and gap_lines <= MAX_NOTE_LINES and not stopped:
                chain.append(start)
                continue
            yield chain
        chain = [start]
    if chain:
        yield chain


def _heading_before(lines: list[_Line], index: int) -> int | None:
    """Index of a ``Notes`` heading just above line ``index`` (blank lines between)."""
    i = index - 1
    while i >= 0 and lines[i].blank:
        i -= 1
    if i >= 0 and NOTES_HEADING.match(lines[i].text):
        return i
    return None


def _furniture_tail(lines: list[_Line]) -> int:
    """Index of the first line from which only blank lines and page furniture follow."""
    i = len(lines)
    while i > 0 and (lines[i - 1].blank or FURNITURE.match(lines[i - 1].text)):
        i -= 1
    return i


def _note_end(lines: list[_Line], start: _Start, stop: int, last: bool) -> int:
    """Index of the last line of the note beginning at ``start``; ``stop`` is the
    next note's line (or the end).  Later paragraphs belong to a note only when
    another note follows them; after the last note they are page furniture."""
    end = start.index
    seen_blank = False
    for i in range(start.index + 1, stop):
        line = lines[i]
        if line.blank:
            seen_blank = True
            continue
        if FURNITURE.match(line.text) or NOTES_HEADING.match(line.text):
            break
        if seen_blank and last:
            break
        end = i
    return end


@frozen
class _List:
    """An accepted notes list: its note starts, the last line of each note,
    its heading line and its first line."""

    starts: list[_Start]
    ends: list[int]
    heading: int | None
    first_line: int

    @property
    def end_line(self) -> int:
        return self.ends[-1]


def _lists(lines: list[_Line], starts: list[_Start]) -> list[_List]:
    out: list[_List] = []
    tail = _furniture_tail(lines)
    chains = list(_chains(lines, starts))
    for k, chain in enumerate(chains):
        stop = chains[k + 1][0].index if k + 1 < len(chains) else len(lines)
        stops = [s.index for s in chain[1:]] + [stop]
        ends = [
            _note_end(lines, s, e, last=j == len(chain) - 1)
            for j, (s, e) in enumerate(zip(chain, stops, strict=True))
        ]
        heading = _heading_before(lines, chain[0].index)
        if len(chain) >= MIN_CHAIN or heading is not None or ends[-1] + 1 >= tail:
            first = heading if heading is not None else chain[0].index
            out.append(_List(chain, ends, heading, first))
    return out


def _drop_body_lists(text: str, lines: list[_Line], lists: list[_List]) -> list[_List]:
    """A numbered list inside the body looks like a notes list, but the markers
    after it go on counting up from those before it, where a real notes list
    ends a numbering.  Lists with a ``Notes`` heading are always kept."""
    kept: list[_List] = []
    for k, lst in enumerate(lists):
        if lst.heading is None and k + 1 < len(lists):
            before_start = lines[lists[k - 1].end_line].end if k else 0
            before = [
                label_key(m.group("label"))
                for m in _marker_matches(text, before_start, lines[lst.first_line].start)
            ]
            after = [
                label_key(m.group("label"))
                for m in _marker_matches(
                    text, lines[lst.end_line].end, lines[lists[k + 1].first_line].start
                )
            ]
            if before and after and after[0] > max(before):
                continue
        kept.append(lst)
    return kept


def _note(text: str, lines: list[_Line], start: _Start, end_line: int, series: int) -> Note:
    raw = text[start.text_start : lines[end_line].end]
    text_end = start.text_start + len(raw.rstrip())
    folded, runs = fold_whitespace(raw, start.text_start)
    return Note(
        label=start.label,
        span=Span(start.label_span.start, text_end),
        label_span=start.label_span,
        text=folded,
        text_span=Span(start.text_start, text_end),
        series=series,
        runs=runs if len(runs) > 1 else (),
    )


def read(text: str) -> Reading:
    lines = _lines(text)
    starts = _drop_headings(lines, _note_starts(lines))
    lists = _drop_body_lists(text, lines, _lists(lines, starts))

    series: list[NoteSeries] = []
    body_start = 0
    for idx, lst in enumerate(lists):
        markers = tuple(_markers(text, body_start, lines[lst.first_line].start, idx))
        notes = tuple(
            _note(text, lines, s, end, idx) for s, end in zip(lst.starts, lst.ends, strict=True)
        )
        heading = lines[lst.heading] if lst.heading is not None else None
        series.append(
            NoteSeries(
                idx, markers, notes, "notes", Span(heading.start, heading.end) if heading else None
            )
        )
        body_start = lines[lst.end_line].end

    # Markers after the last notes list (or in a text with none) point nowhere.
    trailing = tuple(_markers(text, body_start, len(text), len(series)))
    if trailing:
        series.append(NoteSeries(len(series), trailing, (), "notes"))
    return Reading(tuple(series))


def _marker_matches(text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    return MARKER.finditer(text, start, end)


def _markers(text: str, start: int, end: int, series: int) -> Iterator[Marker]:
    for m in _marker_matches(text, start, end):
        yield Marker(m.group("label"), Span(m.start(), m.end()), series)


def looks_like(text: str) -> bool:
    """Plain text is the fallback: anything looks like it."""
    return True
