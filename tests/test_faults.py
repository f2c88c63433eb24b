"""Faults injected into real documents, in every convention: each is reported by
exactly the expected diagnostic, with no spurious new one.

The documents of the development corpus are read from ../shared (skipped when
absent); the reference chapter is always there.  A marker is removed, repeated
after a later one, or swapped with the next; a note is removed.
"""

from __future__ import annotations

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
