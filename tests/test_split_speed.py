"""The shortcuts of the split stage against the code they replace (kept here
as the reference): each must give the same answers on any text."""

from __future__ import annotations

import re

import regex
from hypothesis import given
from hypothesis import strategies as st

from cliffcite.formats import text
from cliffcite.models import Span

#: Pieces of texts that meet the shortcuts' edges: line breaks of every kind,
#: white space ``str.isspace`` has (and U+001C, which ``regex``'s ``\\s`` lacks),
#: markers and what is almost one.
PIECES = [
    "\n", "\r\n", "\r", "\n\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028",
    "\u3000", "[1]", "[17]", "[3a]", "[12*]", "[1234]", "[1", "1]", "[a]", "[]", "{2}", "{3*}",
    "{1917}", "{", "}", "[[4]]", "[5]]", "[3ab]", "{4**}", "[5a*]", "¹", "⁴²", "x", "Text",
    "1. Serge", "[^1]",
]  # fmt: skip
#: The ends of a text matter most: a break first, a lone ``\r`` last.
ENDS = ["", "\n", "\r", "\r\n", " "]
texts = st.builds(
    lambda head, body, tail: head + body + tail,
    st.sampled_from(ENDS),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=40).map("".join),
    st.sampled_from(ENDS),
)

#: The marker patterns as they were, in ``regex``.
_REFERENCE_MARKERS = {
    text.MARKER: regex.compile(r"\[(?P<label>[0-9]{1,3}+[a-z*]?+)\]"),
    text.CURLY_MARKER: regex.compile(r"\{(?P<label>[0-9]{1,3}+[a-z*]?+)\}"),
}


@given(texts)
def test_marker_scans_in_re_are_the_regex_patterns(source: str) -> None:
    """``MARKER`` and ``CURLY_MARKER`` run on ``re`` without possessive
    quantifiers: they find what the ``regex`` patterns found."""
    for pattern, reference in _REFERENCE_MARKERS.items():
        got = [(m.span(), m[1]) for m in pattern.finditer(source)]
        assert got == [(m.span(), m[1]) for m in reference.finditer(source)]


def _reference_lines(source: str) -> tuple[list[int], list[int]]:
    """Line starts and content ends as ``_Lines`` found them: a loop of finds."""
    starts, ends = [0], []
    nl = source.find("\n")
    while nl != -1:
        ends.append(nl - 1 if nl > starts[-1] and source[nl - 1] == "\r" else nl)
        starts.append(nl + 1)
        nl = source.find("\n", nl + 1)
    n = len(source)
    ends.append(n - 1 if n > starts[-1] and source[n - 1] == "\r" else n)
    return starts, ends


@given(texts)
def test_lines_are_the_reference(source: str) -> None:
    """``_Lines`` (offsets by ``re`` and ``map``) holds the offsets of the
    loop it replaced, and ``blank`` (a first-character test before the
    search) answers as the search alone."""
    lines = text._Lines(source)
    starts, ends = _reference_lines(source)
    assert (list(lines.starts), list(lines.ends)) == (starts, ends)
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        assert lines.blank(i) == (a == b or text._NONBLANK.search(source, a, b) is None)


#: Lines that start notes, or almost do.
NOTE_LINES = [
    "1. Serge, p.1.", " 2) Ibid.", "\t[3] Reiman.", "[4]. Carr.", "17.", "5.  ", "6. \r", "7.\tx",
    "1234. long", "12a. x", "[3*] y", "  [8] z", "9 . no", "10.x", "[11]x", "x 12. no", "¹. no",
    "13. \u2028", "14. \x1cx", "[15]. \xa0y", "", " ", "Text [1].", "Notes",
]  # fmt: skip
line_texts = st.builds(
    lambda lines, breaks: "".join(a + b for a, b in zip(lines, breaks, strict=False)),
    st.lists(st.sampled_from(NOTE_LINES) | st.text(max_size=6), max_size=30),
    st.lists(st.sampled_from(["\n", "\r\n", "\r", "\n\n", ""]), min_size=30, max_size=30),
)
_REFERENCE_NOTE_START_AFTER_BREAK = re.compile(r"\n" + text.NOTE_START.pattern)


def _reference_note_starts(lines: text._Lines) -> list[tuple[object, ...]]:
    """The note starts as they were found: the first line matched, then one
    search of the text for a line break followed by a label."""
    source = lines.text
    found = []
    first = text.NOTE_START.match(source, 0, lines.ends[0])
    if first is not None:
        found.append((first, 0))
    for m in _REFERENCE_NOTE_START_AFTER_BREAK.finditer(source):
        found.append((m, lines.line_of(m.start() + 1)))
    return [_start_fields(text._note_start(m, line)) for m, line in found]


def _start_fields(s: text._Start) -> tuple[object, ...]:
    return (s.line, s.label, s.number, s.label_span, s.text_start)


@given(line_texts)
def test_note_starts_are_the_reference(source: str) -> None:
    """``_note_starts`` matches ``NOTE_START`` only at the lines whose first
    character it can begin with, each bounded by its line: it finds the
    starts the search of the whole text found."""
    lines = text._Lines(source)
    got = [_start_fields(s) for s in text._note_starts(lines)]
    assert got == _reference_note_starts(lines)


#: Lines of body text and notes, blank or not, with markers of every kind.
BODY_LINES = [
    *NOTE_LINES,
    "Text [1] and [2].", "Text {3}.", "Text.¹", "   ", "\t", "\u3000", "Top of the page",
    "Notes:", "(4) and (5)", "more text", "[^6]",
]  # fmt: skip
body_texts = st.builds(
    lambda lines, breaks: "".join(a + b for a, b in zip(lines, breaks, strict=False)),
    st.lists(st.sampled_from(BODY_LINES), max_size=12),
    st.lists(st.sampled_from(["\n", "\r\n", "\n\n", "\r"]), min_size=12, max_size=12),
)


def _reference_body_markers_between(lines: text._Lines, marks: text._Marks, a: int, b: int) -> bool:
    i = a + 1
    while i < b and not lines.blank(i):
        i += 1
    return i < b and marks.any_between(lines.starts[i], lines.ends[b - 1] + 1)


def _reference_continues(
    lines: text._Lines, marks: text._Marks, prev: text._Start, start: text._Start
) -> bool:
    between = range(prev.line + 1, start.line)
    filled = 0
    for i in between:
        if lines.blank(i):
            continue
        filled += 1
        if lines.match(text.FURNITURE, i) or lines.match(text.NOTES_HEADING, i):
            return False
    if filled > text.MAX_NOTE_LINES:
        return False
    return not between or not marks.any_between(
        lines.starts[between[0]], lines.ends[between[-1]] + 1
    )


@given(body_texts)
def test_blank_lines_hold_no_markers(source: str) -> None:
    """``_body_markers_between`` and ``_continues`` skip the marker lookup
    over blank lines only: they answer as the lookup did, for every pair of
    lines of the text."""
    lines = text._Lines(source)
    marks = text._Marks(text._bracket_marks(source, []))
    starts = [text._Start(i, "1", 1, Span(0, 0), 0) for i in range(len(lines))]
    for a in range(len(lines)):
        for b in range(a + 1, len(lines) + 1):
            got = text._body_markers_between(lines, marks, a, b)
            assert got == _reference_body_markers_between(lines, marks, a, b)
            if b < len(lines):
                got = text._continues(lines, marks, starts[a], starts[b])
                assert got == _reference_continues(lines, marks, starts[a], starts[b])
