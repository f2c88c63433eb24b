"""Sources: citations matched to the bundled bibliography and the user's,
provisional sources, and the CC3xx checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import cliffcite
from cliffcite.bibliography import load_bibliography
from cliffcite.cli import main
from cliffcite.models import Document

from .conftest import SEED


@pytest.fixture(scope="module")
def doc(seed_text: str) -> Document:
    return cliffcite.parse(seed_text)


def test_every_seed_citation_but_periodicals_resolves_to_a_bundled_entry(doc: Document) -> None:
    bundled = {s.key for s in doc.sources if s.kind == "bib"}
    for c in doc.citations:
        if c.kind == "periodical":
            assert c.source is not None  # an entry, or a provisional issue
            continue
        assert c.source in bundled, (c.note, c.text)


def test_seed_cites_about_twenty_works(doc: Document) -> None:
    keys = [s.key for s in doc.sources]
    assert len(keys) == len(set(keys)) == 19
    assert keys[:4] == [
        "serge1963memoirs",
        "trotsky1980challenge2627",
        "ni1934wrangel",
        "stalin1952works",
    ]
    by_note = {c.note: c.source for c in doc.citations}
    assert by_note["22"] == by_note["49"] == by_note["50"] == "sergesedova1975life"
    assert by_note["30"] == "trotsky1941stalin" and by_note["31"] == "trotsky1937ssf"


def test_seed_sources_report_only_the_carr_titles(doc: Document) -> None:
    got = [(d.name, d.note) for d in cliffcite.check(doc, select=["CC3"])]
    assert got == [("inconsistent_title", "51")]
    (d,) = cliffcite.check(doc, select=["inconsistent_title"])
    assert "'Foundations of a Planned Economy'" in d.message and "32, 33" in d.message


def test_inconsistent_title_names_a_few_notes_and_counts_the_rest() -> None:
    notes = [f"{i}. Carr, The Foundations of Planned Economy, Vol.2, p.{i}." for i in range(1, 21)]
    notes.append("21. Carr, Foundations of a Planned Economy, Vol.2, p.21.")
    text = " ".join(f"A. [{i}]" for i in range(1, 22)) + "\n\nNotes\n\n" + "\n".join(notes)
    ((name, note, message),) = _cc3(text)
    assert (name, note) == ("inconsistent_title", "21")
    assert "in notes 1, 2, 3, 4, 5, 6, 7, 8 and 12 more (source" in message


def _cc3(text: str) -> list[tuple[str, str | None, str]]:
    return [(d.name, d.note, d.message) for d in cliffcite.check(text, select=["CC3"])]


def test_unknown_source_names_the_closest_entries() -> None:
    ((name, note, message),) = _cc3("Text. [1]\n\n1. Trotski, My Lief, p.5.\n")
    assert (name, note) == ("unknown_source", "1")
    assert "closest:" in message and "My Life" in message


def test_full_first_citation_is_a_provisional_source() -> None:
    text = (
        "A. [1] B. [2]\n\n1. Ann Example, A Book of Examples, London 1999, p.5.\n\n"
        "2. Example, A Book of Examples, p.7.\n"
    )
    doc = cliffcite.parse(text)
    assert [c.source for c in doc.citations] == ["example1999book", "example1999book"]
    assert doc.sources[0].kind == "provisional"
    assert _cc3(text) == []


def test_volume_and_page_out_of_range() -> None:
    text = "A. [1] B. [2]\n\n1. Stalin, Works, Vol.14, p.5.\n\n2. Trotsky, Challenge (1926-27), p.716.\n"
    got = [(n, note) for n, note, _ in _cc3(text)]
    assert got == [("volume_out_of_range", "1"), ("page_out_of_range", "2")]


def test_roman_front_matter_is_not_out_of_range() -> None:
    assert _cc3("A. [1]\n\n1. Trotsky, Challenge (1926-27), p.xlii.\n") == []


def test_user_bib_resolves_and_overrides(tmp_path: Path) -> None:
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@book{example2001,\n  author = {Example, Ann},\n  title = {Examples},\n"
        "  shorthand = {Example},\n  year = {2001}\n}\n",
        encoding="utf-8",
    )
    library, errors = load_bibliography([str(bib)])
    assert errors == []
    doc = cliffcite.parse("A. [1]\n\n1. Example, p.5.\n", bibliography=library)
    assert [c.source for c in doc.citations] == ["example2001"]


def test_no_default_bib_leaves_short_forms_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SEED), "--no-default-bib", "--select", "unknown_source"])
    out = capsys.readouterr().out
    assert code == 1 and "CC301 unknown_source" in out


def test_malformed_bib_is_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@book{good1, title = {A}, year = {2000}}\n\n@book{broken,\n  title = {B\n\n"
        "@book{good2, title = {C}, year = {2001}}\n",
        encoding="utf-8",
    )
    library, errors = load_bibliography([str(bib)], default=False)
    assert "good1" in {e.key for e in library}
    assert [e.line for e in errors] == [3]
    code = main(["check", str(SEED), "--bib", str(bib), "--select", "CC306"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{bib}:3:1: CC306 bib_parse_error" in out


def test_unreadable_bib_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(SEED), "--bib", str(tmp_path / "missing.bib")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "missing.bib" in err
