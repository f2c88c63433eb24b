"""The title index of an author's works leaves out no work ``titles_match`` scores.

:class:`cliffcite.resolve._TitleIndex` gives each query title the works it may
match; every work left out must score 0, or resolution would change.  Checked
on random and adversarial titles (hypothesis), on every pair of the real titles
of ``bib/`` and of the corpus, misspelt and cut, and end to end: resolving with
and without the index gives the same document.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cliffcite
from cliffcite import resolve
from cliffcite.bibliography import load_bibliography
from cliffcite.find import find_citations
from cliffcite.resolve import Context, Work, _TitleIndex, resolve_citations, titles_match
from tests.conftest import CORPUS_DEV, FIXTURES, ROOT
from tests.test_fuzz import fuzz
from tests.test_linear import titles_of_one_author


def missed(titles: list[str | None], query: str) -> list[str | None]:
    """The titles of ``titles`` that match ``query`` and that the index, built
    from them in order, leaves out."""
    index = _TitleIndex()
    for i, title in enumerate(titles):
        index.add(i, title)
    given_ = set(index.candidates(query))
    return [t for i, t in enumerate(titles) if titles_match(t, query) and i not in given_]


# -- random and adversarial titles -----------------------------------------------------

#: Words that are near one another (misspellings, mis-scans, shared starts), stop
#: words, digits, and pieces that normalise away or split a title.
WORDS = [
    "istoriia", "istoria", "rossii", "rosii", "russia", "peru", "peril", "agraire",
    "agrcdre", "revolution", "revolutions", "revoluton", "evolution", "my", "life", "lif",
    "stalin", "school", "falsification", "missing", "class", "historia", "economica",
    "bosquejo", "challenge", "works", "vol", "the", "a", "an", "of", "and", "in", "on",
    "to", "de", "la", "le", "der", "die", "1926", "27", "1928", "29", "1917", "10", "2",
    "x", "ab", "b", "abc", "abd", "aaaa", "é", "ü", "Ž", "ß", "ﬁ", "ö",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", ", ", ": ", ":", " - ", "-", " & ", " (", ") ", ". ", "'", "\u2019"]
LETTERS = "abeiorstuz 19-:"


@st.composite
def titles(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
    out = words[0]
    for w in words[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + w
    if draw(st.booleans()):
        out = out.title()
    return out


@st.composite
def misspelt(draw: st.DrawFn, title: str) -> str:
    """``title`` with a few characters deleted, inserted or changed."""
    chars = list(title)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(["delete", "insert", "change"]))
        if kind == "insert" or not chars:
            chars.insert(at, draw(st.sampled_from(LETTERS)))
        elif kind == "delete":
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = draw(st.sampled_from(LETTERS))
    return "".join(chars)


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[str | None], str]:
    """Titles of works, some near one another, and a query near one of them."""
    seeds = draw(st.lists(titles(), min_size=1, max_size=6))
    pool: list[str | None] = []
    for _ in range(draw(st.integers(1, 14))):
        choice = draw(st.integers(0, 9))
        seed = draw(st.sampled_from(seeds))
        if choice == 0:
            pool.append(None)
        elif choice <= 3:
            pool.append(draw(misspelt(seed)))
        elif choice == 4:
            cut = seed.split()
            pool.append(" ".join(cut[: draw(st.integers(1, len(cut)))]))
        elif choice == 5:
            pool.append(f"{seed}: {draw(st.sampled_from(seeds))}")
        else:
            pool.append(seed)
    base = draw(st.sampled_from([t for t in pool if t] or seeds))
    query = draw(st.one_of(st.just(base), misspelt(base), titles()))
    return pool, query


@fuzz
@given(pools())
def test_the_index_leaves_out_no_matching_work(case: tuple[list[str | None], str]) -> None:
    pool, query = case
    assert missed(pool, query) == []


@fuzz
@given(st.lists(titles(), min_size=1, max_size=6), st.data())
def test_misspellings_of_a_title_are_candidates(seeds: list[str], data: st.DataObject) -> None:
    pool = [data.draw(misspelt(s)) for s in seeds for _ in range(3)]
    query = data.draw(st.sampled_from(seeds))
    assert missed(pool, query) == []


#: Few words, so that some are in most titles and others in one: which words are
#: rarest changes as works are added (the pairs of the rarest are what is looked up).
FEW_WORDS = ["speech", "congress", "soviets", "party", "agrarian", "agraria", "kautsky", "of"]


@fuzz
@given(
    st.lists(
        st.lists(st.sampled_from(FEW_WORDS), min_size=1, max_size=6).map(" ".join),
        min_size=1,
        max_size=60,
    ),
    st.lists(st.sampled_from(FEW_WORDS), min_size=1, max_size=6).map(" ".join),
)
def test_shared_words_are_found_however_common(pool: list[str], query: str) -> None:
    assert missed(list(pool), query) == []


@pytest.mark.parametrize(
    ("work", "query"),
    [
        ("Istoriia Rossii", "Istoria Rosii"),  # no word in common
        ("Peru", "Peril"),
        ("Challenge (1926-27)", "Challenge (1928-29)"),
        ("Missing Class: Strengthening Social Movement Groups", "Missing Class"),
        ("Bosquejo de la historia economica del Peru", "Historia economica del Peru"),
        ("The Stalin School of Falsification", "Stalin"),
        ("My Life", "My Life"),
        ("Trotsky: My Life", "trotsky"),
        ("a b", "a bc"),
        ("ab c", "a c"),
        ("Foundations of Planned Economy, Vol.2", "Foundations of Planned Economy"),
        ("Histoire de la revolution agraire russe", "Histoire de la revolution agrcdre russe"),
        ("x" * 300 + " y", "x" * 298 + " y"),  # long enough for difflib's autojunk
        (" ".join(f"w{i}" for i in range(40)), " ".join(f"w{i}" for i in range(1, 40))),
    ],
)
def test_known_matches_are_candidates(work: str, query: str) -> None:
    for a, b in ((work, query), (query, work)):
        assert missed([a], b) == []
        assert missed(["Other Title", a, "Yet Another One"], b) == []


# -- real titles ----------------------------------------------------------------------


@functools.cache
def real_titles() -> tuple[str, ...]:
    """Every title, short title and variant of the bundled bibliography, and
    every title cited in the fixtures and the development corpus."""
    bib, _ = load_bibliography()
    found: set[str] = set()
    for entry in bib:
        found.update(t for t in (entry.title, entry.shorttitle, *entry.variants) if t)
    paths = [*FIXTURES.glob("*.txt"), *sorted((ROOT / "tests" / "cases").rglob("*.txt"))]
    if CORPUS_DEV.is_dir():
        paths += sorted(p for p in CORPUS_DEV.iterdir() if p.name != "README.md")
    for path in paths:
        doc = cliffcite.parse(
            Path(path).read_text(encoding="utf-8", errors="replace"), path=str(path)
        )
        found.update(c.title for c in doc.citations if c.title)
    return tuple(sorted(found))


def mangle(rng: random.Random, title: str) -> str:
    chars = list(title)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars))
        kind = rng.random()
        if kind < 0.4:
            del chars[at]
        elif kind < 0.7:
            chars.insert(at, rng.choice("aeinorstu "))
        else:
            chars[at] = rng.choice("aeinorstu")
    return "".join(chars) or "x"


def test_every_pair_of_real_titles() -> None:
    """All pairs of the real titles, and of them misspelt and cut: each query
    against an index of all the others."""
    titles_ = real_titles()
    assert len(titles_) > 150
    rng = random.Random(1917)
    variants = [mangle(rng, t) for t in titles_] + [
        " ".join(t.split()[: rng.randint(2, 4)]) for t in titles_ if len(t.split()) > 2
    ]
    everything = [*titles_, *variants]
    index = _TitleIndex()
    for i, title in enumerate(everything):
        index.add(i, title)
    matched = 0
    for query in everything:
        given_ = set(index.candidates(query))
        for i, title in enumerate(everything):
            if titles_match(title, query):
                matched += 1
                assert i in given_, (title, query)
    assert matched > 2 * len(everything)  # the matches are more than each title itself


# -- end to end -----------------------------------------------------------------------


def one_author(k: int, seed: int) -> cliffcite.Document:
    """``k`` notes citing works of Lenin (and two co-authored ones): titles
    repeated, misspelt, cut to a few words, given a subtitle or a year."""
    rng = random.Random(seed)
    base = [t for t in real_titles() if len(t.split()) > 1]
    notes = []
    for i in range(1, k + 1):
        title = rng.choice(base)
        kind = rng.random()
        if kind < 0.3:
            title = mangle(rng, title)
        elif kind < 0.4:
            title = " ".join(title.split()[: rng.randint(1, 3)])
        elif kind < 0.5:
            title = f"{title}: {rng.choice(base)}"
        author = rng.choice(["Lenin", "Lenin", "V.I. Lenin", "Lenin and Zinoviev"])
        notes.append(f"[^{i}]: {author}, {title}, p.{i}.")
    body = " ".join(f"Claim.[^{i}]" for i in range(1, k + 1))
    text = f"{body}\n\n" + "\n".join(notes) + "\n"
    return find_citations(cliffcite.parse(text, format="markdown", citations=False))


@pytest.mark.parametrize("seed", range(3))
def test_resolution_is_the_same_without_the_index(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the bounds (``MAX_SCORED``, ``SIMILAR_WINDOW``), the works the
    index gives, taken newest first, resolve every citation as scoring every
    work of the author does."""
    doc = one_author(400, seed)
    monkeypatch.setattr(resolve, "MAX_SCORED", 10**9)
    monkeypatch.setattr(resolve, "SIMILAR_WINDOW", 10**9)
    indexed = resolve_citations(doc)
    monkeypatch.setattr(resolve, "MIN_INDEXED_WORKS", 10**9)
    assert resolve_citations(doc) == indexed


def test_resolution_within_the_bounds_is_the_same() -> None:
    """A document whose authors have fewer works than ``SIMILAR_WINDOW``, and
    whose titles each share words with fewer than ``MAX_SCORED`` works, is
    resolved as without the bounds."""
    doc = one_author(resolve.SIMILAR_WINDOW // 2, 7)
    bounded = resolve_citations(doc)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(resolve, "MAX_SCORED", 10**9)
        mp.setattr(resolve, "SIMILAR_WINDOW", 10**9)
        assert resolve_citations(doc) == bounded


def lenin(*titles: str) -> cliffcite.Document:
    notes = "\n".join(f"[^{i}]: Lenin, {t}, p.{i}." for i, t in enumerate(titles, 1))
    body = " ".join(f"Claim.[^{i}]" for i in range(1, len(titles) + 1))
    return find_citations(
        cliffcite.parse(f"{body}\n\n{notes}\n", format="markdown", citations=False)
    )


def antecedent_of_last(doc: cliffcite.Document) -> str | None:
    return resolve_citations(doc).citations[-1].antecedent


def test_past_the_bounds_a_work_is_found_by_its_title() -> None:
    """However many works of its author come between, the same title (and a
    short form sharing its words, while fewer than ``MAX_SCORED`` works share
    them) finds the work; a misspelling looks among the ``SIMILAR_WINDOW``
    newest only."""
    others = [f"Other Work Number {i} Of Many" for i in range(resolve.SIMILAR_WINDOW + 10)]
    first = "The State and Revolution"
    assert antecedent_of_last(lenin(first, *others, first)) == "1"
    assert antecedent_of_last(lenin(first, *others, "State and Revolution")) == "1"
    assert antecedent_of_last(lenin(first, *others[:5], "The Stat and Revolutoin")) == "1"
    assert antecedent_of_last(lenin(first, *others, "The Stat and Revolutoin")) is None


def test_a_title_sharing_words_with_many_works_finds_the_newest_of_them() -> None:
    """Of ``MAX_SCORED`` works or more sharing a title's words, it is scored
    against the newest only: a short form names the latest of them."""
    works = [f"Theses on the {w} Question" for w in ("Agrarian", "National", "Colonial")]
    shared = [f"Theses on the Question of {i}" for i in range(resolve.MAX_SCORED + 5)]
    assert antecedent_of_last(lenin(*works, *shared, "Agrarian Question Theses")) is None
    assert antecedent_of_last(lenin(*shared, *works, "Agrarian Question Theses")) == str(
        len(shared) + 1
    )


def test_the_index_is_built_and_kept() -> None:
    ctx = Context()
    names = frozenset({"lenin"})
    for i in range(max(40, resolve.MIN_INDEXED_WORKS)):
        ctx.add(Work("Lenin", f"Title number {i}", str(i), names))
    assert names in ctx.indexes
    assert ctx.candidates("Lenin", "Title number 7") == [7]
    assert ctx.candidates("Lenin", "Title numbr 34") == [34]
    assert ctx.candidates("Lenin", None) == []
    ctx.add(Work("Lenin", None, "x", names))
    assert ctx.candidates("Lenin", None) == [len(ctx.works) - 1]


def test_a_title_is_compared_with_few_of_its_authors_works() -> None:
    """1,500 distinct titles of one author: each of the last 500 is given about
    10 of the 1,000 works or more before it to score (0.8 % of them)."""
    titles_ = titles_of_one_author(1_500)
    index = _TitleIndex()
    given_ = 0
    for i, title in enumerate(titles_):
        if i >= 1_000:
            given_ += len(index.candidates(title))
        index.add(i, title)
    assert given_ / 500 < 25
