"""cliffcite: check and extract the endnote apparatus of scholarly prose.

The pipeline, one module a stage: ``split`` (text → markers and notes),
``find`` (note → citations), ``resolve`` (Ibid./short forms → antecedents and
sources), ``checks`` (diagnostics), ``report`` and ``writer`` (output).
"""

from cliffcite.api import check, load, parse
from cliffcite.bibliography import Bibliography, load_bibliography
from cliffcite.diagnostics import RULES, Diagnostic, Rule, Severity
from cliffcite.models import (
    Citation,
    Document,
    Locator,
    Marker,
    Note,
    NoteSeries,
    PageRange,
    Span,
)
from cliffcite.writer import to_bibtex, to_csl_json

__all__ = [
    "RULES",
    "Bibliography",
    "Citation",
    "Diagnostic",
    "Document",
    "Locator",
    "Marker",
    "Note",
    "NoteSeries",
    "PageRange",
    "Rule",
    "Severity",
    "Span",
    "check",
    "load",
    "load_bibliography",
    "parse",
    "to_bibtex",
    "to_csl_json",
]
__version__ = "0.1.0"
