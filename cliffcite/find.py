"""Stage 2, find: a note → its citations.

A note holds citations separated by semicolons (``Pravda, 12 August 1927;
Carr, The Foundations of Planned Economy, Vol.2, p.35.``), or prose with no
citation, or prose around one.  Each citation is cut into comma-separated
parts, outside brackets, quotes and emphasis; parts are then recognised by
shape: the page locator (:mod:`cliffcite.locators`), a volume (``Vol.10``),
a date (``12 August 1927``), publication facts (``Cambridge 1958``,
``(London: Verso, 2016)``), archive numbers (``T. 3100, 3161``), and what
is left is the author and the title.  The kind of a citation is its class.

Everything here reads ``Note.text`` and maps offsets back to the document
through ``Note.source_span``; nothing raises on any text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypedDict

import regex

from cliffcite import guard
from cliffcite import vocabulary as vocab
from cliffcite.diagnostics import Diagnostic
from cliffcite.locators import find_locator, parse_locator
from cliffcite.memo import MAX_KEY_CHARS, Table, memoised
from cliffcite.models import (
    ArchivalCitation,
    Citation,
    Document,
    FullCitation,
    IbidCitation,
    IdemCitation,
    Locator,
    Note,
    OpCitCitation,
    PeriodicalCitation,
    Problem,
    ShortCitation,
    Span,
    _replacer,
    replace,
)

__all__ = ["find_citations", "parse_note", "split_parts"]

# --------------------------------------------------------------------------- heuristics

#: An author is a name of at most this many words (``Keeanga-Yamahtta Taylor``,
#: ``Edmond and Jules de Goncourt``); longer runs are titles or prose.
MAX_AUTHOR_WORDS = 7
#: Notes longer than this are not split into parts: prose, read for an
#: Ibid. or a locator only (bounds the work on pathological notes).
MAX_NOTE_CHARS = 20_000
#: Patterns run over a note without a timeout up to this length: a linear
#: pattern cannot be slow there, and ``timeout=`` costs ~2 µs a call, an
#: eighth of this stage on the seed.  Longer notes get the backstop.
MAX_UNGUARDED_CHARS = 2_000

# --------------------------------------------------------------------------- patterns


def _words(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = _words(vocab.MONTHS)
DATE = regex.compile(
    rf"(?:(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s?(?:[-–]\s?[0-9]{{1,2}}\s)?)?(?:{_MONTH})\.?"
    rf"(?:\s?[-–/]\s?(?:{_MONTH})\.?)?(?:\s[0-9]{{1,2}},)?\s?[0-9]{{4}})",
    regex.IGNORECASE,
)
YEAR = regex.compile(r"(?:c\.\s?)?[12][0-9]{3}(?:[-–/][0-9]{2,4})?[a-z]?")
VOLUME = regex.compile(
    rf"(?P<label>{_words(vocab.VOLUME_PREFIXES)})\s?(?P<v>[0-9]{{1,4}}+(?:\s?[-–]\s?[0-9]{{1,4}})?|[IVXLCDM]{{1,7}}+|[ivxlcdm]{{1,7}}+)\b",
)
ROMAN_VOLUME = regex.compile(r"[IVXLC]{1,7}+\.?")
#: Book, chapter and section divisions of classical citations: ``l. lxviii.``,
#: ``c. 23``, ``lib. iv.``; part of the pinpoint, not of the title.
DIVISION = regex.compile(
    r"(?:(?:l|lib|liv|c|cap|ch|chap|sect|art|§)\.?\s?[ivxlcdmIVXLCDM0-9]{1,8}+\.?\s?)++"
)
#: The book of a classical work, cited as its volume: ``l. liv.``, ``lib. iv.``.
BOOK = regex.compile(r"(?:l|lib|liv)\.\s?(?P<v>[ivxlcdm]{1,8}+|[0-9]{1,3}+)\.?")
ISSUE = regex.compile(r"(?:No|Nos|Nr|no|Heft|Issue|issue)\.?\s?[0-9]{1,5}+(?:[-–/][0-9]{1,5})?")
ARCHIVE = regex.compile(r"(?P<prefix>T\.)\s?(?P<ids>[0-9]{2,6}+(?:,\s?[0-9]{2,6}+)*+)")
IBID = regex.compile(rf"(?:{_words(vocab.IBID_FORMS)})(?!\w)", regex.IGNORECASE)
OP_CIT = regex.compile(rf"(?:{_words(vocab.OP_CIT_FORMS)})(?!\w)", regex.IGNORECASE)
LOC_CIT = regex.compile(rf"(?:{_words(vocab.LOC_CIT_FORMS)})(?!\w)", regex.IGNORECASE)
IDEM = regex.compile(rf"(?:{_words(vocab.IDEM_FORMS)})(?!\w)", regex.IGNORECASE)
#: ``Darwin: ibid.``, ``Darwin, ibid.``: the name before a qualified Ibid.
QUALIFIER = regex.compile(r"(?P<who>[^,:;]{1,60}?)[,:]\s*+[*_]?")
SIGNAL = regex.compile(rf"(?:{_words(vocab.SIGNALS)})(?!\w)[,:]?\s*+", regex.IGNORECASE)
ATTRIBUTION = regex.compile(
    rf"\s*+(?:[-–—]{{1,2}}|\()\s*+[*_]?(?:{_words(vocab.ATTRIBUTIONS)})[*_]?\)?\s*+$"
)
PUBLICATION = regex.compile(  # (Place: Publisher, 1989) / Place: Publisher, 1922
    r"\(?(?P<place>[\p{Lu}][\p{L}.' -]{1,40}+)\s?:\s?(?P<publisher>[^,():;\"“*_]{2,80}?)[,:]?\s"
    r"(?P<year>[12][0-9]{3}(?:[-–][12]?[0-9]{1,3})?)(?![\w–-])\)?"
)
PLACE_YEAR = regex.compile(r"(?P<place>[\p{Lu}][\p{L}.' -]{1,30}?),?\s(?P<year>[12][0-9]{3})")
EDITION = regex.compile(
    r"(?:[0-9]+(?:st|nd|rd|th)|[Ff]irst|[Ss]econd|[Tt]hird|[Nn]ew|[Rr]ev\.?|[Rr]evised)\s?(?:ed\.?|edn\.?|edition)|(?:ed|eds|trans|tr|transl|comp)\.\s.*|edited by .*|translated by .*",
)
NAME_TOKEN = regex.compile(
    r"(?:\p{Lu}\.(?:\s?-?\p{Lu}\.)*+|\p{Lu}[\p{Ll}\p{Lu}'’]*+(?:-\p{Lu}?[\p{Ll}'’]++)*+|"
    + _words(vocab.NAME_PARTICLES)
    + r")"
)
WORD = regex.compile(r"[\p{L}\p{N}]++")
_HONORIFICS = ("Dr.", "Prof.", "Mr.", "Mrs.", "Mme.", "Mlle.", "Herr.", "Frau.", "Sir.", "Rev.")
#: A title before a name, dropped from it; only a text that starts with one of
#: :data:`_HONORIFICS` is searched (the pattern is anchored, case-sensitive).
HONORIFIC = regex.compile(
    rf"^(?:{'|'.join(h[:-1] for h in _HONORIFICS)})\.\s++(?=\p{{Lu}}\p{{Ll}})"
)
EMPHASIS = regex.compile(r"^(?:\*{1,2}|_{1,2})(?P<t>.+?)(?:\*{1,2}|_{1,2})$")
QUOTED = regex.compile(r'^(?:["“](?P<t>.+)["”]|„(?P<t>.+)“|«\s?(?P<t>.+?)\s?»|\'(?P<t>.+)\')$')

#: What an :data:`EMPHASIS` or a :data:`QUOTED` match opens with (both are
#: anchored at the start): a value opening otherwise is neither.
_MARKUP_OPENERS = frozenset("*_\"“„«'")

_OPEN = {"(": ")", "[": "]", "{": "}", "«": "»"}
_TOGGLES = frozenset('"*_')
#: Double quotes as typed, mixed included (``“Title"``, ``"Title”``, ``„Titel“``):
#: one kind of quotation, opened or closed by whichever comes.
_QUOTES = frozenset('"“”„')


class Part(NamedTuple):
    """A comma-separated piece of a citation, offsets into the note text."""

    start: int
    end: int
    text: str


#: The only characters :func:`split_parts` acts on; the scan jumps between them.
_SIGNIFICANT = regex.compile(r'[()\[\]{}“”«»„"*_,;:]')
#: What :func:`split_parts` opens, closes or toggles on: without one in the
#: stretch, it splits at every separator (:func:`_plain_split`).
_NESTING = frozenset(_OPEN) | frozenset(_OPEN.values()) | _TOGGLES | _QUOTES
#: Deeper nesting than this is not a citation: the rest is one part.
MAX_NESTING = 64


def split_parts(text: str, start: int, end: int, seps: str = ",") -> list[Part]:
    """Split ``text[start:end]`` at ``seps`` outside brackets, quotes and
    emphasis.  Unbalanced openers are given up on at the end (linear)."""
    if len(seps) == 1:
        if text.find(seps, start, end) < 0:
            whole = _part(text, start, end)  # nothing to split at: the scan would say so
            return [whole] if whole.text else []
        if _NESTING.isdisjoint(text[start:end]):
            return _plain_split(text, start, end, seps)
    parts: list[Part] = []
    stack: list[str] = []
    toggled: set[str] = set()
    piece = start
    for m in _SIGNIFICANT.finditer(text, start, end):
        ch = m.group()
        i = m.start()
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _OPEN:
            stack.append(_OPEN[ch])
            if len(stack) > MAX_NESTING:
                break
        elif ch in _QUOTES:
            closing = '"' in toggled and ch != "„"
            if closing:
                toggled.discard('"')
            elif ch != "”":
                toggled.add('"')
            if closing and not toggled and not stack and i > piece and text[i - 1] in seps:
                parts.append(_part(text, piece, i + 1))  # "Title," then the rest
                piece = i + 1
        elif ch in _TOGGLES and (ch != "_" or _word_edge(text, i)):
            closing = ch in toggled
            toggled ^= {ch}
            if closing and not toggled and not stack and i > piece and text[i - 1] in seps:
                # "*Oeuvres,* Vol. VIII": the separator sits inside the emphasis
                parts.append(_part(text, piece, i + 1))
                piece = i + 1
        elif ch in seps and not stack and not toggled:
            parts.append(_part(text, piece, i))
            piece = i + 1
    if not parts and (stack or toggled):
        # unbalanced: split again ignoring brackets and quotes
        return [_part(text, start, end)] if seps != "," else _plain_split(text, start, end, seps)
    parts.append(_part(text, piece, end))
    return [p for p in parts if p.text]


def _plain_split(text: str, start: int, end: int, sep: str) -> list[Part]:
    """``text[start:end]`` split at every ``sep`` (one character), brackets,
    quotes and emphasis ignored: with none of them in the stretch, what
    :func:`split_parts` gives too (its scan splits at every separator then)."""
    out: list[Part] = []
    piece = start
    for raw in text[start:end].split(sep):
        core = raw.strip()  # _part(text, piece, piece + len(raw)), inlined
        if core:
            a = piece + len(raw) - len(raw.lstrip())
            out.append(_new_part(Part, (a, a + len(core), core)))
        piece += len(raw) + 1
    return out


def _word_edge(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum())


def _part(text: str, a: int, b: int) -> Part:
    """``text[a:b]`` without the white space at its ends, and where that is."""
    raw = text[a:b]
    core = raw.strip()
    if len(core) == len(raw):
        return _new_part(Part, (a, b, raw))
    a += len(raw) - len(raw.lstrip())
    return _new_part(Part, (a, a + len(core), core))


#: ``Part(a, b, text)`` without the Python-level ``__new__`` of a NamedTuple
#: (a tenth of a microsecond, five times a note).
_new_part = tuple.__new__


def _strip_markup(s: str) -> str:
    """A field's value: emphasis, quotes and edge punctuation removed."""
    if s[:1].isalnum() and s[-1:].isalnum() and "*" not in s:
        # nothing to remove (no white space, punctuation or mark at either
        # end, no "*" within): most values, told by a test that costs less
        # than the memo's look-up and a miss's store (distinct citations)
        return s
    return _stripped(s)


@memoised
def _stripped(s: str) -> str:
    """:func:`_strip_markup` of a value that may have something to remove."""
    s = s.strip().strip(",;:")
    for _ in range(3):
        if s[:1] not in _MARKUP_OPENERS:
            break
        m = EMPHASIS.match(s) or QUOTED.match(s)
        if not m:
            break
        s = m.group("t").strip().strip(",;:").strip()
    s = s.replace("*", "").strip()
    if s.endswith(",") or s.endswith(":"):
        s = s[:-1]
    return s.strip()


def _is_titled(s: str) -> bool:
    """A value set off as a title (emphasis or quotes).  Not memoised itself:
    the look-up would cost more than the test of the first character, which
    most values fail; the searches behind it are."""
    s = s.strip()
    return s[:1] in _MARKUP_OPENERS and _is_set_off(s)


@memoised
def _is_set_off(s: str) -> bool:
    return bool(EMPHASIS.match(s) or QUOTED.match(s))


@memoised
def _is_name(s: str) -> bool:
    """A personal name: ``Serge``, ``M. Fainsod``, ``Serge and Sedova``,
    ``Keeanga-Yamahtta Taylor``, ``Edmond and Jules de Goncourt``, ``W Page(ed)``."""
    if "(" in s:  # EDITOR_MARK holds one
        s = EDITOR_MARK.sub("", s)
    s = s.strip().rstrip(".,:")
    if not s or _is_titled(s):
        return False
    tokens = s.replace(",", " ").replace("&", " & ").split()
    if len(tokens) > MAX_AUTHOR_WORDS:
        return False
    first = tokens[0].lower()
    if first in vocab.ARTICLES or first in vocab.NON_NAME_WORDS:
        return False
    # one pass: any token failing any test says no, whatever the order
    title_words = vocab.TITLE_WORDS
    named = False  # a capitalised token of more than an initial
    for t in tokens:
        if t.lower() in title_words:
            return False
        if t.endswith(("'s", "’s")):  # a possessive: "Greuze's painting"
            return False
        if t.isascii() and t.isalpha() and t[0].isupper():
            named = named or len(t) > 1  # a NAME_TOKEN, no need to match
            continue
        if not (NAME_TOKEN.fullmatch(t) or NAME_TOKEN.fullmatch(t.rstrip("."))):
            return False
        named = named or (t[0].isupper() and len(t.rstrip(".")) > 1)
    return named


def _given_names(author: str) -> bool:
    """True when an author is written with more than a surname (``M. Fainsod``)."""
    return len(author.replace(" and ", " & ").split("&", 1)[0].split()) >= 2


@memoised
def _is_periodical_title(title: str) -> bool:
    words = {w.lower() for w in WORD.findall(title)}
    return bool(words & vocab.PERIODICAL_WORDS) or title.lower() in vocab.PERIODICAL_TITLES


# --------------------------------------------------------------------------- the parser


class _Fields(NamedTuple):
    author: str | None = None
    title: str | None = None
    volume: str | None = None
    date: str | None = None
    place: str | None = None
    publisher: str | None = None
    year: str | None = None
    archive: tuple[str, ...] = ()
    issue: bool = False  # an issue number was given (``No. 4``)


#: ``_Fields(...)`` of every field, without the Python-level ``__new__``.
_new_fields = tuple.__new__

#: What a :data:`VOLUME` opens with (it is case-sensitive): a text without
#: one of these holds no volume.
_VOLUME_FIRSTS = frozenset(p[0] for p in vocab.VOLUME_PREFIXES)


def _volume_of(text: str) -> tuple[str | None, Span | None]:
    m = None if _VOLUME_FIRSTS.isdisjoint(text) else VOLUME.search(text)
    if not m:
        return None, None
    v = m.group("v").replace(" ", "")
    return v, Span(m.start(), m.end())


_CARE = regex.compile(
    rf"^(?:{ROMAN_VOLUME.pattern})$|{VOLUME.pattern}|{EDITION.pattern}", regex.VERSION0
)
#: A part of words only (no digit, period, colon or bracket) can be nothing
#: but an author or a title, unless it is a roman volume or a volume word.
_PLAIN_PART = regex.compile(r"[^0-9.:()\[\]]++")
#: What a :data:`_PLAIN_PART` holds none of (``[0-9]`` is ASCII): a part
#: without them, not empty, is one (a set test instead of a match).
_NOT_PLAIN = frozenset("0123456789.:()[]")


def _volume_words(prefixes: Iterable[str]) -> tuple[str, ...]:
    """``prefixes`` less those that hold another (``Vol.`` holds ``Vol``): a
    text holds one of them if and only if it holds one of the rest."""
    return tuple(sorted(p for p in prefixes if not any(q != p and q in p for q in prefixes)))


#: The volume prefixes as needles (case-sensitive, as :data:`VOLUME` is).
_VOLUME_NEEDLES = _volume_words(vocab.VOLUME_PREFIXES)
#: What a :data:`ROMAN_VOLUME` opens with.
_ROMAN_VOLUME_FIRSTS = frozenset("IVXLC")


#: ``[0-9]``: the ASCII digits; a :data:`DATE`, :data:`ISSUE` or
#: :data:`PLACE_YEAR` ends with one.
_DIGITS = frozenset("0123456789")
#: Without a period, an :data:`EDITION` is ``2nd ed``, ``first edition``,
#: ``New ed``, ``Rev ed``, ``Revised edition`` (a digit or one of these
#: words' tails, in either case of their first letter, before "ed"), or
#: ``edited by``/``translated by``: it holds a digit or one of these.
_DOTLESS_EDITION_KEYS = ("irst", "econd", "hird", "ew", "ev", "ed by ")


def _may_be_edition(raw: str) -> bool:
    """Whether :data:`EDITION` may match in ``raw``, a text without a period:
    every form holds "ed", and a digit or one of :data:`_DOTLESS_EDITION_KEYS`."""
    return "ed" in raw and (not _DIGITS.isdisjoint(raw) or _holds(raw, _DOTLESS_EDITION_KEYS))


@memoised
def _needs_care(raw: str) -> bool:
    """A words-only part that is still a field: ``XXII``, ``Volume II``, ``edited by``."""
    # without a period, an EDITION form needs what _may_be_edition says
    # (``Planned`` holds "ed" only); without that and a volume word, only a
    # roman numeral can match: skip the search
    if "." not in raw and not _may_be_edition(raw) and not _holds(raw, _VOLUME_NEEDLES):
        return raw[:1] in _ROMAN_VOLUME_FIRSTS and ROMAN_VOLUME.fullmatch(raw) is not None
    return bool(_CARE.search(raw))


# Exact screens of the searches of :func:`_fields`, each read off its pattern
# (checked against it in tests/test_find_screens.py): a value failing one is
# not matched, and the search is skipped.
#: What a :data:`DIVISION` opens with (``l``, ``lib``, ``c``, ``ch``, ``sect``, ``art``, ``§``).
_DIVISION_FIRSTS = frozenset("lcas§")
#: What a :data:`YEAR` opens with (``c. 1850``, ``1927``).
_YEAR_FIRSTS = frozenset("c12")
#: What every :data:`EDITION` form holds one of: ``ed`` (``2nd ed.``,
#: ``edited by``), ``tr`` (``trans.``, ``translated by``) or ``comp``.
_EDITION_KEYS = ("ed", "tr", "comp")


_Key = tuple[str, str, str]


def _stretch_key(text: str, start: int, end: int) -> _Key | None:
    """The memo key of what is read of ``text[start:end]`` (its fields, and
    whether it is prose): the stretch, and the character on either side of it
    where the stretch has an ``_`` at that edge, all that :func:`split_parts`
    looks at (an ``_`` is emphasis or not by its neighbours, see
    :func:`_word_edge`).  None for a stretch too long to be held."""
    if end - start > MAX_KEY_CHARS:
        return None
    stretch = text[start:end]
    before = text[start - 1 : start] if stretch.startswith("_") else ""
    after = text[end : end + 1] if stretch.endswith("_") else ""
    return (before, stretch, after)


def _fields_of(
    text: str, start: int, end: int, parts: list[Part] | None, key: _Key | None
) -> tuple[_Fields, type[Citation]]:
    """:func:`_fields` of ``text[start:end]`` and the kind of citation they
    make (:func:`_kind`), memoised by its ``key`` (:func:`_stretch_key`): a
    work is cited again and again with other pages (``Stalin, Works, Vol.10``)."""
    if key is None:
        f = _fields(text, start, end, parts)
        return f, _kind(f)
    found = _FIELDS.get(key)
    if found is None:
        f = _fields(text, start, end, parts)
        found = _FIELDS.put(key, (f, _kind(f)))
    return found


_FIELDS: Table[_Key, tuple[_Fields, type[Citation]]] = Table()
#: :func:`_is_prose` of a head by its :func:`_stretch_key`: on a head seen
#: before, neither it nor the split it reads runs again.
_PROSE: Table[_Key, bool] = Table()


#: :func:`_read_fields` of what follows archive numbers, by its
#: :func:`_stretch_key`: ``Arkhiv Trotskogo, Vol.4`` after each ``T. 1006``.
_AFTER_ARCHIVE: Table[_Key, _Fields] = Table()


def _fields(text: str, start: int, end: int, parts: list[Part] | None = None) -> _Fields:
    """Author, title, volume, date and publication facts of ``text[start:end]``
    (the citation without its locator); ``parts`` if already split."""
    head = text[start:end]
    lead = head.lstrip()
    am = ARCHIVE.match(lead) if lead.startswith("T.") else None  # its prefix
    if am is None:
        return _read_fields(text, start, end, parts)
    prefix = am.group("prefix")
    archive = tuple(f"{prefix} {i.strip()}" for i in am.group("ids").split(","))
    start += (len(head) - len(lead)) + am.end()
    key = _stretch_key(text, start, end)
    found = _AFTER_ARCHIVE.get(key) if key is not None else None
    if found is None:
        found = _read_fields(text, start, end, None)
        if key is not None:
            _AFTER_ARCHIVE.put(key, found)
    return found._replace(archive=archive)


def _read_fields(text: str, start: int, end: int, parts: list[Part] | None) -> _Fields:
    """:func:`_fields` of ``text[start:end]`` but its archive numbers (none)."""
    if parts is None:
        parts = split_parts(text, start, end)
    # "Author: Title" (Plekhanov's translators) and "Title: Subtitle"
    if parts and ":" in parts[0].text and not PUBLICATION.match(parts[0].text):
        pieces = split_parts(text, parts[0].start, parts[0].end, seps=":")
        if len(pieces) >= 2 and _is_name(pieces[0].text):
            rest = Part(pieces[1].start, parts[0].end, text[pieces[1].start : parts[0].end])
            parts = [pieces[0], rest, *parts[1:]]

    volume = date = place = publisher = year = None
    issue = False
    texts: list[str] = []
    for part in parts:
        whole = part.text.strip()
        # without a quote or emphasis, _split_quoted_part leaves a part whole
        values = (whole,) if _QUOTE_OR_EMPHASIS.isdisjoint(whole) else _split_quoted_part(whole)
        for raw in values:
            if raw and _NOT_PLAIN.isdisjoint(raw) and not _needs_care(raw):
                texts.append(raw)  # words only: an author or a title
                continue
            bare = _strip_markup(raw)
            if not bare:
                continue
            stem = bare.rstrip(".")
            # each search below runs only where it may match and be used
            vm = (
                VOLUME.fullmatch(stem)
                if volume is None and stem.startswith(vocab.VOLUME_PREFIXES)
                else None
            )
            if vm:
                volume = vm.group("v").replace(" ", "")
                continue
            if (
                volume is None
                and texts
                and bare[0] in _ROMAN_VOLUME_FIRSTS
                and ROMAN_VOLUME.fullmatch(bare)
            ):
                volume = bare.rstrip(".")
                continue
            jm = (
                JOURNAL_ISSUE.fullmatch(raw)
                if texts and volume is None and raw.endswith(")")
                else None
            )
            if jm:  # *New Left Review* 53 (September-October 2008)
                volume = jm.group("volume")
                when = jm.group("date").strip()
                if DATE.fullmatch(when):
                    date = when
                else:
                    year = when
                continue
            digit_last = stem[-1:] in _DIGITS
            if date is None and digit_last and DATE.fullmatch(stem):
                date = stem
                continue
            pm = PUBLICATION.search(raw) if ":" in raw else None
            if pm and (pm.start() == 0 or raw[pm.start()] == "("):
                place, publisher, year = (
                    pm.group("place").strip(),
                    pm.group("publisher").strip(),
                    pm.group("year"),
                )
                before = raw[: pm.start()].strip()
                if before:
                    texts.append(before)
                continue
            if digit_last and ISSUE.fullmatch(stem):
                issue = True  # "in Amauta, No. 4": an issue of a periodical, cited in full
                continue
            inner_bare = bare.strip("()[], ")
            book = (
                BOOK.fullmatch(inner_bare)
                if volume is None and inner_bare.startswith("l")
                else None
            )
            if book:  # Gibbon's "(l. liv. p. 736,)": the book, a volume
                volume = book.group("v")
                continue
            if (_holds(stem, _EDITION_KEYS) and EDITION.fullmatch(stem)) or (
                inner_bare[:1] in _DIVISION_FIRSTS and DIVISION.fullmatch(inner_bare)
            ):
                continue
            pyr = (
                PUBLISHER_YEAR.fullmatch(bare)
                if len(texts) >= 2 and year is None and bare.endswith(")")
                else None
            )
            if pyr:  # Penguin (1976)
                publisher = pyr.group("publisher").strip() or publisher
                year = pyr.group("year")
                continue
            if stem[:1] in _YEAR_FIRSTS and YEAR.fullmatch(stem):
                if year is None:
                    year = stem
                    # "London, 1871": the part before was the place
                    if texts and place is None and len(texts) >= 2 and _looks_like_place(texts[-1]):
                        place = texts.pop()
                continue
            py = PLACE_YEAR.fullmatch(stem) if digit_last and texts and place is None else None
            if py and _looks_like_place(py.group("place")):
                place, year = py.group("place"), py.group("year")
                continue
            inner = (
                VOLUME.search(raw)
                if volume is None and not _VOLUME_FIRSTS.isdisjoint(raw)
                else None
            )
            if inner and inner.start() > 0:  # "Works Vol. 2"
                volume = inner.group("v").replace(" ", "")
                raw = raw[: inner.start()].strip().rstrip(",")
            texts.append(raw)

    author, title = _author_and_title(texts)
    if (
        date is None
        and year is not None
        and title
        and _is_periodical_title(title)
        and author is None
    ):
        date = year
        year = None
    return _new_fields(_Fields, (author, title, volume, date, place, publisher, year, (), issue))


def _author_and_title(texts: list[str]) -> tuple[str | None, str | None]:
    """Of the parts that are words (not volume, date, publication facts): the
    title set off by emphasis or quotes and the name before it, else a name
    and what follows it, else a lone name (``Serge``) or a lone title
    (``KPSS v rez.``)."""
    author = title = None
    kept: list[str] = []  # the texts with a value, honorifics dropped
    bares: list[str] = []  # and their values: each read once
    for t in texts:
        bare = _strip_markup(t)
        if not bare:
            continue
        if t.startswith(_HONORIFICS):
            t = HONORIFIC.sub("", t)
            bare = _strip_markup(t)
        kept.append(t)
        bares.append(bare)
    for k, t in enumerate(kept):
        if _is_titled(t) or (t.startswith("in ") and _is_titled(t[3:])):
            title = bares[k]
            if k > 0 and _is_name(bares[k - 1]):
                author = bares[k - 1]
            break
    if title is None and bares:
        first = bares[0]
        if len(bares) >= 2 and _is_name(first):
            author, title = first, bares[1]
        elif len(bares) == 1 and _is_name(first) and not _is_periodical_title(first):
            author = first
        else:
            title = first
    if title and title.startswith("in "):
        title = title[3:].strip()
    return author, title


#: A quoted article title and what follows it in the same part:
#: ``"The Forms of Capital," in *Handbook ...*``.
QUOTED_HEAD = regex.compile(
    r'(?P<q>["“][^"“”]{1,300}+["”]|\*[^*]{1,300}+\*|_[^_]{1,300}+_)\s*+(?P<rest>[^\s,].*)'
)
#: A journal issue after an article: ``*Stanford Law Review* 43 (1991)``.
JOURNAL_ISSUE = regex.compile(
    r"(?:in\s)?(?P<journal>[*_][^*_]{1,200}+[*_]|[\p{Lu}][^,()]{1,120}?)\s(?P<volume>[0-9]{1,4}+)"
    r"(?:,?\s?(?:[Nn]o\.?|[Nn]r\.?)\s?[0-9]{1,4}+)?\s?\((?P<date>[^()]{4,40}+)\)"
)


#: Reference lists without commas: ``G Rude "The Crowd in History" Lawrence
#: and Wishart (1981)``: a name, a quoted title, the rest.
QUOTED_MID = regex.compile(
    r'(?P<pre>[^"“”*_,]{1,80}?)\s++(?P<q>["“][^"“”]{1,300}+["”]|\*[^*]{1,300}+\*)\s*+(?P<rest>.*)'
)
#: ``Lawrence and Wishart (1981)``, ``Penguin (1976)``, ``(1815)``.
PUBLISHER_YEAR = regex.compile(
    r"(?P<publisher>[^()]{0,80}?)\s?\((?P<year>[12][0-9]{3})(?![0-9–-])[^()]{0,60}+\)"
)
#: An editor's mark after a name: ``W Page(ed)``, ``Tucker (eds.)``.
EDITOR_MARK = regex.compile(r"\s?\((?:ed|eds|hrsg|comp)\.?\)", regex.IGNORECASE)


#: Characters without which :func:`_split_quoted_part` leaves a part whole.
_QUOTE_OR_EMPHASIS = frozenset('"“*_')


@memoised
def _split_quoted_part(raw: str) -> tuple[str, ...]:
    """A part, with a quoted title cut from what stands before and after it."""
    if _QUOTE_OR_EMPHASIS.isdisjoint(raw):
        return (raw,)  # QUOTED_MID and QUOTED_HEAD need one; JOURNAL_ISSUE yields raw anyway
    if JOURNAL_ISSUE.fullmatch(raw):
        return (raw,)
    mid = QUOTED_MID.fullmatch(raw)
    if mid and _is_name(EDITOR_MARK.sub("", mid.group("pre"))):
        rest = mid.group("rest")
        pre = EDITOR_MARK.sub("", mid.group("pre"))
        return (pre, mid.group("q"), rest) if rest.strip() else (pre, mid.group("q"))
    m = QUOTED_HEAD.fullmatch(raw)
    if m:
        return (m.group("q"), m.group("rest"))
    return (raw,)


@memoised
def _looks_like_place(s: str) -> bool:
    s = _strip_markup(s)
    tokens = s.split()
    return 0 < len(tokens) <= 3 and all(t[0].isupper() for t in tokens) and not _is_titled(s)


def _kind(f: _Fields) -> type[Citation]:
    if f.archive:
        return ArchivalCitation
    if (
        f.author is None
        and f.title
        and f.date
        and (_is_periodical_title(f.title) or any(m in f.date.lower() for m in vocab.MONTHS_LOWER))
    ):
        return PeriodicalCitation
    if f.place or f.publisher or f.year or f.issue:
        return FullCitation
    if f.author and f.title and _given_names(f.author):
        return FullCitation
    return ShortCitation


#: A citation ends at a period after a number, a bracket, emphasis, a closing
#: quote or a lowercase word that is no abbreviation, before a capitalised
#: word: ``..., 1978), 74. Some might``, ``... has arisen. Cf. *Urgeschichte*``.
_ABBREVIATIONS = "|".join(vocab.LOWERCASE_ABBREVIATIONS)
SENTENCE_END = regex.compile(
    r"(?:(?<=[0-9)\]*_”\"']\.)"
    rf"|(?<=\b\p{{Ll}}{{3,}}\.)(?<!\b(?:{_ABBREVIATIONS})\.)"
    r"|(?<=[.!?][\"”’]))"  # a quotation ending a sentence: ... wrote." Karl von den Steinen
    r"\s++(?=[*_“\"]?\p{Lu})"
)
#: A citation introduced inside a sentence: ``For further reflection, see:
#: Asad Haider, *Mistaken Identity*``, ``... p353 Quoted in F W Chandler``.
SIGNAL_BREAK = regex.compile(
    r"(?<=[\s(])(?=(?:see also|see|cf\.|quoted (?:in|by|from))[,:]?\s++[*_“\"]?\p{Lu})"
    # two references joined by "and": "... p38 and J Stevens “England's Last ...”"
    r"|(?<=[0-9)])\s++(?:and|&)\s++(?=\p{Lu}[^,:;\"“”*]{0,60}?\s[“\"*])",
    regex.IGNORECASE,
)


class _Limit(TypedDict, total=False):
    timeout: float


def _timeout(text: str) -> _Limit:
    """The ``timeout=`` of a search over a note: none on a short note
    (:data:`MAX_UNGUARDED_CHARS`), else the :func:`guard.budget` of its length."""
    if len(text) <= MAX_UNGUARDED_CHARS:
        return _UNLIMITED
    return {"timeout": guard.budget(len(text))}


#: The :func:`_timeout` of a short note; shared, never changed.
_UNLIMITED: _Limit = {}


def _segments(text: str, limit: _Limit, screen: _Screen) -> list[tuple[Part, bool]]:
    """Candidate citations of a note: semicolon-separated pieces (outside
    brackets and quotes), each cut into sentences.  The flag is True for the
    first sentence of a piece; later sentences are prose unless they carry a
    citation of their own.  A note with no semicolon, sentence end or signal
    is one segment, :func:`_whole` (read off the screen by :func:`parse_note`)."""
    out: list[tuple[Part, bool]] = []
    for piece in split_parts(text, 0, len(text), seps=";"):
        start = piece.start
        first = True
        if screen.sentences:
            for m in SENTENCE_END.finditer(text, piece.start, piece.end, **limit):
                _signalled(out, text, start, m.start(), first, limit, screen)
                start, first = m.end(), False
        _signalled(out, text, start, piece.end, first, limit, screen)
    return out


def _whole(text: str) -> list[tuple[Part, bool]]:
    """The segments of a note with no semicolon, sentence end or signal
    (most notes): itself, as the loop of :func:`_segments` finds."""
    whole = _part(text, 0, len(text))
    return [(whole, True)] if whole.text else []


def _signalled(
    out: list[tuple[Part, bool]],
    text: str,
    start: int,
    end: int,
    first: bool,
    limit: _Limit,
    screen: _Screen,
) -> None:
    """A sentence, cut again where a signal word brings in a citation, onto ``out``."""
    if screen.breaks:
        for m in SIGNAL_BREAK.finditer(text, start + 1, end, **limit):
            out.append((_part(text, start, m.start()), first))
            start, first = m.end(), False  # a signal stays with its citation, "and" does not
    out.append((_part(text, start, end), first))


class _Screen(NamedTuple):
    """Which searches may match in a note at all, read once a note, so that
    the note and each of its segments skip the searches that cannot.  Exact:
    in an ASCII text, a case-insensitive match of a form is its lower-cased
    form in the lower-cased text, and the white space a pattern matches is the space
    and :data:`_ASCII_CONTROL_SPACE`; any other text is searched in full.
    True only says that a search may match: it runs and decides."""

    ibid: bool
    cit: bool  # op. cit., loc. cit.
    attribution: bool
    sentences: bool  # SENTENCE_END: white space after a period or a closing quote
    breaks: bool  # SIGNAL_BREAK: a signal word, "and" or "&"


def _needles(forms: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased ASCII ``forms``, less those that hold another (``ibid.``
    holds ``ibid``): a text holds one of them if and only if it holds one of
    the rest."""
    low = {f.lower() for f in forms if f.isascii()}
    return tuple(sorted(f for f in low if not any(g != f and g in f for g in low)))


#: Lower-cased forms, and the characters that open an :data:`ATTRIBUTION`.
_IBID_NEEDLES = _needles(vocab.IBID_FORMS)
_ATTRIBUTION_OPENERS = ("-", "–", "—", "(")
assert {o for o in _ATTRIBUTION_OPENERS if o.isascii()} == {"-", "("}  # as _screen reads them
#: What every op. cit. and loc. cit. form holds one of, lower-cased (checked
#: below): fewer needles than the forms, and "cit" is rare in other words.
_CIT_KEYS = ("cit", "a.a.o.", "l.c.")
#: The white space of ``\s`` in ASCII besides the space.
_ASCII_CONTROL_SPACE = ("\t", "\n", "\x0b", "\x0c", "\r")
#: A :data:`SENTENCE_END` in ASCII without :data:`_ASCII_CONTROL_SPACE`: a
#: space after a period or a quote (its look-behinds end in ``\.`` or
#: ``["”’]``, the ASCII ones ``.`` and ``"``).
_SENTENCE_NEEDLES = (". ", '" ')
#: What every :data:`SIGNAL_BREAK` holds, lower-cased: its signal words, or "and"/"&".
_BREAK_NEEDLES = ("see", "cf.", "quoted", "and", "&")
_SEARCH_ALL = _Screen(True, True, True, True, True)


def _holds(text: str, needles: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``needles``."""
    for needle in needles:  # noqa: SIM110 (a loop: no generator to build)
        if needle in text:
            return True
    return False


assert all(_holds(f.lower(), _CIT_KEYS) for f in (*vocab.OP_CIT_FORMS, *vocab.LOC_CIT_FORMS))


def _common_character(needles: tuple[str, ...]) -> str:
    """A character that every one of ``needles`` holds, or "" (which every
    text holds): a text without it holds none of them."""
    common = set(needles[0]).intersection(*needles[1:])
    return min(common) if common else ""


#: What every ibid needle holds (``b``): one test rules out the four.
_IBID_KEY = _common_character(_IBID_NEEDLES)


def _screen(text: str) -> _Screen:
    if not text.isascii():
        return _Screen(True, True, _holds(text, _ATTRIBUTION_OPENERS), True, True)
    low = text.lower()
    # each needle is a substring test of about a tenth of a microsecond: an
    # ASCII text holds white space other than the space only if it is not
    # printable, and an ibid form only if it holds _IBID_KEY
    return _new_screen(
        _Screen,
        (
            _IBID_KEY in low and _holds(low, _IBID_NEEDLES),
            _holds(low, _CIT_KEYS),
            "-" in text or "(" in text,  # the ASCII ones of _ATTRIBUTION_OPENERS
            _holds(text, _SENTENCE_NEEDLES)
            or (not text.isprintable() and _holds(text, _ASCII_CONTROL_SPACE)),
            _holds(low, _BREAK_NEEDLES),
        ),
    )


#: ``_Screen(...)`` without the Python-level ``__new__`` of a NamedTuple.
_new_screen = tuple.__new__


_ATTRIBUTION_WORDS = tuple(vocab.ATTRIBUTIONS)
assert not any(w.endswith((")", "*", "_")) for w in _ATTRIBUTION_WORDS)


def _ends_attributed(segment: str) -> bool:
    """Whether :data:`ATTRIBUTION` may match in ``segment``: it ends in a word
    of :data:`vocab.ATTRIBUTIONS`, then at most emphasis, a ")" and white
    space (which ``rstrip`` takes, and more)."""
    s = segment.rstrip()
    if s.endswith(")"):
        s = s[:-1]
    if s.endswith(("*", "_")):
        s = s[:-1]
    return s.endswith(_ATTRIBUTION_WORDS)


def _first_letters(forms: Iterable[str]) -> frozenset[str]:
    """The lower-cased first characters of case-insensitive ``forms``, all ASCII."""
    firsts = frozenset(f[0].lower() for f in forms)
    assert all(c.isascii() for c in firsts), firsts
    return firsts


#: What a match of :data:`SIGNAL`, :data:`IDEM` or :data:`CROSS_REFERENCE`
#: opens with, lower-cased.  A match anchored at a character can only be
#: there if the character, lower-cased, is one of these, or is not ASCII (an
#: ASCII character matches an ASCII letter of a case-insensitive pattern only
#: as its own lower or upper case); "" (the end) opens none.
_SIGNAL_FIRSTS = _first_letters(vocab.SIGNALS)
#: The :data:`SIGNAL` forms, lower-cased (all ASCII), and the longest's
#: length: an ASCII stretch of that length (or up to the segment's end) that
#: opens with none of them, in either case, opens no match, as with
#: :data:`_SIGNAL_FIRSTS`.  A search saved for ``Serge``, ``Stalin``, ``Cambridge``.
_SIGNAL_FORMS = tuple(f.lower() for f in vocab.SIGNALS)
_SIGNAL_WINDOW = max(len(f) for f in vocab.SIGNALS)
assert all(f.isascii() for f in vocab.SIGNALS)
_IDEM_FIRSTS = _first_letters(vocab.IDEM_FORMS)
_CROSS_REFERENCE_FIRSTS = frozenset("fn")  # (?:foot)?notes?


def parse_note(note: Note, found: list[Diagnostic] | None = None) -> tuple[Citation, ...]:
    """The citations of one note (spans into the document).  Should a pattern
    run away on the note (a timeout, see :mod:`cliffcite.guard`), the note
    keeps the citations read so far and ``found`` gets an ``input_limit``."""
    text = note.text
    if len(text) > MAX_NOTE_CHARS:
        text = text[:MAX_NOTE_CHARS]
    out: list[Citation] = []
    sink: list[Diagnostic] = [] if found is None else found
    limit = _timeout(text)  # one for every search over this note
    screen = _screen(text)
    if not (screen.sentences or screen.breaks) and ";" not in text:
        segments = _whole(text)  # no search to time out
    else:
        try:  # guard.guard inlined, as below: this runs for every note
            segments = _segments(text, limit, screen)
        except TimeoutError:
            sink.append(guard.limit_diagnostic(note.text_span, "citations"))
            segments = []
    for seg, first in segments:
        if not seg.text:
            continue
        try:  # guard.guard inlined: this runs for every segment of every note
            cite = _parse_segment(note, text, seg, not first, limit, screen)
        except TimeoutError:
            span = note.source_span(seg.start, seg.end)
            sink.append(guard.limit_diagnostic(span, "citations"))
            continue
        if cite is not None:
            out.append(cite)
    return tuple(out)


def _parse_segment(
    note: Note, text: str, seg: Part, strict: bool, limit: _Limit, screen: _Screen
) -> Citation | None:
    start, end = seg.start, seg.end
    # editorial attribution at the end: "—Lenin", "-- *Ed.*"
    am = (
        ATTRIBUTION.search(text, start, end, **limit)
        if screen.attribution and _ends_attributed(text[start:end])
        else None
    )
    if am:
        end = am.start()
    end = start + len(text[start:end].rstrip(_TRAILING))
    # keep a final period that closes an abbreviation (Ibid., p.xi.)
    if end < seg.end and text[end] == ".":
        end += 1
    # signal words: "See", "Cf.", "Quoted in"
    s = start
    while True:
        stretch = text[s:end]
        lead = s + len(stretch) - len(stretch.lstrip(" *_"))  # where the words begin
        c = text[lead : lead + 1] if lead < end else ""
        opens = c.lower() if c.isascii() else None  # None: anything may open here
        if opens is not None and opens not in _SIGNAL_FIRSTS:
            break
        window = text[lead : min(lead + _SIGNAL_WINDOW, end)]
        if window.isascii() and not window.lower().startswith(_SIGNAL_FORMS):
            break
        sm = SIGNAL.match(text, lead, end)
        if not sm:
            break
        s = sm.end()
    body_start = s

    ts = note.text_span
    if not note.runs and start < end and ts.start + end <= ts.end:
        span = Span(ts.start + start, ts.start + end)  # note.source_span, inlined
    else:
        span = note.source_span(start, end)
    ctext = text[start:end]
    base = (ctext, span, note.label, note.series)

    # Ibid., qualified or bare
    ibid = IBID.match(text, lead, end) if screen.ibid else None
    qualifier: str | None = None
    if ibid is None and screen.ibid:
        q = QUALIFIER.match(text, lead, end)
        if q:
            after = q.end()
            ibid = IBID.match(text, after, end)
            if ibid is not None and _is_name(q.group("who")):
                qualifier = q.group("who").strip()
            else:
                ibid = None
    if ibid is not None:
        rest = ibid.end()
        located = _locate(note, text, lead, end)
        loc = located[0] if located else None
        volume, _ = _volume_of(text[rest:end])
        problems: tuple[Problem, ...] = ()
        if ibid.group().endswith(".") and text.startswith(".", rest):
            problems = (
                Problem("ibid_punctuation", f"doubled period after Ibid. ({ibid.group()}.)"),
            )
        return IbidCitation(*base, author=qualifier, volume=volume, locator=loc, problems=problems)

    opcit = (
        OP_CIT.search(text, body_start, end, **limit)
        or LOC_CIT.search(text, body_start, end, **limit)
        if screen.cit
        else None
    )
    if opcit is not None:
        who = _strip_markup(text[body_start : opcit.start()].strip().rstrip(",:").strip())
        loc = _locator(note, text, opcit.start(), end)
        volume, _ = _volume_of(text[opcit.end() : end])
        cls: type[Citation] = (
            OpCitCitation if OP_CIT.match(text, opcit.start(), end) else IdemCitation
        )
        return cls(*base, author=who or None, volume=volume, locator=loc)

    idem = IDEM.match(text, lead, end) if opens is None or opens in _IDEM_FIRSTS else None
    if idem is not None:
        loc = _locator(note, text, idem.end(), end)
        return IdemCitation(*base, locator=loc)

    if (opens is None or opens in _CROSS_REFERENCE_FIRSTS) and CROSS_REFERENCE.match(
        text, lead, end
    ):
        return None  # "See footnote 16.", "note 3 above"
    if c == "[" and PLACEHOLDER.fullmatch(text, lead, end):
        return None  # "[Note unavailable]"
    located = _locate(note, text, body_start, end)
    loc = located[0] if located else None
    head_end = located[1] if located else end
    if text.find(")", body_start, end) >= 0:  # JOURNAL_PAGES opens with ")"
        head_end = min(head_end, _journal_pages_start(text, body_start, end))
    head = text[body_start:head_end]
    signalled = body_start > start and head.lstrip()[:1] in TITLE_MARKS
    # _starts_like_citation's own first test, before the call
    opening = (
        not _CITATION_START_MARKS.isdisjoint(head) and _starts_like_citation(head)
    ) or signalled
    key: _Key | None = None
    if len(head) <= MAX_KEY_CHARS:  # _stretch_key, inlined for a head with no "_" at its ends
        key = (
            ("", head, "")
            if head[:1] != "_" and head[-1:] != "_"
            else _stretch_key(text, body_start, head_end)
        )
    parts: list[Part] | None = None  # split when a miss needs the parts
    if not opening:
        if strict:
            return None  # a later sentence of prose
        prose = _PROSE.get(key) if key is not None else None
        if prose is None:
            parts = split_parts(text, body_start, head_end)
            prose = _is_prose(text, body_start, head_end, parts)
            if key is not None:
                _PROSE.put(key, prose)
        if prose:
            return None
    read = _FIELDS.get(key) if key is not None else None
    f, cls = read if read is not None else _fields_of(text, body_start, head_end, parts, key)
    if located and text[located[2] : end].strip(_NO_WORD) and WORD.search(text, located[2], end):
        # facts after the pinpoint: "p. 344, Paris: Cerf: 1886"
        tail, _ = _fields_of(text, located[2], end, None, _stretch_key(text, located[2], end))
        f = _merge_tail(f, tail)
        cls = _kind(f)
    strong = loc or f.volume or f.date or f.place or f.year or f.archive
    if not strong and not opening and f.author and f.title:
        if parts is None:
            parts = split_parts(text, body_start, head_end)
        if not _capitalised(parts):
            return None  # "Claudius, Nero, and Domitian were ...": names in prose
    elif not (strong or opening):
        return None
    if f.author is None and f.title is None and not f.archive:
        return None
    # by position, in the order of Citation's fields (keywords cost a fifth more)
    return cls(
        ctext,
        span,
        note.label,
        note.series,
        f.author,
        f.title,
        f.volume,
        loc,
        f.date,
        f.place,
        f.publisher,
        f.year,
        f.archive,
    )


#: What a segment's end sheds before it is read (a final period comes back
#: where it closes an abbreviation).
_TRAILING = " .,;:"
#: Characters that are no :data:`WORD`: a stretch of them only holds none.
_NO_WORD = " .,;:"
#: "See footnote 16.", "note 3 above": a reference to another note, not a work.
CROSS_REFERENCE = regex.compile(r"(?:foot)?notes?\s[0-9]", regex.IGNORECASE)
#: A note that is only a bracketed placeholder: ``[Note unavailable]``.
PLACEHOLDER = regex.compile(r"\[[^\]]{0,60}+\]\.?")
#: A comma-separated part of more words than this, not set off as a title,
#: is a sentence: the note is prose (a title in a citation is rarely longer).
MAX_PART_WORDS = 16


#: A title set off by quotes or emphasis, inside a longer part.
TITLE_SPAN = regex.compile(r'["“][^"“”]{1,300}+["”]|\*[^*]{1,300}+\*')
#: Emphasis and quotation marks that set off a title.
TITLE_MARKS = frozenset('*_"“«')
#: Text before the pinpoint longer than this, not opening with a name or a
#: title, is prose that mentions a work rather than a citation of it.
MAX_UNNAMED_HEAD_WORDS = 20


def _is_prose(text: str, start: int, end: int, parts: list[Part]) -> bool:
    """Sentences, not citation parts: a part too long to be a field, a head
    that opens in lower case, or a long head that opens with no name."""
    if not parts:
        return False
    named, lower = _opening(parts[0].text)
    # after a name, the title may run long (``Francisco Ponce de Leon, Sistema
    # de arrendamiento de terrenos de cultivo en el departamento del Cuzco ...``)
    for part in parts[2:] if named else parts:
        if len(part.text) < _LONG_PART_CHARS:
            continue
        loose = TITLE_SPAN.sub(" ", part.text)  # titles set off may run long
        if len(WORD.findall(loose)) > MAX_PART_WORDS:
            return True
    if lower and not named:
        return True
    return (
        not named
        and _may_have_words(end - start, MAX_UNNAMED_HEAD_WORDS + 1)
        and len(WORD.findall(text[start:end])) > MAX_UNNAMED_HEAD_WORDS
    )


@memoised
def _opening(raw: str) -> tuple[bool, bool]:
    """Of the first part of a head: whether it is a name or a title set off,
    and whether its value opens in lower case (one memo look-up for three)."""
    first = _strip_markup(raw)
    return _is_name(first) or _is_titled(raw), first[:1].islower()


#: :func:`_may_have_words` of a part too long to be a field: fewer
#: characters than this cannot hold the words (a test, not a call, per part).
_LONG_PART_CHARS = 2 * (MAX_PART_WORDS + 1) - 1


def _may_have_words(chars: int, words: int) -> bool:
    """Whether ``chars`` characters can hold ``words`` words (each of at least
    one character, with one between them); substitutions above only shorten."""
    return chars >= 2 * words - 1


def _capitalised(parts: list[Part]) -> bool:
    """Every part opens with a capital, as names and titles do and prose does not."""
    for part in parts:
        first = next((ch for ch in part.text if ch.isalpha()), "")
        if first.islower():
            return False
    return True


def _merge_tail(head: _Fields, tail: _Fields) -> _Fields:
    """Publication facts and volume found after the locator fill the gaps."""
    return head._replace(
        volume=head.volume or tail.volume,
        date=head.date or tail.date,
        place=head.place or tail.place,
        publisher=head.publisher or tail.publisher,
        year=head.year or tail.year,
    )


#: Journal style: ``*Stanford Law Review* 43 (1991): 1242``: pages after the
#: colon that follows the issue's date.
JOURNAL_PAGES = regex.compile(
    r"\)\s?:\s?(?P<pages>[0-9]{1,6}+(?:\s?[-–—]{1,2}\s?[0-9]{1,6}+)?)\W*+$"
)
#: A citation begins with a name and then a title set off by emphasis or quotes.
CITATION_START = regex.compile(
    r"[*_]?[\p{Lu}][^,:;\"“”*_]{0,80}?(?:[,:]\s?|\s)(?:[*_“\"«„]|in\s[*_“\"„])"
)


#: A :data:`CITATION_START` ends with one of these: no match without one.
_CITATION_START_MARKS = frozenset('*_“"«„')


def _starts_like_citation(head: str) -> bool:
    if _CITATION_START_MARKS.isdisjoint(head):
        return False
    h = head.lstrip(" *_")
    m = CITATION_START.match(h)
    if m is None:
        return False
    return _is_name(h[: m.end()].rstrip(' *_“"«„').rstrip(",:").removesuffix(" in"))


def _journal_pages_start(text: str, start: int, end: int) -> int:
    if text.find(")", start, end) < 0:
        return end  # JOURNAL_PAGES opens with ")"
    m = JOURNAL_PAGES.search(text, start, end)
    return m.start() + 1 if m else end


def _locator(note: Note, text: str, start: int, end: int) -> Locator | None:
    """The page locator in ``text[start:end]``, its span in the document."""
    found = _locate(note, text, start, end)
    return found[0] if found else None


def _locate(note: Note, text: str, start: int, end: int) -> tuple[Locator, int, int] | None:
    """The page locator in ``text[start:end]`` with its span in the document,
    and where it starts and ends in ``text``."""
    # a note copied from the document unchanged (no runs: one line, as most
    # are) maps by an offset, so the locator is built with its document span
    # at once; otherwise it is built in note offsets and mapped after
    base = note.text_span.start + start if not note.runs else 0
    found = find_locator(text[start:end], base)
    if found is None and text.find(")", start, end) >= 0:  # JOURNAL_PAGES opens with ")"
        jm = JOURNAL_PAGES.search(text, start, end)
        if jm:
            found = parse_locator(jm.group("pages"), jm.start("pages") - start + base)
    if found is None:
        return None
    if not note.runs:
        a, b = found.span.start - note.text_span.start, found.span.end - note.text_span.start
        return found, a, b
    a, b = found.span.start + start, found.span.end + start
    loc = Locator(
        found.text, note.source_span(a, b), found.ranges, found.prefix, found.suffix, found.problems
    )
    return loc, a, b


#: A note given its citations (``_replacer``: ``replace`` a third cheaper).
_with_citations = _replacer("citations")


def find_citations(doc: Document) -> Document:
    """``doc`` with every note's citations found."""
    found: list[Diagnostic] = []
    series = tuple(
        replace(s, notes=tuple(_with_citations(n, parse_note(n, found)) for n in s.notes))
        for s in doc.series
    )
    return replace(doc, series=series, diagnostics=doc.diagnostics + tuple(found))
