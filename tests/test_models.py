"""models.replace and models._replacer: the pipeline's cheap attrs.evolve."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite import parse
from cliffcite.checks import run_checks
from cliffcite.diagnostics import select_rules
from cliffcite.find import find_citations
from cliffcite.models import Document, Note, Problem, Span, _replacer, replace
from cliffcite.resolve import resolve_citations
from cliffcite.sources import match_sources
from cliffcite.split import detect_format, split

from .conftest import ROOT

APPARATUS = ROOT / "tests" / "cases" / "apparatus"
APPARATUS_CASES = sorted(p.name for p in APPARATUS.iterdir() if p.is_file())


@attrs.frozen
class _KwOnly:
    a: int
    b: int = attrs.field(kw_only=True)


@attrs.frozen
class _Private:
    _a: int
    b: int


def test_replace_is_evolve_on_every_object_of_a_document(seed_text: str) -> None:
    doc = parse(seed_text)
    for note in doc.notes:
        assert replace(note, citations=()) == attrs.evolve(note, citations=())
        for cite in note.citations:
            changed = {"source": "x", "problems": (Problem("page_prefix", "m"),)}
            assert replace(cite, **changed) == attrs.evolve(cite, **changed)
            assert type(replace(cite)) is type(cite)
    assert replace(doc, sources=()) == attrs.evolve(doc, sources=())
    assert replace(Span(1, 2), end=3) == Span(1, 3)


def test_replace_falls_back_to_evolve_where_fields_are_not_positional() -> None:
    assert replace(_KwOnly(1, b=2), b=3) == _KwOnly(1, b=3)
    assert replace(_Private(1, 2), b=3) == _Private(1, 3)


def test_replace_rejects_an_unknown_field() -> None:
    with pytest.raises(KeyError):
        replace(Span(1, 2), middle=3)


# -- _replacer: replace of fixed fields, compiled per class ------------------------------------


@attrs.frozen
class _Checked:
    a: int = attrs.field(converter=int)
    b: int = attrs.field(validator=attrs.validators.ge(0), default=0)


def _all_fields(inst: object) -> list[object]:
    """Every field, those left out of ``==`` too (``Resolution.citation``)."""
    return [getattr(inst, a.name) for a in attrs.fields(type(inst))]


def _objects(seed_text: str) -> list[object]:
    doc = parse(seed_text)
    out: list[object] = [doc, *doc.series, *doc.sources, Span(1, 2), _Checked(1, 2)]
    for note in doc.notes:
        out.append(note)
        for cite in note.citations:
            out.extend(x for x in (cite, cite.resolved, cite.locator) if x is not None)
    return out


_VALUES = st.sampled_from([None, 0, 7, "x", (), ("a",), (Problem("page_prefix", "m"),)])


@given(data=st.data())
def test_replacer_is_evolve(seed_text: str, data: st.DataObject) -> None:
    """The reference is ``attrs.evolve``: the same class, every field the same
    object, whichever fields change, in whatever order they are named."""
    inst = data.draw(st.sampled_from(_objects(seed_text)))
    names = [a.name for a in attrs.fields(type(inst)) if a.init]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True))
    values = [data.draw(_VALUES) for _ in chosen]
    try:
        expected = attrs.evolve(inst, **dict(zip(chosen, values, strict=True)))  # type: ignore[misc]
    except (TypeError, ValueError) as exc:  # a converter or validator refused
        with pytest.raises(type(exc)):
            _replacer(*chosen)(inst, *values)
        return
    got = _replacer(*chosen)(inst, *values)
    assert type(got) is type(expected)
    assert all(x is y for x, y in zip(_all_fields(got), _all_fields(expected), strict=True))


def test_replacer_runs_converters_and_validators() -> None:
    assert _replacer("a")(_Checked(1, 2), "5") == _Checked(5, 2)
    with pytest.raises(ValueError, match="b"):
        _replacer("b")(_Checked(1, 2), -1)


def test_replacer_falls_back_to_replace_where_fields_are_not_positional() -> None:
    assert _replacer("b")(_KwOnly(1, b=2), 3) == _KwOnly(1, b=3)
    assert _replacer("b", "a")(_Private(1, 2), 3, 4) == _Private(4, 3)


def test_replacer_rejects_an_unknown_field() -> None:
    with pytest.raises(KeyError):
        _replacer("middle")(Span(1, 2), 3)


@settings(max_examples=1000)
@given(
    text=st.text(max_size=20),
    base=st.integers(0, 50),
    extra=st.integers(-25, 5),  # text_span shorter or longer than the text
    runs=st.one_of(st.just(()), st.just(((0, 7), (3, 40)))),
    data=st.data(),
)
def test_a_source_span_without_runs_is_read_by_the_offset(
    text: str, base: int, extra: int, runs: tuple[tuple[int, int], ...], data: st.DataObject
) -> None:
    """``Note.source_span``'s shortcut (no runs, a stretch inside
    ``text_span``) is the span of the offsets of its two ends, on any note."""
    end_of_span = max(base, base + len(text) + extra)
    n = Note(
        "1", Span(base, end_of_span), Span(base, base), text, Span(base, end_of_span), runs=runs
    )
    start = data.draw(st.integers(0, len(text) + 2))
    end = data.draw(st.integers(0, len(text) + 2))
    if end <= start:
        by_offsets = Span(n.source_offset(start), n.source_offset(start))
    else:
        by_offsets = Span(n.source_offset(start), n.source_offset(end - 1) + 1)
    got = n.source_span(start, end)
    if by_offsets.start <= by_offsets.end:
        assert got == by_offsets
    else:  # runs out of order (or a text_span too short): the hull, never backwards
        assert got.start <= got.end


# -- values: the models are not frozen, and no stage changes what it is given ------------------


def _snapshot(doc: Document) -> dict[str, object]:
    """Every field of every object reachable from ``doc``, those left out of
    ``==`` and ``repr`` too (``Note.runs``, ``Resolution.citation``)."""
    return attrs.asdict(doc)


@pytest.mark.parametrize("case", ["seed", *APPARATUS_CASES])
def test_no_stage_changes_the_document_it_is_given(case: str, seed_text: str) -> None:
    """The models are ``attrs.define`` classes, not ``frozen`` ones (a frozen
    class's ``__init__`` sets each field through ``object.__setattr__``, 16 %
    of the seed's check), so that each stage returns new objects and leaves
    its input as it was is kept by this test rather than by the classes."""
    text = seed_text if case == "seed" else (APPARATUS / case).read_text(encoding="utf-8")
    fmt = detect_format(text, case)
    reading = split(text, format=fmt)
    doc = Document(text, reading.series, case, fmt, reading.diagnostics)
    for stage in (find_citations, resolve_citations, match_sources):
        before = _snapshot(doc)
        out = stage(doc)
        assert _snapshot(doc) == before, stage.__name__
        doc = out
    before = _snapshot(doc)
    list(run_checks(doc, select_rules(None, None)))
    assert _snapshot(doc) == before, "run_checks"


def test_the_models_compare_and_hash_by_value() -> None:
    """As they did frozen: equal values are equal and hash alike, so a
    citation or span is still a dictionary key."""
    doc = parse("Text.[1]\n\nNotes\n\n1. Trotsky, My Life, pp.531-2.\n")
    (cite,) = doc.citations
    twin = replace(cite)
    assert twin == cite and twin is not cite and hash(twin) == hash(cite)
    assert {Span(1, 2): "a"}[Span(1, 2)] == "a" and Span(1, 2) < Span(1, 3)
