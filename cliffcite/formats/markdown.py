"""Markdown reader: three conventions for notes, each its own series when present.

* footnotes: ``[^17]`` references with ``[^17]: text`` definitions (continued by
  indented or lazy lines, and by indented paragraphs after a blank line);
* pandoc conversions of marxists.org pages: ``^[\\[17\\]](#n17)^`` markers and
  ``[[17.]{#n17}]{.info}`` at the start of each note;
* escaped brackets: ``\\[17\\]`` markers with a reference list after a
  "Notes"/"References" heading at the end, either one item a line
  (``17. text``, ``17\\. text``, ``\\[17\\] text``) or run together in one
  paragraph (``1 G Rude ... 2 W Felkin ...``), read by expecting each next
  number in turn.

Code blocks and code spans are not read.  Every span is an offset range into
the text given.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from attrs import define, field

from cliffcite.formats import Reading
from cliffcite.models import Marker, Note, NoteSeries, Span

__all__ = ["looks_like", "read"]

# A note number has at most this many digits: "\[1917\]" is a year.
MAX_LABEL_DIGITS = 3
# The sniff looks no further than this into the text.
SNIFF_CHARS = 4096
# A heading that opens a reference list is a short line.
MAX_HEADING_CHARS = 80

_LABEL = rf"\d{{1,{MAX_LABEL_DIGITS}}}[a-z]?\*?"
_SPACE = re.compile(r"\s+")

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)")

_FN_REF = re.compile(r"(?<!\\)\[\^([^\]\s^]{1,40})\](?!:)")
_FN_DEF = re.compile(r"^[ \t]{0,3}(\[\^([^\]\s^]{1,40})\]):[ \t]*", re.M)

_PD_MARKER = re.compile(rf"\^?\[\\\[({_LABEL})\\\]\]\(#[^)\s]*\)\^?")
_PD_NOTE = re.compile(
    rf"^[ \t]{{0,3}}\[{{1,2}}(?:\\\[)?(({_LABEL})\.?)(?:\\\])?\]\{{#[^}}\s]*\}}(?:\]\{{[^}}]*\}})?[ \t]*",
    re.M,
)
_BREAK = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]|(?:-[ \t]*){3,}$|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)", re.M
)

_ESC_MARKER = re.compile(rf"\\\[({_LABEL})\\\]")
_REF_HEADING = re.compile(
    r"^[#*_ \t]*(?:[^\n]{0,60}\b)?(?:notes|references|endnotes|footnotes)\b[^\n]{0,30}$",
    re.M | re.I,
)
_ITEM_LINE = re.compile(
    rf"^[ \t]*(\\\[({_LABEL})\\\]|\[({_LABEL})\]|({_LABEL})\\?[.)]|({_LABEL})(?=[ \t]))[ \t]*", re.M
)
_SNIFF = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n|^#{1,6}[ \t]\S|\[\^[^\]\s]+\]|\]\(#?[^)\s]*\)|\\\[\d|\{\.[a-z]+\}|^[ \t]*[-*+][ \t]\S",
    re.M,
)


def looks_like(text: str) -> bool:
    """True when the start of ``text`` looks like Markdown (front matter, headings,
    footnote references, pandoc attributes, escaped brackets)."""
    head = text[:SNIFF_CHARS]
    if head.lstrip()[:1] == "<":
        return False
    return len(set(m.group()[:2] for m in _SNIFF.finditer(head))) >= 2 or bool(
        re.match(r"(?:---|\+\+\+)[ \t]*\n", head)
    )


# --------------------------------------------------------------------------- helpers


def _fold(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


def _blank(chars: list[str], a: int, b: int) -> None:
    for i in range(a, b):
        if chars[i] != "\n":
            chars[i] = " "


def _mask_code(text: str) -> str:
    """The text with code blocks and code spans blanked (offsets kept)."""
    if "`" not in text and "~~~" not in text:
        return text
    chars = list(text)
    for m in _FENCE.finditer(text):
        _blank(chars, m.start(), m.end())
    masked = "".join(chars)
    for m in _CODE_SPAN.finditer(masked):
        _blank(chars, m.start(), m.end())
    return "".join(chars)


def _trimmed(text: str, a: int, b: int) -> Span:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b)


def _note(text: str, label: str, label_span: Span, start: int, body_lo: int, end: int) -> Note:
    text_span = _trimmed(text, body_lo, end)
    if not len(text_span):
        text_span = Span(label_span.end, label_span.end)
    span = Span(start, max(label_span.end, text_span.end))
    return Note(label, span, label_span, _fold(text[text_span.start : text_span.end]), text_span)


def _line_end(text: str, pos: int) -> int:
    k = text.find("\n", pos)
    return len(text) if k < 0 else k


@define
class _Part:
    name: str
    markers: list[Marker] = field(factory=list)
    notes: list[Note] = field(factory=list)

    def first(self) -> int:
        spans = [m.span.start for m in self.markers] + [n.span.start for n in self.notes]
        return min(spans) if spans else 0


def _outside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """``pos`` lies in none of the sorted, non-overlapping ``ranges``."""
    k = bisect.bisect_right(ranges, (pos, len(ranges) + pos + 1 << 62)) - 1
    return k < 0 or not (ranges[k][0] <= pos < ranges[k][1])


# --------------------------------------------------------------------------- [^N]


def _definition_end(text: str, start: int, next_def: int) -> int:
    """End of a footnote definition opening at ``start``: lazy lines, and indented
    paragraphs after blank lines, continue it."""
    pos = _line_end(text, start)
    end = pos
    blank = False
    while pos < next_def:
        line_start = pos + 1
        if line_start >= len(text):
            break
        line_end = min(_line_end(text, line_start), next_def)
        line = text[line_start:line_end]
        if not line.strip():
            blank = True
        elif line.startswith(("    ", "\t")) or (not blank and not _BREAK.match(line)):
            end = line_end
            blank = False
        else:
            break
        pos = line_end
        if line_end >= next_def:
            break
    return end


def _footnotes(text: str, masked: str) -> _Part | None:
    defs = list(_FN_DEF.finditer(masked))
    if not defs:
        return None
    part = _Part("notes")
    ranges: list[tuple[int, int]] = []
    for i, m in enumerate(defs):
        next_def = defs[i + 1].start() if i + 1 < len(defs) else len(text)
        end = _definition_end(masked, m.end(), next_def)
        label_span = Span(m.start(1), m.end(1))
        part.notes.append(_note(text, m.group(2), label_span, m.start(1), m.end(), end))
        ranges.append((m.start(), end))
    for r in _FN_REF.finditer(masked):
        if _outside(r.start(), ranges):
            part.markers.append(Marker(r.group(1), Span(r.start(), r.end())))
    return part


# --------------------------------------------------------------------------- pandoc MIA


def _pandoc(text: str, masked: str) -> _Part | None:
    starts = list(_PD_NOTE.finditer(masked))
    markers = list(_PD_MARKER.finditer(masked))
    if not starts and not markers:
        return None
    part = _Part("notes")
    ranges: list[tuple[int, int]] = []
    breaks = [b.start() for b in _BREAK.finditer(masked)]
    for i, m in enumerate(starts):
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        k = bisect.bisect_right(breaks, m.end())
        end = min(limit, breaks[k]) if k < len(breaks) else limit
        label_span = Span(m.start(1), m.end(1))
        part.notes.append(_note(text, m.group(2), label_span, m.start(1), m.end(), end))
        ranges.append((m.start(), end))
    for r in markers:
        if _outside(r.start(), ranges):
            part.markers.append(Marker(r.group(1), Span(r.start(), r.end())))
    return part


# --------------------------------------------------------------------------- \[N\]


def _reference_list(masked: str) -> tuple[int, int] | None:
    """Offsets of the reference list: after the last notes heading followed by an item."""
    heads = [
        h for h in _REF_HEADING.finditer(masked) if len(h.group().strip()) <= MAX_HEADING_CHARS
    ]
    for h in reversed(heads):
        rest = masked[h.end() :]
        body = rest.lstrip()
        if _ITEM_LINE.match(body):
            start = h.end() + (len(rest) - len(body))
            b = _BREAK.search(masked, start)
            return start, (b.start() if b else len(masked))
    return None


def _item_label(m: re.Match[str]) -> tuple[str, int, int]:
    for g in (2, 3, 4, 5):
        if m.group(g) is not None:
            return m.group(g), m.start(1), m.end(1)
    return "", m.start(), m.start()


def _run_on_items(masked: str, lo: int, hi: int) -> Iterator[tuple[str, Span, int]]:
    """Items of a list run together in one paragraph: expect 1, 2, 3, ... in turn
    (a number may be skipped once).  Yields label, label span, text start."""
    first = _ITEM_LINE.match(masked, lo)
    if first is None:
        return
    label, a, b = _item_label(first)
    yield label, Span(a, b), first.end()
    pos = first.end()
    if not label.isdigit():
        return
    n = int(label)
    while pos < hi:
        found = None
        for nxt in (n + 1, n + 2):
            pat = re.compile(rf"(?<=\s)(\\\[{nxt}\\\]|{nxt}\\?\.|{nxt})[ \t]+(?=[A-Z\"“‘'*_(\[])")
            found = pat.search(masked, pos, hi)
            if found:
                n = nxt
                break
        if found is None:
            return
        yield str(n), Span(found.start(1), found.end(1)), found.end()
        pos = found.end()


def _escaped(text: str, masked: str, taken: list[tuple[int, int]]) -> _Part | None:
    region = _reference_list(masked)
    part = _Part("notes")
    lo, hi = region if region else (len(text), len(text))
    if region:
        lines = list(_ITEM_LINE.finditer(masked, lo, hi))
        if len(lines) >= 2:
            items = [(*_label_span(m), m.end()) for m in lines]
        else:
            items = list(_run_on_items(masked, lo, hi))
        for i, (label, label_span, body) in enumerate(items):
            end = items[i + 1][1].start if i + 1 < len(items) else hi
            part.notes.append(_note(text, label, label_span, label_span.start, body, end))
    for r in _ESC_MARKER.finditer(masked, 0, lo):
        if _outside(r.start(), taken):
            part.markers.append(Marker(r.group(1), Span(r.start(), r.end())))
    if not part.markers and not part.notes:
        return None
    return part


def _label_span(m: re.Match[str]) -> tuple[str, Span]:
    label, a, b = _item_label(m)
    return label, Span(a, b)


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
    esc = _escaped(text, masked, taken)
    if esc is not None and (esc.notes or not parts):
        parts.append(esc)
    parts.sort(key=_Part.first)
    series = []
    for i, p in enumerate(parts):
        name = p.name if len(parts) == 1 else f"{p.name} {i + 1}"
        series.append(
            NoteSeries(
                i,
                tuple(
                    sorted(
                        (m.__class__(m.label, m.span, i) for m in p.markers), key=lambda m: m.span
                    )
                ),
                tuple(
                    Note(n.label, n.span, n.label_span, n.text, n.text_span, i)
                    for n in sorted(p.notes, key=lambda n: n.span)
                ),
                name,
            )
        )
    return Reading(tuple(series))
