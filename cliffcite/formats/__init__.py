"""Readers: one module per input convention, each turning a decoded text into
note series with spans into that same text.

A reader is a function ``read(text: str) -> Reading``.  It must never raise on
any text; what it cannot make sense of becomes a diagnostic.  Positions are
character offsets into the text it was given (the whole file, markup
included), so that line and column point into the file the user opened.
"""

from __future__ import annotations

from attrs import frozen

from cliffcite.diagnostics import Diagnostic
from cliffcite.models import NoteSeries

__all__ = ["Reading"]


@frozen
class Reading:
    series: tuple[NoteSeries, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
