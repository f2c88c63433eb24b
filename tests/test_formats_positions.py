"""Every span a reader gives slices to what is written in the file, and
``Note.source_offset`` maps each character of a note's text back to where it
stands, for every development-corpus document and for synthetic ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cliffcite
from cliffcite.models import Document
from tests.conftest import CORPUS_DEV, SEED

CORPUS = sorted(CORPUS_DEV.glob("*")) if CORPUS_DEV.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS, reason="development corpus absent")

# What a marker looks like as written, by format ({} stands for the label).
MARKER_SHAPES = {
    "text": [r"\[{}\]", r"\{{}\}", r"\({}\)"],
    "gutenberg": [r"\[{}\]"],
    "markdown": [
        r"\[\^{}\]",
        r"\\\[{}\\\]",
        r"\[{}\]",
        r"(?:\^|<sup>)?\[(?:\\\[{}\\\]|\[{}\]|{})\]\(#[^)\s]*\)(?:\{[^}]*\})?(?:\^|</sup>)?",
    ],
    "html": [r"\[{}\]", r"\({}\)", r"{}"],
}


def check_spans(doc: Document) -> None:
    text = doc.text
    for s in doc.series:
        for m in s.markers:
            written = m.span.slice(text)
            label = re.escape(m.label)
            shapes = [p.replace("{}", label) for p in MARKER_SHAPES[doc.format]]
            assert any(re.fullmatch(p, written) for p in shapes), (m, written)
            assert m.series == s.index
        for n in s.notes:
            assert n.series == s.index
            assert n.span.start <= n.label_span.start <= n.label_span.end <= n.span.end
            assert n.text_span.end <= n.span.end <= len(text)
            assert n.label in n.label_span.slice(text)
            written = n.label_span.slice(text)
            assert written == written.strip()
            if doc.format != "html":
                # the text is the written text, white space folded
                assert " ".join(n.text_span.slice(text).split()) == n.text
            for i, ch in enumerate(n.text):
                if ch.isspace():
                    continue
                at = n.source_offset(i)
                assert n.text_span.start <= at < n.text_span.end
                assert text[at] == ch or text[at] == "&", (n.label, i, n.text[i - 5 : i + 5])


@needs_corpus
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_spans_slice_to_what_is_written(path: Path) -> None:
    doc = cliffcite.load(str(path))
    assert doc.markers and doc.notes
    check_spans(doc)


def test_seed_spans() -> None:
    check_spans(cliffcite.load(str(SEED)))


@pytest.mark.parametrize(
    "text",
    [
        "Text (1) and (2).\n\nNotes\n\n1) Serge,\n   p.1.\n2) Reiman.\n",
        "Text {1} and {2}.\r\n\r\n[1] Serge,\r\n  p.1.\r\n[2] Reiman.\r\n",
        "Text [1] and [2*].\n\nNotes\n\n1. Serge.\n\nEditors' notes\n\n2*. Ed.\n",
    ],
)
def test_synthetic_text_spans(text: str) -> None:
    doc = cliffcite.parse(text, format="text")
    assert len(doc.markers) == 2 and len(doc.notes) == 2
    check_spans(doc)


def test_position_in_html_source() -> None:
    text = (
        "<html>\r\n<body>\r\n"
        '<p>Body &amp; more<sup class="ednote">[1]</sup>,\r\n'
        '  then<a href="#n2" name="f2">[2]</a>.</p>\r\n'
        '<p class="endnote">1. Serge,\r\n    <i>Memoirs</i>, p.2.</p>\r\n'
        '<p class="endnote"><a name="n2" href="#f2">2.</a> Ibid.</p>\r\n'
    )
    doc = cliffcite.parse(text, path="x.html")
    check_spans(doc)
    one, two = doc.markers
    assert doc.position(one.span.start) == (3, 39)
    assert doc.position(two.span.start) == (4, 31)
    n1, n2 = doc.notes
    assert doc.position(n1.label_span.start) == (5, 20)
    assert n1.text == "Serge, Memoirs, p.2."
    # "Memoirs" inside the note stands on line 6, after the <i> tag
    assert doc.position(n1.source_offset(n1.text.index("Memoirs"))) == (6, 8)
    assert n1.source_span(7, 14).slice(text) == "Memoirs"
    assert doc.position(n2.label_span.start) == (7, 44)


def test_position_in_markdown_source() -> None:
    text = "Text.[^1]\r\n\r\n[^1]: Serge,\r\n    *Memoirs*, p.2.\r\n"
    doc = cliffcite.parse(text, path="x.md")
    check_spans(doc)
    (note,) = doc.notes
    assert note.text == "Serge, *Memoirs*, p.2."
    assert note.source_span(8, 15).slice(text) == "Memoirs"
    assert doc.position(note.source_offset(8)) == (4, 6)
