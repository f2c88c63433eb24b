"""Page locators: ``p.223``, ``pp.531-2``, ``p.xi``, ``S. 250``, ``216-18``.

:func:`parse_locator` reads a locator as written; :func:`find_locator` finds
the page locator inside a whole citation (``Stalin, Works, Vol.10,
p.179-80.``) without taking volumes, years, dates or archive numbers for
pages.  Abbreviated ranges are expanded the Chicago way (:func:`expand_range`,
inverse :func:`abbreviate_range`); roman front-matter pages stay lowercase
strings.  What is wrong with how a locator is written is recorded in
``Locator.problems`` under the rule names ``page_prefix``,
``page_range_reversed`` and ``malformed_locator``.

Every pattern is matched anchored at a known position and consumes what it
reads, so the scan is linear in the length of the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import regex

from cliffcite import vocabulary as vocab
from cliffcite.models import Locator, PageRange, Span

__all__ = [
    "abbreviate_range",
    "expand_range",
    "find_locator",
    "from_roman",
    "is_roman",
    "parse_locator",
    "to_roman",
]

PAGE_PREFIX = "page_prefix"
PAGE_RANGE_REVERSED = "page_range_reversed"
MALFORMED_LOCATOR = "malformed_locator"

# --------------------------------------------------------------------------- heuristics

#: No printed volume runs to a million pages; longer digit runs are ids or noise.
MAX_PAGE_DIGITS = 6

#: A bare trailing number in this window is likelier a year of publication
#: (``Smolensk, Cambridge, 1958.``) than a page, so it is not read as one.
PLAUSIBLE_YEARS = range(1400, 2101)

#: How far back from a bare trailing number to look for the label of the field
#: before it (``Vol. 4, 35``): labels are short, so a small window suffices.
LABEL_LOOKBACK = 40

#: A pinpoint lists a few pages (``pp. 69, 68``, ``pp. 133, 134, 133``); a longer
#: run of numbers is a table or noise, and reading stops there.
MAX_LIST_ITEMS = 32

#: Whitespace allowed between a prefix and its number (``p.\n223`` after folding).
MAX_PREFIX_GAP = 3

# --------------------------------------------------------------------------- patterns


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words``, longest first."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _closed(words: Iterable[str]) -> str:
    """Like :func:`_alternation`, but a word ending in a letter may not run on."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        tail = r"(?!\p{L})" if w[-1].isalpha() else ""
        parts.append(regex.escape(w) + tail)
    return "|".join(parts)


_WS = r"[ \t\u00a0\u2009\u202f]"
_ROMAN_ALPHABET = "".join(vocab.ROMAN_NUMERAL_VALUES)

#: A prefix ending in a letter (``p``, ``S``) may not run on into a word:
#: ``Stalin`` holds no prefix ``S``, ``pxi`` is no page.  (Inside a citation
#: no such prefix reads roman pages, ``ROMAN_PAGE_PREFIXES``, so this only
#: spares the scan a try at every capital S.)
_PREFIX = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}.'’\-])(?:{_closed(vocab.PAGE_PREFIXES)})",
)
_GAP = regex.compile(rf"\s{{0,{MAX_PREFIX_GAP}}}")
_TOKEN = regex.compile(r"[\p{L}\p{N}]++")
_DIGITS = regex.compile(r"[0-9]++")
_ROMAN_LETTERS = regex.compile(rf"[{_ROMAN_ALPHABET}{_ROMAN_ALPHABET.upper()}]++")
_ROMAN_VALID = regex.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
#: ``12ff``, ``12f``, ``33n``, ``33n4``: a suffix written against the number.
_ATTACHED = regex.compile(r"(?P<page>[0-9]++)(?P<word>ff|f|nn|n)(?P<note>[0-9]*+)")
_DASH = regex.compile(rf"(?P<pre>{_WS}?)(?P<dash>{_alternation(vocab.RANGE_DASHES)}){_WS}?")
_LIST_SEP = regex.compile(
    rf"{_WS}*+(?:,{_WS}*+(?:(?:and|&){_WS}++)?|(?:and|&){_WS}++)",
)
_RUNS_INTO_WORD = regex.compile(rf"{_WS}++\p{{L}}")
_SUFFIX = regex.compile(rf"{_WS}*+(?P<suffix>{_closed(vocab.FOLLOWING_PAGES_SUFFIXES)})")
_NOTE = regex.compile(
    rf"{_WS}*+,?{_WS}*+(?P<note>(?:{_alternation(vocab.NOTE_REFERENCE_WORDS)}){_WS}*+"
    rf"[0-9]{{1,4}}(?:{_WS}?(?:{_alternation(vocab.RANGE_DASHES)}){_WS}?[0-9]{{1,4}})?)"
    r"(?![\p{L}\p{N}])",
)
_TRAILER = regex.compile(r"[\s.,;:]*+")
_LABELLED_NUMBER = regex.compile(
    rf"(?:(?<!\p{{L}})\p{{L}}{{1,5}}\.|(?<!\p{{L}})(?:{_alternation(vocab.NUMBERING_LABEL_WORDS)}))"
    rf"\s*+(?:[0-9]++|[{_ROMAN_ALPHABET}]++)\s*+$",
    regex.IGNORECASE,
)
_ANY_LETTER = regex.compile(r"\p{L}")

_BARE_TAIL_CHARS = frozenset("0123456789, \t\u00a0\u2009\u202f" + "".join(vocab.RANGE_DASHES))
_END_PUNCTUATION = frozenset(" \t\n\r\u00a0\u2009\u202f.)]}")


# --------------------------------------------------------------------------- numbers


def expand_range(first: str, last: str) -> tuple[int, int]:
    """Expand a Chicago-style inclusive range: ``("531", "2")`` → ``(531, 532)``.

    A shorter ``last`` replaces the trailing digits of ``first`` (``1099-102``
    → 1099–1102, ``12991-3001`` → 12991–13001); one as long or longer stands
    for itself.  The result is not reordered: ``last < first`` means the range
    as written is reversed.  Raises :class:`ValueError` unless both are digits.
    """
    first, last = first.strip(), last.strip()
    if not (_DIGITS.fullmatch(first) and _DIGITS.fullmatch(last)):
        raise ValueError(f"not a numeric page range: {first!r}-{last!r}")
    return _expand(first, last)


def _expand(first: str, last: str) -> tuple[int, int]:
    """:func:`expand_range` of two strings of ASCII digits."""
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return int(first), int(last)


def abbreviate_range(first: int, last: int) -> str:
    """Abbreviate an inclusive range as Chicago 16/17 (9.61/9.64) does.

    ``(71, 72)`` → ``71-72``; ``(100, 104)`` → ``100-104``; ``(101, 108)``
    → ``101-8``; ``(321, 328)`` → ``321-28``; ``(1496, 1504)`` → ``1496-1504``;
    ``(12991, 13001)`` → ``12991-3001``.  :func:`expand_range` inverts it.
    """
    if first < 0 or last < first:
        raise ValueError(f"not an ascending range: {first}-{last}")
    a, b = str(first), str(last)
    if first < 100 or first % 100 == 0 or len(b) > len(a):
        return f"{a}-{b}"
    changed = next(k for k in range(1, len(a) + 1) if a[:-k] == b[:-k])
    if first % 100 >= 10:
        changed = max(changed, 2)
        if len(a) == 4 and changed >= 3:
            changed = 4
    return f"{a}-{b[len(b) - changed :]}"


def is_roman(text: str) -> bool:
    """Whether ``text`` is a well-formed roman numeral (either case)."""
    low = text.lower()
    return bool(low) and _ROMAN_VALID.fullmatch(low) is not None


def from_roman(text: str) -> int | None:
    """The value of a roman numeral, or ``None`` if it is not a valid one."""
    if not is_roman(text):
        return None
    values = [vocab.ROMAN_NUMERAL_VALUES[ch] for ch in text.lower()]
    total = 0
    for here, after in zip(values, [*values[1:], 0], strict=True):
        total += -here if here < after else here
    return total


_ROMAN_STEPS = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_roman(number: int) -> str:
    """Lowercase roman numeral for 1..3999."""
    if not 1 <= number <= 3999:
        raise ValueError(f"no roman numeral for {number}")
    out = []
    for value, letters in _ROMAN_STEPS:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# --------------------------------------------------------------------------- scanning


class _Mode(NamedTuple):
    """How a number position is read.

    ``roman``: roman pages allowed; ``flag_mixed``: ``1O3`` is a malformed
    page rather than not a page; ``flag_roman``: an invalid roman numeral is
    a malformed page rather than not a page.
    """

    roman: bool
    flag_mixed: bool
    flag_roman: bool


_LOOSE_ARABIC = _Mode(roman=False, flag_mixed=False, flag_roman=False)
_LOOSE_ROMAN = _Mode(roman=True, flag_mixed=False, flag_roman=False)
#: A locator as written, with its prefix: whatever follows the prefix is a page.
_STRICT = _Mode(roman=True, flag_mixed=True, flag_roman=True)
#: A locator as written, bare: ``mix`` is a word, ``1O3`` a broken page.
_BARE = _Mode(roman=True, flag_mixed=True, flag_roman=False)


class _Number(NamedTuple):
    """One number token; ``value`` is ``None`` when ``bad`` says why it is broken."""

    start: int
    end: int
    raw: str
    value: int | str | None
    suffix: str | None = None
    bad: str | None = None


class _Item(NamedTuple):
    """One page or range inside a locator; ``page`` is ``None`` when broken."""

    start: int
    end: int
    page: PageRange | None
    roman: bool
    suffix: str | None = None
    problems: tuple[tuple[str, str], ...] = ()


class _Scan(NamedTuple):
    """Items read from one position; ``following`` if ``ff.``/``et seq.`` closed them."""

    end: int
    items: tuple[_Item, ...]
    suffix: str | None
    following: bool


def _read_number(text: str, pos: int, mode: _Mode) -> _Number | None:
    m = _TOKEN.match(text, pos)
    if m is None:
        return None
    tok, end = m.group(), m.end()
    if tok.isascii() and tok.isdigit():  # [0-9]+
        if len(tok) > MAX_PAGE_DIGITS:
            if mode.flag_mixed:
                return _Number(pos, end, tok, None, bad=f'too many digits for a page "{tok}"')
            return None
        return _Number(pos, end, tok, int(tok))
    attached = _ATTACHED.fullmatch(tok)
    if attached and len(attached["page"]) <= MAX_PAGE_DIGITS:
        word, note = attached["word"], attached["note"]
        if word.startswith("f") and not note:
            if text.startswith(".", end):
                end += 1
                word += "."
            return _Number(pos, end, attached["page"], int(attached["page"]), suffix=word)
        if word.startswith("n") and len(note) <= 4:
            suffix = word + note
            return _Number(pos, end, attached["page"], int(attached["page"]), suffix=suffix)
    if tok.isalpha():  # \p{L}+
        if not (mode.roman and _ROMAN_LETTERS.fullmatch(tok)):
            return None
        if is_roman(tok):
            return _Number(pos, end, tok, tok.lower())
        if mode.flag_roman:
            return _Number(pos, end, tok, None, bad=f'not a roman numeral "{tok}"')
        return None
    if mode.flag_mixed and _DIGITS.search(tok):
        return _Number(pos, end, tok, None, bad=f'letters mixed into page number "{tok}"')
    return None


def _make_range(
    first: _Number, last: _Number
) -> tuple[PageRange | None, tuple[tuple[str, str], ...]]:
    span = f"{first.raw}-{last.raw}"
    if isinstance(first.value, int) and isinstance(last.value, int):
        lo, hi = _expand(first.raw, last.raw)  # both read as [0-9]+
        if hi < lo:
            return PageRange(lo, hi), (
                (PAGE_RANGE_REVERSED, f"range ends before it begins, {lo} to {hi}"),
            )
        return PageRange(lo, hi), ()
    if isinstance(first.value, str) and isinstance(last.value, str):
        lo_value, hi_value = from_roman(first.value), from_roman(last.value)
        page = PageRange(first.value, last.value)
        if lo_value is not None and hi_value is not None and hi_value < lo_value:
            return page, ((PAGE_RANGE_REVERSED, f"range ends before it begins, {span}"),)
        return page, ()
    return None, ((MALFORMED_LOCATOR, f"roman and arabic numbers in one range, {span}"),)


def _read_item(text: str, pos: int, mode: _Mode) -> _Item | None:
    first = _read_number(text, pos, mode)
    if first is None:
        return None
    if first.bad is not None:
        return _Item(
            first.start, first.end, None, False, problems=((MALFORMED_LOCATOR, first.bad),)
        )
    parts = [first]
    end = first.end
    problems: list[tuple[str, str]] = []
    while parts[-1].suffix is None and end < len(text):
        dash = _DASH.match(text, end)
        if dash is None:
            break
        after = _read_number(text, dash.end(), mode)
        if after is None:
            if not dash["pre"]:
                problems.append((MALFORMED_LOCATOR, f"dangling dash after {parts[-1].raw}"))
                end = dash.end("dash")
            break
        end = after.end
        if after.bad is not None:
            problems.append((MALFORMED_LOCATOR, after.bad))
            break
        parts.append(after)
    suffix = parts[-1].suffix
    roman = isinstance(first.value, str)
    if problems:
        return _Item(first.start, end, None, roman, suffix, tuple(problems))
    if len(parts) == 1:
        value = first.value
        assert value is not None
        return _Item(first.start, end, PageRange(value, value), roman, suffix)
    if len(parts) > 2:
        raw = "-".join(p.raw for p in parts)
        reason = f"more than two numbers in one range, {raw}"
        return _Item(first.start, end, None, roman, suffix, ((MALFORMED_LOCATOR, reason),))
    page, found = _make_range(parts[0], parts[1])
    return _Item(first.start, end, page, roman, suffix, found)


def _continues(text: str, pos: int) -> bool:
    """Whether a list item ending at ``pos`` reads as a page, not ``2 vols``."""
    if _RUNS_INTO_WORD.match(text, pos) is None:
        return True
    return any(p.match(text, pos) is not None for p in (_LIST_SEP, _SUFFIX, _NOTE))


def _read_items(text: str, pos: int, mode: _Mode) -> _Scan | None:
    first = _read_item(text, pos, mode)
    if first is None:
        return None
    items = [first]
    end = first.end
    follow = _LOOSE_ROMAN if first.roman else _LOOSE_ARABIC
    n = len(text)
    while end < n and items[-1].suffix is None and items[-1].page is not None:
        if len(items) >= MAX_LIST_ITEMS:
            break
        sep = _LIST_SEP.match(text, end)
        if sep is None:
            break
        nxt = _read_item(text, sep.end(), follow)
        if nxt is None or nxt.roman != first.roman or not _continues(text, nxt.end):
            break
        items.append(nxt)
        end = nxt.end
    suffix = items[-1].suffix
    following = suffix is not None and suffix.startswith("f")
    if end < n and suffix is None and (found := _SUFFIX.match(text, end)) is not None:
        suffix, end, following = found["suffix"], found.end(), True
    if end < n and (note := _NOTE.match(text, end)) is not None:
        suffix = f"{suffix} {note['note']}" if suffix else note["note"]
        end = note.end()
    return _Scan(end, tuple(items), suffix, following)


def _build(
    text: str,
    start: int,
    scan: _Scan,
    prefix: str | None,
    offset: int,
    extra: Iterable[tuple[str, str]] = (),
) -> Locator:
    written = text[start : scan.end]
    ranges = tuple(i.page for i in scan.items if i.page is not None)
    problems: list[tuple[str, str]] = []
    for item in scan.items:
        if item.problems:
            problems.extend(item.problems)
    if prefix is not None and not any(rule == MALFORMED_LOCATOR for rule, _ in problems):
        wrong = _prefix_problem(prefix, ranges, scan.following)
        if wrong is not None:
            problems.insert(0, wrong)
    problems.extend(extra)
    unique = []
    if problems:
        seen: set[tuple[str, str]] = set()
        for rule, detail in problems:
            if (rule, detail) not in seen:
                seen.add((rule, detail))
                unique.append((rule, f"{detail} ({written})"))
    return Locator(
        text=written,
        span=Span(start + offset, scan.end + offset),
        ranges=ranges,
        prefix=prefix,
        suffix=scan.suffix,
        problems=tuple(unique),
    )


_SINGULAR = frozenset(vocab.SINGULAR_PAGE_PREFIXES)
_PLURAL = frozenset(vocab.PLURAL_PAGE_PREFIXES)


def _prefix_problem(
    prefix: str, ranges: tuple[PageRange, ...], following: bool
) -> tuple[str, str] | None:
    """A ``page_prefix`` problem: a singular prefix before a range or several
    pages, a plural one before a single page (``following`` excuses it)."""
    if prefix in _SINGULAR:
        if any(r.is_range for r in ranges):
            return (PAGE_PREFIX, _SINGULAR_WITH_RANGE.format(prefix))
        if len(ranges) > 1:
            return (PAGE_PREFIX, f'"{prefix}" used with several pages')
    elif prefix in _PLURAL and len(ranges) == 1 and not ranges[0].is_range and not following:
        return (PAGE_PREFIX, _PLURAL_WITH_PAGE.format(prefix))
    return None


_SINGULAR_WITH_RANGE = '"{}" used with a page range'
_PLURAL_WITH_PAGE = '"{}" used with a single page'


def _empty(text: str, start: int, end: int, prefix: str, offset: int) -> Locator:
    written = text[start:end]
    reason = f'no page number after "{prefix}" ({written})'
    return Locator(
        text=written,
        span=Span(start + offset, end + offset),
        ranges=(),
        prefix=prefix,
        problems=((MALFORMED_LOCATOR, reason),),
    )


def _mode_after(prefix: str) -> _Mode:
    """How the number after ``prefix`` is read inside a whole citation."""
    strict = prefix in vocab.STRICT_PAGE_PREFIXES
    return _Mode(roman=prefix in vocab.ROMAN_PAGE_PREFIXES, flag_mixed=strict, flag_roman=strict)


#: :func:`_mode_after` of every page prefix, computed once.
_MODE_AFTER = {p: _mode_after(p) for p in vocab.PAGE_PREFIXES}
#: Each page prefix as one string object, which every locator written with it
#: holds: a prefix read off the text would be a new ``p.`` of 51 bytes for
#: each of them (a twentieth of what a parsed citation holds).
_PREFIX_OBJECT = {p: p for p in vocab.PAGE_PREFIXES}


# --------------------------------------------------------------------------- public


def parse_locator(text: str, offset: int = 0) -> Locator | None:
    """Read ``text`` as a locator as written: ``pp.531-2``, ``p. 12 ff.``, ``216``.

    Leading whitespace and trailing punctuation are not part of the locator.
    Returns ``None`` when ``text`` holds no page number and no page prefix;
    what is wrong with it otherwise is in ``problems``.
    """
    start = len(text) - len(text.lstrip())
    prefix_match = _PREFIX.match(text, start)
    prefix = _PREFIX_OBJECT[prefix_match.group()] if prefix_match else None
    pos = start
    if prefix_match is not None:
        gap = _GAP.match(text, prefix_match.end())
        pos = gap.end() if gap else prefix_match.end()
    scan = _read_items(text, pos, _STRICT if prefix is not None else _BARE)
    if scan is None:
        if prefix is None or prefix_match is None:
            return None
        return _empty(text, start, prefix_match.end(), prefix, offset)
    extra: list[tuple[str, str]] = []
    trailer = _TRAILER.match(text, scan.end)
    if trailer is not None and trailer.end() < len(text):
        rest = text[scan.end :].strip()
        shown = rest if len(rest) <= 20 else rest[:20] + "…"
        extra.append((MALFORMED_LOCATOR, f'unexpected text after the locator "{shown}"'))
    return _build(text, start, scan, prefix, offset, extra)


def find_locator(text: str, offset: int = 0) -> Locator | None:
    """Find the page locator in a whole citation.

    The first locator with a page prefix wins (``Vol.4, p.223``), with the
    ones that follow it directly (``p 232, p234``); a later one belongs to
    another work or volume of the note (``pp. 3-47, and Vol. VII, pp.
    333-352``).  Without one, a bare number or range closing the citation
    after a comma (``Taylor, *From #BlackLivesMatter*, 216.``) is taken,
    unless it is a plausible year (:data:`PLAUSIBLE_YEARS`) or follows a
    labelled number (``Vol. 4, 35``, ``T. 3100, 3161``).  Volumes, issues,
    years and dates are never pages.
    """
    first = _PREFIX_THEN_SIMPLE.search(text)
    if first is None:
        return _bare_tail(text, _content_end(text), offset)
    if first.start(_SIMPLE_NUMBER) >= 0:
        simple = _simple_locator(text, first, offset)
        if simple is not None:
            return simple
    return _general_locator(text, first.start(), offset)


def _general_locator(text: str, pos: int, offset: int) -> Locator | None:
    """:func:`find_locator` the long way, from the first prefix at ``pos``."""
    content_end = _content_end(text)
    found: list[Locator] = []
    scanned_to = 0
    for m in _PREFIX.finditer(text, pos):
        if m.start() < scanned_to or _after_no_place(text, m.end()):
            continue
        if found and not _JOINER.fullmatch(text, scanned_to, m.start()):
            break  # a locator of something else
        prefix = _PREFIX_OBJECT[m.group()]
        gap = _GAP.match(text, m.end())
        pos = gap.end() if gap else m.end()
        scan = _read_items(text, pos, _MODE_AFTER[prefix])
        if scan is not None:
            found.append(_build(text, m.start(), scan, prefix, offset))
            scanned_to = scan.end
        elif prefix in vocab.STRICT_PAGE_PREFIXES and pos >= content_end:
            found.append(_empty(text, m.start(), m.end(), prefix, offset))
            scanned_to = m.end()
    if found:
        return _join(text, found, offset)
    return _bare_tail(text, content_end, offset)


#: The shape most locators have: one page or a plain range after the prefix,
#: closing the citation but for one period (``p.35``, ``pp.531-2.``, ``p. xi``).
_SIMPLE = regex.compile(
    rf" {{0,{MAX_PREFIX_GAP}}}((?P<first>[0-9]{{1,{MAX_PAGE_DIGITS}}})"
    rf"(?:[-–](?P<last>[0-9]{{1,{MAX_PAGE_DIGITS}}}))?|(?P<roman>[ivxlcdm]++))\.?"
)


#: The first page prefix of a text, and the :data:`_SIMPLE` locator that is
#: the rest of the text if it is one: one search for the two.  The locator is
#: optional, so the match starts and its prefix ends where :data:`_PREFIX`
#: finds its first match (the prefix's alternatives are tried first and the
#: optional tail never makes one of them fail).
_PREFIX_THEN_SIMPLE = regex.compile(rf"(?P<prefix>{_PREFIX.pattern})(?:{_SIMPLE.pattern}\Z)?")
#: Of a :data:`_PREFIX_THEN_SIMPLE` match: the group of the simple locator's
#: number (unset if the rest is no simple locator), by position as read below.
_SIMPLE_NUMBER = 2


def _simple_locator(text: str, m: regex.Match[str], offset: int) -> Locator | None:
    """The locator of ``text`` when its first prefix is followed by a
    :data:`_SIMPLE` locator (a :data:`_PREFIX_THEN_SIMPLE` match ``m`` with
    its tail), else ``None`` (the long way).

    Exact, reading as :func:`_general_locator` does: the gap is what
    :data:`_GAP` takes (spaces, then a digit or letter); the number is a whole
    token, as :func:`_read_number` reads it (a valid roman only where the
    prefix reads roman pages); a hyphen or en dash with nothing around it is
    what :data:`_DASH` takes between two numbers.  After the number at most a
    period is left, where :data:`_DASH`, :data:`_LIST_SEP`, :data:`_SUFFIX`,
    :data:`_NOTE` and :data:`_PREFIX` cannot match: the scan ends at the
    number and this is the only locator.  Its one possible problem is the
    prefix's (:func:`_prefix_problem`, as :func:`_build` adds it); a reversed
    range is left to the long way."""
    start, after = m.span(1)
    if text.endswith(vocab.NO_PLACE_FORMS, 0, after) and _after_no_place(text, after):
        return None
    # by position, (prefix, number, first, last, roman): a group looked up by
    # name costs as much as the match
    prefix, _, first, last, roman = m.groups()
    prefix = _PREFIX_OBJECT[prefix]
    if roman is not None:
        if not (_MODE_AFTER[prefix].roman and is_roman(roman)):
            return None
        page = PageRange(roman, roman)
    elif last is None:
        number = int(first)
        page = PageRange(number, number)
    else:
        lo, hi = _expand(first, last)
        if hi < lo:
            return None  # reversed: a problem of its own
        page = PageRange(lo, hi)
    end = m.end(_SIMPLE_NUMBER)
    written = text[start:end]
    # _prefix_problem of one page or range, not followed (no suffix here)
    if prefix in _SINGULAR:
        wrong = _SINGULAR_WITH_RANGE if page.first != page.last else None
    elif prefix in _PLURAL:
        wrong = _PLURAL_WITH_PAGE if page.first == page.last else None
    else:
        wrong = None
    problems = () if wrong is None else ((PAGE_PREFIX, f"{wrong.format(prefix)} ({written})"),)
    return Locator(written, Span(start + offset, end + offset), (page,), prefix, None, problems)


#: What may stand between two locators of one citation: ``p 232, p234``.
_JOINER = regex.compile(r"[\s,;&]*+(?:and\s++)?+")


def _join(text: str, locators: list[Locator], offset: int) -> Locator:
    if len(locators) == 1:
        return locators[0]
    first, last = locators[0], locators[-1]
    return Locator(
        text[first.span.start - offset : last.span.end - offset],
        Span(first.span.start, last.span.end),
        tuple(r for loc in locators for r in loc.ranges),
        first.prefix,
        last.suffix,
        tuple(p for loc in locators for p in loc.problems),
    )


def _content_end(text: str) -> int:
    """Index after the last character that is not whitespace or closing punctuation."""
    end = len(text)
    while end and text[end - 1] in _END_PUNCTUATION:
        end -= 1
    return end


def _after_no_place(text: str, prefix_end: int) -> bool:
    if not text.endswith(vocab.NO_PLACE_FORMS, 0, prefix_end):
        return False
    for form in vocab.NO_PLACE_FORMS:
        start = prefix_end - len(form)
        if start >= 0 and text.startswith(form, start):
            return start == 0 or not text[start - 1].isalnum()
    return False


#: ``and``/``&`` joining two bare pages: ``Tübingen, 1911, 356 and 362``.
_AND_BEFORE = regex.compile(r"[0-9][ \t]{1,4}+(?:and|&)$")
#: How far back ``and`` is looked for: a digit, a few spaces, the word.
AND_WINDOW = 8
#: A year of publication heading the bare tail: ``1915, `` in ``Tübingen, 1915, 137``.
_YEAR_FIRST = regex.compile(r"[\s,]*+[12][0-9]{3}+,")


def _bare_tail(text: str, content_end: int, offset: int) -> Locator | None:
    """``…, 216.`` / ``…, 216-18.``: a bare page closing the citation after a comma."""
    end = content_end
    start = end
    for _ in range(MAX_LIST_ITEMS):
        while start and text[start - 1] in _BARE_TAIL_CHARS:
            start -= 1
        # "356 and 362": look a few characters back only, so the scan stays linear
        joined = _AND_BEFORE.search(text, max(0, start - AND_WINDOW), start)
        if joined is None:
            break
        start = joined.start() + 1
    year = _YEAR_FIRST.match(text, start, end)
    if year is not None and year.end() < end:
        start = year.end() - 1  # "Tübingen, 1915, 137.": the year is not a page
    comma = text.find(",", start, end)
    pos = comma + 1
    if comma == -1:
        # ``Lazar, "Until All Are Free," 48.``: the comma sits inside the quotes.
        if start < 2 or text[start - 1] not in vocab.CLOSING_QUOTES or text[start - 2] != ",":
            return None
        comma, pos = start - 2, start
    before = text[max(0, comma - LABEL_LOOKBACK) : comma]
    if _ANY_LETTER.search(before) is None or _LABELLED_NUMBER.search(before) is not None:
        return None
    while pos < end and text[pos].isspace():
        pos += 1
    scan = _read_items(text, pos, _LOOSE_ARABIC)
    if scan is None or scan.end != end or scan.suffix is not None:
        return None
    if any(item.page is None for item in scan.items):
        return None
    if any(_looks_like_year(item.page) for item in scan.items):
        return None
    return _build(text, pos, scan, None, offset)


def _looks_like_year(page: PageRange | None) -> bool:
    return page is not None and isinstance(page.first, int) and page.first in PLAUSIBLE_YEARS
