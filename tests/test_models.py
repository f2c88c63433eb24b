"""models.replace: the pipeline's cheap attrs.evolve."""

from __future__ import annotations

import attrs
import pytest

from cliffcite import parse
from cliffcite.models import Problem, Span, replace


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
