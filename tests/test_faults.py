"""Faults injected into real documents, in every convention: each is reported by
exactly the expected diagnostic, with no spurious new one.

The documents of the development corpus are read from ../shared (skipped when
absent); the reference chapter is always there.  A marker is removed, repeated
after a later one, or swapped with the next; a note is removed.  In the notes,
the first is made an Ibid., an Ibid. follows a note citing two works, an Ibid.
gets a second period, a page range is reversed or given ``p.``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

import cliffcite
from cliffcite.io import read_source
from cliffcite.models import Document, Marker

from .conftest import CORPUS_DEV, SEED

DOCUMENTS = [SEED, *(sorted(CORPUS_DEV.glob("*")) if CORPUS_DEV.is_dir() else [])]
#: Where in the main series the fault goes: early, in the middle, late.
WHERE = (0.15, 0.5, 0.85)


def _found(text: str, path: Path) -> tuple[Counter[tuple[str, str | None]], Document]:
    doc = cliffcite.parse(text, path=str(path))
    return Counter((d.name, d.note) for d in cliffcite.check(doc, select=["CC1"])), doc


def _new(
    base: Counter[tuple[str, str | None]], text: str, path: Path
) -> list[tuple[str, str | None]]:
    got, _ = _found(text, path)
    return sorted((got - base).elements())


def _pick(
    doc: Document, where: float, base: Counter[tuple[str, str | None]]
) -> tuple[list[Marker], int]:
    """Markers of the main series, and a place near ``where`` whose marker and the
    next are sound in the document as it is (not already faulty, used once)."""
    series = max(doc.series, key=lambda s: len(s.markers))
    markers = list(series.markers)
    uses = Counter(m.label for m in markers)
    faulty = {note for _, note in base}
    k = min(int(len(markers) * where), len(markers) - 2)
    while any(uses[x.label] > 1 or x.label in faulty for x in markers[k : k + 2]):
        k = k + 1 if k + 2 < len(markers) else 0
    return markers, k


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_injected_faults(path: Path, where: float) -> None:
    text = read_source(str(path)).text
    base, doc = _found(text, path)
    markers, k = _pick(doc, where, base)
    m, nxt, later = markers[k], markers[k + 1], markers[min(k + 4, len(markers) - 1)]
    label = m.label

    removed = text[: m.span.start] + text[m.span.end :]
    assert _new(base, removed, path) == [("note_without_marker", label)]

    copy = m.span.slice(text)
    repeated = text[: later.span.end] + " " + copy + text[later.span.end :]
    assert _new(base, repeated, path) == [("duplicate_marker", label)]

    a, b = m.span, nxt.span
    swapped = (
        text[: a.start] + b.slice(text) + text[a.end : b.start] + a.slice(text) + text[b.end :]
    )
    if label != nxt.label:
        assert _new(base, swapped, path) == [("marker_out_of_order", label)]

    series = next(s for s in doc.series if m in s.markers)
    note = series.notes_by_label[label]
    without_note = text[: note.span.start] + text[note.span.end :]
    assert _new(base, without_note, path) == [("marker_without_note", label)]


def _cc2(text: str, path: Path) -> Counter[tuple[str, str | None, str]]:
    doc = cliffcite.parse(text, path=str(path))
    return Counter((d.name, d.note, d.level.value) for d in cliffcite.check(doc, select=["CC2"]))


def _new2(
    base: Counter[tuple[str, str | None, str]], text: str, path: Path
) -> list[tuple[str, str | None, str]]:
    return sorted((_cc2(text, path) - base).elements())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_injected_citation_faults(path: Path) -> None:
    """The first note made an Ibid., an Ibid. after a note citing two works,
    ``Ibid..``, a reversed range, ``p.`` with a range: each reported, alone."""
    text = read_source(str(path)).text
    doc = cliffcite.parse(text, path=str(path))
    base = _cc2(text, path)
    notes = [n for s in doc.series for n in s.notes]

    first = doc.series[0].notes[0]
    made = text[: first.text_span.start] + "Ibid., p. 5." + text[first.text_span.end :]
    assert _new2(base, made, path) == [("ibid_without_antecedent", first.label, "error")]

    for n, nxt in itertools.pairwise(notes):
        works = {c.source or c.title for c in n.citations}
        if len(works) >= 2 and nxt.series == n.series:
            made = text[: nxt.text_span.start] + "Ibid., p. 5." + text[nxt.text_span.end :]
            assert _new2(base, made, path) == [("ambiguous_ibid", nxt.label, "warning")]
            break

    ibids = [c for n in notes for c in n.citations if c.kind == "ibid" and "Ibid." in c.text]
    if ibids:
        c = ibids[0]
        at = c.span.start + c.span.slice(text).index("Ibid.") + len("Ibid.")
        assert _new2(base, text[:at] + "." + text[at:], path) == [
            ("ibid_punctuation", c.note, "warning")
        ]

    ranges = [
        c
        for n in notes
        for c in n.citations
        if c.locator is not None
        and not getattr(c, "inherited_pages", False)
        and not c.locator.problems
        and (c.locator.prefix or "").lower().startswith("pp")
        and len(c.locator.ranges) == 1
        and c.locator.ranges[0].is_range
        and not c.locator.ranges[0].is_roman
    ]
    if ranges:
        c = ranges[0]
        assert c.locator is not None
        r, written = c.locator.ranges[0], c.locator.span.slice(text)
        digits = re.findall(r"[0-9]+", written)  # as written: "pp.531-2"
        first_at, last_at = written.index(digits[0]), written.rindex(digits[-1])
        swapped = (
            written[:first_at]
            + str(r.last)
            + written[first_at + len(digits[0]) : last_at]
            + str(r.first)
            + written[last_at + len(digits[-1]) :]
        )
        loc = c.locator.span
        assert _new2(base, text[: loc.start] + swapped + text[loc.end :], path) == [
            ("page_range_reversed", c.note, "error")
        ]
        singular = written.replace("pp", "p", 1).replace("Pp", "P", 1)
        assert _new2(base, text[: loc.start] + singular + text[loc.end :], path) == [
            ("page_prefix", c.note, "warning")
        ]
