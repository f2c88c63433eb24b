"""The reference chapter written in each convention reads the same: the same
markers and notes, note texts, citations and findings as the plain text.
The HTML is marxists.org's markup or pandoc's (notes numbered by an ``<ol>``);
the Markdown uses footnotes."""

from __future__ import annotations

import html
import re

import pytest

import cliffcite
from cliffcite.models import Document


def _paragraphs(seed: str) -> tuple[list[str], list[tuple[str, str]]]:
    body: list[str] = []
    notes: list[tuple[str, str]] = []
    for p in (p.strip() for p in seed.split("\n\n")):
        m = re.match(r"(\d+)\. (.*)", p, re.S)
        if p.startswith("1. Serge") or (notes and m):
            assert m is not None
            notes.append((m.group(1), m.group(2)))
        elif p and not p.startswith("Last updated"):
            body.append(p)
    return body, notes


def as_html(seed: str) -> str:
    body, notes = _paragraphs(seed)
    out = ['<!DOCTYPE html>\n<html><head><meta charset="iso-8859-1"></head><body>']
    for p in body:
        text = re.sub(
            r"\[(\d+)\]",
            lambda k: f'<sup class="anote"><a href="#n{k[1]}" name="f{k[1]}">[{k[1]}]</a></sup>',
            html.escape(p, quote=False),
        )
        out.append(f'<p class="fst">{text}</p>')
    out.append("<h4>Notes</h4>")
    for n, text in notes:
        out.append(f'<p class="note"><a name="n{n}" href="#f{n}">{n}.</a> {html.escape(text)}</p>')
    out.append('<p class="updat">Last updated on 31 July 2009</p></body></html>')
    return "\n".join(out)


def as_pandoc_html(seed: str) -> str:
    """pandoc's HTML (and EPUB) footnotes: the notes are a list, numbered by it."""
    body, notes = _paragraphs(seed)
    out = ["<html><body>"]
    for p in body:
        text = re.sub(
            r" ?\[(\d+)\]",
            lambda k: (
                f'<a href="#fn{k[1]}" class="footnote-ref" id="fnref{k[1]}"><sup>{k[1]}</sup></a>'
            ),
            html.escape(p, quote=False),
        )
        out.append(f"<p>{text}</p>")
    out.append('<section class="footnotes"><hr /><ol>')
    for n, text in notes:
        back = f'<a href="#fnref{n}" class="footnote-back">↩︎</a>'
        out.append(f'<li id="fn{n}"><p>{html.escape(text)}{back}</p></li>')
    out.append("</ol></section></body></html>")
    return "\n".join(out)


def as_markdown(seed: str) -> str:
    body, notes = _paragraphs(seed)
    out = [re.sub(r" ?\[(\d+)\]", r"[^\1]", p) for p in body]
    out += [f"[^{n}]: {text}" for n, text in notes]
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def plain(seed_text: str) -> Document:
    return cliffcite.parse(seed_text)


@pytest.mark.parametrize(
    "make, fmt", [(as_html, "html"), (as_pandoc_html, "html"), (as_markdown, "markdown")]
)
def test_seed_reads_the_same_in_every_convention(
    plain: Document, seed_text: str, make: object, fmt: str
) -> None:
    text = make(seed_text)  # type: ignore[operator]
    doc = cliffcite.parse(text, format=fmt)
    assert doc.format == fmt
    assert [m.label for m in doc.markers] == [m.label for m in plain.markers]
    assert [(n.label, n.text) for n in doc.notes] == [(n.label, n.text) for n in plain.notes]
    assert [(c.note, c.kind, c.author, c.title, c.antecedent, c.source) for c in doc.citations] == [
        (c.note, c.kind, c.author, c.title, c.antecedent, c.source) for c in plain.citations
    ]
    assert [(d.code, d.note) for d in cliffcite.check(doc)] == [
        (d.code, d.note) for d in cliffcite.check(plain)
    ]
    for m in doc.markers:  # positions point into the file as written
        assert m.span.slice(text) in (f"[{m.label}]", f"[^{m.label}]", m.label)
    for c in doc.citations:  # citation spans too, through the note's runs
        assert html.unescape(c.span.slice(text)) == c.text
