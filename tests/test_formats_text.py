"""The plain-text reader's conventions: negative examples first, then ``(N)``
and ``{N}`` markers, notes lists written ``[N] text`` or ``N) text``, editors'
notes (``[3*]``, ``[8a]``) and chapters as series of their own, CRLF."""

from __future__ import annotations

import re

import pytest
import regex

from cliffcite import guard
from cliffcite.formats import text
from cliffcite.models import NoteSeries, Span


def labels(series: NoteSeries) -> tuple[list[str], list[str]]:
    return [m.label for m in series.markers], [n.label for n in series.notes]


def written(source: str, series: NoteSeries) -> list[str]:
    return [m.span.slice(source) for m in series.markers]


# --------------------------------------------------------------------------- not markers


def test_years_and_page_references_in_parentheses_are_not_markers() -> None:
    source = "In (1917) the party (274) met (see p. 5), and (2) of them spoke.\n"
    assert text.read(source).series == ()


def test_parentheses_are_not_markers_where_brackets_are_the_convention() -> None:
    source = "Text [1] and (2) more [2].\n\nNotes\n\n1. Serge.\n2. Reiman.\n"
    (s,) = text.read(source).series
    assert written(source, s) == ["[1]", "[2]"]


def test_a_stray_number_before_the_run_is_not_a_marker() -> None:
    source = "In the year (3) the party met. Text (1) more (2) and (3).\n\n1) Serge.\n2) Reiman.\n3) Ibid.\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "2", "3"], ["1", "2", "3"])
    assert s.markers[0].span.start == source.index("(1)")


def test_curly_numbers_without_notes_are_not_markers() -> None:
    assert text.read("Set {1} and {2}.\n\nNo notes here.\n").series == ()


# --------------------------------------------------------------------------- conventions


def test_parenthesised_markers_with_a_notes_list() -> None:
    source = "It grew (1917). Then (1) and again (2).\n\nNotes\n\n1. Serge, p.1.\n2. Reiman, p.2.\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert written(source, s) == ["(1)", "(2)"]
    assert s.heading is not None and s.heading.slice(source) == "Notes"


def test_curly_markers_and_bracketed_notes_list() -> None:
    source = "Text {1} and {2} and {7}.\n\nNotes\n\n[1] Serge.\n[2] Reiman.\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "2", "7"], ["1", "2"])
    assert [n.label_span.slice(source) for n in s.notes] == ["[1]", "[2]"]


@pytest.mark.parametrize("label", ["1)", "[1]", "[1].", "1."])
def test_notes_list_label_styles(label: str) -> None:
    second = label.replace("1", "2")
    source = f"Text [1] and [2].\n\n{label} Serge,\n   p.1.\n{second} Reiman.\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert s.notes[0].label_span.slice(source) == label
    assert s.notes[0].text == "Serge, p.1."


def test_editors_notes_list_is_a_series_of_its_own() -> None:
    source = (
        "Text [1] and [2*] and [3] and [3*].\n\nNotes\n\n1. Serge.\n2. Reiman.\n3. Carr.\n\n"
        "Editors' notes\n\n2*. Ed.\n3*. Ed two.\n"
    )
    author, editors = text.read(source).series
    assert (author.name, labels(author)) == ("notes", (["1", "3"], ["1", "2", "3"]))
    assert (editors.name, labels(editors)) == ("editors' notes", (["2*", "3*"], ["2*", "3*"]))
    assert author.notes[2].text == "Carr."
    assert editors.heading is not None and editors.heading.slice(source) == "Editors' notes"
    assert all(m.series == 1 for m in editors.markers) and editors.notes[0].series == 1


def test_lettered_notes_inside_the_list_are_editors_notes() -> None:
    source = (
        "Text [1] and [2] and [2a] and [3].\n\nNotes\n\n1. Serge.\n2. Reiman.\n2a. Ed.\n3. Carr.\n"
    )
    author, editors = text.read(source).series
    assert labels(author) == (["1", "2", "3"], ["1", "2", "3"])
    assert labels(editors) == (["2a"], ["2a"])


def test_suffixed_marker_without_such_notes_stays_with_the_authors() -> None:
    source = "Text [1] and [1*].\n\nNotes\n\n1. Serge.\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "1*"], ["1"])


def test_chapters_are_named_after_their_headings() -> None:
    source = (
        "1. The first chapter\n\nText [1] more [2].\n\n1. Serge.\n\n2. Reiman.\n\n"
        "2. The second chapter\n\nText [1].\n\n1. Carr.\n"
    )
    a, b = text.read(source).series
    assert (a.name, labels(a)) == ("notes, 1. The first chapter", (["1", "2"], ["1", "2"]))
    assert (b.name, labels(b)) == ("notes, 2. The second chapter", (["1"], ["1"]))


def test_crlf_leaves_no_carriage_return_in_notes() -> None:
    source = "Text (1) and (2).\r\n\r\nNotes\r\n\r\n1. Serge,\r\n   p.1.\r\n2. Reiman.\r\n"
    (s,) = text.read(source).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [n.text for n in s.notes] == ["Serge, p.1.", "Reiman."]
    assert s.notes[0].text_span.slice(source) == "Serge,\r\n   p.1."
    assert s.notes[0].source_span(7, 11).slice(source) == "p.1."


# --------------------------------------------------------------------------- limits


def test_a_marker_scan_that_times_out_is_input_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The markers found before a runaway pattern gave up are kept, the rest of
    the text is reported unread (CC901), and the reader goes on."""
    runaway = regex.compile(r"\[(?P<label>[0-9]{1,3}+)\]|(?:x+x+)+y")
    monkeypatch.setattr(text, "MARKER", runaway)
    monkeypatch.setattr(guard, "budget", lambda chars: 0.05)
    source = "Text [1] and " + "x" * 5_000 + " [2].\n\nNotes\n\n1. Serge.\n2. Reiman.\n"
    reading = text.read(source)
    (s,) = reading.series
    assert labels(s) == (["1"], ["1", "2"])
    (d,) = reading.diagnostics
    assert (d.code, d.span) == ("CC901", Span(source.index("[1]") + 3, len(source)))
    assert "markers" in d.message


def test_note_start_white_space_is_regex_white_space() -> None:
    """NOTE_START runs on ``re`` but must see white space as ``regex``'s ``\\s``
    does (a line ``1. \\x1c`` starts a note as before)."""
    everything = "".join(map(chr, range(0x110000)))
    spelled = re.compile(f"[{text._WHITE_SPACE}]")
    assert spelled.findall(everything) == regex.findall(r"\s", everything)
    assert text.NOTE_START.match("1. \x1cx") and not text.NOTE_START.match("1. \u2028x")
