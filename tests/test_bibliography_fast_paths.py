"""The shortcuts of :meth:`Bibliography.lookup` and :meth:`Bibliography.suggest`
against the code they replace (kept here as the reference): the same entries,
in the same order, for every bibliography and query."""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite import bibliography
from cliffcite.bibliography import (
    _TRAILING_VOLUME,
    MAX_SUGGESTION_POOL,
    SUGGESTION_CUTOFF,
    Bibliography,
    Entry,
    _affixes,
    normalise,
)


class _Reference(Bibliography):
    """``lookup`` and ``suggest`` as they were: every tier searched for every
    title, every title tried without a trailing volume, and every query's
    pool scored and handed to difflib."""

    def _lookup_keys(self, author: str, title: str, volume: str | None) -> list[str]:
        if not author and not title:
            return []
        found: list[str] = []
        if volume:
            whole = " ".join(p for p in (author, title, normalise(f"Vol.{volume}")) if p)
            found = list(self._shorthands.get(whole) or self._variants.get(whole) or ())
        if not found:
            found = self._tiers(author, title)
        if not found and title:
            bare = _TRAILING_VOLUME.sub("", title)
            if bare != title:
                found = self._tiers(author, bare)
        if volume and found:
            wanted = normalise(volume)
            found = [k for k in found if (own := self._volumes[k]) is None or own == wanted]
        return found

    def _tiers(self, author: str, title: str) -> list[str]:
        whole = " ".join(p for p in (author, title) if p)
        hit = self._shorthands.get(whole) or self._variants.get(whole)
        if hit:
            return list(hit)
        if author and title:
            pairs = self._by_author(author, lambda name: self._pairs.get((name, title)))
            if pairs:
                return pairs
        if title:
            hits = list(self._titles.get(title, ()))
            if author:
                hits = [k for k in hits if self._by_someone_named(k, author)]
            return hits
        return self._by_author(author, self._names.get)

    def suggest(self, author: str | None, title: str | None, n: int = 3) -> list[Entry]:
        query = " ".join(p for p in (normalise(author or ""), normalise(title or "")) if p)
        if not query or n <= 0:
            return []
        scores: Counter[str] = Counter()
        postings = self._postings
        for feature in _affixes(query):
            scores.update(postings.get(feature, ()))
        pool = [
            text
            for text, _ in heapq.nlargest(
                bibliography.MAX_SUGGESTION_POOL, scores.items(), key=lambda item: item[1]
            )
        ]
        out: dict[str, None] = {}
        for text in difflib.get_close_matches(query, pool, n=4 * n, cutoff=SUGGESTION_CUTOFF):
            for key in self._suggestable[text]:
                out[key] = None
        return [self._entries[k] for k in list(out)[:n]]


#: Words near one another (misspellings, shared starts and ends), words too
#: short or too common to be features, accents, digits and volume words: so
#: that keys share features, lengths pass or fail the cutoff by a character,
#: and titles end in a volume or hold "vol" elsewhere.
WORDS = [
    "trotsky", "trotksy", "trotzki", "my", "life", "lfie", "lif", "works", "work", "vol",
    "vols", "volume", "involution", "the", "a", "and", "of", "prophet", "prophets", "armed",
    "unarmed", "outcast", "stalin", "stalins", "school", "falsification", "ab", "abc", "abcd",
    "bcd", "xabc", "revolution", "revoluton", "evolution", "2", "10", "ii", "écrits",
    "ecrits", "deutscher", "deutcher", "collected", "ted", "pravda", "izvestiya",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
_PUNCTUATED = st.lists(
    st.sampled_from(WORDS) | st.sampled_from([",", ":", ", Vol.", "Vol.2", "The", "&", "’"]),
    min_size=1,
    max_size=7,
).map(" ".join)
_SURNAMES = st.sampled_from(
    ["Trotsky", "Trotksy", "Deutscher", "Stalin", "Abc", "Bcd", "Prophet", "Vol", "de Ab"]
)


@st.composite
def _names(draw: st.DrawFn) -> str:
    names = draw(st.lists(_SURNAMES, min_size=1, max_size=3))
    return " and ".join(f"{n}, {draw(st.sampled_from(['L.', 'Isaac', 'J. V.']))}" for n in names)


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    entries = []
    for i in range(draw(st.integers(0, 24))):
        fields = {"title": draw(_PUNCTUATED)}
        if draw(st.booleans()):
            fields["author"] = draw(_names())
        if draw(st.booleans()):
            fields["shorthand"] = draw(
                st.one_of(_PUNCTUATED, st.tuples(_SURNAMES, _TEXTS).map(", ".join))
            )
        if draw(st.booleans()):
            forms = draw(
                st.lists(st.one_of(_TEXTS, st.tuples(_SURNAMES, _TEXTS).map(", ".join)), max_size=3)
            )
            fields["variants"] = " ; ".join(forms)
        if draw(st.booleans()):
            fields["shorttitle"] = draw(_TEXTS)
        if draw(st.booleans()):
            fields["subtitle"] = draw(_TEXTS)
        if draw(st.booleans()):
            fields["shortauthor"] = draw(_SURNAMES)
        if draw(st.booleans()):
            fields["volume"] = draw(st.sampled_from(["1", "2", "II"]))
        kind = draw(st.sampled_from(["book", "book", "article", "periodical"]))
        entries.append(Entry(f"k{i}", kind, fields))
    return entries


_NOISE = st.none() | st.just("") | _SURNAMES | _PUNCTUATED | st.text(max_size=12)
#: What a query adds to a title it takes from the bibliography: a volume (to be
#: tried without), a letter (to miss), or nothing.
_TAILS = st.sampled_from(["", "", " vols 2", ", Vol.2", " Vols. II", " vol", " volume 3", "s", "x"])


@st.composite
def _queries(draw: st.DrawFn, entries: list[Entry]) -> tuple[str | None, str | None]:
    """An author and a title: noise, or taken from ``entries`` (a field or a
    word of one, a tail added), so that lookups and suggestions find something."""
    fields = [v for e in entries for k, v in e.fields.items() if k != "volume"]
    words = sorted({w for v in fields for w in v.replace(",", " ").split()})

    def part() -> str | None:
        if not fields or draw(st.integers(0, 3)) == 0:
            return draw(_NOISE)
        taken = draw(st.sampled_from(fields) | st.sampled_from(words))
        return taken + draw(_TAILS)

    return part(), part()


@settings(max_examples=150)
@given(entries=_entries(), data=st.data(), volume=st.none() | st.sampled_from(["1", "2", "II"]))
def test_lookup_is_the_reference(
    entries: list[Entry], data: st.DataObject, volume: str | None
) -> None:
    author, title = data.draw(_queries(entries))
    fast, reference = Bibliography(entries), _Reference(entries)
    got = [e.key for e in fast.lookup(author, title, volume=volume)]
    assert got == [e.key for e in reference.lookup(author, title, volume=volume)]


@settings(max_examples=150)
@given(
    entries=_entries(),
    data=st.data(),
    n=st.integers(-1, 6),
    pool=st.sampled_from([1, 2, 3, 8, MAX_SUGGESTION_POOL]),
)
def test_suggest_is_the_reference(
    entries: list[Entry], data: st.DataObject, n: int, pool: int
) -> None:
    """A small ``MAX_SUGGESTION_POOL`` has small bibliographies score more
    keys than the pool holds, so that its cut, by score and then by order,
    is checked too."""
    author, title = data.draw(_queries(entries))
    fast, reference = Bibliography(entries), _Reference(entries)
    with mock.patch.object(bibliography, "MAX_SUGGESTION_POOL", pool):
        got = [e.key for e in fast.suggest(author, title, n)]
        assert got == [e.key for e in reference.suggest(author, title, n)]


#: Query words made of the bibliography's: its words, and their prefixes and
#: suffixes with other letters around them (``xabc`` shares only ``abc``'s suffix).
_EDITS = st.sampled_from(["", "x", "qz", "é"])


@settings(max_examples=150)
@given(entries=_entries(), data=st.data())
def test_a_query_said_to_share_no_feature_has_no_posting(
    entries: list[Entry], data: st.DataObject
) -> None:
    bib = Bibliography(entries)
    words = sorted({w for text in bib._suggestable for w in text.split()}) or ["abc"]
    made = []
    for _ in range(data.draw(st.integers(1, 4))):
        w = data.draw(st.sampled_from(words))
        cut = data.draw(st.integers(0, len(w)))
        piece = data.draw(st.sampled_from([w, w[:cut], w[cut:]]))
        made.append(data.draw(_EDITS) + piece + data.draw(_EDITS))
    query = " ".join(made)
    if bib._shares_no_feature(query):  # a screen: it may say "maybe" of a query that shares none
        assert not any(feature in bib._postings for feature in _affixes(query))
