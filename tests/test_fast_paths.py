"""The shortcuts of the resolve and sources stages against the logic they
replace (kept here as the reference): each must give the same answers."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite.bibliography import (
    _INITIALISM,
    _QUOTES,
    _SEGMENTS,
    _TRAILING_VOLUME,
    _WORD,
    LEADING_ARTICLES,
    Bibliography,
    Entry,
    detex,
    normalise,
)
from cliffcite.models import Locator, PageRange, Problem, ShortCitation, Span, replace
from cliffcite.sources import _Matcher, _range_problems


class _ReferenceBibliography(Bibliography):
    """``lookup`` as it was: each candidate's ``volume`` field normalised per lookup."""

    def _lookup_keys(self, author: str, title: str, volume: str | None) -> list[str]:
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
            found = [
                k
                for k in found
                if (own := self._entries[k].fields.get("volume")) is None
                or normalise(own) == wanted
            ]
        return found


_VOLUMES = st.sampled_from(["1", "2", "II", "ii", "Vol. 2", "{2}", "2.", " 3 ", "10", "x"])


@given(
    volumes=st.lists(st.none() | _VOLUMES, min_size=1, max_size=6),
    query=st.none() | _VOLUMES,
    title=st.sampled_from(["Works", "Works, Vol.2", "Works, Vol. ii", "Other"]),
)
def test_lookup_by_volume_is_the_reference(
    volumes: list[str | None], query: str | None, title: str
) -> None:
    entries = []
    for i, v in enumerate(volumes):
        fields = {"author": "Stalin, J.", "title": "Works", "shorthand": "Stalin, Works"}
        if v is not None:
            fields["volume"] = v
        entries.append(Entry(f"w{i}", "book", fields))
    fast, reference = Bibliography(entries), _ReferenceBibliography(entries)
    got = [e.key for e in fast.lookup("Stalin", title, volume=query)]
    assert got == [e.key for e in reference.lookup("Stalin", title, volume=query)]


_PAGES = st.integers(0, 3000) | st.sampled_from(["xi", "iv"])


@given(
    volume=st.none() | _VOLUMES | st.sampled_from(["3-4", "iv-v", ""]),
    pages=st.lists(st.tuples(_PAGES, _PAGES).map(lambda p: PageRange(*p)), max_size=3),
    bounds=st.tuples(st.none() | st.integers(0, 3), st.none() | st.integers(0, 3)),
)
def test_no_range_known_means_no_range_problem(
    volume: str | None, pages: list[PageRange], bounds: tuple[int | None, int | None]
) -> None:
    """``_with_entry`` skips ``_range_problems`` when neither bound is known
    (None or 0): the reference always calls it."""
    locator = Locator("p.1", Span(0, 3), tuple(pages)) if pages else None
    earlier = (Problem("page_prefix", "m"),)
    cite = ShortCitation("x", Span(0, 1), "1", volume=volume, locator=locator, problems=earlier)
    matcher = _Matcher(Bibliography())
    matcher.bounds["key"] = bounds
    expected = replace(cite, source="key", problems=earlier + _range_problems(cite, "key", *bounds))
    assert matcher._with_entry(cite, "key") == expected


# --------------------------------------------------------------------------- normalise


def _reference_normalise(text: str) -> str:
    """``normalise`` as it was: every step taken for every text."""
    text = detex(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = _QUOTES.sub("", text.replace("&", " and "))
    if "." in text:
        text = _INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    words: list[str] = []
    for segment in _SEGMENTS.split(text):
        tokens = _WORD.findall(segment)
        if len(tokens) > 1 and tokens[0] in LEADING_ARTICLES:
            del tokens[0]
        words.extend(tokens)
    return " ".join(words)


#: Pieces of names and titles in ASCII, and every character the steps of
#: ``normalise`` act on (most texts take its plain path; a NUL or a brace does not).
_ASCII_PIECES = st.sampled_from(
    [
        *"aAbBzZ09 .,:;&'\"`-~_()!?/\t\x1c",
        *("The ", "the ", "An ", "a ", "A.", "B.O.", "U.S.A.", "--", "---", "Vol.", "\x00", "{"),
    ]
)
_PIECES = _ASCII_PIECES | st.sampled_from([*"éüß–—’´“ʹ\u0301\\{}", "\\'e", "\\v{c}", "{\\ss}"])


@settings(max_examples=500)
@given(st.lists(_ASCII_PIECES, max_size=12).map("".join))
def test_normalise_of_ascii_is_the_reference(text: str) -> None:
    """The plain-ASCII path of ``normalise`` gives what every step gives."""
    assert normalise.__wrapped__(text) == _reference_normalise(text)  # type: ignore[attr-defined]


@given(st.lists(_PIECES | st.text(max_size=3), max_size=20).map("".join) | st.text())
def test_normalise_is_the_reference(text: str) -> None:
    assert normalise.__wrapped__(text) == _reference_normalise(text)  # type: ignore[attr-defined]
