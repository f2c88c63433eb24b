"""CC1xx: markers and notes, linked and numbered."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence

from cliffcite.checks import check_for
from cliffcite.diagnostics import (
    DUPLICATE_MARKER,
    DUPLICATE_NOTE,
    MARKER_OUT_OF_ORDER,
    MARKER_WITHOUT_NOTE,
    NOTE_OUT_OF_ORDER,
    NOTE_WITHOUT_MARKER,
    Diagnostic,
)
from cliffcite.models import Document, Marker, Note, NoteSeries, label_key

__all__ = ["check_apparatus", "sequence_breaks"]


def _ranks(keys: Sequence[tuple[int, str]]) -> list[int]:
    order = {k: i for i, k in enumerate(sorted(set(keys)))}
    return [order[k] for k in keys]


def _lengths(ranks: Sequence[int]) -> list[int]:
    """Length of the longest strictly increasing subsequence ending at each item."""
    tails: list[int] = []
    out: list[int] = []
    for r in ranks:
        i = bisect.bisect_left(tails, r)
        if i == len(tails):
            tails.append(r)
        else:
            tails[i] = r
        out.append(i + 1)
    return out


def _ascending(keys: Sequence[tuple[int, str]]) -> bool:
    """Whether ``keys`` strictly ascend (compared pairwise in C, no generator)."""
    return all(map(operator.lt, keys, keys[1:]))


def _label_keys(labels: Sequence[str]) -> list[tuple[int, str]]:
    """The :func:`label_key` of each label; one of digits alone (most are) read
    here, as ``label_key`` reads it, without the memoised call.  Each label is
    read once however often it recurs (a hostile text has 400,000 notes 1:
    0.15 s then, 0.02 s now), and its key is then one look-up in C."""
    keys = {x: (int(x), "") if x.isdigit() else label_key(x) for x in set(labels)}
    return list(map(keys.__getitem__, labels))


def _on_longest(keys: Sequence[tuple[int, str]]) -> list[bool]:
    """Whether each key lies on some longest strictly increasing subsequence."""
    if _ascending(keys):
        return [True] * len(keys)  # the usual case: the whole is the one longest
    ranks = _ranks(keys)  # ints: cheaper to compare and to negate than label keys
    fwd = _lengths(ranks)
    bwd = _lengths([-r for r in reversed(ranks)])[::-1]
    best = max(fwd, default=0)
    return [f + b - 1 == best for f, b in zip(fwd, bwd, strict=True)]


def sequence_breaks(keys: Sequence[tuple[int, str]]) -> list[int]:
    """Indexes of the items that break an ascending sequence of distinct keys.

    An item breaks it when it lies on no longest increasing subsequence
    (``1 2 30 4 5``: the 30), or, among items that could, when it is lower
    than an item kept before it (``1 2 4 3 5``: the 3, read as moved back).
    """
    on = _on_longest(keys)
    out: list[int] = []
    top: tuple[int, str] | None = None
    for i, key in enumerate(keys):
        if not on[i] or (top is not None and key < top):
            out.append(i)
        else:
            top = key
    return out


def _originals(
    items: Sequence[Marker | Note], keys: Sequence[tuple[int, str]]
) -> tuple[list[int], list[int]]:
    """Indexes of the one use of each label that fits the numbering, and of
    the other uses (``keys``: the :func:`label_key` of each item).  The one
    that fits lies on a longest increasing run (``[1] [3] [2] [3] [4]``: the
    second [3]; the first is the stray copy); among several, the first
    (``17. ... 17. ...``: the second is the repeat)."""
    on = _on_longest(keys)
    chosen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.label not in chosen or (on[i] and not on[chosen[item.label]]):
            chosen[item.label] = i
    keep = set(chosen.values())
    return sorted(keep), [i for i in range(len(items)) if i not in keep]


def _series_diagnostics(series: NoteSeries) -> Iterator[Diagnostic]:
    markers, notes = series.markers, series.notes
    note_labels = series.notes_by_label
    marker_labels = series.marker_labels
    s = series.index

    # each loop runs only when the labels, compared as sets (in C), say it finds something
    if not marker_labels <= note_labels.keys():
        for m in markers:
            if m.label not in note_labels:
                where = "the notes list" if notes else "this text, which has no notes list"
                yield Diagnostic(
                    MARKER_WITHOUT_NOTE,
                    m.span,
                    f"marker [{m.label}] has no note {m.label} in {where}",
                    m.label,
                    s,
                )
    if not note_labels.keys() <= marker_labels:
        for n in notes:
            if n.label not in marker_labels:
                yield Diagnostic(
                    NOTE_WITHOUT_MARKER,
                    n.label_span,
                    f"note {n.label} is never cited: no marker [{n.label}] in the text",
                    n.label,
                    s,
                )

    # The usual case is a numbering that ascends throughout: no label used
    # twice and none out of order, so the longest-run analysis is skipped.
    marker_keys = _label_keys([m.label for m in markers])
    markers_ascend = _ascending(marker_keys)
    if not markers_ascend:
        first_markers, repeated_markers = _originals(markers, marker_keys)
        for i in repeated_markers:
            m = markers[i]
            yield Diagnostic(
                DUPLICATE_MARKER, m.span, f"marker [{m.label}] is used again here", m.label, s
            )
    note_keys = _label_keys([n.label for n in notes])
    notes_ascend = _ascending(note_keys)
    if notes_ascend:
        first_notes: Sequence[int] = range(len(notes))
    else:
        first_notes, repeated_notes = _originals(notes, note_keys)
        for i in repeated_notes:
            n = notes[i]
            yield Diagnostic(
                DUPLICATE_NOTE,
                n.label_span,
                f"a second note {n.label} in the notes list",
                n.label,
                s,
            )

    if not markers_ascend:
        ordered = [markers[i] for i in first_markers]
        for i in sequence_breaks([marker_keys[i] for i in first_markers]):
            m = ordered[i]
            prev = ordered[i - 1].label if i else None
            after = f" after [{prev}]" if prev is not None else " first"
            yield Diagnostic(
                MARKER_OUT_OF_ORDER,
                m.span,
                f"marker [{m.label}] comes{after}, out of ascending order",
                m.label,
                s,
            )

    if notes_ascend:
        yield from _note_gaps(series, notes, note_keys, range(len(notes)))
    else:
        yield from _note_numbering(
            series, [notes[i] for i in first_notes], [note_keys[i] for i in first_notes]
        )


def _note_numbering(
    series: NoteSeries, ordered: list[Note], keys: list[tuple[int, str]]
) -> Iterator[Diagnostic]:
    breaks = set(sequence_breaks(keys))
    for i in sorted(breaks):
        n = ordered[i]
        prev = f"after note {ordered[i - 1].label}" if i else "first"
        yield Diagnostic(
            NOTE_OUT_OF_ORDER,
            n.label_span,
            f"note {n.label} comes {prev}, out of order",
            n.label,
            series.index,
        )
    yield from _note_gaps(
        series, ordered, keys, [i for i in range(len(ordered)) if i not in breaks]
    )


def _note_gaps(
    series: NoteSeries,
    ordered: Sequence[Note],
    keys: Sequence[tuple[int, str]],
    kept: Iterable[int],
) -> Iterator[Diagnostic]:
    """Gaps: numbers skipped between neighbours (``kept``: the notes in order).
    A gap whose numbers have markers is already reported there
    (marker_without_note), once."""
    for a, b in itertools.pairwise(kept):
        lo, hi = keys[a][0], keys[b][0]
        if hi - lo <= 1 or keys[b][1]:
            continue
        if _all_have_markers(series.marker_labels, lo + 1, hi):
            continue
        n = ordered[b]
        shown = str(lo + 1) if hi - lo == 2 else f"{lo + 1}-{hi - 1}"
        yield Diagnostic(
            NOTE_OUT_OF_ORDER,
            n.label_span,
            f"notes jump from {ordered[a].label} to {n.label}: no note {shown}",
            n.label,
            series.index,
        )


def _all_have_markers(labels: frozenset[str], first: int, stop: int) -> bool:
    """Whether every number of ``range(first, stop)`` is a marker's label.  A
    gap wider than the markers cannot be: the answer costs at most one look
    a marker, whatever the gap (``[^1]`` then ``[^1000000000000]``)."""
    if stop - first > len(labels):
        return False
    return all(str(x) in labels for x in range(first, stop))


@check_for("CC101", "CC102", "CC103", "CC104", "CC105", "CC106")
def check_apparatus(doc: Document) -> Iterator[Diagnostic]:
    # chained in C, not a generator of generators: each finding passes one
    # frame less on its way out (0.05 s of a million)
    return itertools.chain.from_iterable(map(_series_diagnostics, doc.series))
