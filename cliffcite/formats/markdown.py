"""Markdown reader: three conventions for notes, each its own series when present.

* footnotes: ``[^17]`` references with ``[^17]: text`` definitions (continued by
  indented or lazy lines, and by indented paragraphs after a blank line);
* pandoc conversions of marxists.org pages: ``^[\\[17\\]](#n17)^`` (or
  ``<sup>[\\[17\\]](#n17)</sup>``, ``[\\[17\\]](#n17)``) markers, and
  ``[[17.]{#n17}]{.info}`` or a paragraph opening with a link
  ``[17.](#f17){#n17}`` at the start of each note;
* bracketed numbers: ``\\[17\\]`` (or unescaped ``[17]``) markers with a
  reference list after each "Notes"/"References" heading, either one item a
  line (``17. text``, ``17\\. text``, ``\\[17\\] text``) or run together in one
  paragraph (``1 G Rude ... 2 W Felkin ...``), read by expecting each next
  number in turn.  Several such lists (one a chapter) are several series.
  A list ends at the next heading or rule, or sooner at a paragraph opening at
  the margin after a blank line (the next chapter's prose, where a plain
  "Notes" line opens each list) unless a next item follows it.

Code blocks and code spans are not read.  Every span is an offset range into
the text given; note texts keep their markup, white space folded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from attrs import define, field

from cliffcite.formats import Reading
from cliffcite.formats._util import (
    MAX_LABEL_DIGITS,
    NOTES,
    line_end,
    make_note,
    make_series,
    outside,
    series_name,
    trimmed,
)
from cliffcite.models import Marker, Note, NoteSeries, Span, label_key

__all__ = ["looks_like", "read"]

# The sniff looks no further than this into the text.
SNIFF_CHARS = 4096
# A heading that opens a reference list is a short line.
MAX_HEADING_CHARS = 80

_LABEL = rf"\d{{1,{MAX_LABEL_DIGITS}}}[a-z]?\*?"

_FENCE_OPEN = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")

_FN_REF = re.compile(r"\[(?<!\\\[)\^([^\]\s^]{1,40})\](?!:)")
_FN_DEF = re.compile(r"^[ \t]{0,3}(\[\^([^\]\s^]{1,40})\]):[ \t]*", re.M)

# ^[\[17\]](#n17)^, <sup>[\[17\]](#n17)</sup>, [\[17\]](#n17){.x}; a bare
# [17](#n17) counts only inside ^...^ or <sup>.
_PD_MARKER = re.compile(
    rf"(\^|<sup>|(?=\[))\[(?:\\\[({_LABEL})\\\]|\[({_LABEL})\]|({_LABEL}))\]\(#[^)\s]*\)"
    r"(?:\{[^}\n]{0,80}\})?(\^|</sup>)?"
)
_PD_NOTE = re.compile(
    rf"^[ \t]{{0,3}}(?:\[\]\{{#[^}}\s]*\}}[ \t]*)?"
    rf"(?:\[{{1,2}}(?:\\\[)?(?P<a>(?P<la>{_LABEL})\.?)(?:\\\])?\]\{{#[^}}\s]*\}}(?:\]\{{[^}}]*\}})?"
    rf"|\[(?:\\\[)?(?P<b>(?P<lb>{_LABEL})\.?)(?:\\\])?\]\(#[^)\s]*\)(?:\{{[^}}\n]{{0,80}}\}})?)"
    r"[ \t]*(?=\S)",
    re.M,
)
_BREAK = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]|(?:-[ \t]*){3,}\r?$|(?:\*[ \t]*){3,}\r?$|(?:_[ \t]*){3,}\r?$)",
    re.M,
)

# (the look-behind after the "[" lets the engine skip to the next "[" or "\")
_BRACKET_MARKER = re.compile(rf"\\\[({_LABEL})\\\]|\[(?<![\\\[\]]\[)({_LABEL})\](?![(\[:{{])")
# Superscript markers before a reference list: HTML ``<sup>1</sup>`` left in the
# Markdown, pandoc's ``^1^``.
_SUP_MARKER = re.compile(rf"<sup>[ \t]*\[?({_LABEL})\]?[ \t]*</sup>|\^\[?({_LABEL})\]?\^")
_REF_HEADING = re.compile(
    r"^[#*_ \t]*(?:[^\n]{0,60}\b)?(?:notes|references|endnotes|footnotes)\b[^\n]{0,30}$",
    re.M | re.I,
)
_ITEM_LINE = re.compile(
    rf"^[ \t]*(\\\[({_LABEL})\\\]|\[({_LABEL})\](?!:)|({_LABEL})\\?[.)]|({_LABEL})(?=[ \t]))[ \t]*",
    re.M,
)
# A numbered token that may open an item of a run-together list: ``\\[7\\]``,
# ``7.``, ``7\\.`` or ``7`` after white space, before a capital, a quote, an
# emphasis or an opening bracket.  No match can start inside another, so one
# scan finds every candidate.
_RUN_ON_ITEM = re.compile(
    r"(?<=\s)(\\\[([0-9]+)\\\]|([0-9]+)\\?\.|([0-9]+))[ \t]+(?=[A-Z\"“‘'*_(\[])"
)
# A blank line before a line opening at the margin: CommonMark ends a list item
# there (indented and lazy lines continue it).  Its end is that line's start.
_MARGIN_PARAGRAPH = re.compile(r"^[ \t]*\r?\n(?=[^ \t\r\n])", re.M)
_TITLE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+([^\n]*?)[ \t#]*\r?$", re.M)
_SNIFF = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n|^#{1,6}[ \t]\S|\[\^[^\]\s]+\]|\]\(#?[^)\s]*\)|\\\[\d|\{\.[a-z]+\}|^[ \t]*[-*+][ \t]\S",
    re.M,
)
#: Every match of ``_SNIFF`` holds one of these, or starts the text with one of
#: ``#-+``: a text with neither is not scanned (scanning costs far more).
_SNIFF_CLUES = ("\n#", "[^", "](", "\\[", "{.", "- ", "-\t", "* ", "*\t", "+ ", "+\t")


def _holds(head: str, clue: str) -> bool:
    # one character at a time first: a search for one character is a memchr,
    # one for two characters a slower loop
    return all(c in head for c in clue) and clue in head


def looks_like(text: str) -> bool:
    """True when the start of ``text`` looks like Markdown (front matter, headings,
    footnote references, pandoc attributes, escaped brackets)."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff")
    if head.lstrip()[:1] == "<":
        return False
    if head[:1] not in ("#", "-", "+") and not any(_holds(head, clue) for clue in _SNIFF_CLUES):
        return False
    kinds: set[str] = set()
    for m in _SNIFF.finditer(head):
        kinds.add(m.group()[:2])
        if len(kinds) >= 2:
            return True
    return bool(re.match(r"(?:---|\+\+\+)[ \t]*\r?\n", head))


# --------------------------------------------------------------------------- code


def _blank(chars: list[str], a: int, b: int) -> None:
    for i in range(a, b):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _fences(text: str) -> Iterator[tuple[int, int]]:
    """Ranges of fenced code blocks, a line at a time (an unclosed fence runs
    to the end)."""
    pos, n = 0, len(text)
    opened: tuple[int, str] | None = None
    while pos < n:
        end = line_end(text, pos)
        m = _FENCE_OPEN.match(text, pos, end)
        if opened is None:
            if m is not None:
                opened = (pos, m.group(1))
        elif m is not None and m.group(1).startswith(opened[1]) and not text[m.end() : end].strip():
            yield opened[0], end
            opened = None
        nl = text.find("\n", end)
        pos = n if nl < 0 else nl + 1
    if opened is not None:
        yield opened[0], n


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Code spans: a run of backticks up to the next run of the same length on
    its line.  Linear: each run is looked at once per line."""
    pos, n = 0, len(text)
    while pos < n:
        end = line_end(text, pos)
        runs = [(m.start(), m.end()) for m in _TICKS.finditer(text, pos, end)]
        by_len: dict[int, list[int]] = {}
        for k, (a, b) in enumerate(runs):
            by_len.setdefault(b - a, []).append(k)
        cursor = {length: 0 for length in by_len}
        k = 0
        while k < len(runs):
            a, b = runs[k]
            same = by_len[b - a]
            i = cursor[b - a]
            while i < len(same) and same[i] <= k:
                i += 1
            cursor[b - a] = i
            if i < len(same) and (a == 0 or text[a - 1] != "\\"):
                yield a, runs[same[i]][1]
                k = same[i] + 1
            else:
                k += 1
        nl = text.find("\n", end)
        pos = n if nl < 0 else nl + 1


def _mask_code(text: str) -> str:
    """The text with code blocks and code spans blanked (offsets kept)."""
    if "`" not in text and "~~~" not in text:
        return text
    chars = list(text)
    for a, b in _fences(text):
        _blank(chars, a, b)
    masked = "".join(chars)
    for a, b in _code_spans(masked):
        _blank(chars, a, b)
    return "".join(chars)


# --------------------------------------------------------------------------- parts


@define
class _Part:
    """Markers and notes of one convention (or one chapter of it)."""

    markers: list[Marker] = field(factory=list)
    notes: list[Note] = field(factory=list)
    heading: Span | None = None

    def first(self) -> int:
        spans = [m.span.start for m in self.markers] + [n.span.start for n in self.notes]
        return min(spans) if spans else 0


# --------------------------------------------------------------------------- [^N]


def _definition_end(text: str, start: int, next_def: int) -> int:
    """End of a footnote definition opening at ``start``: lazy lines, and indented
    paragraphs after blank lines, continue it."""
    end = pos = line_end(text, start)
    blank = False
    while pos < next_def:
        nl = text.find("\n", pos)
        if nl < 0 or nl + 1 >= len(text):
            break
        line_start = nl + 1
        stop = min(line_end(text, line_start), next_def)
        line = text[line_start:stop]
        if not line.strip():
            blank = True
        elif line.startswith(("    ", "\t")) or (not blank and not _BREAK.match(line)):
            end = stop
            blank = False
        else:
            break
        pos = stop
    return end


def _footnotes(text: str, masked: str) -> _Part | None:
    if "[^" not in masked:
        return None
    defs = list(_FN_DEF.finditer(masked))
    if not defs:
        return None
    part = _Part()
    ranges: list[tuple[int, int]] = []
    for i, m in enumerate(defs):
        next_def = defs[i + 1].start() if i + 1 < len(defs) else len(text)
        end = _definition_end(masked, m.end(), next_def)
        label_span = Span(m.start(1), m.end(1))
        part.notes.append(make_note(text, m.group(2), label_span, m.end(), end))
        ranges.append((m.start(), end))
    for r in _FN_REF.finditer(masked):
        if outside(r.start(), ranges):
            part.markers.append(Marker(r.group(1), Span(r.start(), r.end())))
    return part


# --------------------------------------------------------------------------- pandoc MIA


def _paragraph_start(text: str, pos: int) -> bool:
    """The line at ``pos`` opens a paragraph: the text or a blank line is before it."""
    k = text.rfind("\n", 0, pos)
    if k < 0:
        return True
    j = text.rfind("\n", 0, k)
    return not text[j + 1 : k].strip()


def _pandoc(text: str, masked: str) -> _Part | None:
    if "](#" not in masked and "]{#" not in masked:
        return None
    starts = [
        m
        for m in _PD_NOTE.finditer(masked)
        if m.group("a") is not None or _paragraph_start(masked, m.start())
    ]
    markers = [
        m
        for m in _PD_MARKER.finditer(masked)
        if m.group(4) is None or (m.group(1) and m.group(5) is not None)
    ]
    if not starts and not markers:
        return None
    part = _Part()
    ranges: list[tuple[int, int]] = []
    breaks = [b.start() for b in _BREAK.finditer(masked)]
    for i, m in enumerate(starts):
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        k = bisect.bisect_right(breaks, m.end())
        end = min(limit, breaks[k]) if k < len(breaks) else limit
        group = "a" if m.group("a") is not None else "b"
        label_span = Span(m.start(group), m.end(group))
        label = m.group("l" + group)
        part.notes.append(make_note(text, label, label_span, m.end(), end))
        ranges.append((m.start(), end))
    for r in markers:
        if outside(r.start(), ranges):
            label = r.group(2) or r.group(3) or r.group(4)
            part.markers.append(Marker(label, Span(r.start(), r.end())))
    return part


# --------------------------------------------------------------------------- \[N\]


def _reference_lists(masked: str) -> list[tuple[Span, int, int]]:
    """Reference lists: each notes heading followed by an item, with the
    heading's span and the list's offsets (up to the next heading or rule)."""
    found: list[tuple[Span, int]] = []
    for h in _REF_HEADING.finditer(masked):
        if len(h.group().strip()) > MAX_HEADING_CHARS:
            continue
        rest = masked[h.end() : h.end() + 4096]
        body = rest.lstrip()
        if _ITEM_LINE.match(body):
            found.append((trimmed(masked, h.start(), h.end()), h.end() + len(rest) - len(body)))
    out: list[tuple[Span, int, int]] = []
    # every heading or rule, found once: a search from each list would read on
    # to the end of the text when no heading or rule follows (quadratic)
    breaks = [b.start() for b in _BREAK.finditer(masked)] if found else []
    for k, (heading, start) in enumerate(found):
        # a list ends at the next heading or rule, or where the next list begins
        i = bisect.bisect_left(breaks, start)
        end = breaks[i] if i < len(breaks) else len(masked)
        if k + 1 < len(found):
            end = min(end, found[k + 1][0].start)
        out.append((heading, start, end))
    return out


def _item_label(m: re.Match[str]) -> tuple[str, Span]:
    for g in (2, 3, 4, 5):
        if m.group(g) is not None:
            return m.group(g), Span(m.start(1), m.end(1))
    return "", Span(m.start(), m.start())


def _run_on_items(masked: str, lo: int, hi: int) -> Iterator[tuple[str, Span, int]]:
    """Items of a list run together in one paragraph: expect 1, 2, 3, ... in turn
    (a number may be skipped once).  Yields label, label span, text start."""
    first = _ITEM_LINE.match(masked, lo)
    if first is None:
        return
    label, label_span = _item_label(first)
    yield label, label_span, first.end()
    pos = first.end()
    if not label.isdigit():
        return
    n = int(label)
    # the candidates by number, in order: the first n + 1 after the item just
    # read is a bisection, not a search to the end of the list
    starts: dict[str, list[int]] = {}
    matches: dict[str, list[re.Match[str]]] = {}
    for m in _RUN_ON_ITEM.finditer(masked, pos, hi):
        number = m.group(2) or m.group(3) or m.group(4)
        starts.setdefault(number, []).append(m.start())
        matches.setdefault(number, []).append(m)
    while pos < hi:
        found = None
        for nxt in (n + 1, n + 2):
            at = starts.get(str(nxt), [])
            i = bisect.bisect_left(at, pos)
            if i < len(at):
                found = matches[str(nxt)][i]
                n = nxt
                break
        if found is None:
            return
        yield str(n), Span(found.start(1), found.end(1)), found.end()
        pos = found.end()


def _follows(label: str, before: str) -> bool:
    """``label`` can be the note after ``before``: the next number, one skipped
    (as in a run-on list), or the same number with a letter or star."""
    a, b = label_key(before)[0], label_key(label)[0]
    return a < b <= a + 2 or (a == b and label != before)


def _list_end(masked: str, items: list[tuple[str, Span, int]], hi: int) -> int:
    """Where a list of ``items`` (in order) ends, at most ``hi``: at the first
    paragraph opening at the margin that is not an item, unless the next item
    follows on from the one before it.  Such a paragraph inside a note is a
    note's second paragraph; after the last note, the next chapter's prose."""
    if not items:
        return hi
    starts = [span.start for _, span, _ in items]
    for m in _MARGIN_PARAGRAPH.finditer(masked, starts[0], hi):
        at = m.end()
        # the first item at or after the paragraph (one starting there opens it)
        k = bisect.bisect_left(starts, at)
        if k < len(items) and (starts[k] == at or _follows(items[k][0], items[k - 1][0])):
            continue
        return at
    return hi


def _list_notes(text: str, masked: str, lo: int, hi: int) -> tuple[list[Note], int]:
    """The notes of the list at ``lo`` and where the list ends (at most ``hi``)."""
    items = [(*_item_label(m), m.end()) for m in _ITEM_LINE.finditer(masked, lo, hi)]
    if len(items) >= 2:
        hi = _list_end(masked, items, hi)
        items = [item for item in items if item[1].start < hi]
    if len(items) < 2:
        items = list(_run_on_items(masked, lo, hi))
        hi = _list_end(masked, items, hi)
        items = [item for item in items if item[1].start < hi]
    notes = []
    for i, (label, label_span, body) in enumerate(items):
        end = items[i + 1][1].start if i + 1 < len(items) else hi
        notes.append(make_note(text, label, label_span, body, end))
    return notes, hi


def _bracketed(text: str, masked: str, taken: list[tuple[int, int]]) -> list[_Part]:
    """One part per reference list, with the bracketed markers before it."""

    lists = _reference_lists(masked)

    def markers(a: int, b: int) -> list[Marker]:
        # superscripts count only beside a reference list (``mc^2^`` is no marker)
        sups = [
            Marker(r.group(1) or r.group(2), Span(r.start(), r.end()))
            for r in (_SUP_MARKER.finditer(masked, a, b) if lists else ())
            if outside(r.start(), taken)
        ]
        spans = [(m.span.start, m.span.end) for m in sups]
        found = [
            Marker(r.group(1) or r.group(2), Span(r.start(), r.end()))
            for r in _BRACKET_MARKER.finditer(masked, a, b)
            if outside(r.start(), taken) and outside(r.start(), spans)
        ]
        return sorted(found + sups, key=lambda m: m.span.start)

    parts: list[_Part] = []
    body_start = 0
    for k, (heading, lo, hi) in enumerate(lists):
        found = markers(body_start, heading.start)
        # A list with no markers before it, with another list after it, is a
        # table of contents or a bibliography, not notes.
        if not found and k + 1 < len(lists):
            continue
        notes, end = _list_notes(text, masked, lo, hi)
        parts.append(_Part(found, notes, heading))
        body_start = end
    trailing = markers(body_start, len(text))
    if trailing:
        parts.append(_Part(trailing))
    return parts


# --------------------------------------------------------------------------- read


def read(text: str) -> Reading:
    """Markers and notes of a Markdown document, with spans into ``text``."""
    masked = _mask_code(text)
    parts: list[_Part] = []
    taken: list[tuple[int, int]] = []
    for found in (_footnotes(text, masked), _pandoc(text, masked)):
        if found is not None:
            parts.append(found)
            taken += [(m.span.start, m.span.end) for m in found.markers]
            taken += [(n.span.start, n.span.end) for n in found.notes]
    taken.sort()
    bracketed = _bracketed(text, masked, taken)
    if any(p.notes for p in bracketed) or not parts:
        parts += bracketed
    parts.sort(key=_Part.first)
    titles = [
        (h.start(), h.group(1))
        for h in _TITLE.finditer(masked)
        if not _REF_HEADING.fullmatch(h.group().rstrip())
    ]
    title_starts = [t[0] for t in titles]
    series: list[NoteSeries] = []
    for i, p in enumerate(parts):
        name = NOTES
        if len(parts) > 1:
            # named after the heading of the chapter its first marker or note is in
            k = bisect.bisect_right(title_starts, p.first()) - 1
            earlier = parts[i - 1].first() if i else -1
            title = titles[k][1] if k >= 0 and titles[k][0] > earlier else None
            name = series_name(NOTES, title, i + 1)
        series.append(make_series(i, p.markers, p.notes, name, p.heading))
    return Reading(tuple(series))
