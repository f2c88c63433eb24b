"""Which reader a document gets: by extension, then by content."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cliffcite.formats import gutenberg, markdown
from cliffcite.split import detect_format

GUTENBERG = "CHAPTER I.\n\nText [1].\n\n[Footnote 1: Pliny.]\n"
HTML = "<!DOCTYPE html>\n<html><body><p>Text<sup>1</sup></p></body></html>\n"
MARKDOWN = "# Title\n\nText.[^1]\n\n[^1]: A note.\n"
TEXT = "Text. [1]\n\nNotes\n\n1. Serge, p.223.\n"


@pytest.mark.parametrize(
    ("text", "path", "fmt"),
    [
        # negative examples first: what must not be taken for Gutenberg or Markdown
        (TEXT.replace("Notes", "Footnotes:"), "a.txt", "text"),
        (MARKDOWN + "\nFrom Project Gutenberg.\n", "a.md", "markdown"),
        (TEXT + "\nScanned by Project Gutenberg volunteers.\n", None, "gutenberg"),
        (HTML.replace("Text", "Text [Footnote 1: x]"), "a.html", "html"),
        # by extension
        (GUTENBERG, "a.md", "gutenberg"),
        (GUTENBERG, "a.txt", "gutenberg"),
        (HTML, "a.htm", "html"),
        (HTML, "a.xhtml", "html"),
        (MARKDOWN, "a.markdown", "markdown"),
        (TEXT, "a.txt", "text"),
        ("Text [1].\n\nFOOTNOTES:\n\n[1] One.\n", "a.txt", "gutenberg"),
        # by content
        (GUTENBERG, None, "gutenberg"),
        (HTML, "a.dat", "html"),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/>', None, "html"),
        (MARKDOWN, None, "markdown"),
        (TEXT, None, "text"),
        ("\ufeff" + HTML, None, "html"),
        ("Preface.\n" * 2000 + GUTENBERG, None, "gutenberg"),
    ],
)
def test_detect_format(text: str, path: str | None, fmt: str) -> None:
    assert detect_format(text, path) == fmt


# The sniffs skip their patterns when a cheap string search shows no match is
# possible; on texts made of the pieces those patterns look for, the answer must
# be the patterns' own.
_PIECES = [
    "---\n", "+++\n", "# T", "## C", "\n", " ", "\t", "- x", "* x", "+ x", "[^1]", "[^1]:",
    "](#n1)", "\\[1", "{.info}", "[Footnote 1:", "[footnote", "FOOTNOTES:\n[", "FOOTNOTES",
    "Project Gutenberg", "[1]", "text", "-", "*", "+", "#", "[", "]", "(", "{", ".", "\\",
]  # fmt: skip


def _markdown_by_pattern(text: str) -> bool:
    head = text[: markdown.SNIFF_CHARS].lstrip("\ufeff")
    if head.lstrip()[:1] == "<":
        return False
    kinds = {m.group()[:2] for m in markdown._SNIFF.finditer(head)}
    return len(kinds) >= 2 or bool(re.match(r"(?:---|\+\+\+)[ \t]*\r?\n", head))


def _gutenberg_by_pattern(text: str) -> bool:
    n = gutenberg.SNIFF_CHARS
    if gutenberg._SNIFF.search(text, 0, n) or gutenberg._SNIFF_SECTION.search(text, 0, n):
        return True
    return "Project Gutenberg" in text[:n] and not gutenberg._MARKDOWN_FOOTNOTE.search(text, 0, n)


@example("x\n# T\n## C")  # headings only: two kinds of match
@example("x\n\t* a\n+\tb")
@example("x\n\n  FOOTNOTES:\n\n[1] One.")
@example("Project Gutenberg\n\n[^1]: A note.")
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_sniff_shortcuts_agree_with_the_patterns(text: str) -> None:
    assert markdown.looks_like(text) == _markdown_by_pattern(text)
    assert gutenberg.looks_like(text) == _gutenberg_by_pattern(text)
