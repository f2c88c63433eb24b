"""Word lists the patterns are built from.  Data only: no patterns, no logic.

Each section is owned by the stage that reads it; ``regexes``/``locators``
turn these tuples into alternations (longest first), so adding a form here is
the whole change.
"""

from __future__ import annotations

__all__ = [
    "ARTICLES",
    "ATTRIBUTIONS",
    "CLOSING_QUOTES",
    "FOLLOWING_PAGES_SUFFIXES",
    "IBID_FORMS",
    "IDEM_FORMS",
    "LOC_CIT_FORMS",
    "LOWERCASE_ABBREVIATIONS",
    "MONTHS",
    "MONTHS_LOWER",
    "NAME_PARTICLES",
    "NEUTRAL_PAGE_PREFIXES",
    "NON_NAME_WORDS",
    "NOTE_REFERENCE_WORDS",
    "NO_PLACE_FORMS",
    "NUMBERING_LABEL_WORDS",
    "OP_CIT_FORMS",
    "PAGE_PREFIXES",
    "PERIODICAL_TITLES",
    "PERIODICAL_WORDS",
    "PLURAL_PAGE_PREFIXES",
    "RANGE_DASHES",
    "ROMAN_NUMERAL_VALUES",
    "ROMAN_PAGE_PREFIXES",
    "SIGNALS",
    "SINGULAR_PAGE_PREFIXES",
    "STRICT_PAGE_PREFIXES",
    "TITLE_WORDS",
    "VOLUME_PREFIXES",
]

# --- pages

#: Prefixes that announce exactly one page (``p.223``).
#: ``p`` and ``pp`` without a period (``p80``, ``pp101-2``) as OCR'd and
#: hand-typed reference lists write them.
SINGULAR_PAGE_PREFIXES: tuple[str, ...] = ("p.", "pg.", "P.", "p")

#: Prefixes that announce several pages (``pp.531-2``).
PLURAL_PAGE_PREFIXES: tuple[str, ...] = ("pp.", "pgs.", "Pp.", "pp")

#: Prefixes used for one page and for several: German ``S.`` (Seite/Seiten),
#: Scandinavian/Slavic ``s.``, Italian/Latin ``pag.``, Russian ``с.``/``стр.``.
NEUTRAL_PAGE_PREFIXES: tuple[str, ...] = (
    "S.",
    "S",
    "s.",
    "pag.",
    "с.",
    "С.",
    "сс.",
    "стр.",
    "Стр.",
)

PAGE_PREFIXES: tuple[str, ...] = (
    SINGULAR_PAGE_PREFIXES + PLURAL_PAGE_PREFIXES + NEUTRAL_PAGE_PREFIXES
)

#: Prefixes so unambiguous that what follows them is judged as a page number
#: even when it is broken (``p.1O3``, ``pp.`` with nothing after it).  ``S.``
#: and ``P.`` are also initials (``S. Moore``), so they only count when a clean
#: number follows.
STRICT_PAGE_PREFIXES: tuple[str, ...] = ("p.", "pp.", "pg.", "pgs.")

#: Prefixes after which roman front-matter pages are read (``p.xi``).  Not
#: ``s.`` (``s. v.`` is *sub verbo*, ``s. d.`` *sine dato*) nor ``S.``.
ROMAN_PAGE_PREFIXES: tuple[str, ...] = ("p.", "pp.", "pg.", "pgs.")

#: "And the following pages", or "here and there": they close a locator.
FOLLOWING_PAGES_SUFFIXES: tuple[str, ...] = (
    "et seqq.",
    "et seq.",
    "et sqq.",
    "et sq.",
    "sqq.",
    "sq.",
    "ff.",
    "ff",
    "f.",
    "passim",
)

#: Words that introduce a note on the cited page (``p. 33 n. 4``).
NOTE_REFERENCE_WORDS: tuple[str, ...] = ("nn.", "n.", "notes", "note", "Anm.")

#: Range dashes as typed: double hyphen (TeX, Gutenberg), hyphen, the Unicode
#: hyphens, figure dash, en dash, em dash, minus.
RANGE_DASHES: tuple[str, ...] = ("--", "-", "‐", "‑", "‒", "–", "—", "−")

#: The roman numeral alphabet, lowercase as roman pages are stored.
ROMAN_NUMERAL_VALUES: dict[str, int] = {
    "i": 1,
    "v": 5,
    "x": 10,
    "l": 50,
    "c": 100,
    "d": 500,
    "m": 1000,
}

#: Words that label a number which is not a page (volume, issue, archive
#: file); a bare number right after ``Vol. 4,`` or ``T. 3100,`` is not read
#: as a page.  Short dotted abbreviations (``Bd.``, ``tom.``) count as labels
#: anyway; these are the ones also written without a dot.
NUMBERING_LABEL_WORDS: tuple[str, ...] = (
    "Vol",
    "vol",
    "Vols",
    "vols",
    "No",
    "no",
    "Nos",
    "nos",
    "Nr",
    "Bd",
    "Heft",
    "Jg",
    "Part",
    "part",
    "Book",
    "book",
    "fond",
    "opis",
    "delo",
    "§",
)

#: Quotes that close an article title; American style puts the comma inside
#: them (``Lazar, "Until All Are Free," 48.``).
CLOSING_QUOTES: tuple[str, ...] = ('"', "”", "’", "'", "»")

#: "No place" abbreviations: the ``p.`` in them is not a page prefix.
NO_PLACE_FORMS: tuple[str, ...] = ("n. p.", "n.p.", "N. p.", "N.p.")

# --- citations (read by cliffcite.find)

#: Month names and their abbreviations, English, French, German, Spanish.
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
    "Januar", "Februar", "März", "Juni", "Juli", "Oktober", "Dezember",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
MONTHS_LOWER: frozenset[str] = frozenset(m.lower() for m in MONTHS)

#: Words that label a volume: ``Vol.10``, ``Vol. II``, ``vols. 1-2``, ``t. 4``
#: (French/Russian *tome*), ``Bd. 3`` (German *Band*), ``tom. xxviii``.
VOLUME_PREFIXES: tuple[str, ...] = (
    "Vol.", "Vols.", "vol.", "vols.", "Volume", "volume", "Vol", "vol",
    "t.", "T.", "tom.", "Tom.", "tome", "Tome", "Bd.", "Bde.", "Band",
    "Bk.", "Book", "Part", "Pt.", "chast'", "Teil",
)  # fmt: skip

#: "The same work": a citation that is only this (plus a locator) is an Ibid.
IBID_FORMS: tuple[str, ...] = (
    "ibid.", "ibid", "ibidem", "ib.", "ebd.", "ebenda", "там же", "Там же",
)  # fmt: skip
#: "The work cited": the author's latest work.
OP_CIT_FORMS: tuple[str, ...] = ("op. cit.", "op.cit.", "op cit.", "op. cit", "op.cit", "a.a.O.")
#: "The place cited": same work and same page.
LOC_CIT_FORMS: tuple[str, ...] = ("loc. cit.", "loc.cit.", "loc cit.", "l.c.")
#: "The same author".
IDEM_FORMS: tuple[str, ...] = ("idem", "id.", "eadem")

#: Signal phrases before a citation; not part of it.
SIGNALS: tuple[str, ...] = (
    "see also", "see e.g.", "see, e.g.", "see", "cf.", "cf", "compare",
    "quoted in", "quoted by", "quoted from", "cited in", "cited by", "as quoted in", "in",
    "vide", "vgl.", "siehe",
)  # fmt: skip

#: Editorial attributions closing a note: ``—Lenin``, ``-- *Ed.*``.
ATTRIBUTIONS: tuple[str, ...] = (
    "Ed.", "Eds.", "Ed", "Editor", "Editors", "Trans.", "Tr.", "Lenin", "Marx", "Engels",
    "Trotsky", "Author", "Author's note", "Transcriber", "MIA", "Note by the author",
)  # fmt: skip

#: Lowercase words that may stand inside a personal name.
NAME_PARTICLES: tuple[str, ...] = (
    "and", "&", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le",
    "van", "von", "der", "den", "ter", "y", "e", "zu", "al", "bin", "ibn",
)  # fmt: skip

#: Leading articles: a part that starts with one is a title, not a name.
ARTICLES: frozenset[str] = frozenset(
    {"the", "a", "an", "die", "der", "das", "le", "la", "les", "el", "los", "las", "il", "lo"}
)

#: Words that make a part a title even when capitalised like a name.
TITLE_WORDS: frozenset[str] = frozenset(
    {"works", "collected", "selected", "memoirs", "history", "letters", "writings",
     "correspondence", "papers", "archive", "archives", "arkhiv", "statistics",
     "report", "proceedings", "minutes", "congress", "conference", "resolutions"}
)  # fmt: skip

#: Words that mark a title as a newspaper or journal.
PERIODICAL_WORDS: frozenset[str] = frozenset(
    {"pravda", "izvestiia", "izvestia", "iskra", "vpered", "zvezda", "bolshevik",
     "review", "journal", "gazette", "bulletin", "herald", "tribune", "times", "post",
     "magazine", "quarterly", "monthly", "weekly", "daily", "zeitung", "rundschau",
     "bank", "revue", "international", "militant", "worker", "socialist", "economist",
     "amauta", "neue", "vorwärts", "humanité", "nation", "observer", "guardian"}
)  # fmt: skip
#: Whole titles of periodicals that no word above gives away.
PERIODICAL_TITLES: frozenset[str] = frozenset(
    {"die neue zeit", "le temps", "the new international"}
)

#: Lowercase abbreviations that end in a period without ending a sentence.
LOWERCASE_ABBREVIATIONS: tuple[str, ...] = (
    "ibid", "cit", "seq", "seqq", "sqq", "trans", "transl", "vols", "eds", "repr", "comp",
    "edn", "nos", "esp", "col", "cols", "resp", "viz", "etc", "chap", "sect", "fig", "nbsp",
)  # fmt: skip

#: Capitalised words that open sentences, never names: ``By "object" we mean``.
NON_NAME_WORDS: frozenset[str] = frozenset(
    {"by", "in", "on", "at", "for", "as", "it", "this", "that", "these", "those", "we",
     "he", "she", "they", "see", "cf", "quoted", "from", "with", "to", "of", "but", "and",
     "or", "if", "when", "where", "while", "also", "here", "there", "thus", "hence",
     "after", "before", "since", "although", "however", "note", "according"}
)  # fmt: skip
