"""The bundled bibliography, the loader's error handling, and the short-form index."""

from __future__ import annotations

import gc
import re
import time
from pathlib import Path

import pytest

from cliffcite.bibliography import (
    BibError,
    Bibliography,
    Entry,
    bundled_bib_files,
    load_bibliography,
    normalise,
)


@pytest.fixture(scope="module")
def bundled() -> Bibliography:
    bib, errors = load_bibliography()
    assert errors == []
    return bib


# --------------------------------------------------------------------------- bundled files


def test_bundled_files_load_without_errors() -> None:
    names = [f.name for f in bundled_bib_files()]
    assert {"cliff-trotsky.bib", "cliff-lenin.bib", "periodicals.bib"} <= set(names)
    bib, errors = load_bibliography()
    assert errors == []
    assert len(bib) >= 70


def test_bundled_entries_follow_the_field_conventions(bundled: Bibliography) -> None:
    for entry in bundled:
        assert entry.key == entry.key.lower()
        assert re.fullmatch(r"[VPI]( C[123])?", entry.confidence or ""), entry.key
        assert entry.fields.get("sourcenote"), entry.key
        assert entry.shorthand, entry.key
        assert entry.shorthand in entry.variants, entry.key
        # provenance is not printed, and keywords is not misused for short forms
        assert not {"note", "keywords", "address", "pagination"} & set(entry.fields), entry.key


# Cliff's short forms as printed in Trotsky 3 ch. 11, split the way a note is:
# (author, title, expected key).  Forms with no author part are titles.
SEED = [
    ("Serge", None, "serge1963memoirs"),
    ("Serge and Sedova", None, "sergesedova1975life"),
    ("Trotsky", "My Life", "trotsky1930mylife"),
    ("Trotsky", "Challenge (1926-27)", "trotsky1980challenge2627"),
    ("Trotsky", "Challenge (1926–27)", "trotsky1980challenge2627"),
    ("Trotsky", "Challenge (1926--27)", "trotsky1980challenge2627"),
    ("Trotsky", "Challenge (1928-29)", "trotsky1981challenge2829"),
    ("Stalin", "Works", "stalin1952works"),
    ("Stalin", "Works, Vol.10", "stalin1952works"),
    ("Reiman", None, "reiman1987birth"),
    (None, "KPSS v rez.", "kpss1954rez"),
    ("KPSS v rez.", None, "kpss1954rez"),
    (None, "Piatnadtsatii sezd VKP(b)", "xvsezd1928"),
    ("Popov", None, "popov1934outline"),
    ("Trotsky", "Stalin", "trotsky1941stalin"),
    ("Trotsky", "The Stalin School of Falsification", "trotsky1937ssf"),
    (None, "Arkhiv Trotskogo", "felshtinsky1988arkhiv"),
    ("M. Fainsod", "Smolensk under Soviet Rule", "fainsod1958smolensk"),
    ("M. Fainsod", "Smolensk under Soviet Rule, Cambridge 1958", "fainsod1958smolensk"),
    ("Carr", "The Foundations of Planned Economy", "carr1971foundations2"),
    ("Carr", "Foundations of a Planned Economy", "carr1971foundations2"),
    ("Carr", "The Foundations of Planned Economy, Vol.2", "carr1971foundations2"),
    (None, "The New International", "newinternational"),
    (None, "Pravda", "pravda"),
    (None, "Izvestiia", "izvestiia"),
    (None, "Izvestiia Tsentralnogo Komiteta", "izvestiiatsk"),
]


@pytest.mark.parametrize(("author", "title", "key"), SEED)
def test_every_seed_short_form_resolves_to_one_entry(
    bundled: Bibliography, author: str | None, title: str | None, key: str
) -> None:
    assert [e.key for e in bundled.lookup(author, title)] == [key]


@pytest.mark.parametrize(("author", "title", "key"), SEED)
def test_the_whole_short_form_as_one_string_resolves_too(
    bundled: Bibliography, author: str | None, title: str | None, key: str
) -> None:
    whole = ", ".join(p for p in (author, title) if p)
    assert [e.key for e in bundled.lookup(None, whole)] == [key]


def test_stalin_works_is_one_work_of_thirteen_volumes(bundled: Bibliography) -> None:
    (works,) = bundled.lookup("Stalin", "Works")
    assert works.volumes == 13
    assert works.entry_type == "mvbook"
    assert bundled.lookup("Stalin", "Works", volume="10") == [works]


def test_both_spellings_of_carr_find_the_same_entry(bundled: Bibliography) -> None:
    slip = bundled.lookup("Carr", "The Foundations of Planned Economy")
    right = bundled.lookup("Carr", "Foundations of a Planned Economy")
    assert slip == right == [bundled.get("carr1971foundations2")]


def test_volume_chooses_between_the_volumes_of_carrs_foundations(bundled: Bibliography) -> None:
    one = bundled.lookup("Carr", "Foundations of a Planned Economy", volume="1")
    assert [e.key for e in one] == ["carrdavies1969foundations1"]
    assert bundled.lookup("Carr", "Foundations of a Planned Economy", volume="3") == []


def test_an_author_alone_prefers_the_exact_shorthand(bundled: Bibliography) -> None:
    assert [e.key for e in bundled.lookup("Serge", None)] == ["serge1963memoirs"]
    deutscher = bundled.lookup("Deutscher", None)
    assert len(deutscher) == 3  # three works, no shorthand "Deutscher": ambiguous


def test_a_periodical_editor_is_not_an_author(bundled: Bibliography) -> None:
    keys = {e.key for e in bundled.lookup("Trotsky", None)}
    assert "trotsky1930mylife" in keys
    assert not {"pravda.vienna", "biulletenoppozitsii"} & keys


def test_lookup_of_nothing_or_an_unknown_source(bundled: Bibliography) -> None:
    assert bundled.lookup(None, None) == []
    assert bundled.lookup("Nobody", "No Such Book") == []


def test_suggest_names_the_closest_entries(bundled: Bibliography) -> None:
    assert bundled.suggest("Trotksy", "My Lfie")[0].key == "trotsky1930mylife"
    assert bundled.suggest("Deutcher", "Prophet Armed")[0].key == "deutscher1954armed"
    assert len(bundled.suggest("Trotsky", "Challenge (1926-28)", n=2)) == 2
    assert bundled.suggest(None, "zzzz qqqq") == []


def test_periodicals_are_marked(bundled: Bibliography) -> None:
    assert bundled.get("pravda") is not None
    periodicals = {e.key for e in bundled if e.is_periodical}
    assert {"pravda", "izvestiia", "izvestiiatsk", "newinternational"} <= periodicals
    assert "ni1934wrangel" not in periodicals  # an article in one
    assert "trotsky1930mylife" not in periodicals


# --------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Challenge (1926-27)", "Challenge (1926--27)"),
        ("Challenge (1926-27)", "Challenge (1926–27)"),
        ("Challenge (1926-27)", "challenge 1926 27"),
        ("The Stalin School of Falsification", "Stalin School of Falsification"),
        ("Carr, The Foundations", "Carr, Foundations"),
        ("Serge & Sedova", "Serge and Sedova"),
        (r"Serge \& Sedova", "Serge and Sedova"),
        (r"Brou{\'e}", "Broué"),
        ("Broué", "Broue"),
        ('Piatnadtsatyi s"ezd', "Piatnadtsatyi sezd"),
        ("Fel'shtinskii", "Felshtinskii"),
        ("B.O.", "BO"),
        ("Vol.2", "Vol. 2"),
        ("{KPSS} v rez.", "KPSS v rez"),
    ],
)
def test_normalise_equates(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_normalise_keeps_apart() -> None:
    assert normalise("Foundations of a Planned Economy") != normalise(
        "Foundations of Planned Economy"
    )
    assert normalise("Izvestiia") != normalise("Izvestiia Tsentralnogo Komiteta")


# --------------------------------------------------------------------------- entries


def test_entry_properties() -> None:
    entry = Entry(
        "x",
        "book",
        {
            "author": r"Brou{\'e}, Pierre and {Van Heijenoort} and Jean van Heijenoort",
            "title": "T",
            "variants": "A, B ; C ;  ; D",
            "volumes": "13",
            "pagetotal": "xv+516",
        },
        "x.bib",
        3,
    )
    assert entry.surnames == ("Broué", "Van Heijenoort", "van Heijenoort")
    assert entry.variants == ("A, B", "C", "D")
    assert entry.volumes == 13
    assert entry.pagetotal is None  # not a number: no guess
    assert entry.confidence is None
    assert not entry.is_periodical
    assert hash(entry) == hash(Entry("x", "book", {"title": "other"}, "x.bib", 3))
    editor_only = Entry("y", "mvcollection", {"editor": "Fel'shtinskii, Iu. G."})
    assert editor_only.surnames == ("Fel'shtinskii",)
    newspaper = Entry("z", "periodical", {"title": "Pravda", "entrysubtype": "newspaper"})
    assert newspaper.is_periodical


# --------------------------------------------------------------------------- loading


GOOD_1 = """@book{good1,
  author = {Serge, Victor},
  title = {Year One of the Russian Revolution},
}
"""
BROKEN = """@book{broken
  title = {Missing comma after the key},
}
"""
GOOD_2 = """@book{good2,
  author = {Deutscher, Isaac},
  title = {Stalin},
}
"""


def test_a_malformed_entry_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "mixed.bib"
    path.write_text(GOOD_1 + "\n" + BROKEN + "\n" + GOOD_2, encoding="utf-8")
    bib, errors = load_bibliography([str(path)], default=False)
    assert [e.key for e in bib] == ["good1", "good2"]
    assert len(errors) == 1
    (error,) = errors
    assert error.path == str(path)
    assert error.line == GOOD_1.count("\n") + 2  # the line of "@book{broken"
    assert error.message.startswith("unparseable entry starting '@book{broken'")
    assert "\n" not in error.message
    assert bib.get("good2") is not None and bib.get("good2").line == 10  # type: ignore[union-attr]


def test_binary_undecodable_missing_and_directory_paths(tmp_path: Path) -> None:
    binary = tmp_path / "binary.bib"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.bib"
    latin1.write_bytes("@book{x, title = {Brou\xe9}}".encode("latin-1"))
    missing = tmp_path / "missing.bib"
    paths = [str(binary), str(latin1), str(missing), str(tmp_path)]
    bib, errors = load_bibliography(paths, default=False)
    assert len(bib) == 0
    assert [(e.path, e.line) for e in errors] == [(p, 0) for p in paths]
    assert "binary" in errors[0].message
    assert "UTF-8" in errors[1].message
    assert "no such file" in errors[2].message
    assert "directory" in errors[3].message
    assert str(errors[2]) == f"{missing}:0: no such file"


def test_a_duplicate_key_is_reported_and_the_first_wins(tmp_path: Path) -> None:
    one = tmp_path / "one.bib"
    one.write_text(GOOD_1 + GOOD_1.replace("Year One", "Other"), encoding="utf-8")
    two = tmp_path / "two.bib"
    two.write_text(GOOD_1.replace("Year One", "Third"), encoding="utf-8")
    bib, errors = load_bibliography([str(one), str(two)], default=False)
    assert len(bib) == 1
    assert bib.get("good1") is not None
    assert bib.get("good1").title == "Year One of the Russian Revolution"  # type: ignore[union-attr]
    assert len(errors) == 2
    assert all("duplicate key 'good1'" in e.message for e in errors)
    assert [e.path for e in errors] == [str(one), str(two)]


def test_a_user_entry_overrides_the_bundled_one(tmp_path: Path) -> None:
    user = tmp_path / "mine.bib"
    user.write_text(
        "@book{serge1963memoirs,\n  author = {Serge, Victor},\n"
        "  title = {Memoirs of a Revolutionary},\n  date = {2012},\n"
        "  publisher = {NYRB Classics},\n  shorthand = {Serge},\n}\n",
        encoding="utf-8",
    )
    bib, errors = load_bibliography([str(user)])
    assert errors == []
    (serge,) = bib.lookup("Serge", None)
    assert serge.fields["publisher"] == "NYRB Classics"
    assert serge.path == str(user)
    assert len(bib) == len(load_bibliography()[0])


def test_errors_are_values_not_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "junk.bib"
    path.write_text("@@@ {{{ }}} @book{ @string{ = } \x01", encoding="utf-8")
    bib, errors = load_bibliography([str(path)], default=False)
    assert len(bib) == 0
    assert errors and all(isinstance(e, BibError) and e.line == 1 for e in errors)


# --------------------------------------------------------------------------- scale

SIZE = 10_000


def _generated(i: int) -> Entry:
    author = f"Author{i % 2500}"
    return Entry(
        f"w{i}",
        "book",
        {
            "author": f"{author}, A.",
            "title": f"The Book Number {i}",
            "shorttitle": f"Book {i}",
            "shorthand": f"{author}, Book {i}",
            "variants": f"{author}, Book {i} ; {author}, Bk. {i}",
        },
        "generated.bib",
        i * 8 + 1,
    )


def _build_and_resolve(size: int) -> None:
    # Built from entries, not parsed: the loader is tested above, the index here.
    bib = Bibliography(_generated(i) for i in range(size))
    assert len(bib) == size
    for i in range(0, size, 10):
        assert [e.key for e in bib.lookup(f"Author{i % 2500}", f"Book {i}")] == [f"w{i}"]
        assert [e.key for e in bib.lookup(None, f"The Book Number {i}")] == [f"w{i}"]
        assert [e.key for e in bib.lookup(None, f"Author{i % 2500}, Bk. {i}")] == [f"w{i}"]
    assert len(bib.lookup("Author7", None)) == len(range(7, size, 2500))
    assert bib.suggest("Autor7", "Bok 7")[0].key == "w7"


def test_ten_thousand_entries_build_and_resolve_in_linear_time() -> None:
    """A build and dict look-ups, not scans: ten times the entries and the
    look-ups cost about ten times the CPU time (a scan a look-up: a hundred).
    CPU time, the collector paused, best of three: a loaded machine does not
    change it much (a wall-clock bound here failed under load)."""

    def cpu(size: int) -> float:
        gc.collect()
        gc.disable()
        try:
            times = []
            for _ in range(3):
                start = time.process_time()
                _build_and_resolve(size)
                times.append(time.process_time() - start)
        finally:
            gc.enable()
        return min(times)

    small, large = cpu(SIZE // 10), cpu(SIZE)
    print(f"10x the entries: {small:.3f} -> {large:.3f} s CPU, {large / small:.1f}x")
    assert large / max(small, 1e-9) < 25, (small, large)
