"""The shortcuts of the resolve, sources and checks stages against the logic
they replace (kept here as the reference): each must give the same answers."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cliffcite import resolve
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
from cliffcite.checks import apparatus
from cliffcite.diagnostics import (
    DUPLICATE_MARKER,
    DUPLICATE_NOTE,
    MARKER_OUT_OF_ORDER,
    MARKER_WITHOUT_NOTE,
    NOTE_OUT_OF_ORDER,
    NOTE_WITHOUT_MARKER,
    Diagnostic,
)
from cliffcite.models import (
    Document,
    FullCitation,
    Locator,
    Marker,
    Note,
    NoteSeries,
    PageRange,
    Problem,
    ShortCitation,
    Span,
    label_key,
    replace,
)
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


# --------------------------------------------------------------------------- apparatus


def _reference_on_longest(keys: list[tuple[int, str]]) -> list[bool]:
    """``_on_longest`` without the ascending shortcut."""
    ranks = apparatus._ranks(keys)
    fwd = apparatus._lengths(ranks)
    bwd = apparatus._lengths([-r for r in reversed(ranks)])[::-1]
    best = max(fwd, default=0)
    return [f + b - 1 == best for f, b in zip(fwd, bwd, strict=True)]


def _reference_breaks(keys: list[tuple[int, str]]) -> list[int]:
    on = _reference_on_longest(keys)
    out: list[int] = []
    top: tuple[int, str] | None = None
    for i, key in enumerate(keys):
        if not on[i] or (top is not None and key < top):
            out.append(i)
        else:
            top = key
    return out


def _reference_originals(
    items: Sequence[Marker | Note], keys: list[tuple[int, str]]
) -> tuple[list[int], list[int]]:
    on = _reference_on_longest(keys)
    chosen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.label not in chosen or (on[i] and not on[chosen[item.label]]):
            chosen[item.label] = i
    keep = set(chosen.values())
    return sorted(keep), [i for i in range(len(items)) if i not in keep]


def _reference_apparatus(series: NoteSeries) -> Iterator[Diagnostic]:
    """The apparatus checks of one series as they were: every step for every series."""
    markers, notes, s = series.markers, series.notes, series.index
    for m in markers:
        if m.label not in series.notes_by_label:
            where = "the notes list" if notes else "this text, which has no notes list"
            yield Diagnostic(
                MARKER_WITHOUT_NOTE, m.span, f"marker [{m.label}] has no note {m.label} in {where}", m.label, s
            )  # fmt: skip
    for n in notes:
        if n.label not in series.marker_labels:
            yield Diagnostic(
                NOTE_WITHOUT_MARKER, n.label_span,
                f"note {n.label} is never cited: no marker [{n.label}] in the text", n.label, s,
            )  # fmt: skip
    marker_keys = [label_key(m.label) for m in markers]
    first_markers, repeated_markers = _reference_originals(markers, marker_keys)
    for i in repeated_markers:
        m = markers[i]
        yield Diagnostic(
            DUPLICATE_MARKER, m.span, f"marker [{m.label}] is used again here", m.label, s
        )
    note_keys = [label_key(n.label) for n in notes]
    first_notes, repeated_notes = _reference_originals(notes, note_keys)
    for i in repeated_notes:
        n = notes[i]
        yield Diagnostic(
            DUPLICATE_NOTE, n.label_span, f"a second note {n.label} in the notes list", n.label, s
        )
    ordered = [markers[i] for i in first_markers]
    for i in _reference_breaks([marker_keys[i] for i in first_markers]):
        m = ordered[i]
        after = f" after [{ordered[i - 1].label}]" if i else " first"
        yield Diagnostic(
            MARKER_OUT_OF_ORDER, m.span, f"marker [{m.label}] comes{after}, out of ascending order", m.label, s
        )  # fmt: skip
    kept_notes = [notes[i] for i in first_notes]
    keys = [note_keys[i] for i in first_notes]
    breaks = set(_reference_breaks(keys))
    for i in sorted(breaks):
        n = kept_notes[i]
        prev = f"after note {kept_notes[i - 1].label}" if i else "first"
        yield Diagnostic(
            NOTE_OUT_OF_ORDER, n.label_span, f"note {n.label} comes {prev}, out of order", n.label, s
        )  # fmt: skip
    kept = [i for i in range(len(kept_notes)) if i not in breaks]
    for a, b in itertools.pairwise(kept):
        lo, hi = keys[a][0], keys[b][0]
        if hi - lo <= 1 or keys[b][1]:
            continue
        if all(str(x) in series.marker_labels for x in range(lo + 1, hi)):
            continue
        n = kept_notes[b]
        shown = str(lo + 1) if hi - lo == 2 else f"{lo + 1}-{hi - 1}"
        yield Diagnostic(
            NOTE_OUT_OF_ORDER, n.label_span,
            f"notes jump from {kept_notes[a].label} to {n.label}: no note {shown}", n.label, s,
        )  # fmt: skip


#: Labels as numberings have them: mostly ascending digits, some repeated,
#: missing, swapped, or with a letter (``8a``).
_LABELS = st.lists(
    st.integers(0, 12).map(str) | st.sampled_from(["8a", "8b", "0", "00", "07", "12a", ""]),
    max_size=14,
)


def _series(marker_labels: list[str], note_labels: list[str]) -> NoteSeries:
    markers = tuple(Marker(x, Span(i, i + 1)) for i, x in enumerate(marker_labels))
    notes = tuple(
        Note(x, Span(100 + i, 101 + i), Span(100 + i, 101 + i), "t", Span(101 + i, 101 + i))
        for i, x in enumerate(note_labels)
    )
    return NoteSeries(0, markers, notes)


@settings(max_examples=500)
@given(
    markers=_LABELS | st.integers(0, 14).map(lambda n: [str(i) for i in range(1, n)]),
    notes=_LABELS | st.integers(0, 14).map(lambda n: [str(i) for i in range(1, n)]),
    drop=st.lists(st.integers(0, 13), max_size=2),
)
def test_apparatus_checks_are_the_reference(
    markers: list[str], notes: list[str], drop: list[int]
) -> None:
    """The ascending shortcuts and label-set screens of ``check_apparatus``
    find what every step finds, in the same order."""
    notes = [x for i, x in enumerate(notes) if i not in drop]
    series = _series(markers, notes)
    doc = Document("", (series,))
    assert list(apparatus.check_apparatus(doc)) == list(_reference_apparatus(series))


# --------------------------------------------------------------------------- titles


def _reference_titles_match(a: str | None, b: str | None) -> int:
    """``titles_match`` as it was: the main title always computed, the digits
    of ``_similar`` compared before its length bound."""
    wa, wb = resolve._title_words(a), resolve._title_words(b)
    if not wa or not wb:
        return 0
    if wa == wb:
        return 2
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    long_title = b if len(wa) <= len(wb) else a
    if short == resolve._title_words((long_title or "").split(":")[0]):
        return 1
    if len(short) >= 2 and long_[: len(short)] == short:
        return 1
    significant = {w for w in short if w not in resolve._STOPWORDS}
    if len(significant) >= 2 and significant <= set(long_):
        return 1
    if len(significant) > 2 and _reference_all_but_one_word(significant, set(long_)):
        return 1
    if len(short) < 2:
        return 0
    joined, other = " ".join(short), " ".join(long_)
    head = other[: len(joined) + 2]
    if resolve._DIGITS.findall(joined) != resolve._DIGITS.findall(head):
        return 0
    return int(SequenceMatcher(None, joined, head).ratio() >= resolve.MIN_TITLE_SIMILARITY)


def _reference_all_but_one_word(words: set[str], long_: set[str]) -> bool:
    missing = words - long_
    if len(missing) != 1:
        return False
    (word,) = missing
    if len(word) < 4 or resolve._DIGITS.search(word):
        return False
    return any(
        SequenceMatcher(None, word, other).ratio() >= resolve.MIN_WORD_SIMILARITY
        for other in long_
        if not resolve._DIGITS.search(other)
    )


_TITLE_WORDS = st.sampled_from(
    ["The", "Stalin", "School", "of", "Falsification", "My", "Life", "Challenge", "(1926-27)",
     "(1928-29)", "Works", "Peru", "Peril", "historia", "economica", "del", "a", ":", "Missing",
     "Class", "Strengthening", "agraire", "agrcdre", "Vol.2"]
)  # fmt: skip
_TITLES = st.none() | st.lists(_TITLE_WORDS, max_size=6).map(" ".join)


@settings(max_examples=1000)
@given(_TITLES, _TITLES)
def test_titles_match_is_the_reference(a: str | None, b: str | None) -> None:
    assert resolve.titles_match(a, b) == _reference_titles_match(a, b)


def _reference_lcs(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


_NEAR = st.text(alphabet="abe rst19-", max_size=40)


@settings(max_examples=1000)
@given(_NEAR, _NEAR)
def test_longest_common_subsequence_is_the_reference(a: str, b: str) -> None:
    assert resolve._longest_common_subsequence(a, b) == _reference_lcs(a, b)


@st.composite
def _pairs_near(draw: st.DrawFn) -> tuple[str, str]:
    """Two strings, the second the first edited a little: ratios near the
    thresholds, where a bound that is off rejects what the matcher accepts."""
    a = draw(st.one_of(_NEAR, st.text(alphabet="ab ", min_size=190, max_size=260)))
    b = list(a)
    for at, new in draw(
        st.lists(st.tuples(st.integers(0, 300), st.sampled_from("ax -")), max_size=8)
    ):
        if b and at % 3:
            b[at % len(b)] = new if at % 3 == 1 else ""
        else:
            b.insert(at % (len(b) + 1), new)
    return a, "".join(b)


@settings(max_examples=1000)
@given(
    st.one_of(_pairs_near(), st.tuples(_NEAR, _NEAR)),
    st.sampled_from([resolve.MIN_TITLE_SIMILARITY, resolve.MIN_WORD_SIMILARITY, 0.3]),
)
@example(("abcde", "abcxy"), 0.6)  # exactly at the threshold
def test_alike_is_the_matcher(pair: tuple[str, str], least: float) -> None:
    """Its bounds (lengths, letters in common, common subsequence) never reject
    what ``SequenceMatcher`` accepts, its junk heuristic included (200+)."""
    a, b = pair
    assert resolve._alike(a, b, least) == (SequenceMatcher(None, a, b).ratio() >= least)


@settings(max_examples=300)
@given(
    works=st.lists(st.sets(st.sampled_from("abc"), max_size=3), min_size=1, max_size=5),
    cites=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 40)), max_size=30),
    query=st.sets(st.sampled_from("abc"), min_size=1, max_size=2),
)
@example(  # a fresh work of one name on top, a stale entry of both before the answer
    works=[{"a", "b"}, {"a", "b"}, {"b"}, {"a"}, {"a"}],
    cites=[(0, 40), (1, 30), (0, 10), (2, 70), (3, 60), (4, 65)],
    query={"a", "b"},
)
def test_latest_by_is_the_latest_of_every_work(
    works: list[set[str]], cites: list[tuple[int, int]], query: set[str]
) -> None:
    """``Context.latest_by`` (heaps, stale entries skipped) is the ``max`` over
    every work of the names by its latest citation, citations in any order."""
    ctx = resolve.Context()
    for i, names in enumerate(works):
        ctx.add(resolve.Work("x", f"t{i}", str(i), frozenset(names)))
    names = frozenset(query)
    starts: set[int] = set()
    for idx, start in cites:
        if idx < len(works) and start not in starts:  # a citation starts where no other does
            starts.add(start)
            ctx.cited(idx, FullCitation(text="x", span=Span(start, start + 1), note="1"))
            # asked after each citation: the heaps made early, then kept (stale entries)
            cited = [i for i in ctx.latest_of if names <= ctx.works[i].surnames]
            expected = max(cited, key=lambda i: ctx.latest_of[i].span.start) if cited else None
            assert ctx.latest_by(names) == expected
