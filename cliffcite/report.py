"""Rendering: diagnostics as linter lines or JSON, documents as JSON.

The JSON shapes are a contract other tools rely on: fields are added, never
renamed or removed.  Lines and columns are 1-based, in the original file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring as _encode_string
from typing import Any

from cliffcite.diagnostics import RULES, Diagnostic, Severity
from cliffcite.models import Citation, Document, Note

__all__ = [
    "citation_dict",
    "diagnostic_dict",
    "document_dict",
    "format_json",
    "format_text",
    "kinds",
    "rules_markdown",
    "summary",
    "text_line",
]


def _path(doc: Document) -> str:
    return doc.path if doc.path is not None else "<string>"


def _positions(doc: Document, d: Diagnostic) -> tuple[int, int, int, int]:
    if d.where is not None:
        return (*d.where, *d.where)
    return (*doc.position(d.span.start), *doc.position(d.span.end))


def diagnostic_dict(doc: Document, d: Diagnostic) -> dict[str, Any]:
    line, col, end_line, end_col = _positions(doc, d)
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.level.value,
        "path": d.path or _path(doc),
        "line": line,
        "col": col,
        "end_line": end_line,
        "end_col": end_col,
        "note": d.note,
        "series": d.series,
        "message": d.message,
    }


#: A severity's JSON name, looked up in a dict: ``Severity.value`` is a
#: descriptor call, and a hostile text has a million findings.
_SEVERITY_NAMES = {s: s.value for s in Severity}


def kinds(diagnostics: Iterable[Diagnostic]) -> Iterator[tuple[str, str]]:
    """``(code, severity)`` of each diagnostic, as :func:`diagnostic_dict` has them."""
    names = _SEVERITY_NAMES
    for d in diagnostics:
        yield d.rule.code, names[d.severity or d.rule.severity]


def format_text(doc: Document, diagnostics: Iterable[Diagnostic]) -> list[str]:
    """``path:line:col: CODE name message``, one line a diagnostic: the
    :func:`text_line` of each :func:`diagnostic_dict`, written without the
    dicts (a line needs one position, a dict two, and the dicts of a hostile
    text's million findings took half its time and memory)."""
    default = _path(doc)
    position = doc.position
    out: list[str] = []
    append = out.append
    # findings come in text order, often several at one place: looked up once
    at: int | None = None
    where = (0, 0)
    for d in diagnostics:
        if d.where is not None:
            line, col = d.where
        else:
            if d.span.start != at:
                at, where = d.span.start, position(d.span.start)
            line, col = where
        r = d.rule
        append(f"{d.path or default}:{line}:{col}: {r.code} {r.name} {d.message}")
    return out


def text_line(d: dict[str, Any]) -> str:
    """The text line of a diagnostic in its JSON shape (:func:`diagnostic_dict`),
    so that a caller holding both renders each position once."""
    return f"{d['path']}:{d['line']}:{d['col']}: {d['code']} {d['name']} {d['message']}"


def format_json(doc: Document, diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """The :func:`diagnostic_dict` of each diagnostic; a place met again
    (findings in text order, often several at one) is not looked up again."""
    default = _path(doc)
    position = doc.position
    names = _SEVERITY_NAMES
    out: list[dict[str, Any]] = []
    append = out.append
    at: int | None = None
    to: int | None = None
    start = end = (0, 0)
    for d in diagnostics:
        if d.where is not None:
            line, col = end_line, end_col = d.where
        else:
            span = d.span
            if span.start != at:
                at, start = span.start, position(span.start)
            if span.end != to:
                to, end = span.end, position(span.end)
            line, col = start
            end_line, end_col = end
        r = d.rule
        append(
            {
                "code": r.code,
                "name": r.name,
                "severity": names[d.severity or r.severity],
                "path": d.path or default,
                "line": line,
                "col": col,
                "end_line": end_line,
                "end_col": end_col,
                "note": d.note,
                "series": d.series,
                "message": d.message,
            }
        )
    return out


def citation_dict(doc: Document, c: Citation) -> dict[str, Any]:
    line, col = doc.position(c.span.start)
    resolved = None
    if c.resolved is not None:
        r = c.resolved
        resolved = {"author": r.author, "title": r.title, "volume": r.volume, "note": r.note}
    return {
        "kind": c.kind,
        "text": c.text,
        "author": c.author,
        "title": c.title,
        "volume": c.volume,
        "pages": c.locator.as_lists() if c.locator else [],
        "pages_text": c.locator.text if c.locator else None,
        "date": c.date,
        "place": c.place,
        "publisher": c.publisher,
        "year": c.year,
        "archive": list(c.archive),
        "antecedent": c.antecedent,
        "resolved": resolved,
        "source": c.source,
        "problems": [p.rule for p in c.problems],
        "line": line,
        "col": col,
    }


def _note_dict(doc: Document, n: Note) -> dict[str, Any]:
    line, col = doc.position(n.label_span.start)
    return {
        "label": n.label,
        "line": line,
        "col": col,
        "series": n.series,
        "text": n.text,
        "citations": [citation_dict(doc, c) for c in n.citations],
    }


def document_dict(doc: Document, diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The ``notes --format json`` object of one file."""
    markers = []
    for s in doc.series:
        for m in s.markers:
            line, col = doc.position(m.span.start)
            linked = m.label if m.label in s.notes_by_label else None
            markers.append(
                {"label": m.label, "line": line, "col": col, "series": m.series, "note": linked}
            )
    return {
        "path": _path(doc),
        "format": doc.format,
        "series": [
            {"index": s.index, "name": s.name, "markers": len(s.markers), "notes": len(s.notes)}
            for s in doc.series
        ],
        "markers": markers,
        "notes": [_note_dict(doc, n) for s in doc.series for n in s.notes],
        "diagnostics": format_json(doc, diagnostics),
    }


def summary(docs: int, notes: int, markers: int, diagnostics: Sequence[Diagnostic]) -> str:
    """One closing line for a person: what was read, what was found."""
    read = f"{docs} file{'s' * (docs != 1)}, {markers} markers, {notes} notes"
    if not diagnostics:
        return f"All checks passed ({read})."
    levels = Counter(d.level for d in diagnostics)
    parts = [
        f"{levels[s]} {s.value}{'s' * (levels[s] != 1)}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if levels[s]
    ]
    return f"Found {len(diagnostics)}: {', '.join(parts)} ({read})."


def dumps(obj: object) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2)``, character for
    character.  With an indent, :mod:`json` encodes in Python a value at a
    time (800,000 findings: 5 s of a 9 s run); strings, integers, lists and
    dicts of them are written here with its C string encoder, a line a value,
    and anything else is left to :mod:`json`."""
    out: list[str] = []
    try:
        _indented(obj, "\n", out)
    except _NotPlain:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


class _NotPlain(Exception):
    """A value :func:`_indented` leaves to :mod:`json` (a float, a tuple, a
    key that is not a string, a subclass)."""


_SCALARS = {True: "true", False: "false", None: "null"}


def _indented(obj: Any, newline: str, out: list[str]) -> None:
    """Append ``obj`` as ``json.dumps(..., indent=2)`` writes it, its lines
    starting with ``newline`` (a line break and the indent it is at)."""
    kind = type(obj)
    if kind is str:
        out.append(_encode_string(obj))
    elif kind is int:
        out.append(int.__repr__(obj))
    elif kind is bool or obj is None:
        out.append(_SCALARS[obj])
    elif kind is list:
        if not obj:
            out.append("[]")
            return
        inner = newline + "  "
        opening = "[" + inner
        for item in obj:
            out.append(opening)
            opening = "," + inner
            _indented(item, inner, out)
        out.append(newline + "]")
    elif kind is dict:
        if not obj:
            out.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, value in obj.items():
            if type(key) is not str:
                raise _NotPlain
            head = opening + _encode_string(key) + ": "
            opening = "," + inner
            kind = type(value)  # (a string or a number written here: no call for each)
            if kind is str:
                out.append(head + _encode_string(value))
            elif kind is int:
                out.append(head + int.__repr__(value))
            else:
                out.append(head)
                _indented(value, inner, out)
        out.append(newline + "}")
    else:
        raise _NotPlain


def rules_markdown() -> str:
    """``docs/rules.md``: every rule, the ruff way.  Its examples are run by the tests."""
    out = [
        "# Rules",
        "",
        "Generated by `python -m cliffcite rules --format markdown`; do not edit by hand.",
        "Select or ignore rules by code (`CC101`), prefix (`CC1`) or name.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    out += [f"| {r.code} | `{r.name}` | {r.severity.value} | {r.summary} |" for r in RULES.values()]
    for r in RULES.values():
        out += ["", f"## {r.code} `{r.name}`", "", f"**What it does.** {r.summary}", ""]
        out += [f"**Why it matters.** {r.why}", "", f"**Fix.** {r.fix}"]
        if r.bad:
            out += ["", "Example (reported):", "", "```text", r.bad.rstrip("\n"), "```"]
        if r.good:
            out += ["", "Instead (clean):", "", "```text", r.good.rstrip("\n"), "```"]
    return "\n".join(out)
