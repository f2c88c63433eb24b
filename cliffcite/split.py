"""Stage 1, split: a decoded text → note series (markers and notes), by the
reader for its convention (``cliffcite.formats``)."""

from __future__ import annotations

import functools
import importlib
import os
from types import ModuleType

from cliffcite.formats import Reading

__all__ = ["EXTENSIONS", "FORMATS", "detect_format", "split"]

#: Reader modules under ``cliffcite.formats``, by format name.
FORMATS = ("text", "html", "markdown", "gutenberg")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xht": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
}


@functools.cache
def _reader(fmt: str) -> ModuleType:
    """The reader module of a format, imported on first use."""
    return importlib.import_module(f"cliffcite.formats.{fmt}")


def _looks_like(fmt: str, text: str) -> bool:
    return bool(_reader(fmt).looks_like(text))


def detect_format(text: str, path: str | None = None) -> str:
    """The reader for a text: by extension, then by content.  Project Gutenberg
    footnotes are recognised inside ``.txt`` and ``.md`` files alike.  Each
    reader's ``looks_like`` looks only at the start of the text (how far is
    its own ``SNIFF_CHARS``)."""
    ext = os.path.splitext(path or "")[1].lower()
    by_ext = EXTENSIONS.get(ext)
    if by_ext == "html":
        return "html"
    if _looks_like("gutenberg", text):
        return "gutenberg"
    if by_ext is not None:
        return by_ext
    if _looks_like("html", text):
        return "html"
    if _looks_like("markdown", text):
        return "markdown"
    return "text"


def split(text: str, *, format: str | None = None, path: str | None = None) -> Reading:
    """Markers and notes of ``text``, grouped into series."""
    fmt = format or detect_format(text, path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    reading: Reading = _reader(fmt).read(text)
    return reading
