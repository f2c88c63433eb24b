"""The bibliography: bundled and user ``.bib`` files, and the index of short forms.

Cliff cites a work by a short form (``Serge``, ``Trotsky, My Life``,
``Stalin, Works, Vol.10``).  :func:`load_bibliography` reads the bundled
``bib/`` files and the user's own, and :class:`Bibliography` indexes every
entry once, by :func:`normalise`-d keys, so that :meth:`Bibliography.lookup`
is a handful of dict look-ups however large the bibliography is.

Bad input never raises: a malformed entry, an undecodable or missing file, a
duplicate key each become a :class:`BibError` and the rest still loads
(bibtexparser's ``failed_blocks``).

Field conventions of the bundled files (``shorthand``, ``variants``,
``confidence``, ``sourcenote``) are documented in ``bib/README.md``.
"""

from __future__ import annotations

import difflib
import heapq
import logging
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from attrs import field, frozen
from bibtexparser.entrypoint import parse_string

from cliffcite.memo import register

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable

# bibtexparser logs each failed block (with 0-based lines) to stderr when the application
# has configured no logging; those failures are reported as BibError values instead.  A
# NullHandler is the library convention: records still reach any handler the app sets up.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

__all__ = [
    "BibError",
    "Bibliography",
    "Entry",
    "bundled_bib_files",
    "detex",
    "load_bibliography",
    "normalise",
]

# --------------------------------------------------------------------------- constants

#: Separator of the ``variants`` field: short forms contain commas (``Stalin, Works, Vol.10``).
VARIANT_SEPARATOR = ";"
#: Articles dropped at the start of a title (and of each comma/colon segment of a short form).
LEADING_ARTICLES = frozenset({"the", "a", "an"})
#: Entry types that are periodicals themselves (biblatex ``@periodical``; BibTeX-style others).
PERIODICAL_TYPES = frozenset({"periodical", "journal", "newspaper", "magazine"})
#: ``entrysubtype`` values that mark a newspaper or journal record.
PERIODICAL_SUBTYPES = frozenset({"newspaper", "magazine", "journal"})
#: difflib compares the query with at most this many index keys, so a miss stays fast
#: (well under 50 ms) with 10,000 entries; keys sharing most words/affixes are kept.
MAX_SUGGESTION_POOL = 200
#: difflib similarity a suggestion needs (its default): lower lets unrelated titles in.
SUGGESTION_CUTOFF = 0.6
#: Length of the word prefixes/suffixes that pick the suggestion pool: tolerates typos
#: inside a word (``Trotksy``) without a full trigram index.
AFFIX_LENGTH = 3
#: Words too common to choose suggestion candidates by.
SUGGESTION_STOPWORDS = frozenset({"and", "of", "in", "on", "the", "vol", "vols", "to", "for"})
#: Bound of the :func:`normalise` cache: short forms repeat across a document.
NORMALISE_CACHE_SIZE = 1 << 16
#: Characters of a failed block quoted in a :class:`BibError` message.
QUOTED_BLOCK_LENGTH = 60
#: Where a bundled-files error is reported when the ``bib`` directory is missing.
BUNDLED_LABEL = "<bundled bib>"

# --------------------------------------------------------------------------- LaTeX to text

_COMBINING = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
#: ``\'e``, ``\'{e}``, ``\v{c}``, ``\v c``, ``\'\i``: an accent command and its letter.
_ACCENT = re.compile(
    r"""\\(?:(?P<sym>[`'^"~=.])|(?P<word>[uvHckrdb])(?![A-Za-z]))\s*"""
    r"""(?:\{\s*(?P<braced>\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(?P<bare>\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])(?:\{\}|\s)?")
_ESCAPED = re.compile(r"\\([&%$#_{}])")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*|\\\\")


def _accent(match: re.Match[str]) -> str:
    mark = _COMBINING[match["sym"] or match["word"]]
    letter = match["braced"] or match["bare"]
    if letter.startswith("\\"):
        letter = letter[1:]
    return letter + mark


def detex(text: str) -> str:
    """Plain Unicode text of a BibTeX value: accents applied, commands and braces dropped."""
    if "\\" in text:
        text = _ACCENT.sub(_accent, text)
        text = _LETTER.sub(lambda m: _LETTERS[m[1]], text)
        text = _ESCAPED.sub(lambda m: "\x00" + m[1], text)  # protect \{ \} from brace removal
        text = _COMMAND.sub("", text)
    text = text.replace("{", "").replace("}", "").replace("\x00", "")
    text = text.replace("---", "—").replace("--", "–").replace("~", " ")
    return unicodedata.normalize("NFC", " ".join(text.split()))


# --------------------------------------------------------------------------- normalise

_QUOTES = re.compile(r"['\"`´‘’‚‛“”„‟′″ʹʺʼ]")
_INITIALISM = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_SEGMENTS = re.compile(r"[,:;]")
_WORD = re.compile(r"[^\W_]+")
_TRAILING_VOLUME = re.compile(r"\s+vols?\s+\w+$")


@register
@lru_cache(maxsize=NORMALISE_CACHE_SIZE)
def normalise(text: str) -> str:
    """The index key of a name, title or short form.

    Casefolded; diacritics stripped (NFKD); LaTeX braces and commands dropped;
    transliteration signs and quotes dropped (``s"ezd`` = ``sezd``,
    ``Fel'shtinskii`` = ``Felshtinskii``); ``&`` read as ``and``; initialisms
    closed up (``B.O.`` = ``BO``); a leading article dropped from each comma-,
    colon- or semicolon-separated segment; every other run of punctuation,
    dashes and spaces made one space, so ``Challenge (1926-27)`` ==
    ``Challenge (1926--27)`` == ``Challenge (1926–27)``.

    >>> normalise("Carr, The Foundations of Planned Economy, Vol.2")
    'carr foundations of planned economy vol 2'
    """
    plain = text.isascii() and "\\" not in text and "{" not in text
    if plain and "}" not in text and "\x00" not in text:
        return _normalise_plain(text)
    return _normalise(text)


def _normalise(text: str) -> str:
    """:func:`normalise`, every step taken."""
    text = detex(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = _QUOTES.sub("", text.replace("&", " and "))
    if "." in text:  # the one character every initialism has (a cheap test; the sub is not)
        text = _INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    return _words(text)


def _words(text: str) -> str:
    """The words of each segment of a casefolded ``text``, a leading article dropped."""
    words: list[str] = []
    for segment in _SEGMENTS.split(text):
        tokens = _WORD.findall(segment)
        if len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
            del tokens[0]
        words.extend(tokens)
    return " ".join(words)


#: For :func:`_normalise_plain`: ASCII letters lowercased, digits kept, the
#: segment separators ``,:;`` made ``;`` and every other ASCII character a space.
_PLAIN_WORDS = bytes(
    c if chr(c).isascii() and chr(c).isalnum() else ord(";") if chr(c) in ",:;" else ord(" ")
    for c in range(128)
).lower() + bytes(range(128, 256))


def _normalise_plain(text: str) -> str:
    """:func:`normalise` of ASCII text without a backslash, a brace or a NUL
    (most names and titles), at a third of the cost: its words found by one
    ``bytes.translate`` and ``split`` (a regex or ``str.translate`` costs
    some 250 instructions a character, ``bytes.translate`` a few).

    :func:`detex` leaves such text as it is but for dashes, tildes and white
    space, which it makes other characters that are neither letters, digits
    nor ``,:;``: those separate words and segments alike either way.  NFKD
    changes no ASCII, ASCII casefolds as it lowercases, and lowercasing
    commutes with the quote, ``&`` and initialism rules."""
    if "'" in text or '"' in text or "`" in text:  # the ASCII among the quotes
        text = _QUOTES.sub("", text)
    if "&" in text:
        text = text.replace("&", " and ")
    if text.count(".") > 1:  # an initialism has two dots at least (``B.O.``)
        text = _INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    plain = text.encode("ascii").translate(_PLAIN_WORDS).decode("ascii")
    if ";" not in plain:  # one segment
        tokens = plain.split()
        if len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
            del tokens[0]
        return " ".join(tokens)
    words: list[str] = []
    for segment in plain.split(";"):
        tokens = segment.split()
        if len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
            del tokens[0]
        words.extend(tokens)
    return " ".join(words)


# --------------------------------------------------------------------------- names


def _mask_braces(text: str) -> str:
    """``text`` with every character inside braces replaced, so splits skip them."""
    if "{" not in text and "}" not in text:
        return text
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        out.append(char if depth == 0 and char not in "{}" else "\x01")
    return "".join(out)


_NAME_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)


def _split_names(value: str) -> list[str]:
    """A BibTeX name list split at ``and`` outside braces."""
    masked = _mask_braces(value)
    names: list[str] = []
    start = 0
    for match in _NAME_SEPARATOR.finditer(masked):
        names.append(value[start : match.start()].strip())
        start = match.end()
    names.append(value[start:].strip())
    return [name for name in names if name]


def _family_name(name: str) -> str:
    """The family name of one BibTeX name, with its von part (``van Heijenoort``)."""
    masked = _mask_braces(name)
    if "," in masked:
        family = name[: masked.index(",")]
    else:
        spans = [m.span() for m in re.finditer(r"\S+", masked)]
        tokens = [name[a:b] for a, b in spans]
        family = tokens[-1] if tokens else ""
        for i, token in enumerate(tokens[1:-1], start=1):
            if token[:1].islower():
                family = " ".join(tokens[i:])
                break
    return detex(family)


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() else None


# --------------------------------------------------------------------------- records


def _frozen_fields(fields: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(fields))


@frozen
class Entry:
    """One bibliography entry, as read: raw field values under lowercase names.

    ``path`` and ``line`` (1-based) say where the entry starts.
    """

    key: str
    entry_type: str
    fields: Mapping[str, str] = field(converter=_frozen_fields, hash=False)
    path: str = ""
    line: int = 0

    @property
    def author(self) -> str | None:
        return self.fields.get("author")

    @property
    def surnames(self) -> tuple[str, ...]:
        """Family names of the authors, else of the editors (biblatex's labelname)."""
        names = self.fields.get("author") or self.fields.get("editor") or ""
        return tuple(f for f in (_family_name(n) for n in _split_names(names)) if f)

    @property
    def title(self) -> str | None:
        return self.fields.get("title")

    @property
    def shorttitle(self) -> str | None:
        return self.fields.get("shorttitle")

    @property
    def shorthand(self) -> str | None:
        return self.fields.get("shorthand")

    @property
    def variants(self) -> tuple[str, ...]:
        """Every short form and spelling variant (field ``variants``, split at ``;``)."""
        value = self.fields.get("variants", "")
        return tuple(v.strip() for v in value.split(VARIANT_SEPARATOR) if v.strip())

    @property
    def volumes(self) -> int | None:
        return _int_or_none(self.fields.get("volumes"))

    @property
    def pagetotal(self) -> int | None:
        return _int_or_none(self.fields.get("pagetotal"))

    @property
    def confidence(self) -> str | None:
        """``V``/``P``/``I`` and ``C1``/``C2``/``C3``, as in ``bib/README.md``."""
        return self.fields.get("confidence")

    @property
    def is_periodical(self) -> bool:
        """A newspaper or journal itself (not an article in one)."""
        subtype = self.fields.get("entrysubtype", "").strip().casefold()
        return self.entry_type in PERIODICAL_TYPES or (
            self.entry_type not in {"article", "inproceedings", "incollection"}
            and subtype in PERIODICAL_SUBTYPES
        )


@frozen
class BibError:
    """A problem with a ``.bib`` file: ``line`` is 1-based, 0 for the whole file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# --------------------------------------------------------------------------- the index

_Keys = dict[str, None]  # an ordered set of entry keys
_Getter = Callable[[str], "_Keys | None"]  # a name -> entry keys look-up


def _add(index: dict[str, _Keys], key: str, entry_key: str) -> None:
    if key:
        index.setdefault(key, {})[entry_key] = None


def _last_word(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _affixes(text: str) -> list[str]:
    """Words, word prefixes and suffixes of a normalised string (suggestion features)."""
    out: set[str] = set()
    for word in text.split():
        if len(word) < AFFIX_LENGTH or word in SUGGESTION_STOPWORDS:
            continue
        out.update((f"w:{word}", f"p:{word[:AFFIX_LENGTH]}", f"s:{word[-AFFIX_LENGTH:]}"))
    return sorted(out)


class Bibliography:
    """Entries by key, and the index that resolves Cliff's short forms.

    Built once from entries (a later entry with the same key replaces an
    earlier one); every lookup is a few dict look-ups.
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self._entries[entry.key] = entry
        self._shorthands: dict[str, _Keys] = {}
        self._variants: dict[str, _Keys] = {}
        self._titles: dict[str, _Keys] = {}
        self._names: dict[str, _Keys] = {}
        self._pairs: dict[tuple[str, str], _Keys] = {}
        self._suggestable: dict[str, _Keys] = {}
        #: each entry's ``volume`` field normalised (None: it has none), for ``lookup``
        self._volumes: dict[str, str | None] = {}
        for entry in self._entries.values():
            self._index(entry)

    # ----------------------------------------------------------------- building

    def _index(self, entry: Entry) -> None:
        key = entry.key
        fields = entry.fields
        volume = fields.get("volume")
        self._volumes[key] = None if volume is None else normalise(volume)
        surnames = [normalise(s) for s in entry.surnames]
        short = [normalise(_family_name(n)) for n in _split_names(fields.get("shortauthor", ""))]
        names = {n for n in (*surnames, *short) if n}
        for group in (surnames, short):
            if len(group) > 1:
                names.add(" and ".join(group))
        tokens = {t for n in names for t in n.split()} - {"and"}

        titles: set[str] = set()
        title = fields.get("title")
        if title:
            titles.add(normalise(title))
            if fields.get("subtitle"):
                titles.add(normalise(f"{title}: {fields['subtitle']}"))
        if fields.get("shorttitle"):
            titles.add(normalise(fields["shorttitle"]))

        short_forms = [(fields["shorthand"], self._shorthands)] if fields.get("shorthand") else []
        short_forms += [(v, self._variants) for v in entry.variants]
        authors = set(names)
        for text, index in short_forms:
            whole = normalise(text)
            _add(index, whole, key)
            _add(self._suggestable, whole, key)
            head, comma, tail = text.partition(",")
            author_part, title_part = normalise(head), normalise(tail)
            if comma and author_part and title_part and tokens & set(author_part.split()):
                authors.add(author_part)
                titles.add(title_part)
            elif whole not in names:
                titles.add(whole)  # a bare title form: ``My Life``, ``Izvestiya``

        titles.discard("")
        if not entry.is_periodical:  # a periodical's editor is not its author
            for name in sorted(names):
                _add(self._names, name, key)
                _add(self._suggestable, name, key)
        ordered = sorted(titles)  # sets iterate in hash order: keep runs reproducible
        for title_key in ordered:
            _add(self._titles, title_key, key)
            _add(self._suggestable, title_key, key)
            for author_key in sorted(authors):
                self._pairs.setdefault((author_key, title_key), {})[key] = None
        if surnames and titles:
            _add(self._suggestable, f"{surnames[0]} {min(ordered, key=len)}", key)

    # ----------------------------------------------------------------- container

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"<Bibliography of {len(self._entries)} entries>"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries.values())

    def get(self, key: str) -> Entry | None:
        return self._entries.get(key)

    # ----------------------------------------------------------------- lookup

    def lookup(
        self, author: str | None, title: str | None, *, volume: str | None = None
    ) -> list[Entry]:
        """Candidate entries for a citation's author and title, most specific first.

        The first of these that finds anything wins:

        1. the whole ``author, title`` as a shorthand, then as a variant
           (``Stalin, Works``; ``Serge``; ``KPSS v rez.``);
        2. the (author, title) pair, the author also as its last word
           (``M. Fainsod``) and ``A and B`` as both names;
        3. the title alone (full, short, or a variant's title part);
        4. only when ``title`` is None: the author alone, every work of that name.

        A title ending in a volume (``..., Vol.2``) that finds nothing is tried
        without it.  ``volume``, when given, is tried as part of the whole short
        form first (``Carr, Foundations..., Vol.1``), and drops candidates whose
        own ``volume`` field differs.  More than one candidate means ambiguous;
        none, unknown.
        """
        found = self._lookup_keys(normalise(author or ""), normalise(title or ""), volume)
        return [self._entries[k] for k in found]

    def _lookup_keys(self, author: str, title: str, volume: str | None) -> list[str]:
        if not author and not title:
            return []
        found: list[str] = []
        if volume:
            whole = " ".join(p for p in (author, title, normalise(f"Vol.{volume}")) if p)
            found = list(self._shorthands.get(whole) or self._variants.get(whole) or ())
        if not found:
            found = self._tiers(author, title)
        if not found and "vol" in title:  # what a _TRAILING_VOLUME holds: a sub saved
            bare = _TRAILING_VOLUME.sub("", title)
            if bare != title:
                found = self._tiers(author, bare)
        if volume and found:
            wanted = normalise(volume)
            found = [k for k in found if (own := self._volumes[k]) is None or own == wanted]
        return found

    def _tiers(self, author: str, title: str) -> list[str]:
        whole = f"{author} {title}" if author and title else author or title
        hit = self._shorthands.get(whole) or self._variants.get(whole)
        if hit:
            return list(hit)
        if title and title not in self._titles:
            # every pair's title is one of _titles (see _index): neither the
            # pairs nor the titles find anything, so a title no entry has
            # costs one look-up, not the pairs' search by each author's name
            return []
        if author and title:
            pairs = self._by_author(author, lambda name: self._pairs.get((name, title)))
            if pairs:
                return pairs
        if title:
            hits = list(self._titles.get(title, ()))
            if author:  # "Alexander Pope, Works" is not Stalin's Works
                hits = [k for k in hits if self._by_someone_named(k, author)]
            return hits
        return self._by_author(author, self._names.get)

    def _by_someone_named(self, key: str, author: str) -> bool:
        """An entry with no author, or one of whose authors has ``author``'s last word."""
        names = self._entries[key].surnames
        last = _last_word(author)
        return not names or any(normalise(n).split()[-1:] == [last] for n in names)

    @staticmethod
    def _by_author(author: str, get: _Getter) -> list[str]:
        """Entries ``get`` finds for an author: as written, else by last word(s)."""
        hit = get(author)
        if hit:
            return list(hit)
        parts = author.split(" and ")
        found: list[str] | None = None
        for part in parts:
            keys = (get(part) if len(parts) > 1 else None) or get(_last_word(part))
            if not keys:
                return []
            found = list(keys) if found is None else [k for k in found if k in keys]
        return found or []

    # ----------------------------------------------------------------- suggestions

    @cached_property
    def _postings(self) -> dict[str, list[str]]:
        postings: dict[str, list[str]] = {}
        for text in self._suggestable:
            for feature in _affixes(text):
                postings.setdefault(feature, []).append(text)
        return postings

    @cached_property
    def _affix_values(self) -> frozenset[str]:
        """The words, prefixes and suffixes of :attr:`_postings`' features,
        whatever their kind: for :meth:`_shares_no_feature`."""
        return frozenset(feature[2:] for feature in self._postings)

    def _shares_no_feature(self, query: str) -> bool:
        """Whether no feature of ``query`` (:func:`_affixes`) has a posting:
        then no index key is scored and nothing suggested.  Most misses of a
        document of unknown works are such (94 % of 40,000 random authors and
        titles), and this test, without the features' strings, their sort or
        a ``Counter``, costs a seventh of finding so (0.8 against 5.2 µs for
        three words)."""
        known = self._affix_values
        for word in query.split():
            if len(word) < AFFIX_LENGTH or word in SUGGESTION_STOPWORDS:
                continue
            if word in known or word[:AFFIX_LENGTH] in known or word[-AFFIX_LENGTH:] in known:
                return False
        return True

    def suggest(self, author: str | None, title: str | None, n: int = 3) -> list[Entry]:
        """The ``n`` entries closest to an unknown source, for ``(closest: ...)``.

        Runs only for misses: index keys sharing words or word affixes with
        the query are scored, the best :data:`MAX_SUGGESTION_POOL` go to
        :func:`difflib.get_close_matches`.
        """
        query = " ".join(p for p in (normalise(author or ""), normalise(title or "")) if p)
        if not query or n <= 0 or self._shares_no_feature(query):
            return []
        scores: Counter[str] = Counter()
        postings = self._postings
        for feature in _affixes(query):
            scores.update(postings.get(feature, ()))
        pool = [
            text
            for text, _ in heapq.nlargest(
                MAX_SUGGESTION_POOL, scores.items(), key=lambda item: item[1]
            )
        ]
        # get_close_matches keeps a candidate only if its length and the
        # query's allow the cutoff (its real_quick_ratio, the same float), and
        # its answer depends on which candidates it keeps, not on their order
        # (it ranks them by score, then text): without one that may pass, the
        # SequenceMatcher it would build and index the query in is not built
        size = len(query)
        pool = [t for t in pool if 2.0 * min(len(t), size) / (len(t) + size) >= SUGGESTION_CUTOFF]
        if not pool:
            return []
        out: dict[str, None] = {}
        for text in difflib.get_close_matches(query, pool, n=4 * n, cutoff=SUGGESTION_CUTOFF):
            for key in self._suggestable[text]:
                out[key] = None
        return [self._entries[k] for k in list(out)[:n]]


# --------------------------------------------------------------------------- loading


def bundled_bib_files() -> list[Traversable]:
    """The bundled ``.bib`` files, sorted by name.

    From ``cliffcite/bib`` in an installed wheel (pyproject force-includes the
    repository's ``bib/`` there), else from ``bib/`` beside the package
    directory in a source or editable checkout.
    """
    directory: Traversable = resources.files("cliffcite") / "bib"
    if not directory.is_dir():
        directory = Path(__file__).resolve().parent.parent / "bib"
        if not directory.is_dir():
            return []
    files = [f for f in directory.iterdir() if f.name.endswith(".bib") and f.is_file()]
    return sorted(files, key=lambda f: f.name)


def _read_text(source: Traversable | Path, path: str) -> tuple[str | None, BibError | None]:
    if isinstance(source, Path):
        if not source.exists():
            return None, BibError(path, 0, "no such file")
        if source.is_dir():
            return None, BibError(path, 0, "is a directory, not a .bib file")
    try:
        data = source.read_bytes()
    except OSError as exc:
        return None, BibError(path, 0, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in data:
        return None, BibError(path, 0, "binary file, not BibTeX text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        return None, BibError(path, 0, f"not UTF-8 text ({where})")


def _quote(raw: str | None) -> str:
    head = (raw or "").strip().split("\n", 1)[0].strip()
    if len(head) > QUOTED_BLOCK_LENGTH:
        head = head[: QUOTED_BLOCK_LENGTH - 3] + "..."
    return head


def _reason(error: object) -> str:
    text = getattr(error, "abort_reason", None) or str(error)
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


def _line_of(block: object) -> int:
    start = getattr(block, "start_line", None)
    return start + 1 if isinstance(start, int) else 0


def _failed_block_error(block: object, path: str) -> BibError:
    line = _line_of(block)
    kind = type(block).__name__
    if kind == "DuplicateBlockKeyBlock":
        previous = _line_of(getattr(block, "previous_block", None))
        where = f" (first at line {previous})" if previous else ""
        message = f"duplicate key '{getattr(block, 'key', '?')}'{where}; the first wins"
    elif kind == "DuplicateFieldKeyBlock":
        entry = getattr(block, "entry", None)
        line = _line_of(entry)
        repeated = ", ".join(sorted(getattr(block, "duplicate_keys", ()) or ()))
        message = f"entry '{getattr(entry, 'key', '?')}' repeats field(s) {repeated}; dropped"
    elif kind == "MiddlewareErrorBlock":
        inner = getattr(block, "block", None)
        line = line or _line_of(inner)
        quoted = _quote(getattr(inner, "raw", None))
        reason = _reason(getattr(block, "error", kind))
        message = f"cannot process entry starting '{quoted}' ({reason})"
    else:
        quoted = _quote(getattr(block, "raw", None))
        message = f"unparseable entry starting '{quoted}'"
        error = getattr(block, "error", None)
        if error is not None:
            message += f" ({_reason(error)})"
    return BibError(path, line, message)


def _parse(text: str, path: str, errors: list[BibError]) -> list[Entry]:
    """Entries of one file; its failed blocks go to ``errors``."""
    try:
        library = parse_string(text)
    except Exception as exc:  # a bibtexparser bug must not stop the run
        errors.append(BibError(path, 0, f"bibtexparser failed: {_reason(exc)}"))
        return []
    found: list[BibError] = [_failed_block_error(b, path) for b in library.failed_blocks]
    entries: list[Entry] = []
    for block in library.entries:
        fields: dict[str, str] = {}
        line = _line_of(block)
        for item in block.fields:
            name = str(item.key).strip().lower()
            if name in fields:
                found.append(
                    BibError(
                        path, line, f"entry '{block.key}' repeats field '{name}'; the first wins"
                    )
                )
                continue
            fields[name] = " ".join(str(item.value).split())
        entries.append(Entry(str(block.key), str(block.entry_type).lower(), fields, path, line))
    errors.extend(sorted(found, key=lambda e: e.line))
    return entries


def _load_into(
    into: dict[str, Entry], source: Traversable | Path, path: str, errors: list[BibError]
) -> None:
    text, error = _read_text(source, path)
    if error is not None:
        errors.append(error)
        return
    assert text is not None
    for entry in _parse(text, path, errors):
        first = into.get(entry.key)
        if first is not None:
            where = f"{first.path}:{first.line}"
            errors.append(
                BibError(
                    path,
                    entry.line,
                    f"duplicate key '{entry.key}' (first at {where}); the first wins",
                )
            )
            continue
        into[entry.key] = entry


def load_bibliography(
    paths: Sequence[str] = (), *, default: bool = True
) -> tuple[Bibliography, list[BibError]]:
    """The bundled bibliography (unless ``default`` is false) plus the user's files.

    A user entry replaces the bundled entry of the same key.  Within the
    bundled files, and within the user's, a repeated key is a :class:`BibError`
    and the first entry wins.  Nothing here raises for bad input.
    """
    errors: list[BibError] = []
    bundled: dict[str, Entry] = {}
    if default:
        files = bundled_bib_files()
        if not files:
            errors.append(BibError(BUNDLED_LABEL, 0, "bundled bibliography not found"))
        for source in files:
            _load_into(bundled, source, str(source), errors)
    user: dict[str, Entry] = {}
    for path in paths:
        _load_into(user, Path(path), str(path), errors)
    return Bibliography({**bundled, **user}.values()), errors
