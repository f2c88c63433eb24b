"""Citation accuracy against hand-made gold labels.

    python bench/accuracy.py                    # a table per document and totals
    python bench/accuracy.py --show-errors      # and every mismatch: note, field, gold, got
    python bench/accuracy.py --json             # the figures as JSON
    python bench/accuracy.py --exclude-doubtful # leave out gold citations marked doubtful

Runs cliffcite on each document of the development corpus (``../shared/corpus/dev``)
that has a gold file ``tests/gold/<stem>.json`` and scores its citations field by
field (see ``tests/gold/README.md`` for the labelling conventions).

Scoring.  In each note the gold citations and cliffcite's are paired in order of
appearance; when the counts differ, the pairing is the order-preserving alignment
that agrees on the most fields, so one missed or extra citation does not shift every
citation after it.  A gold citation left unpaired is wrong in every field (and in its
antecedent); a predicted citation left unpaired is a *false positive*, counted apart.
Fields are ``kind``, ``author``, ``title``, ``volume`` and ``pages``; *fields right*
means all five right.  *Antecedent* accuracy is over the gold citations that have an
antecedent or are ``ibid``/``op_cit``.  Strings are compared after normalising:
casefolded, quotes and emphasis markup removed, surrounding punctuation stripped,
white space collapsed, dashes and curly apostrophes made plain.

The exit status is always 0: this is a measurement, not a check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cliffcite

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

FIELDS = ("kind", "author", "title", "volume", "pages")
KINDS = frozenset({"full", "short", "ibid", "op_cit", "idem", "periodical", "archival"})

_QUOTES = re.compile(r"[\"“”„«»‹›*_`]")
_DASHES = re.compile(r"[‐‑‒–—―−]")
_APOS = re.compile(r"[‘’ʼ′`]")
_SPACE = re.compile(r"\s+")
_EDGE = " \t.,;:!?()[]{}'"


def normalise(value: Any) -> Any:
    """The comparable form of a field value (``None`` and ``""`` are alike)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, int):
        return value
    text = unicodedata.normalize("NFC", str(value))
    text = _APOS.sub("'", _DASHES.sub("-", _QUOTES.sub("", text)))
    text = _SPACE.sub(" ", text).strip(_EDGE).casefold()
    if text.isdigit():
        return int(text)
    return text or None


def _pages(value: Any) -> list[list[Any]]:
    return [[normalise(p) for p in r] for r in (value or [])]


def same(field: str, gold: Any, got: Any) -> bool:
    if field == "pages":
        return _pages(gold) == _pages(got)
    return bool(normalise(gold) == normalise(got))


# --------------------------------------------------------------------------- reading


def load_gold(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: a gold file is a JSON list")
    return data


def predicted(path: Path) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """cliffcite's citations of a document, by ``(series, note label)``."""
    doc = cliffcite.load(str(path))
    out: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for note in doc.notes:
        out[(note.series, note.label)] = [
            {
                "kind": c.kind,
                "author": c.author,
                "title": c.title,
                "volume": c.volume,
                "pages": c.locator.as_lists() if c.locator else [],
                "antecedent": c.antecedent,
                "text": c.text,
            }
            for c in note.citations
        ]
    return out


def document_for(stem: str, corpus: Path) -> Path | None:
    hits = sorted(p for p in corpus.glob(f"{stem}.*") if p.is_file())
    return hits[0] if hits else None


# --------------------------------------------------------------------------- scoring


def _agreement(gold: dict[str, Any], got: dict[str, Any]) -> float:
    # A pair always beats two unpaired citations (+0.5), so equal counts pair by position.
    return 0.5 + sum(same(f, gold.get(f), got.get(f)) for f in FIELDS)


def align(
    gold: Sequence[dict[str, Any]], got: Sequence[dict[str, Any]]
) -> list[tuple[int | None, int | None]]:
    """Order-preserving pairing of gold and predicted citations that agrees most."""
    n, m = len(gold), len(got)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(
                best[i + 1][j + 1] + _agreement(gold[i], got[j]),
                best[i + 1][j],
                best[i][j + 1],
            )
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j + 1] + _agreement(gold[i], got[j]):
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)]
    pairs += [(None, k) for k in range(j, m)]
    return pairs


def _label(value: Any) -> str | None:
    return None if value is None else str(value)


def _has_antecedent(gold: dict[str, Any]) -> bool:
    return gold.get("antecedent") is not None or gold.get("kind") in ("ibid", "op_cit")


def score_document(
    gold: list[dict[str, Any]],
    got: dict[tuple[int, str], list[dict[str, Any]]],
    *,
    exclude_doubtful: bool = False,
) -> dict[str, Any]:
    right = dict.fromkeys(FIELDS, 0)
    total = all_right = ante_total = ante_right = false_positives = doubtful = 0
    errors: list[dict[str, Any]] = []
    labelled: set[tuple[int, str]] = set()
    for entry in gold:
        key = (int(entry.get("series", 0)), str(entry["note"]))
        labelled.add(key)
        gcites = list(entry.get("citations", []))
        pcites = got.get(key, [])
        for gi, pj in align(gcites, pcites):
            if gi is None:
                false_positives += 1
                if pj is not None:
                    errors.append(_extra(key, pcites[pj]))
                continue
            g = gcites[gi]
            if g.get("doubtful"):
                doubtful += 1
                if exclude_doubtful:
                    continue
            p = pcites[pj] if pj is not None else None
            total += 1
            ok_all = True
            for f in FIELDS:
                ok = p is not None and same(f, g.get(f), p.get(f))
                right[f] += ok
                ok_all = ok_all and ok
                if not ok:
                    errors.append(_error(key, gi, f, g, p))
            all_right += ok_all
            if _has_antecedent(g):
                ante_total += 1
                if p is not None and _label(g.get("antecedent")) == _label(p.get("antecedent")):
                    ante_right += 1
                else:
                    errors.append(_error(key, gi, "antecedent", g, p))
    for key, pcites in got.items():
        if key not in labelled:
            for extra in pcites:
                false_positives += 1
                errors.append(_extra(key, extra))
    return {
        "citations": total,
        "right": right,
        "fields_right": all_right,
        "antecedents": ante_total,
        "antecedents_right": ante_right,
        "false_positives": false_positives,
        "doubtful": doubtful,
        "errors": errors,
    }


def _extra(key: tuple[int, str], p: dict[str, Any]) -> dict[str, Any]:
    got = {k: p.get(k) for k in ("kind", "text")}
    return {"note": key[1], "series": key[0], "field": "false_positive", "gold": None, "got": got}


def _error(
    key: tuple[int, str], pos: int, field: str, g: dict[str, Any], p: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "note": key[1],
        "series": key[0],
        "position": pos,
        "field": field,
        "gold": g.get(field),
        "got": "<missing>" if p is None else p.get(field),
        "doubtful": g.get("doubtful"),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def summarise(s: dict[str, Any]) -> dict[str, Any]:
    n = s["citations"]
    return {
        "citations": n,
        **{f: _ratio(s["right"][f], n) for f in FIELDS},
        "fields_right": _ratio(s["fields_right"], n),
        "antecedents": s["antecedents"],
        "antecedent": _ratio(s["antecedents_right"], s["antecedents"]),
        "false_positives": s["false_positives"],
        "doubtful": s["doubtful"],
    }


def measure(
    corpus: Path = CORPUS, gold_dir: Path = GOLD, *, exclude_doubtful: bool = False
) -> dict[str, Any]:
    """Scores of every document with a gold file, and the totals.

    ``{"documents": {stem: {summary..., "errors": [...]}}, "total": {summary...}}``
    """
    docs: dict[str, Any] = {}
    raw: list[dict[str, Any]] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        doc_path = document_for(gold_path.stem, corpus)
        if doc_path is None:
            continue
        s = score_document(
            load_gold(gold_path), predicted(doc_path), exclude_doubtful=exclude_doubtful
        )
        raw.append(s)
        docs[gold_path.stem] = {**summarise(s), "errors": s["errors"]}
    total = {
        "citations": sum(s["citations"] for s in raw),
        "right": {f: sum(s["right"][f] for s in raw) for f in FIELDS},
        "fields_right": sum(s["fields_right"] for s in raw),
        "antecedents": sum(s["antecedents"] for s in raw),
        "antecedents_right": sum(s["antecedents_right"] for s in raw),
        "false_positives": sum(s["false_positives"] for s in raw),
        "doubtful": sum(s["doubtful"] for s in raw),
    }
    return {"documents": docs, "total": summarise(total)}


# --------------------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def table(result: dict[str, Any]) -> list[str]:
    head = ("document", "cites", *FIELDS, "fields", "ante n", "ante", "FP", "doubt")
    rows = [head]
    items = [*result["documents"].items(), ("TOTAL", result["total"])]
    for name, s in items:
        rows.append(
            (
                name,
                str(s["citations"]),
                *(_pct(s[f]) for f in FIELDS),
                _pct(s["fields_right"]),
                str(s["antecedents"]),
                _pct(s["antecedent"]),
                str(s["false_positives"]),
                str(s["doubtful"]),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    out = []
    for k, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        out.append("  ".join(cells))
        if k == 0 or k == len(rows) - 2:
            out.append("  ".join("-" * w for w in widths))
    return out


def error_lines(result: dict[str, Any]) -> list[str]:
    out = []
    for name, s in result["documents"].items():
        for e in s["errors"]:
            flag = "  (doubtful)" if e.get("doubtful") else ""
            gold = json.dumps(e["gold"], ensure_ascii=False)
            got = json.dumps(e["got"], ensure_ascii=False)
            out.append(f"{name} note {e['note']}: {e['field']}: gold {gold}, got {got}{flag}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--show-errors", action="store_true", help="list every mismatch")
    ap.add_argument("--exclude-doubtful", action="store_true", help="skip doubtful gold labels")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="documents (default: %(default)s)")
    ap.add_argument("--gold", type=Path, default=GOLD, help="gold files (default: %(default)s)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"accuracy: no corpus at {args.corpus}", file=sys.stderr)
        return 0
    result = measure(args.corpus, args.gold, exclude_doubtful=args.exclude_doubtful)
    if args.json:
        if not args.show_errors:
            for s in result["documents"].values():
                del s["errors"]
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print("\n".join(table(result)))
    print("(per cent right; fields = all five right; ante = antecedent right, over ante n)")
    if args.show_errors:
        print()
        print("\n".join(error_lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
