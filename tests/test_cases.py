"""Spec-style cases: a snippet of prose and notes, then what cliffcite must
say of it.  Each file in ``tests/cases/<family>/`` holds:

    # optional comment lines
    <the text>
    === expect
    CODE name label      (one line a diagnostic, in text order; or "(none)")
    === markers 1 2 | 1 2 3   (optional: marker labels per series)
    === notes 1 2 | 1 2       (optional: note labels per series)
    === text LABEL folded note text   (optional, repeatable)
    === select CODES      (optional: rules to run; default: the whole family)
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cliffcite

CASES = Path(__file__).parent / "cases"
FAMILIES = {"apparatus": "CC1", "citations": "CC2", "sources": "CC3"}


def _cases() -> list[Path]:
    return sorted(CASES.glob("*/*.txt"))


def _parse_case(path: Path) -> tuple[str, dict[str, list[str]]]:
    raw = path.read_bytes().decode("utf-8")
    body, _, rest = raw.partition("=== ")
    lines = body.splitlines(keepends=True)
    text = "".join(ln for ln in lines if not ln.startswith("# "))
    sections: dict[str, list[str]] = {}
    for chunk in ("=== " + rest).split("=== ")[1:]:
        head, _, tail = chunk.partition("\n")
        key, _, arg = head.strip().partition(" ")
        entries = [ln.strip() for ln in tail.splitlines() if ln.strip()]
        sections.setdefault(key, []).extend(([arg] if arg else []) + entries)
    return text, sections


@pytest.mark.parametrize("path", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(path: Path) -> None:
    text, sections = _parse_case(path)
    select = sections.get("select") or [FAMILIES[path.parent.name]]
    doc = cliffcite.parse(text, format="text")
    got = [f"{d.code} {d.name} {d.note}" for d in cliffcite.check(doc, select=select)]
    want = [e for e in sections["expect"] if e != "(none)"]
    assert got == want
    if "markers" in sections:
        want_m = [part.split() for part in sections["markers"][0].split("|")]
        assert [[m.label for m in s.markers] for s in doc.series] == want_m
    if "notes" in sections:
        want_n = [part.split() for part in sections["notes"][0].split("|")]
        assert [[n.label for n in s.notes] for s in doc.series] == want_n
    for entry in sections.get("text", []):
        label, _, folded = entry.partition(" ")
        assert any(n.label == label and n.text == folded for n in doc.notes), entry
