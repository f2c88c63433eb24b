"""Which reader a document gets: by extension, then by content."""

from __future__ import annotations

import pytest

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
