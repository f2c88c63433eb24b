"""Stage 3, resolve: each citation → the earlier citation it points back to
(its *antecedent*) and the work it names (its *resolution*).

- ``Ibid.`` → the single work of the previous note, inheriting its pages and
  volume when it gives none; chains follow; an Ibid. after a note that
  cites several works resolves to nothing (``ambiguous_ibid``); after a note
  that cites nothing, to the latest citation before it (reported at info).
- ``Darwin: ibid.`` / ``Darwin, op. cit.`` → the latest citation of that author.
- Short forms (``Serge, p.219``, ``Trotsky, My Life``, ``Stalin, Works,
  Vol.10``) → the earlier citation of the same work.

Every note is a possible antecedent, resolved or not, so a chain never jumps
over an unresolved note.  Ambiguity resolves to nothing and says so, as a
:class:`~cliffcite.models.Problem` on the citation.

The resolvers are plain functions passed to :func:`resolve_citations`, so a
caller can replace any of them (eyecite's resolvers are the model).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from difflib import SequenceMatcher
from heapq import heapify, heappop, heappush, merge
from itertools import combinations
from typing import Any

import attrs
from attrs import define, field, frozen

from cliffcite.bibliography import normalise
from cliffcite.memo import MAX_KEY_CHARS, Table, memoised
from cliffcite.models import (
    Citation,
    Document,
    FullCitation,
    IbidCitation,
    IdemCitation,
    Note,
    NoteSeries,
    OpCitCitation,
    PeriodicalCitation,
    Problem,
    Resolution,
    ShortCitation,
    _replacer,
    replace,
)

__all__ = [
    "Context",
    "resolve_citations",
    "resolve_ibid",
    "resolve_op_cit",
    "resolve_work",
    "surnames",
]

#: Words too common to tell two titles apart.
_STOPWORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "on", "to", "de", "la", "le", "der", "die"}
)


@memoised
def surnames(author: str | None) -> frozenset[str]:
    """Family names of an author as cited: ``Serge and Sedova`` → {serge,
    sedova}; ``M. Fainsod`` → {fainsod}; ``Edmond and Jules de Goncourt`` →
    {goncourt} (first names sharing the last name)."""
    if not author:
        return frozenset()
    parts = [p for p in normalise(author.replace("&", " and ")).split(" and ") if p]
    names = [p.split() for p in parts]
    out: set[str] = set()
    for k, tokens in enumerate(names):
        if not tokens:
            continue
        if len(tokens) == 1 and k + 1 < len(names) and len(names[-1]) > 1:
            continue  # "Edmond and Jules de Goncourt": Edmond is a first name
        out.add(tokens[-1])
    return frozenset(out)


@memoised
def _title_words(title: str | None) -> tuple[str, ...]:
    return tuple(normalise(title).split()) if title else ()


#: A short title of one word names a longer one only when it is the whole
#: main title (``Stalin`` is not ``The Stalin School of Falsification``).
MIN_SHORT_TITLE_WORDS = 2


def titles_match(a: str | None, b: str | None) -> int:
    """How well two titles agree: 2 the same title; 1 one is a short form of
    the other, its main title (``Missing Class`` of ``Missing Class:
    Strengthening ...``), a prefix of two words or more, or two or more
    significant words all found in the other (``Historia economica del
    Peru`` in ``Bosquejo de la historia economica del Peru``); 0 no match."""
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb:
        return 0
    if wa == wb:
        return 2
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    long_title = (b if len(wa) <= len(wb) else a) or ""
    # without a colon the main title is the whole, which ``short`` is not (wa != wb)
    if ":" in long_title and short == _title_words(long_title.split(":")[0]):
        return 1
    if len(short) >= MIN_SHORT_TITLE_WORDS and long_[: len(short)] == short:
        return 1
    significant = set(short).difference(_STOPWORDS)
    if len(significant) >= MIN_SHORT_TITLE_WORDS:
        long_words = set(long_)
        if significant <= long_words:
            return 1
        if len(significant) > MIN_SHORT_TITLE_WORDS and _all_but_one_word(significant, long_words):
            return 1
    if len(short) < MIN_SHORT_TITLE_WORDS:
        return 0
    return int(_similar(" ".join(short), " ".join(long_)))


#: Titles this alike are one title misspelt or mis-scanned (``Peril``/``Peru``,
#: ``agrcdre``/``agraire``).
MIN_TITLE_SIMILARITY = 0.85
_DIGITS = re.compile(r"[0-9]+")


#: One word of a short title may differ this much from its match in the
#: long one (a mis-scan: ``Peru``/``Peril``, ``agraire``/``agrcdre``).
MIN_WORD_SIMILARITY = 0.6


def _all_but_one_word(words: set[str], long_: set[str]) -> bool:
    """All ``words`` in ``long_``, but one that is only like a word there."""
    missing = words - long_
    if len(missing) != 1:
        return False
    (word,) = missing
    if len(word) < 4 or _DIGITS.search(word):
        return False
    return any(_words_alike(word, other) for other in long_)


#: :func:`_words_alike` by its two words: an author's titles share their words,
#: so the same pairs are compared again as the works grow (in thousands of
#: titles of one author, ~4 pairs a title, most of them seen before)
_WORDS_ALIKE: Table[tuple[str, str], bool] = Table()


def _words_alike(word: str, other: str) -> bool:
    """``other`` (no digits) is like ``word``, as :func:`_all_but_one_word` needs."""
    key = (word, other)
    alike = _WORDS_ALIKE.get(key)
    if alike is None:
        alike = not _DIGITS.search(other) and _alike(word, other, MIN_WORD_SIMILARITY)
        if len(word) + len(other) <= MAX_KEY_CHARS:
            _WORDS_ALIKE.put(key, alike)
    return alike


def _similar(short: str, long_: str) -> bool:
    """``short`` is ``long_``, or the start of it, but for a few letters
    (never digits: ``Challenge (1926-27)`` is not ``Challenge (1928-29)``)."""
    head = long_[: len(short) + 2]
    length = len(short) + len(head)
    if 2.0 * min(len(short), len(head)) / length < MIN_TITLE_SIMILARITY:
        return False  # _alike's first bound, before the digits are looked for
    if _DIGITS.findall(short) != _DIGITS.findall(head):
        return False
    return _alike(short, head, MIN_TITLE_SIMILARITY)


def _alike(a: str, b: str, least: float) -> bool:
    """``SequenceMatcher(None, a, b).ratio() >= least``, rejecting early on its
    cheap upper bounds, as difflib computes them (``real_quick_ratio``: the
    shorter length; ``quick_ratio``: the letters in common, counted), before
    the matcher is built: building it indexes ``b``, and most pairs fail."""
    length = len(a) + len(b)
    if length and 2.0 * min(len(a), len(b)) / length < least:
        return False
    common = sum(min(a.count(c), b.count(c)) for c in set(a).intersection(b))
    if length and 2.0 * common / length < least:
        return False
    # the matcher's blocks are a common subsequence: its ratio is at most this
    # bound (of the pairs of titles the bounds above pass, it rejects ~95 %,
    # at ~1/10 of the matcher's cost)
    if length and 2.0 * _longest_common_subsequence(a, b) / length < least:
        return False
    return SequenceMatcher(None, a, b).ratio() >= least


def _longest_common_subsequence(a: str, b: str) -> int:
    """The length of the longest common subsequence of ``a`` and ``b``, bit-
    parallel (Allison and Dix 1986; Hyyrö 2004): bit ``i`` of ``row`` is clear
    where the LCS of ``a[:i + 1]`` and what of ``b`` is read so far grows, so
    that one pass over ``b`` of a few integer operations a character does it."""
    full = (1 << len(a)) - 1
    where: dict[str, int] = {}
    for i, c in enumerate(a):
        where[c] = where.get(c, 0) | 1 << i
    row = full
    at = where.get
    for c in b:
        matched = row & at(c, 0)
        row = ((row + matched) | (row - matched)) & full
    return len(a) - row.bit_count()


# --------------------------------------------------------------------------- the title index

#: A title is scored against this many, at most, of the works that may match it
#: (newest first) when none has the same title: with thousands of works sharing
#: words, scoring them all made resolution quadratic (docs/robustness.md).
MAX_SCORED = 16
#: An author's works that only a misspelling (``_similar``) can match are
#: looked for among the newest this many (each is tested by its letters).
SIMILAR_WINDOW = 64
#: An author's works are scored through a :class:`_TitleIndex` once there are this
#: many; fewer are compared one by one (measured: the index pays from about 8 on).
MIN_INDEXED_WORKS = 8
#: A title of more significant words than this is not indexed by its pairs of words
#: (they grow with the square of the words): it is a candidate for every query.
MAX_PAIRED_WORDS = 24
#: Of the significant words of the shorter title, all but one at most are in the
#: longer when a rule on them matches: so two of any three are, and a title is
#: looked for (or kept) under the pairs of its three rarest only.
CHOSEN_WORDS = 3
#: A title's letter codes are kept at every this many characters (for its heads).
CODE_STEP = 4
#: Letter slots of a letter code: the letters, digits and space of a normalised
#: title have one each; any other character shares one of the rest.
_SLOTS = 64
_SLOT = {c: i for i, c in enumerate(" abcdefghijklmnopqrstuvwxyz0123456789")}
_OTHER_SLOTS = _SLOTS - len(_SLOT)


def _letter_codes(text: str) -> tuple[int, ...]:
    """Letter codes of the prefixes of ``text`` at every :data:`CODE_STEP`
    characters, and of the whole last: ``codes[k]`` is the code of
    ``text[:k * CODE_STEP]`` (of ``text`` when that is longer).

    A code has bit ``k * _SLOTS + s`` set when slot ``s`` holds more than ``k``
    of the characters, so the bits two codes share count, slot by slot, the
    characters both have: ``(code(a) & code(b)).bit_count()`` is at least
    ``sum(min(a.count(c), b.count(c)) for c in set(a))`` (equal when no two of
    their characters share a slot: ``min`` of sums is at least the sum of ``min``)."""
    held = [0] * _SLOTS
    code = 0
    codes = []
    for at, c in enumerate(text):
        if at % CODE_STEP == 0:
            codes.append(code)
        slot = _SLOT.get(c)
        if slot is None:
            slot = len(_SLOT) + ord(c) % _OTHER_SLOTS
        code |= 1 << (held[slot] * _SLOTS + slot)
        held[slot] += 1
    codes.append(code)
    return tuple(codes)


#: What :class:`_TitleIndex` knows of a title for ``_similar``: its number of
#: words, the length of its words joined, and their letter codes.
_Shape = tuple[int, int, tuple[int, ...]]


@memoised
def _shape(title: str | None) -> _Shape | None:
    words = _title_words(title)
    if not words:
        return None
    joined = " ".join(words)
    return len(words), len(joined), _letter_codes(joined)


def _significant(words: tuple[str, ...]) -> list[str]:
    """The distinct significant words of a title, sorted."""
    return sorted(set(words) - _STOPWORDS)


class _Node:
    """A word of the title trie: the works whose words end here (``ends``) and
    those whose words go on past it (``below``, kept from the second word on)."""

    __slots__ = ("below", "children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[int] = []
        self.below: list[int] = []

    def find(self, words: Iterable[str]) -> _Node | None:
        node: _Node | None = self
        for w in words:
            if node is None:
                break
            node = node.children.get(w)
        return node


class _TitleIndex:
    """The works of one author, indexed so that a title is compared only with
    those :func:`titles_match` may score above 0 (exactly: a work left out
    scores 0).

    ``titles_match(a, b) > 0`` (words ``wa``, ``wb``; ``short`` the fewer,
    ``wa`` on a tie; ``main`` the words of the longer's title before its first
    ``:``) holds only through one of its rules, and each needs one of:

    - ``wa == wb`` (2), ``short == main``, or ``short`` a prefix of the other of
      two words or more: ``wa`` is ``wb``, ``main(b)`` or a prefix of ``wb``, or
      ``wb`` is ``main(a)`` or a prefix of ``wa``: the trie and ``by_main``;
    - all the significant words of ``short`` (two or more) in the other, or all
      but one (three or more): then two of any :data:`CHOSEN_WORDS` of them are
      in the other, so a pair of the shorter's rarest words is among the other's
      pairs.  Each work is kept under all its pairs (``by_pair``) and under those
      of its rarest words when added (``by_chosen``); a title looks up the pairs
      of its rarest in the one and all its pairs in the other.  (Any choice of
      words is exact; the rarest make short lists.)  A title of more than
      :data:`MAX_PAIRED_WORDS` such words is in ``wide``, a candidate always, or
      makes every work one;
    - ``_similar``: ``short`` of two words or more, and
      ``SequenceMatcher(None, s, head).ratio() >= MIN_TITLE_SIMILARITY`` for
      ``s`` the words of ``short`` joined and ``head`` the first ``len(s) + 2``
      characters of the other's.  The ratio is ``2 * matched / (len(s) +
      len(head))`` and ``matched`` is at most the shorter length and at most the
      characters the two have in common, counted (difflib's
      ``real_quick_ratio`` and ``quick_ratio``); the characters in common are at
      most the bits shared by their letter codes (:func:`_letter_codes`), and
      by those of a longer head.  A work failing either bound in floating point,
      as :func:`_alike` computes them, fails ``_similar``.

    No index is both exact and selective for ``_similar``: a misspelt title
    shares no word with its match, and what a pair at the threshold must share
    (about half the bigrams of the shorter, three characters in a row) most
    titles share; so every work is still tested by its lengths and letter
    codes, a few integer operations each, or the newest ``window`` of them
    (:meth:`sources`; resolution's bound, see ``docs/robustness.md``)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.shapes: list[_Shape] = []
        self.root = _Node()
        self.by_main: dict[tuple[str, ...], list[int]] = {}
        self.by_pair: dict[tuple[str, str], list[int]] = {}
        self.by_chosen: dict[tuple[str, str], list[int]] = {}
        #: works by significant word, counted: which words are rare
        self.counts: dict[str, int] = {}
        self.wide: list[int] = []

    def add(self, idx: int, title: str | None) -> None:
        shape = _shape(title)
        if shape is None or title is None:
            return  # no words: it matches nothing
        words = _title_words(title)
        self.ids.append(idx)
        self.shapes.append(shape)
        node = self.root
        for depth, w in enumerate(words):
            if depth >= 2:
                node.below.append(idx)
            node = node.children.setdefault(w, _Node())
        node.ends.append(idx)
        main = _title_words(title.split(":")[0])
        if main and main != words:
            self.by_main.setdefault(main, []).append(idx)
        significant = _significant(words)
        if len(significant) > MAX_PAIRED_WORDS:
            self.wide.append(idx)
        else:
            for pair in combinations(significant, 2):
                self.by_pair.setdefault(pair, []).append(idx)
            for pair in combinations(self._rarest(significant), 2):
                self.by_chosen.setdefault(pair, []).append(idx)
        for w in significant:
            self.counts[w] = self.counts.get(w, 0) + 1

    def _rarest(self, significant: list[str]) -> list[str]:
        """The :data:`CHOSEN_WORDS` of ``significant`` in fewest works, sorted."""
        if len(significant) <= CHOSEN_WORDS:
            return significant
        count = self.counts.get
        return sorted(sorted(significant, key=lambda w: (count(w, 0), w))[:CHOSEN_WORDS])

    def candidates(self, title: str) -> Collection[int]:
        """The works ``title`` may match: every one that ``titles_match`` scores
        above 0, and a few more."""
        found: set[int] = set()
        for source in self.sources(title, None):
            found.update(source)
        return found

    def sources(self, title: str, window: int | None) -> list[Sequence[int]]:
        """:meth:`candidates` as lists of work indexes, each ascending (a
        :class:`Context` takes them newest first).  With a ``window``, the works
        ``_similar`` may score are looked for among the ``window`` newest only:
        the others are found only by words they share with ``title``."""
        query = _shape(title)
        if query is None:
            return []
        words = _title_words(title)
        if len(_significant(words)) > MAX_PAIRED_WORDS:
            return [self.ids]
        found: list[Sequence[int]] = [self.wide]
        node: _Node | None = self.root
        for depth, w in enumerate(words, 1):
            node = node.children.get(w) if node is not None else None
            if node is None:
                break
            if depth >= 2 or depth == len(words):
                found.append(node.ends)  # the same words, or a prefix of them
        if node is not None and len(words) >= 2:
            found.append(node.below)  # titles these words begin
        main = self.root.find(_title_words(title.split(":")[0]))
        if main is not None:
            found.append(main.ends)
        found.append(self.by_main.get(words, ()))
        significant = _significant(words)
        by_pair, by_chosen = self.by_pair.get, self.by_chosen.get
        found.extend(by_pair(pair, ()) for pair in combinations(self._rarest(significant), 2))
        found.extend(by_chosen(pair, ()) for pair in combinations(significant, 2))
        found.append(self._may_be_similar(query, window))
        return [f for f in found if f]

    def _may_be_similar(self, query: _Shape, window: int | None) -> list[int]:
        """The works (of the ``window`` newest) whose lengths and letter codes
        leave ``_similar`` possible (see the class), ascending.  What a work
        needs depends only on its number of characters and whether it is the
        shorter title, so it is worked out once for each (``as_short``,
        ``as_long``)."""
        n_query, n_chars, codes = query
        whole = codes[-1]
        as_short: dict[int, tuple[int, int] | None] = {}  # the work the shorter title
        as_long: dict[int, tuple[int, int] | None] = {}
        ids, shapes = self.ids, self.shapes
        if window is not None and len(ids) > window:
            ids, shapes = ids[-window:], shapes[-window:]
        found: list[int] = []
        for idx, (n_work, w_chars, w_codes) in zip(ids, shapes, strict=True):
            if n_work <= n_query:
                if n_work < MIN_SHORT_TITLE_WORDS:
                    continue
                try:
                    plan = as_short[w_chars]
                except KeyError:
                    head = min(n_chars, w_chars + 2)
                    need = _least_in_common(w_chars, head)
                    plan = as_short[w_chars] = None if need is None else (_head(codes, head), need)
                if plan is not None and (w_codes[-1] & plan[0]).bit_count() >= plan[1]:
                    found.append(idx)
            elif n_query >= MIN_SHORT_TITLE_WORDS:
                try:
                    plan = as_long[w_chars]
                except KeyError:
                    head = min(w_chars, n_chars + 2)
                    need = _least_in_common(n_chars, head)
                    plan = as_long[w_chars] = (
                        None if need is None else (-(-head // CODE_STEP), need)
                    )
                if plan is not None and (whole & w_codes[plan[0]]).bit_count() >= plan[1]:
                    found.append(idx)
        return found


def _head(codes: tuple[int, ...], length: int) -> int:
    """The letter code of the first ``length`` characters of a title, or of a few
    more (the next kept one): ``codes`` are :func:`_letter_codes`."""
    return codes[-(-length // CODE_STEP)]


#: :func:`_least_in_common` by its two lengths (-1: None): each title tested
#: needs it for each length among the works (~25 a title), the same few pairs.
_LEAST: Table[tuple[int, int], int] = Table()


def _least_in_common(short: int, head: int) -> int | None:
    """The fewest characters in common with which :func:`_alike` may accept a
    string of ``short`` characters and a head of ``head`` (None: none, by
    their lengths): its two early tests, in the same floating point."""
    key = (short, head)
    need = _LEAST.get(key)
    if need is None:
        need = _LEAST.put(key, _count_least(short, head))
    return None if need < 0 else need


def _count_least(short: int, head: int) -> int:
    length = short + head
    least = MIN_TITLE_SIMILARITY
    if 2.0 * min(short, head) / length < least:
        return -1
    need = int(least * length / 2)  # then the least that passes, as _alike computes it
    while 2.0 * need / length < least:
        need += 1
    while need > 0 and not 2.0 * (need - 1) / length < least:
        need -= 1
    return need


@frozen
class Work:
    """A work as first cited in the document."""

    author: str | None
    title: str | None
    note: str
    surnames: frozenset[str]
    periodical: bool = False
    date: str | None = None


@define
class Context:
    """What the resolvers know: the works seen so far, in order, and the
    notes before the current one (of the current series).  Works join only
    through :meth:`add`, which keeps the indexes and ``found`` in step."""

    works: list[Work] = field(factory=list)
    by_surname: dict[str, list[int]] = field(factory=dict)
    by_title: dict[str, list[int]] = field(factory=dict)
    #: the latest citation of each work, by work index
    latest_of: dict[int, Citation] = field(factory=dict)
    #: work index of each resolved citation (by identity of the citation object)
    work_of: dict[int, int] = field(factory=dict)
    previous: Note | None = None
    latest: Citation | None = None
    #: title comparisons of this document (a book cites the same works again)
    matched: dict[tuple[str | None, str], int] = field(factory=dict)
    #: :meth:`candidates` by author, per family names: a book names the same
    #: works again, and only a work of exactly those names changes them
    found: dict[frozenset[str], dict[tuple[str | None, str | None], list[int]]] = field(
        factory=dict
    )
    #: works by their exact family names (``_by_author``'s pool), in order
    by_names: dict[frozenset[str], list[int]] = field(factory=dict)
    #: of those, the works cited without a title
    untitled: dict[frozenset[str], list[int]] = field(factory=dict)
    #: the title index of the family names with :data:`MIN_INDEXED_WORKS` works or more
    indexes: dict[frozenset[str], _TitleIndex] = field(factory=dict)
    #: works not periodical by family names and title words (``titles_match`` 2)
    same_title: dict[tuple[frozenset[str], tuple[str, ...]], list[int]] = field(factory=dict)
    #: periodical works without family names by title words and date
    same_issue: dict[tuple[tuple[str, ...], str | None], list[int]] = field(factory=dict)
    #: works without family names, not periodical, by first title word
    unnamed: dict[str, list[int]] = field(factory=dict)
    #: periodical works without family names by first title word and date: an
    #: issue is scored against the issues of its date only
    unnamed_issues: dict[tuple[str, str | None], list[int]] = field(factory=dict)
    #: per family name, (minus the start, work index) of the citations of its works,
    #: a heap: the top that is still its work's latest citation is the latest work
    recent: dict[str, list[tuple[int, int]]] = field(factory=dict)
    #: :meth:`work_for` by author, per family names (cleared as ``found`` is)
    best: dict[frozenset[str], dict[tuple[str | None, str | None], int | None]] = field(
        factory=dict
    )

    def _titles_match(self, a: str | None, b: str) -> int:
        key = (a, b)
        score = self.matched.get(key)
        if score is None:
            score = self.matched[key] = titles_match(a, b)
        return score

    def add(self, work: Work) -> int:
        idx = len(self.works)
        self.works.append(work)
        for s in work.surnames:
            self.by_surname.setdefault(s, []).append(idx)
        names = work.surnames
        self.found.pop(names, None)
        self.best.pop(names, None)
        if names:
            self._add_to_author(idx, work)
        words = _title_words(work.title)
        if words:
            self.by_title.setdefault(words[0], []).append(idx)
            if not work.periodical:
                self.same_title.setdefault((names, words), []).append(idx)
                if not names:
                    self.unnamed.setdefault(words[0], []).append(idx)
            elif not names:
                self.same_issue.setdefault((words, work.date), []).append(idx)
                self.unnamed_issues.setdefault((words[0], work.date), []).append(idx)
        return idx

    def _add_to_author(self, idx: int, work: Work) -> None:
        names = work.surnames
        same = self.by_names.setdefault(names, [])
        same.append(idx)
        if work.title is None:
            self.untitled.setdefault(names, []).append(idx)
        index = self.indexes.get(names)
        if index is not None:
            index.add(idx, work.title)
        elif len(same) >= MIN_INDEXED_WORKS:
            index = self.indexes[names] = _TitleIndex()
            for i in same:
                index.add(i, self.works[i].title)

    def candidates(self, author: str | None, title: str | None) -> list[int]:
        """Work indexes that ``author``/``title`` may name, best first (the same
        title, then newest): every one, each scored.  Resolution asks
        :meth:`work_for`, which finds the first of these within bounds."""
        return list(self.found_for(author, title))

    def found_for(self, author: str | None, title: str | None) -> Sequence[int]:
        """:meth:`candidates`, the list kept in ``found`` itself (not to be changed)."""
        names = surnames(author)
        if names:
            known = self.found.get(names)
            if known is None:
                known = self.found[names] = {}
            hits = known.get((author, title))
            if hits is None:
                hits = known[(author, title)] = self._by_author(names, title)
            return hits
        words = _title_words(title)
        if not words:
            return []
        pool: set[int] = set(self.by_title.get(words[0], []))
        if len(pool) == 0:
            pool = {i for w in words for i in self.by_title.get(w, [])}
        return self._best([i for i in pool if not self.works[i].surnames], title or "")

    def _by_author(self, names: frozenset[str], title: str | None) -> list[int]:
        """Works of exactly the family names ``names`` that ``title`` may name."""
        hits = self.by_names.get(names, [])
        if title:
            index = self.indexes.get(names)
            return self._best(hits if index is None else index.candidates(title), title)
        # an author alone names the one work of that author
        untitled = self.untitled.get(names) or (hits if len(hits) == 1 else [])
        return sorted(untitled, reverse=True)

    def _best(self, pool: Iterable[int], title: str) -> list[int]:
        """Works of ``pool`` whose title matches, the same title first, newest first."""
        scored = [(self._titles_match(self.works[i].title, title), i) for i in pool]
        return [i for score, i in sorted(scored, reverse=True) if score]

    def cited(self, idx: int, cite: Citation) -> None:
        """Record ``cite`` as the latest citation of work ``idx``."""
        self.latest_of[idx] = cite
        recent = self.recent
        if recent:  # (heaps are kept for the names asked for only)
            for name in self.works[idx].surnames:
                heap = recent.get(name)
                if heap is not None:
                    heappush(heap, (-cite.span.start, idx))

    def latest_by(self, names: frozenset[str]) -> int | None:
        """The work of all the family names ``names`` (and maybe others) whose
        latest citation starts last: ``max`` by :func:`_order` of every such
        work, kept as heaps so that each ``op. cit.`` does not look at every
        work of its author (quadratic: 9,000 notes of one author, half of them
        ``op. cit.``, took 3.4 s).  A name's heap is made when first asked for,
        and :meth:`cited` keeps it from then on."""
        if not names:
            return None
        latest, works = self.latest_of, self.works
        heaps = []
        for name in names:
            heap = self.recent.get(name)
            if heap is None:
                cited = (i for i in self.by_surname.get(name, ()) if i in latest)
                heap = self.recent[name] = [(-latest[i].span.start, i) for i in cited]
                heapify(heap)
            heaps.append(heap)
        heap = min(heaps, key=len)
        while heap and latest[heap[0][1]].span.start != -heap[0][0]:
            heappop(heap)  # its work has been cited since
        if len(names) == 1 or not heap:
            return heap[0][1] if heap else None
        # the heap's entries in order, each child after its parent, to the first of all the names
        todo = [(heap[0], 0)]
        while todo:
            (start, idx), at = heappop(todo)
            if latest[idx].span.start == -start and names <= works[idx].surnames:
                return idx
            for child in (2 * at + 1, 2 * at + 2):
                if child < len(heap):
                    heappush(todo, (heap[child], child))
        return None

    def work_for(self, cite: Citation) -> int | None:
        """The earlier work ``cite`` names, or None: the first work of its kind
        (periodical or not) of :meth:`candidates`, or for a periodical of the
        issues of its date without an author, best first, as far as
        :data:`MAX_SCORED` and :data:`SIMILAR_WINDOW` let it be found.  Within them it is the same work; past them a work
        is still found by its same title, whenever it was first cited."""
        author, title = cite.author, cite.title
        if isinstance(cite, PeriodicalCitation):
            return self._issue_for(title, cite.date)
        names = surnames(author)
        if names:
            known = self.best.get(names)
            if known is None:
                known = self.best[names] = {}
            try:
                return known[(author, title)]
            except KeyError:
                found = known[(author, title)] = self._work_of_author(names, author, title)
                return found
        words = _title_words(title)
        if not words:
            return None
        same = self.same_title.get((names, words), ())
        if same:
            return same[-1]
        firsts = (words[0],) if words[0] in self.by_title else words
        return self._newest_match([self.unnamed.get(w, ()) for w in firsts], title or "")

    def _issue_for(self, title: str | None, date: str | None) -> int | None:
        """:meth:`work_for` of a periodical (an issue without family names)."""
        words = _title_words(title)
        if not words:
            return None
        same = self.same_issue.get((words, date), ())
        if same:
            return same[-1]
        firsts = (words[0],) if words[0] in self.by_title else words
        issues = [self.unnamed_issues.get((w, date), ()) for w in firsts]
        return self._newest_match(issues, title or "", periodical=True)

    def _work_of_author(
        self, names: frozenset[str], author: str | None, title: str | None
    ) -> int | None:
        """:meth:`work_for` of a citation naming an author of ``names``."""
        words = _title_words(title)
        if not words:
            hits = self.found_for(author, title)  # the untitled work, or the one work
            return next((i for i in hits if not self.works[i].periodical), None)
        same = self.same_title.get((names, words), ())
        if same:
            return same[-1]
        index = self.indexes.get(names)
        pools: list[Sequence[int]] = (
            [self.by_names.get(names, [])]
            if index is None
            else index.sources(title or "", SIMILAR_WINDOW)
        )
        return self._newest_match(pools, title or "")

    def _newest_match(
        self, pools: Sequence[Sequence[int]], title: str, *, periodical: bool = False
    ) -> int | None:
        """The newest work of ``pools`` (ascending lists of work indexes) that is
        periodical or not as ``periodical`` says and whose title ``titles_match`` scores above 0, of the
        newest :data:`MAX_SCORED` of them (the one ``_best`` puts first when
        no work has the same title)."""
        kept = [p for p in pools if p]
        newest_first: Iterable[int] = (
            reversed(kept[0]) if len(kept) == 1 else merge(*map(reversed, kept), reverse=True)
        )
        works, left, last = self.works, MAX_SCORED, -1
        for i in newest_first:
            if i == last:
                continue  # in two pools
            last = i
            work = works[i]
            if work.periodical is periodical and self._titles_match(work.title, title):
                return i
            left -= 1
            if not left:
                break
        return None


# --------------------------------------------------------------------------- resolvers

Resolver = Callable[[Citation, Context, tuple[Citation, ...]], Citation]

#: The copies the resolvers make most: a citation resolved (new work or earlier one), and a
#: note given its resolved citations (``_replacer``: ``replace`` a third cheaper).
_with_resolved = _replacer("resolved")
_with_antecedent = _replacer("antecedent", "resolved", "problems")
_with_pages_of = _replacer("antecedent", "resolved", "locator", "inherited_pages", "problems")
_with_citations = _replacer("citations")


def _inherit(
    cite: Citation, antecedent: Citation, note: str | None, *problems: Problem
) -> Citation:
    """``cite`` pointing at ``antecedent``: its work, and its pages and volume
    when ``cite`` gives none (Ibid. alone means the same page); with
    ``problems`` added.  One copy of ``cite``, whatever changes."""
    res = antecedent.resolved
    volume = cite.volume or (res.volume if res else None) or antecedent.volume
    # the antecedent's work, this volume, reached through the antecedent
    resolved = Resolution(res.author, res.title, volume, res.note, antecedent) if res else None
    noted = (*cite.problems, *problems) if problems else cite.problems
    if isinstance(cite, IbidCitation) and cite.locator is None and antecedent.locator is not None:
        return _with_pages_of(cite, note, resolved, antecedent.locator, True, noted)
    return _with_antecedent(cite, note, resolved, noted)


def _problem(
    cite: Citation, rule: str, message: str, severity: str | None = None, **changes: Any
) -> Citation:
    """``cite`` with a problem recorded, and ``changes`` made in the same copy."""
    return replace(cite, problems=(*cite.problems, Problem(rule, message, severity)), **changes)


def _works_of(cites: tuple[Citation, ...], ctx: Context) -> set[int]:
    out: set[int] = set()
    for c in cites:
        w = ctx.work_of.get(id(c))
        out.add(w if w is not None else -1 - len(out))  # unresolved: distinct each
    return out


def _describe(c: Citation) -> str:
    res = c.resolved
    author = (res.author if res else None) or c.author
    title = (res.title if res else None) or c.title
    return ", ".join(x for x in (author, title) if x) or c.text


def resolve_ibid(cite: Citation, ctx: Context, same_note: tuple[Citation, ...]) -> Citation:
    """Ibid. (and a bare loc. cit.): the citation just before it."""
    if cite.author:  # "Darwin: ibid."
        return _qualified(cite, ctx, same_note)
    if same_note:  # "Serge, p.5; ibid., p.7"
        return _inherit(cite, same_note[-1], cite.note)
    prev = ctx.previous
    if prev is None:
        return _problem(
            cite,
            "ibid_without_antecedent",
            f"{_form(cite)} in the first note has nothing to point to",
        )
    if not prev.citations:
        if ctx.latest is None:
            return _problem(
                cite,
                "ibid_without_antecedent",
                f"{_form(cite)} follows note {prev.label}, which cites nothing, and no citation comes before it",
            )
        target = ctx.latest
        return _inherit(
            cite,
            target,
            target.note,
            Problem(
                "ambiguous_ibid",
                f"{_form(cite)} follows note {prev.label}, which cites nothing; "
                f"taken to mean note {target.note} ({_describe(target)})",
                "info",
            ),
        )
    works = _works_of(prev.citations, ctx) if len(prev.citations) > 1 else ()  # one: one work
    if len(works) > 1:
        names = "; ".join(_describe(c) for c in prev.citations)
        return _problem(
            cite,
            "ambiguous_ibid",
            f"{_form(cite)} follows note {prev.label}, which cites {len(works)} works ({names})",
        )
    return _inherit(cite, prev.citations[-1], prev.label)


def _form(cite: Citation) -> str:
    word = cite.text.split(",")[0].strip(" *_")
    return f"'{word}'" if word else "Ibid."


def _qualified(cite: Citation, ctx: Context, same_note: tuple[Citation, ...]) -> Citation:
    """``Darwin: ibid.`` / ``Darwin, op. cit.``: the latest citation of that author."""
    hits = ctx.candidates(cite.author, None)
    if hits:
        latest: int | None = max(hits, key=lambda i: _order(ctx, i))
    else:
        names = surnames(cite.author)
        latest = ctx.latest_by(names) if names else None
    if latest is None:
        if isinstance(cite, OpCitCitation):
            # a work cited in an earlier chapter: known from here on by its author
            return _problem(
                cite,
                "ibid_without_antecedent",
                f"{_form(cite)}: no earlier citation of {cite.author} in this text",
                "info",
                resolved=Resolution(cite.author, None, cite.volume, cite.note),
            )
        return _problem(
            cite, "ibid_without_antecedent", f"{_form(cite)}: no earlier citation of {cite.author}"
        )
    target = ctx.latest_of[latest]
    if isinstance(cite, IbidCitation):
        before = (
            same_note[-1]
            if same_note
            else (ctx.previous.citations[-1] if ctx.previous and ctx.previous.citations else None)
        )
        if before is None or ctx.work_of.get(id(before)) != latest:
            return _inherit(
                cite,
                target,
                target.note,
                Problem(
                    "ambiguous_ibid",
                    f"{_form(cite)} names {cite.author}, but the citation before it is not of "
                    f"{cite.author}; taken to mean note {target.note}",
                ),
            )
    return _inherit(cite, target, target.note)


def _order(ctx: Context, work: int) -> int:
    return ctx.latest_of[work].span.start


def resolve_op_cit(cite: Citation, ctx: Context, same_note: tuple[Citation, ...]) -> Citation:
    """``Author, op. cit.``: the latest work of that author; bare → like Ibid."""
    if not cite.author:
        return resolve_ibid(cite, ctx, same_note)
    return _qualified(cite, ctx, same_note)


def resolve_work(cite: Citation, ctx: Context, same_note: tuple[Citation, ...]) -> Citation:
    """A full or short citation: the earlier citation of the same work, or a
    new work first cited here."""
    best = ctx.work_for(cite)
    if best is not None:
        work = ctx.works[best]
        earlier = ctx.latest_of.get(best)
        antecedent = earlier.note if earlier is not None else work.note
        resolved = Resolution(work.author, work.title, cite.volume, work.note, earlier)
        if type(cite) is FullCitation and _shortened(cite, work):  # one copy, of another class
            fields = {f.name: getattr(cite, f.name) for f in attrs.fields(Citation)}
            return ShortCitation(**{**fields, "antecedent": antecedent, "resolved": resolved})
        return _with_antecedent(cite, antecedent, resolved, cite.problems)
    # a work first cited here (the loop adds it to ``ctx``)
    return _with_resolved(cite, Resolution(cite.author, cite.title, cite.volume, cite.note))


def _shortened(cite: Citation, work: Work) -> bool:
    """A citation read as full only for its two-word author (``Castro Pozo, ...``)
    is a short form when the work was first cited under a longer name
    (``Hildebrando Castro Pozo``)."""
    return bool(
        type(cite) is FullCitation
        and not (cite.place or cite.publisher or cite.year)
        and cite.author
        and work.author
        and work.author != cite.author
        and work.author.endswith(" " + cite.author)
    )


def _new_work(ctx: Context, cite: Citation) -> int | None:
    """The index of the work of a resolved citation: the work of the citation
    it points back to, or a work first cited here."""
    res = cite.resolved
    if res is None:
        return None
    if res.citation is not None:
        return ctx.work_of.get(id(res.citation))
    return ctx.add(
        Work(
            res.author,
            res.title,
            res.note or cite.note,
            surnames(res.author),
            isinstance(cite, PeriodicalCitation),
            cite.date,
        )
    )


def _resolver_for(cite: Citation, ibid: Resolver, op_cit: Resolver, work: Resolver) -> Resolver:
    if isinstance(cite, IbidCitation):
        return ibid
    if isinstance(cite, (OpCitCitation, IdemCitation)):
        return op_cit
    return work


def resolve_citations(
    doc: Document,
    *,
    ibid: Resolver = resolve_ibid,
    op_cit: Resolver = resolve_op_cit,
    work: Resolver = resolve_work,
) -> Document:
    """``doc`` with every citation's antecedent and resolution set.  Works are
    known across the whole document; Ibid. looks back within its series."""
    ctx = Context()
    resolver_of: dict[type[Citation], Resolver] = {}  # a citation's kind is its class
    work_of, cited = ctx.work_of, ctx.cited
    series: list[NoteSeries] = []
    for s in doc.series:
        ctx.previous = None
        notes: list[Note] = []
        for note in s.notes:
            done: list[Citation] = []
            for cite in note.citations:
                resolver = resolver_of.get(type(cite))
                if resolver is None:
                    resolver = resolver_of[type(cite)] = _resolver_for(cite, ibid, op_cit, work)
                out = resolver(cite, ctx, tuple(done))
                res = out.resolved
                if res is not None:  # _new_work, its usual case (an earlier work) inline
                    earlier = res.citation
                    idx = work_of.get(id(earlier)) if earlier is not None else _new_work(ctx, out)
                    if idx is not None:
                        work_of[id(out)] = idx
                        cited(idx, out)
                ctx.latest = out
                done.append(out)
            resolved_note = _with_citations(note, tuple(done)) if done else note
            notes.append(resolved_note)
            ctx.previous = resolved_note
        series.append(replace(s, notes=tuple(notes)))
    return replace(doc, series=tuple(series))
