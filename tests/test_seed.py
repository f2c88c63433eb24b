"""The reference chapter (Cliff, Trotsky vol. 3 ch. 11) as a golden test, and
faults injected into it, each reported by exactly the expected diagnostic."""

from __future__ import annotations

import pytest
import regex

import cliffcite
from cliffcite.models import Document

APPARATUS = ["CC1"]


@pytest.fixture(scope="module")
def doc(seed_text: str) -> Document:
    return cliffcite.parse(seed_text, path="seed.txt")


def test_seed_has_53_markers_and_53_notes(doc: Document) -> None:
    assert len(doc.series) == 1
    assert [m.label for m in doc.markers] == [str(i) for i in range(1, 54)]
    assert [n.label for n in doc.notes] == [str(i) for i in range(1, 54)]


def test_seed_notes_are_on_their_lines(doc: Document, seed_text: str) -> None:
    # notes 1..53 stand on lines 270, 272, ..., 374 of the file
    assert [doc.position(n.span.start)[0] for n in doc.notes] == list(range(270, 375, 2))
    assert doc.notes[16].text == "Ibid.."
    assert doc.notes[31].text == (
        "Pravda, 12 August 1927; Carr, The Foundations of Planned Economy, Vol.2, p.35."
    )
    assert doc.notes[-1].text == "Ibid., p.404."  # page furniture kept out


def test_seed_markers_are_where_the_text_has_them(doc: Document, seed_text: str) -> None:
    for m in doc.markers:
        assert m.span.slice(seed_text) == f"[{m.label}]"
    assert doc.position(doc.markers[16].span.start)[0] == 75  # "... demonstration. [17]"


def test_seed_apparatus_is_clean(doc: Document) -> None:
    assert cliffcite.check(doc, select=APPARATUS) == []


def test_seed_lookalikes_are_not_notes_or_markers(doc: Document, seed_text: str) -> None:
    starts = {n.span.start for n in doc.notes}
    assert seed_text.index("11. The United Opposition") not in starts
    assert seed_text.index("1. That the Opposition faction") not in starts
    marker_text = {m.span.slice(seed_text) for m in doc.markers}
    assert "[Trotsky and Zinoviev]" not in marker_text and "[GPU]" not in marker_text


def _diags(text: str) -> list[tuple[str, str | None]]:
    return [(d.name, d.note) for d in cliffcite.check(text, select=APPARATUS)]


def _swap(text: str, a: str, b: str) -> str:
    i, j = text.index(a), text.index(b)
    assert i < j
    return text[:i] + b + text[i + len(a) : j] + a + text[j + len(b) :]


def _drop_note(text: str, label: str) -> str:
    """Remove note ``label`` from the notes list (the last line so numbered)."""
    last = list(regex.finditer(rf"(?m)^{label}\. [^\n]*\n\n", text))[-1]
    return text[: last.start()] + text[last.end() :]


@pytest.mark.parametrize("label", ["1", "17", "32", "53"])
def test_marker_removed(seed_text: str, label: str) -> None:
    assert _diags(seed_text.replace(f" [{label}]", "", 1)) == [("note_without_marker", label)]


@pytest.mark.parametrize("label", ["1", "17", "32"])
def test_note_removed(seed_text: str, label: str) -> None:
    assert _diags(_drop_note(seed_text, label)) == [("marker_without_note", label)]


def test_last_note_removed(seed_text: str) -> None:
    text = seed_text.replace("53. Ibid., p.404.\n", "")
    assert _diags(text) == [("marker_without_note", "53")]


@pytest.mark.parametrize("label", ["5", "17", "40"])
def test_marker_repeated(seed_text: str, label: str) -> None:
    text = seed_text.replace("[45]", f"[45] and again [{label}]", 1)
    assert _diags(text) == [("duplicate_marker", label)]


def test_markers_swapped(seed_text: str) -> None:
    assert _diags(_swap(seed_text, "[17]", "[18]")) == [("marker_out_of_order", "17")]


def test_note_duplicated(seed_text: str) -> None:
    text = seed_text.replace("17. Ibid..\n", "17. Ibid..\n\n17. Ibid., p.538.\n", 1)
    assert _diags(text) == [("duplicate_note", "17")]


def test_notes_swapped(seed_text: str) -> None:
    text = _swap(seed_text, "17. Ibid..", "18. Reiman, pp.19-20.")
    assert _diags(text) == [("note_out_of_order", "17")]


def test_marker_and_note_both_removed_leave_a_gap(seed_text: str) -> None:
    text = _drop_note(seed_text.replace(" [17]", "", 1), "17")
    assert _diags(text) == [("note_out_of_order", "18")]


def test_two_chapters_are_two_series(seed_text: str) -> None:
    doc = cliffcite.parse(seed_text + "\n" + seed_text)
    assert [(len(s.markers), len(s.notes)) for s in doc.series] == [(53, 53), (53, 53)]
    assert cliffcite.check(doc, select=APPARATUS) == []
