"""Stage 4, sources: each resolved citation → the work it names in a
bibliography (the bundled ``bib/`` plus the user's ``.bib`` files).

A work is looked up once, by the author, title and volume its citations
resolved to, through the bibliography's index: a dict lookup, so the cost is
the same with 20 entries or 10,000.  A full first citation with no entry
(``M. Fainsod, Smolensk under Soviet Rule, Cambridge 1958``) becomes a
*provisional* source, and so does a periodical issue (``Pravda, 12 August
1927``); later short forms and Ibid. resolve to them.  A short form of a
work no bibliography knows is ``unknown_source``, with the closest entries
named; several candidates are ``ambiguous_source``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from cliffcite.bibliography import BibError, Bibliography, Entry, load_bibliography, normalise
from cliffcite.locators import from_roman
from cliffcite.models import (
    POINTER_KINDS,
    Citation,
    Document,
    FullCitation,
    PeriodicalCitation,
    Problem,
    Resolution,
    Source,
    _replacer,
    replace,
)
from cliffcite.resolve import surnames

__all__ = ["bibliography_for", "default_bibliography", "match_sources"]

_KEY_WORD = regex.compile(r"[a-z0-9]+")


def default_bibliography() -> tuple[Bibliography, tuple[BibError, ...]]:
    """The bundled bibliography, loaded once per process."""
    return bibliography_for((), default=True)


@lru_cache(maxsize=8)
def bibliography_for(
    paths: tuple[str, ...], default: bool = True
) -> tuple[Bibliography, tuple[BibError, ...]]:
    """The bundled bibliography (unless ``default`` is false) and the user's
    ``.bib`` files, loaded once per process for each combination."""
    bib, errors = load_bibliography(paths, default=default)
    return bib, tuple(errors)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _provisional_key(author: str | None, title: str | None, year: str | None) -> str:
    """``fainsod1958smolensk`` (surname, year, first significant title word);
    ``pravdaizvestiia1927`` for a work without an author."""
    name = min(surnames(author), default="")
    words = [w for w in _KEY_WORD.findall(_ascii(normalise(title or ""))) if len(w) > 3]
    if name:
        parts = [_ascii(name).replace(" ", ""), (year or "")[:4], words[0] if words else ""]
    else:
        parts = ["".join(words[:2]), (year or "")[:4]]
    return "".join(p for p in parts if p) or "work"


def _entry_source(entry: Entry, note: str) -> Source:
    return Source(entry.key, "bib", entry.entry_type, dict(entry.fields), entry.path, note)


def _provisional(cite: Citation, key: str) -> Source:
    fields: dict[str, str] = {}
    work = cite.resolved
    author = (work.author if work else None) or cite.author
    title = (work.title if work else None) or cite.title
    if author:
        fields["author"] = author
    if title:
        fields["title"] = title
    if isinstance(cite, PeriodicalCitation):
        iso = iso_date(cite.date) if cite.date else None
        if iso:
            fields["date"] = iso
        if cite.date:
            fields["issue"] = cite.date
        entry_type = "periodical"
    else:
        for name in ("place", "publisher", "year"):
            value = getattr(cite, name)
            if value:
                fields[{"place": "location", "year": "date"}.get(name, name)] = value
        entry_type = "book"
    return Source(key, "provisional", entry_type, fields, None, cite.note)


_MONTH_NUMBERS = {
    name.lower(): i % 12 + 1
    for i, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December",
         "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}  # fmt: skip
_DATE_PARTS = regex.compile(
    r"(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s)?(?P<month>\p{L}+)\.?,?\s(?P<year>[12][0-9]{3})"
)


def iso_date(written: str) -> str | None:
    """``12 August 1927`` → ``1927-08-12``, ``November 1934`` → ``1934-11``, as
    BibLaTeX's ``date`` field wants (ISO 8601); ``None`` when it cannot tell."""
    m = _DATE_PARTS.search(written)
    if m is None:
        year = regex.search(r"[12][0-9]{3}", written)
        return year.group() if year else None
    month = _MONTH_NUMBERS.get(m["month"].lower())
    if month is None:
        return m["year"]
    if m["day"]:
        return f"{m['year']}-{month:02d}-{int(m['day']):02d}"
    return f"{m['year']}-{month:02d}"


def _number(volume: str) -> int | None:
    v = volume.strip().rstrip(".")
    if v.isdigit():
        return int(v)
    return from_roman(v.lower())


def _range_problems(
    cite: Citation, key: str, volumes: int | None, total: int | None
) -> tuple[Problem, ...]:
    """A volume or page past the end of the entry ``key`` of ``volumes``
    volumes and ``total`` pages (``None``: not known)."""
    problems: tuple[Problem, ...] = ()
    if cite.volume and volumes:
        n = _number(cite.volume.split("-")[0])
        if n is not None and n > volumes:
            problems += (
                Problem(
                    "volume_out_of_range",
                    f"Vol. {cite.volume} of {key}, which has {volumes} volumes",
                ),
            )
    if total and cite.locator is not None and not getattr(cite, "inherited_pages", False):
        for r in cite.locator.ranges:
            if isinstance(r.last, int) and r.last > total:
                problems += (
                    Problem(
                        "page_out_of_range",
                        f"page {r.last} of {key}, which has {total} pages",
                    ),
                )
                break
    return problems


def _describe(author: str | None, title: str | None) -> str:
    return ", ".join(x for x in (author, title) if x) or "?"


def match_sources(doc: Document, bibliography: Bibliography | None = None) -> Document:
    """``doc`` with each citation's ``source`` set and the works cited listed
    in ``doc.sources`` (first citation first)."""
    bib = bibliography if bibliography is not None else default_bibliography()[0]
    matcher = _Matcher(bib)
    match = matcher.match
    series = []
    for s in doc.series:
        notes = []
        for note in s.notes:
            if note.citations:
                note = _with_citations(note, tuple(map(match, note.citations)))
            notes.append(note)
        series.append(replace(s, notes=tuple(notes)))
    return replace(doc, series=tuple(series), sources=tuple(matcher.sources.values()))


#: The copies this stage makes most (``_replacer``: ``replace`` a third cheaper).
_with_source = _replacer("source", "problems")
_with_problems = _replacer("problems")  # a work with no entry, or several
_with_provisional = _replacer("source")
_with_citations = _replacer("citations")

_LookupKey = tuple[str | None, str | None, str | None, str | None]


class _Matcher:
    """Matches citations in document order.  What it learns of a citation
    (its source, the citation its work was first cited in) is kept by the
    citation's identity, since later citations point back to those very
    objects: each citation costs one dict lookup, chains included."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self.sources: dict[str, Source] = {}
        self.lookups: dict[_LookupKey, list[Entry]] = {}
        self.suggestions: dict[_LookupKey, str] = {}
        self.provisional: dict[tuple[str, str, str], str] = {}  # work identity → key
        self.source_of: dict[int, str | None] = {}
        self.root_of: dict[int, Citation] = {}
        #: volumes and pages of each source key (none known: provisional)
        self.bounds: dict[str, tuple[int | None, int | None]] = {}
        #: per provisional key, how many of its candidates are known taken:
        #: keys are only ever added, so the next search resumes there
        self.taken_up_to: dict[str, int] = {}

    def match(self, cite: Citation) -> Citation:
        """``cite`` with its source; a citation of a work whose source is known
        (most are) is matched here, the rest by :meth:`_match`."""
        work = cite.resolved
        earlier = work.citation if work is not None else None
        if earlier is None:
            out = self._match(cite, work, None)
        else:
            known = self.source_of.get(id(earlier))
            if cite.kind in POINTER_KINDS:
                # Ibid. and op. cit. name the work of the citation they point to;
                # what is wrong with that work is reported there
                self.root_of[id(cite)] = self.root_of.get(id(earlier), earlier)
                out = self._with_entry(cite, known) if known else cite
            elif known:
                # the same work as the citation it points back to (through Ibid. too)
                out = self._with_entry(cite, known)
            else:
                out = self._match(cite, work, earlier)
        self.source_of[id(cite)] = out.source
        return out

    def _with_entry(self, cite: Citation, key: str) -> Citation:
        bounds = self.bounds.get(key)
        if bounds is None:
            entry = self.bib.get(key)
            bounds = self.bounds[key] = (
                (entry.volumes, entry.pagetotal) if entry is not None else (None, None)
            )
        if not (bounds[0] or bounds[1]):  # no range known: _range_problems finds none
            return _with_source(cite, key, cite.problems)
        return _with_source(cite, key, cite.problems + _range_problems(cite, key, *bounds))

    def _match(self, cite: Citation, work: Resolution | None, earlier: Citation | None) -> Citation:
        """A citation of a work with no source known yet: ``work`` its
        resolution, ``earlier`` the citation it points back to (if any)."""
        if cite.kind in POINTER_KINDS:
            return cite  # it points to no citation: no work to match
        root = self.root_of.get(id(earlier), earlier) if earlier is not None else cite
        self.root_of[id(cite)] = root
        author = work.author if work else cite.author
        title = work.title if work else cite.title
        volume = cite.volume or (work.volume if work else None)
        periodical = isinstance(cite, PeriodicalCitation) or isinstance(root, PeriodicalCitation)
        date = cite.date if periodical else None
        lookup_key = (author, title, volume, date)
        found = self._lookup(lookup_key, periodical)
        if len(found) == 1:
            entry = found[0]
            if entry.key not in self.sources:
                self.sources[entry.key] = _entry_source(entry, cite.note)
            return self._with_entry(cite, entry.key)
        if len(found) > 1:
            names = ", ".join(e.key for e in found[:4])
            problem = Problem(
                "ambiguous_source",
                f"'{_describe(author, title)}' matches {len(found)} bibliography entries ({names})",
            )
            return _with_problems(cite, (*cite.problems, problem))
        # no entry: a provisional source for periodicals and works first cited in full
        if periodical or isinstance(root, FullCitation) or isinstance(cite, FullCitation):
            basis = cite if isinstance(cite, (FullCitation, PeriodicalCitation)) else root
            return _with_provisional(cite, self._provisional_key(basis, author, title, periodical))
        message = f"no bibliography entry for '{_describe(author, title)}'"
        problem = Problem("unknown_source", message + self._hint(lookup_key))
        return _with_problems(cite, (*cite.problems, problem))

    def _lookup(self, key: _LookupKey, periodical: bool) -> list[Entry]:
        if key not in self.lookups:
            author, title, volume, date = key
            # an issue cited by date may have an entry of its own (an article)
            dated = self.bib.lookup(author, f"{title}, {date}") if date and title else []
            found = dated or self.bib.lookup(author, title, volume=volume)
            if periodical:
                found = [e for e in found if e.is_periodical or e.entry_type == "article"]
            self.lookups[key] = found
        return self.lookups[key]

    def _hint(self, key: _LookupKey) -> str:
        if key not in self.suggestions:
            closest = self.bib.suggest(key[0], key[1])
            names = ", ".join(
                f"'{_describe(e.shorthand or e.author, e.shorttitle or e.title)}'" for e in closest
            )
            self.suggestions[key] = f" (closest: {names})" if names else ""
        return self.suggestions[key]

    def _free_key(self, key: str) -> str:
        """The first of ``key``, ``key`` + a ... z, ``key`` + 2, 3, ... that no
        source has, resumed where the last search for ``key`` stopped (all
        works of one key would otherwise count up from the start)."""
        i = self.taken_up_to.get(key, 0)
        while _candidate(key, i) in self.sources:
            i += 1
        self.taken_up_to[key] = i
        return _candidate(key, i)

    def _provisional_key(
        self, basis: Citation, author: str | None, title: str | None, periodical: bool
    ) -> str:
        ident = (
            normalise(author or ""),
            normalise(title or ""),
            normalise(basis.date or "") if periodical else "",
        )
        key = self.provisional.get(ident)
        if key is None:
            year = basis.year or (
                basis.date[-4:] if basis.date and basis.date[-4:].isdigit() else None
            )
            key = self._free_key(_provisional_key(author, title, year))
            self.provisional[ident] = key
            self.sources[key] = _provisional(basis, key)
        return key


_SUFFIXES = "abcdefghijklmnopqrstuvwxyz"


def _candidate(key: str, i: int) -> str:
    """The ``i``-th key tried for a work: ``key``, then ``key`` + a ... z, then
    ``key`` + 2, 3, ..."""
    if i == 0:
        return key
    if i <= len(_SUFFIXES):
        return key + _SUFFIXES[i - 1]
    return f"{key}{i - len(_SUFFIXES) + 1}"
