"""Plain text in the marxists.org layout: ``[N]`` markers in the body and a
numbered notes list (``N. text``, ``N) text``, ``[N] text``) after it, with
or without a heading.

The splitter works on lines.  A *note start* is a line that begins with a
label (``17. Ibid..``).  Body text has look-alikes: a chapter heading (``11.
The United Opposition is smashed``), a list inside a quotation (``1. That the
Opposition faction ...``).  A notes list is therefore not one numbered line
but a *chain* of them: numbers that follow each other closely, both in value
and in the text.  Each accepted chain closes a note series; the markers in
the body before it (and after the previous chain) belong to it.

Markers are ``[N]`` always; ``{N}`` when some ``{N}`` of the document points
to a note; ``(N)`` only where the document's convention says so: in the
body before a notes list whose labels the parenthesised numbers follow in
ascending order (so ``(274)`` or ``(1917)`` in running text stay text), and
only where bracketed markers do not already do the work.

Labels with a star or a letter (``[3*]``, ``[8a]``) are editors' notes: when
the notes list labels notes so (or an ``Editors' notes`` list follows the
author's), they are a series of their own beside the author's.
"""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections.abc import Iterator
from itertools import islice
from sys import intern

import regex
from attrs import frozen

from cliffcite import guard
from cliffcite.diagnostics import Diagnostic
from cliffcite.formats import Reading
from cliffcite.formats._util import EDITORS, NOTES, make_note, make_series, series_name
from cliffcite.models import Marker, NoteSeries, Span, label_key

__all__ = ["looks_like", "read"]

#: A marker label is at most three digits (``[1917]`` is a year), and may
#: carry a star or a letter: ``3*``, ``8a`` (editors' notes).
_LABEL = r"[0-9]{1,3}+[a-z*]?+"
#: A notes list may run past 999 in a long chapter; four-digit markers then
#: count, but only for labels the notes list has (:data:`LONG_MARKER`).
_LIST_LABEL = r"[0-9]{1,4}+[a-z*]?+"
#: White space as ``regex`` has it (Unicode's White_Space), spelled out for
#: ``re``, whose ``\\s`` also takes the separators U+001C-U+001F.
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: :data:`_LIST_LABEL` for ``re``, without possessive quantifiers, which ``re``
#: has only from Python 3.11.  None is needed in :data:`NOTE_START`: each run is
#: followed by what it cannot hold (a label's digits by ``.``/``)``/``]``, the
#: blanks by a non-blank), so giving back never makes a match.
_RE_LIST_LABEL = r"[0-9]{1,4}[a-z*]?"
#: A note start: ``17.``, ``17)``, ``[17]`` or ``[17].`` and text after it on
#: its line (it reads no line break: matched at a line's start up to the
#: line's end, it finds what it finds unbounded).
NOTE_START = re.compile(
    rf"[ \t]*(?P<as_written>(?P<label>{_RE_LIST_LABEL})[.)]|\[(?P<bracketed>{_RE_LIST_LABEL})\]\.?)"
    rf"[ \t]+(?=[^{_WHITE_SPACE}])"
)
#: What a line must start with to start a note (:data:`NOTE_START`).
_NOTE_FIRST = re.compile(r"[ \t0-9\[]")
#: Not white space as ``str.strip`` has it (``re``, not ``regex``, agrees).
_NONBLANK = re.compile(r"\S")
#: :data:`_LABEL` for ``re`` (see :data:`_RE_LIST_LABEL`): the digits are
#: followed by what they cannot hold, the letter or star by ``]``/``}``.
_RE_LABEL = r"[0-9]{1,3}[a-z*]?"
#: ``[17]`` or ``[3a]``/``[3*]``.  ``re``, unguarded: a match attempt reads at
#: most six characters from where it starts, so the scan is linear by the
#: pattern's shape and needs no timeout (:func:`_scan`).
MARKER = re.compile(rf"\[(?P<label>{_RE_LABEL})\]")
LONG_MARKER = regex.compile(r"\[(?P<label>[0-9]{4})\]")
#: ``demonstration.¹⁷``: superscript digits after a word or punctuation;
#: not a unit after a number (``5 m²``, ``3 km³``).
SUPERSCRIPT_MARKER = regex.compile(
    r"(?<=[\p{L}\p{P}])(?<![0-9][ \u00a0]?\p{L}{1,3})([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}+)(?![⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
#: The superscript digits, those in Latin-1 first: a text without any is not
#: scanned for them (the pattern tries every position, a string search is a memchr).
_SUPERSCRIPTS = "¹²³⁰⁴⁵⁶⁷⁸⁹"
#: ``{17}``: bounded like :data:`MARKER`.
CURLY_MARKER = re.compile(rf"\{{(?P<label>{_RE_LABEL})\}}")
PAREN_MARKER = regex.compile(rf"\((?P<label>{_LABEL})\)")
NOTES_HEADING = regex.compile(
    r"[ \t#*]*+(?:(?:author|editor|translator)(?:s['’]|['’]?s|ial)?+[ \t]++)?+"
    r"(?:notes?|end\s?notes|footnotes|references|notes and references|sources)"
    r"(?:[ \t]++by[ \t]++the[ \t]++\w++)?+[ \t]*+:?[ \t*]*+$",
    regex.IGNORECASE,
)
EDITORS_HEADING = regex.compile(r"editor|translator", regex.IGNORECASE)
#: Page furniture of web archives: never part of a note.
FURNITURE = regex.compile(
    r"[ \t]*+(?:last updated|top of (?:the )?page|main .{0,60}archive|transcri(?:bed|ption)"
    r"|html mark-?up|marked up by|copyleft|back to (?:the )?(?:top|index|contents)"
    r"|(?:next|previous|last|first) (?:chapter|section|page)|table of contents|contents$)",
    regex.IGNORECASE,
)

#: The next note may be up to this many numbers higher (notes lost in editing)...
MAX_FORWARD_JUMP = 5
#: A heading's words: short, no closing period, no digits (``The Wrangel amalgam``).
TITLE_LINE = regex.compile(r"[^0-9.;:]{1,80}+(?<![.;:])\s*+")
#: ...or this many lower (swapped or duplicated notes) and still continue a list.
MAX_BACKWARD_STEP = 2
#: A note may run over this many non-blank lines before the next note start;
#: further apart, two numbered lines are body text, not one notes list.
MAX_NOTE_LINES = 40
#: A lone numbered line is a notes list only with a heading or at the very end.
MIN_CHAIN = 2
#: ``(N)`` markers are the convention before a notes list when their ascending
#: run covers at least this share of its notes...
MIN_PAREN_COVER = 0.5
#: ...and bracketed markers cover less than this share.
MAX_BRACKET_COVER = 0.5


#: A line break; each line but the first starts where one ends.
_LINE_BREAK = re.compile("\n")
_MATCH_END = re.Match.end


class _Lines:
    """The text's lines as offsets: where each starts, and where its content
    ends (the line break, ``\\r\\n`` or ``\\n``, excluded).  No line is copied."""

    __slots__ = ("ends", "starts", "text")

    starts: array[int]
    ends: array[int]

    def __init__(self, text: str) -> None:
        self.text = text
        # The offsets come from one ``re`` scan for the line breaks, taken in C:
        # on the seed chapter (376 lines) 0.79 M instructions, and about 0.1 M
        # more for the arrays below, where a loop of str.find and appends took 1.23 M.
        starts = [0]
        starts += map(_MATCH_END, _LINE_BREAK.finditer(text))
        ends = [s - 1 for s in starts[1:]]
        ends.append(len(text))
        if "\r" in text:  # a \r before the break (or the end) is no content
            ends = [
                e - 1 if e > s and text[e - 1] == "\r" else e
                for s, e in zip(starts, ends, strict=True)
            ]
        # Kept as arrays, 8 bytes a line, where the lists take about 40 (an
        # ``int`` object and a pointer): on a long text the lists' ints, spread
        # over the heap, made the reader's time grow faster than its input
        # (``test_time_grows_linearly[text]``: 12.4-13.3x for 10x after many
        # tests, against 12 allowed), for ~270 instructions a line saved.
        self.starts, self.ends = array("q", starts), array("q", ends)

    def __len__(self) -> int:
        return len(self.starts)

    def blank(self, i: int) -> bool:
        a, b = self.starts[i], self.ends[i]
        # most lines are empty or start with what is not white space: a
        # pattern search (~1,000 instructions) only for the rest
        return a == b or (self.text[a].isspace() and _NONBLANK.search(self.text, a, b) is None)

    def line(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def match(self, pattern: regex.Pattern[str], i: int) -> regex.Match[str] | None:
        """``pattern`` matched at the start of line ``i``, which it cannot pass."""
        return pattern.match(self.text, self.starts[i], self.ends[i])

    def line_of(self, pos: int) -> int:
        """The line holding offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1


class _Start:
    """A numbered line: a note's start, or a heading that looks like one."""

    __slots__ = ("label", "label_span", "line", "number", "text_start")

    def __init__(
        self, line: int, label: str, number: int, label_span: Span, text_start: int
    ) -> None:
        self.line = line  # its line's index
        self.label = label
        self.number = number
        self.label_span = label_span
        self.text_start = text_start


class _Mark:
    """A marker of any kind, before it is known which are markers."""

    __slots__ = ("end", "kind", "label", "start")

    def __init__(self, start: int, end: int, label: str, kind: str) -> None:
        self.start = start
        self.end = end
        self.label = label
        self.kind = kind  # "[", "{", "^" or "("


#: A mark's sort key: its start (an attrgetter, not a lambda: called in C).
_MARK_START = operator.attrgetter("start")


class _Marks:
    """The document's markers, sorted, with range queries."""

    def __init__(self, marks: list[_Mark]) -> None:
        self.marks = sorted(marks, key=_MARK_START)
        self.starts = [m.start for m in self.marks]

    def between(self, a: int, b: int) -> list[_Mark]:
        lo = bisect.bisect_left(self.starts, a)
        hi = bisect.bisect_left(self.starts, b)
        return self.marks[lo:hi]

    def any_between(self, a: int, b: int) -> bool:
        lo = bisect.bisect_left(self.starts, a)
        return lo < len(self.starts) and self.starts[lo] < b


def _note_start(m: re.Match[str], line: int) -> _Start:
    # groups by number (1: as_written, 2: label, 3: bracketed), not by name
    label = intern(m[2] or m[3])
    # the label as written: "17." and "[17]" include their punctuation
    label_start, label_end = m.span(1)
    number = int(label if label.isdigit() else label[:-1])  # label_key(label)[0]
    return _Start(line, label, number, Span(label_start, label_end), m.end())


def _note_starts(lines: _Lines) -> list[_Start]:
    """The numbered lines, in text order.  ``NOTE_START`` is tried only on
    the lines whose first character it can begin with, found by one search
    of the string of every line's first character: on the seed chapter
    (376 lines, 55 numbered) 1.12 M instructions in all where a search of
    the whole text for a line break followed by a label made it 1.30 M."""
    text = lines.text
    line_starts, line_ends = lines.starts, lines.ends
    count = len(line_starts)
    if line_starts[-1] == len(text):  # an empty last line has no first character
        count -= 1
    firsts = "".join(map(text.__getitem__, islice(line_starts, count)))
    starts: list[_Start] = []
    for c in _NOTE_FIRST.finditer(firsts):
        i = c.start()
        m = NOTE_START.match(text, line_starts[i], line_ends[i])
        if m is not None:
            starts.append(_note_start(m, i))
    return starts


def _body_markers_between(lines: _Lines, marks: _Marks, a: int, b: int) -> bool:
    """True when a paragraph between lines ``a`` and ``b`` (not the lines that
    continue line ``a`` itself) holds a marker: that is body text, so line
    ``a`` heads a chapter rather than starting a note, and a notes list
    cannot run across it."""
    i = a + 1
    while i < b and not lines.blank(i):
        i += 1
    # A blank line holds no marker (none starts with white space): when the
    # blank line is the last before ``b`` (between the notes of a list, as a
    # rule), there is nothing to look up.
    return i < b - 1 and marks.any_between(lines.starts[i], lines.ends[b - 1] + 1)


def _drop_headings(
    lines: _Lines, marks: _Marks, starts: list[_Start]
) -> tuple[list[_Start], list[_Start]]:
    """Numbered lines followed by body text with markers are headings: the
    note starts kept, and the headings.  The last note of a list is followed
    by the next chapter's body too; it is kept when it goes on from the note
    before it and does not read as a title (``2. Serge, p.2.`` is a note,
    ``11. The United Opposition is smashed`` a heading)."""
    kept: list[_Start] = []
    headings: list[_Start] = []
    for k, start in enumerate(starts):
        nxt = starts[k + 1].line if k + 1 < len(starts) else len(lines)
        # (nothing lies between consecutive lines: the call is spared)
        if (
            nxt > start.line + 1
            and _body_markers_between(lines, marks, start.line, nxt)
            and not (
                kept
                and kept[-1] is starts[k - 1]
                and 0 < start.number - kept[-1].number <= MAX_FORWARD_JUMP
                and not _body_markers_between(lines, marks, kept[-1].line, start.line)
                and not TITLE_LINE.fullmatch(lines.text, start.text_start, lines.ends[start.line])
            )
        ):
            headings.append(start)
        else:
            kept.append(start)
    return kept, headings


def _continues(lines: _Lines, marks: _Marks, prev: _Start, start: _Start) -> bool:
    """The lines between two close note starts are one note's: not too many,
    no page furniture, no heading, no marker."""
    between = range(prev.line + 1, start.line)
    filled = 0
    for i in between:
        if lines.blank(i):  # neither furniture nor a heading
            continue
        filled += 1
        if lines.match(FURNITURE, i) or lines.match(NOTES_HEADING, i):
            return False
    if filled > MAX_NOTE_LINES:
        return False
    # blank lines only (or none) hold no marker: nothing to look up
    return filled == 0 or not marks.any_between(
        lines.starts[between[0]], lines.ends[between[-1]] + 1
    )


def _chains(lines: _Lines, marks: _Marks, starts: list[_Start]) -> Iterator[list[_Start]]:
    """Group note starts into candidate lists: close in number and in the text."""
    chain: list[_Start] = []
    for start in starts:
        if chain:
            prev = chain[-1]
            # a step back or a repeat continues only a list already under way
            lowest = prev.number - MAX_BACKWARD_STEP if len(chain) >= MIN_CHAIN else prev.number + 1
            close = lowest <= start.number <= prev.number + MAX_FORWARD_JUMP
            # (nothing lies between consecutive lines: the call is spared)
            if close and (start.line == prev.line + 1 or _continues(lines, marks, prev, start)):
                chain.append(start)
                continue
            yield chain
        chain = [start]
    if chain:
        yield chain


def _heading_before(lines: _Lines, index: int) -> int | None:
    """Index of a ``Notes`` heading just above line ``index`` (blank lines between)."""
    i = index - 1
    while i >= 0 and lines.blank(i):
        i -= 1
    if i >= 0 and lines.match(NOTES_HEADING, i):
        return i
    return None


def _furniture_tail(lines: _Lines) -> int:
    """Index of the first line from which only blank lines and page furniture follow."""
    i = len(lines)
    while i > 0 and (lines.blank(i - 1) or lines.match(FURNITURE, i - 1)):
        i -= 1
    return i


def _note_end(lines: _Lines, start: _Start, stop: int, last: bool) -> int:
    """Index of the last line of the note beginning at ``start``; ``stop`` is the
    next note's line (or the end).  Later paragraphs belong to a note only when
    another note follows them; after the last note they are page furniture."""
    end = start.line
    seen_blank = False
    for i in range(start.line + 1, stop):
        if lines.blank(i):
            seen_blank = True
            continue
        if lines.match(FURNITURE, i) or lines.match(NOTES_HEADING, i):
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


def _lists(lines: _Lines, marks: _Marks, starts: list[_Start]) -> list[_List]:
    out: list[_List] = []
    tail = _furniture_tail(lines)
    chains = list(_chains(lines, marks, starts))
    for k, chain in enumerate(chains):
        stop = chains[k + 1][0].line if k + 1 < len(chains) else len(lines)
        stops = [s.line for s in chain[1:]] + [stop]
        ends = [  # (a note followed at once by the next ends on its line: the call is spared)
            s.line if e == s.line + 1 else _note_end(lines, s, e, last=j == len(chain) - 1)
            for j, (s, e) in enumerate(zip(chain, stops, strict=True))
        ]
        heading = _heading_before(lines, chain[0].line)
        if len(chain) >= MIN_CHAIN or heading is not None or ends[-1] + 1 >= tail:
            first = heading if heading is not None else chain[0].line
            out.append(_List(chain, ends, heading, first))
    return out


def _drop_body_lists(lines: _Lines, marks: _Marks, lists: list[_List]) -> list[_List]:
    """A numbered list inside the body looks like a notes list, but the markers
    after it go on counting up from those before it, where a real notes list
    ends a numbering.  Lists with a ``Notes`` heading are always kept."""
    kept: list[_List] = []
    for k, lst in enumerate(lists):
        if lst.heading is None and k + 1 < len(lists):
            before_start = lines.ends[lists[k - 1].end_line] if k else 0
            before = [
                label_key(m.label)
                for m in marks.between(before_start, lines.starts[lst.first_line])
            ]
            after = [
                label_key(m.label)
                for m in marks.between(
                    lines.ends[lst.end_line], lines.starts[lists[k + 1].first_line]
                )
            ]
            if before and after and after[0] > max(before):
                continue
        kept.append(lst)
    return kept


def _find_lists(
    lines: _Lines, marks: _Marks, all_starts: list[_Start]
) -> tuple[list[_List], list[_Start]]:
    """The notes lists, and the numbered lines taken for chapter headings."""
    starts, headings = _drop_headings(lines, marks, all_starts)
    return _drop_body_lists(lines, marks, _lists(lines, marks, starts)), headings


# --------------------------------------------------------------------------- markers


def _scan(
    pattern: re.Pattern[str] | regex.Pattern[str], text: str, kind: str, found: list[Diagnostic]
) -> list[_Mark]:
    """The marks of ``kind`` a marker pattern finds in ``text`` (its group 1
    is the label, interned: a book repeats "1" to "99" in every chapter).

    A ``regex`` pattern (one that may look around, as the superscript one does)
    scans within one time budget for the whole text (:func:`cliffcite.guard.budget`
    of its length; the ``regex`` module counts a ``finditer``'s timeout over
    all its searches; :func:`cliffcite.guard.finditer`, a budget for each
    search, would start a timer for every marker, which costs more than
    finding it).  A timeout ends the scan with a CC901 diagnostic for the
    unread rest, as there; the marks found before it are kept.  An ``re``
    pattern is one bounded by its shape (a literal bracket, a label of at most
    four characters, the closing bracket: :data:`MARKER`), linear without a
    backstop: it scans unguarded, as the ``(N)`` and ``[NNNN]`` scans do, and
    in ``re``, which finds ``[17]`` in the seed chapter in two thirds of the
    instructions ``regex`` takes, and without a clock read at every ``[``.
    The marks are built here, not by the caller from a generator of
    matches: one call, not one generator resumption, a marker."""
    if isinstance(pattern, re.Pattern):
        return [_Mark(m.start(), m.end(), intern(m[1]), kind) for m in pattern.finditer(text)]
    marks: list[_Mark] = []
    add = marks.append
    try:
        for m in pattern.finditer(text, timeout=guard.budget(len(text))):
            start, end = m.span()
            add(_Mark(start, end, intern(m[1]), kind))
    except TimeoutError:
        at = marks[-1].end if marks else 0
        found.append(guard.limit_diagnostic(Span(at, len(text)), "markers"))
    return marks


def _bracket_marks(text: str, found: list[Diagnostic]) -> list[_Mark]:
    """``[N]``, ``{N}`` and superscript markers, the scan for each bounded in
    time (:func:`_scan`)."""
    # m[1] is the label: ``regex`` looks a group up by name more slowly.
    marks = _scan(MARKER, text, "[", found)
    if "{" in text:
        marks += _scan(CURLY_MARKER, text, "{", found)
    if any(digit in text for digit in _SUPERSCRIPTS):
        superscripts = _scan(SUPERSCRIPT_MARKER, text, "^", found)
        for mark in superscripts:
            mark.label = mark.label.translate(_SUPERSCRIPT_DIGITS)
        marks += superscripts
    return marks


def _ascending_run(cands: list[_Mark]) -> list[_Mark]:
    """The longest run of candidates whose numbers ascend in text order, each
    at most ``MAX_FORWARD_JUMP`` above the one before; on ties the later
    candidates (nearer the notes) win."""
    best: dict[int, tuple[int, int]] = {}  # number -> (run length, candidate index)
    back: list[int] = []
    for i, c in enumerate(cands):
        n = label_key(c.label)[0]
        length, prev = 1, -1
        for d in range(1, MAX_FORWARD_JUMP + 1):
            got = best.get(n - d)
            if got is not None and got[0] + 1 > length:
                length, prev = got[0] + 1, got[1]
        back.append(prev)
        if length >= best.get(n, (0, -1))[0]:
            best[n] = (length, i)
    if not best:
        return []
    _, i = max(best.values())
    run = []
    while i >= 0:
        run.append(cands[i])
        i = back[i]
    return run[::-1]


def _paren_marks(text: str, lines: _Lines, marks: _Marks, lists: list[_List]) -> list[_Mark]:
    """``(N)`` markers, where a notes list's labels say they are the convention."""
    out: list[_Mark] = []
    body_start = 0
    for lst in lists:
        body_end = lines.starts[lst.first_line]
        labels = {s.label for s in lst.starts}
        bracketed = {m.label for m in marks.between(body_start, body_end)} & labels
        if len(bracketed) < MAX_BRACKET_COVER * len(labels):
            cands = [
                _Mark(m.start(), m.end(), m.group("label"), "(")
                for m in PAREN_MARKER.finditer(text, body_start, body_end)
                if m.group("label") in labels
            ]
            run = _ascending_run(cands)
            if len(run) >= MIN_PAREN_COVER * len(labels):
                out += run
        body_start = lines.ends[lst.end_line]
    return out


# --------------------------------------------------------------------------- series


def _is_editors(lines: _Lines, lst: _List) -> bool:
    if lst.heading is not None and EDITORS_HEADING.search(
        lines.text, lines.starts[lst.heading], lines.ends[lst.heading]
    ):
        return True
    return all(not s.label.isdigit() for s in lst.starts)


@frozen
class _Group:
    """A chapter: its body's markers and the notes lists after it."""

    marks: list[_Mark]
    lists: list[_List]
    title: str | None


def _groups(
    text: str, lines: _Lines, marks: _Marks, lists: list[_List], headings: list[_Start]
) -> list[_Group]:
    groups: list[_Group] = []
    body_start = 0
    heading_starts = [lines.starts[h.line] for h in headings]
    for lst in lists:
        body_end = lines.starts[lst.first_line]
        found = marks.between(body_start, body_end)
        if groups and not found and _is_editors(lines, lst):
            groups[-1].lists.append(lst)
        else:
            k = bisect.bisect_left(heading_starts, body_start)
            title = None
            if k < len(heading_starts) and heading_starts[k] < body_end:
                title = lines.line(headings[k].line).strip()
            groups.append(_Group(found, [lst], title))
        body_start = lines.ends[lst.end_line]
    trailing = marks.between(body_start, len(text) + 1)
    if trailing:
        groups.append(_Group(trailing, [], None))
    return groups


def _group_series(
    text: str, lines: _Lines, group: _Group, part: int | None, first_index: int
) -> list[NoteSeries]:
    """The series of one chapter: the author's notes, and editors' notes when
    the lists label some so."""
    starts: list[_Start] = []  # the notes' starts,
    ends: list[int] = []  # their last lines,
    editors: list[bool] = []  # and whether each is an editors' note
    heading: dict[bool, Span] = {}
    for lst in group.lists:
        editors_list = _is_editors(lines, lst)
        if lst.heading is not None:
            heading.setdefault(
                editors_list, Span(lines.starts[lst.heading], lines.ends[lst.heading])
            )
        starts += lst.starts
        ends += lst.ends
        editors += [editors_list or not s.label.isdigit() for s in lst.starts]
    # Without notes of both kinds, every note and marker is in the one series.
    has_editors = any(editors) and not all(editors)
    editor_labels: set[str] = set()
    author_labels: set[str] = set()
    if has_editors:
        for s, ed in zip(starts, editors, strict=True):
            (editor_labels if ed else author_labels).add(s.label)
    kinds = [(NOTES, False), (EDITORS, True)] if has_editors else [(NOTES, False)]
    out: list[NoteSeries] = []
    for kind, ed in kinds:
        index = first_index + len(out)
        # built in their series: make_series need not copy them
        ns = [
            make_note(text, s.label, s.label_span, s.text_start, lines.ends[end], series=index)
            for s, end, e in zip(starts, ends, editors, strict=True)
            if not has_editors or e == ed
        ]
        ms = [
            Marker(m.label, Span(m.start, m.end), index)
            for m in group.marks
            if not has_editors or _to_editors(m.label, author_labels, editor_labels) == ed
        ]
        name = series_name(kind, group.title, part) if part is not None else kind
        head = heading.get(ed) if has_editors else next(iter(heading.values()), None)
        out.append(make_series(index, ms, ns, name, head))
    return out


def _to_editors(label: str, author: set[str], editors: set[str]) -> bool:
    """A marker points to an editors' note when no author's note has its label
    and an editors' note has it, or it is written like one (``[3*]``)."""
    return bool(editors) and label not in author and (label in editors or not label.isdigit())


def read(text: str) -> Reading:
    lines = _Lines(text)
    all_starts = _note_starts(lines)
    found: list[Diagnostic] = []
    bracket = _bracket_marks(text, found)
    marks = _Marks(bracket)
    lists, headings = _find_lists(lines, marks, all_starts)
    paren = _paren_marks(text, lines, marks, lists)
    note_labels = {s.label for lst in lists for s in lst.starts}
    # {N} and superscript digits count where one of them names a note
    optional = {m.kind for m in bracket if m.kind != "["}
    used = {k for k in optional if any(m.kind == k and m.label in note_labels for m in bracket)}
    bracketed = {m.label for m in bracket if m.kind == "["} & note_labels
    if len(bracketed) >= MAX_BRACKET_COVER * len(note_labels):
        used.discard("^")  # [N] is the convention: "m²" is a unit, not note 2
    if paren or optional - used:
        # The convention changes what is a marker: find the lists again.
        kept = [m for m in bracket if m.kind == "[" or m.kind in used]
        marks = _Marks(kept + paren)
        lists, headings = _find_lists(lines, marks, all_starts)

    long_labels = {s.label for lst in lists for s in lst.starts if len(s.label) >= 4}
    if long_labels:  # a chapter of a thousand notes or more
        long = [
            _Mark(m.start(), m.end(), m.group("label"), "[")
            for m in LONG_MARKER.finditer(text)
            if m.group("label") in long_labels
        ]
        marks = _Marks(marks.marks + long)
        lists, headings = _find_lists(lines, marks, all_starts)

    groups = _groups(text, lines, marks, lists, headings)
    several = len(groups) > 1
    series: list[NoteSeries] = []
    for k, group in enumerate(groups):
        series += _group_series(text, lines, group, k + 1 if several else None, len(series))
    return Reading(tuple(series), tuple(found))


def looks_like(text: str) -> bool:
    """Plain text is the fallback: anything looks like it."""
    return True
