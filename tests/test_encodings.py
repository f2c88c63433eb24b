"""The same document saved in other encodings and with CRLF line endings reads
the same through ``cliffcite.load``: the same markers and notes, labels, note
texts and (line, column) positions."""

from __future__ import annotations

from pathlib import Path

import pytest

import cliffcite
from cliffcite.models import Document
from tests.conftest import SEED

# Synthetic documents whose every character is in Latin-1, so that they can be
# saved in every encoding under test.
HTML = (
    "<!DOCTYPE html>\n<html><head><title>Chapitre</title></head>\n<body>\n"
    "<p>Über die Frage: «la réforme» est achevée.<sup>1</sup>\n"
    'Jaurès répondit.<a href="#n2" name="f2">[2]</a></p>\n'
    "<h3>Notes</h3>\n"
    '<p class="endnote">1. Jaurès, <i>Études</i>,\n   Paris 1901, p.12.</p>\n'
    '<p class="endnote"><a name="n2" href="#f2">2.</a> Ibid., p.14 &amp; ß.</p>\n'
    "</body></html>\n"
)
MARKDOWN = (
    "# Über die Frage\n\n"
    "«La réforme» est achevée.[^1] Jaurès répondit.[^2]\n\n"
    "[^1]: Jaurès, *Études*,\n    Paris 1901, p.12.\n\n"
    "[^2]: Ibid.,\np.14 ß.\n"
)
GUTENBERG = (
    "CHAPTER I.\n\nLa réforme [1] est achevée.\n\n"
    "[Footnote 1: Jaurès, Études,\nParis 1901, p.12.]\n\nJaurès répondit. [2]\n\n"
    "[Footnote 2: Ibid., p.14 ß.]\n"
)

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("cp1252", b""),
    ("latin-1", b""),
]


def _summary(doc: Document) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for s in doc.series:
        out.append(("series", s.index, s.name))
        out += [("marker", m.label, doc.position(m.span.start)) for m in s.markers]
        out += [
            ("note", n.label, n.text, doc.position(n.span.start), doc.position(n.label_span.end))
            for n in s.notes
        ]
    return out


def _save(tmp_path: Path, name: str, text: str, encoding: str, bom: bytes, crlf: bool) -> str:
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes(bom + text.encode(encoding))
    return str(path)


def _representable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("doc.html", HTML, "html"),
        ("doc.md", MARKDOWN, "markdown"),
        ("doc.txt", GUTENBERG, "gutenberg"),
    ],
)
@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS)
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_synthetic_documents_read_the_same(
    tmp_path: Path, name: str, text: str, fmt: str, encoding: str, bom: bytes, crlf: bool
) -> None:
    want = cliffcite.parse(text, path=name)
    assert want.format == fmt and len(want.markers) == 2 and len(want.notes) == 2
    got = cliffcite.load(_save(tmp_path, name, text, encoding, bom, crlf))
    assert got.format == fmt
    assert _summary(got) == _summary(want)
    for n in got.notes:
        assert "\r" not in n.text


def test_synthetic_note_texts() -> None:
    html = cliffcite.parse(HTML, path="doc.html")
    assert [n.text for n in html.notes] == ["Jaurès, Études, Paris 1901, p.12.", "Ibid., p.14 & ß."]
    md = cliffcite.parse(MARKDOWN, path="doc.md")
    assert [n.text for n in md.notes] == ["Jaurès, *Études*, Paris 1901, p.12.", "Ibid., p.14 ß."]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS)
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_seed_chapter_reads_the_same(
    tmp_path: Path, seed_text: str, encoding: str, bom: bytes, crlf: bool
) -> None:
    if not _representable(seed_text, encoding):
        pytest.skip(f"the seed chapter has characters {encoding} cannot hold")
    want = cliffcite.load(str(SEED))
    got = cliffcite.load(_save(tmp_path, "seed.txt", seed_text, encoding, bom, crlf))
    assert (len(got.markers), len(got.notes)) == (53, 53)
    assert _summary(got) == _summary(want)
    for n in got.notes:
        assert "\r" not in n.text


def test_html_charset_declaration_is_followed(tmp_path: Path) -> None:
    text = HTML.replace("<head>", '<head><meta charset="iso-8859-1">')
    path = tmp_path / "declared.html"
    path.write_bytes(text.encode("latin-1"))
    doc = cliffcite.load(str(path))
    assert doc.notes[0].text == "Jaurès, Études, Paris 1901, p.12."
