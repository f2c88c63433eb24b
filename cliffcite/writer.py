"""Stage 6, write: the works a document cites as BibTeX (bibtexparser v2's
writer) or CSL-JSON, for BibTeX/biber, Zotero and Pandoc.

The bundled bibliography is BibLaTeX; classic BibTeX styles know fewer entry
types and fields, so :func:`to_bibtex` maps them (``mvbook`` → ``book``,
``location`` → ``address``, ``date`` → ``year``) unless ``biblatex=True``.
cliffcite's own fields (``variants``, ``confidence``, ``sourcenote``) stay
out of both.  Keys are the bibliography's keys, or for provisional sources
keys made from author, year and title (``fainsod1958smolensk``), so they are
stable from run to run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field

from cliffcite.bibliography import detex
from cliffcite.models import Document, Source

__all__ = ["to_bibtex", "to_csl_json", "works_cited"]

#: Fields of cliffcite's own, never written out.
PRIVATE_FIELDS = frozenset({"variants", "confidence", "sourcenote", "keywords"})
#: BibLaTeX entry types → the classic BibTeX type closest to them.
BIBTEX_TYPES = {
    "mvbook": "book",
    "mvcollection": "book",
    "collection": "book",
    "bookinbook": "inbook",
    "mvreference": "book",
    "reference": "book",
    "periodical": "misc",
    "online": "misc",
    "report": "techreport",
    "thesis": "phdthesis",
    "suppbook": "inbook",
}
#: The fields classic BibTeX styles read (plain.bst and its kin).
BIBTEX_FIELDS = frozenset(
    {"address", "author", "booktitle", "chapter", "edition", "editor", "howpublished",
     "institution", "journal", "month", "note", "number", "organization", "pages",
     "publisher", "school", "series", "title", "type", "volume", "year", "isbn", "url",
     "doi", "key"}
)  # fmt: skip
#: Fields BibLaTeX's data model does not allow for a type (biber warns of them).
BIBLATEX_INVALID = {"periodical": frozenset({"location", "address"})}
#: BibLaTeX field → BibTeX field.
BIBTEX_RENAMES = {"location": "address", "journaltitle": "journal", "date": "year"}
_SPECIAL = re.compile(r"([&%$#_{}])")
_YEAR = re.compile(r"[12][0-9]{3}")
_CSL_TYPES = {
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "article": "article-journal",
    "periodical": "periodical",
    "incollection": "chapter",
    "inbook": "chapter",
    "thesis": "thesis",
    "report": "report",
    "online": "webpage",
    "misc": "document",
    "unpublished": "manuscript",
}


def works_cited(doc: Document) -> tuple[Source, ...]:
    """The works a document cites, in the order of their first citation."""
    return doc.sources


def _escape(value: str) -> str:
    """Text from the document made safe for BibTeX (bundled values are LaTeX already)."""
    return _SPECIAL.sub(r"\\\1", value)


def _bibtex_fields(source: Source, biblatex: bool) -> dict[str, str]:
    raw = {k: v for k, v in source.fields.items() if k not in PRIVATE_FIELDS}
    if source.kind == "provisional":
        raw = {k: _escape(v) for k, v in raw.items()}
    if biblatex:
        dropped = BIBLATEX_INVALID.get(source.entry_type, frozenset())
        return {k: v for k, v in raw.items() if k not in dropped}
    out: dict[str, str] = {}
    for name, value in raw.items():
        target = BIBTEX_RENAMES.get(name, name)
        if target == "year":
            m = _YEAR.search(value)
            if m is None:
                continue
            value = m.group()
        if target in BIBTEX_FIELDS and target not in out:
            out[target] = value
    if "subtitle" in raw and "title" in out:
        out["title"] = f"{out['title']}: {raw['subtitle']}"
    if source.entry_type == "periodical" and "title" not in out and "journal" in out:
        out["title"] = out.pop("journal")
    if "address" not in out and "address" in raw:
        out["address"] = raw["address"]
    if "author" in out:  # classic styles take one or the other
        out.pop("editor", None)
    elif "editor" not in out and "title" in out:  # what plain.bst sorts by
        out["key"] = out["title"].lstrip("{").split()[0].strip("{},.") or source.key
    return out


def to_bibtex(doc: Document, *, biblatex: bool = False) -> str:
    """BibTeX of the works cited (one entry a work), written by bibtexparser."""
    library = Library()
    for source in works_cited(doc):
        fields = _bibtex_fields(source, biblatex)
        entry_type = (
            source.entry_type
            if biblatex
            else BIBTEX_TYPES.get(source.entry_type, source.entry_type)
        )
        library.add(BibEntry(entry_type, source.key, [Field(k, v) for k, v in fields.items()]))
    return str(write_string(library))


# --------------------------------------------------------------------------- CSL-JSON


def _plain(value: str) -> str:
    """A BibTeX value as plain Unicode (accents applied, braces and ``--``
    resolved, TeX quotes made typographic), for CSL-JSON."""
    return detex(value).replace("``", "“").replace("''", "”")


def _names(value: str) -> list[dict[str, str]]:
    out = []
    for name in re.split(r"\s+and\s+", value):
        name = _plain(name)
        if not name:
            continue
        if "," in name:
            family, _, given = name.partition(",")
            out.append({"family": family.strip(), "given": given.strip()})
        else:
            tokens = name.split()
            if len(tokens) == 1:
                out.append({"family": tokens[0]})
            else:
                out.append({"family": tokens[-1], "given": " ".join(tokens[:-1])})
    return out


_ISO = re.compile(r"([12][0-9]{3})(?:-([01][0-9])(?:-([0-3][0-9]))?)?")


def _issued(fields: Mapping[str, str]) -> dict[str, Any] | None:
    value = fields.get("date") or fields.get("year")
    if not value:
        return None
    m = _ISO.match(value.strip())
    if m is None:
        return {"literal": value}
    return {"date-parts": [[int(p) for p in m.groups() if p]]}


def _csl_item(source: Source) -> dict[str, Any]:
    f = source.fields
    item: dict[str, Any] = {"id": source.key, "type": _CSL_TYPES.get(source.entry_type, "document")}
    title = f.get("title") or f.get("journaltitle")
    if title:
        subtitle = f.get("subtitle")
        item["title"] = _plain(f"{title}: {subtitle}" if subtitle else title)
    for bib_name, csl_name in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
    ):
        if f.get(bib_name):
            item[csl_name] = _names(f[bib_name])
    issued = _issued(f)
    if issued:
        item["issued"] = issued
    for bib_name, csl_name in (
        ("publisher", "publisher"),
        ("location", "publisher-place"),
        ("address", "publisher-place"),
        ("volume", "volume"),
        ("volumes", "number-of-volumes"),
        ("pagetotal", "number-of-pages"),
        ("isbn", "ISBN"),
        ("journaltitle", "container-title"),
        ("number", "issue"),
        ("pages", "page"),
        ("edition", "edition"),
    ):
        if f.get(bib_name) and csl_name not in item:
            item[csl_name] = _plain(f[bib_name])
    if source.entry_type == "periodical":
        item.pop("container-title", None)
    return item


def to_csl_json(doc: Document) -> str:
    """CSL-JSON (an array of items) of the works cited."""
    return json.dumps(csl_items(works_cited(doc)), ensure_ascii=False, indent=2)


def csl_items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [_csl_item(s) for s in sources]
