"""The shortcuts of rendering many findings against the code they replace
(kept here, or in the library, as the reference): each must give the same
answers, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite import batch, parse, report
from cliffcite.checks import CHECKS, apparatus, problem_diagnostics, run_checks
from cliffcite.diagnostics import RULES, Diagnostic, Severity, rule
from cliffcite.models import Document, Span, label_key

_TEXTS = st.lists(st.sampled_from(["a", "bc", "\n", "\r\n", " ", "é"]), max_size=30).map("".join)


@st.composite
def _findings(draw: st.DrawFn) -> tuple[Document, list[Diagnostic]]:
    text = draw(_TEXTS)
    offsets = st.integers(-1, len(text) + 1)
    found = []
    for _ in range(draw(st.integers(0, 12))):
        a = draw(offsets)
        b = draw(st.sampled_from([a, len(text)]) | offsets)
        found.append(
            Diagnostic(
                draw(st.sampled_from(list(RULES.values()))),
                Span(a, max(a, b)),
                draw(st.sampled_from(["m", "marker [1] has no note 1", "ü"])),
                draw(st.none() | st.sampled_from(["1", "17a"])),
                draw(st.none() | st.integers(0, 2)),
                draw(st.none() | st.sampled_from(list(Severity))),
                draw(st.none() | st.sampled_from(["", "my.bib"])),
                draw(st.none() | st.tuples(st.integers(1, 9), st.integers(1, 9))),
            )
        )
    if draw(st.booleans()):  # in text order, as checks give them: places met again
        found.sort(key=lambda d: (d.span.start, d.code))
    return Document(text, path=draw(st.none() | st.just("a.txt"))), found


@settings(max_examples=300, deadline=None)
@given(_findings())
def test_rendering_is_the_reference(case: tuple[Document, list[Diagnostic]]) -> None:
    """``format_json`` and ``format_text`` are ``diagnostic_dict`` and
    ``text_line`` of each finding, positions remembered a place included."""
    doc, found = case
    dicts = [report.diagnostic_dict(doc, d) for d in found]
    assert report.format_json(doc, found) == dicts
    assert report.format_text(doc, found) == [report.text_line(d) for d in dicts]
    assert list(report.kinds(found)) == [(d["code"], d["severity"]) for d in dicts]


def _reference_tally(result: batch.FileResult) -> batch.Tally:
    """``Tally.add`` as it was: counting the dicts."""
    tally = batch.Tally()
    tally.files, tally.markers, tally.notes = 1, result.markers, result.notes
    tally.with_findings += bool(result.diagnostics)
    tally.levels.update(d["severity"] for d in result.diagnostics)
    kinds = [(d["code"], d["severity"]) for d in result.diagnostics]
    tally.findings.update(kinds)
    tally.files_by_rule.update(set(kinds))
    return tally


@settings(max_examples=200, deadline=None)
@given(_findings())
def test_results_without_dicts_count_the_same(case: tuple[Document, list[Diagnostic]]) -> None:
    """A result's ``counts`` given by ``check_file`` (no dicts: a text run)
    sum up and exit as the dicts did."""
    doc, found = case
    dicts = tuple(report.format_json(doc, found))
    reference = _reference_tally(batch.FileResult("a.txt", 1, 1, dicts))
    for result in (
        batch.FileResult("a.txt", 1, 1, counts=batch._count(report.kinds(found))),
        batch.FileResult("a.txt", 1, 1, dicts),
    ):
        assert result.has_findings == any(d["severity"] != "info" for d in dicts)
        tally = batch.Tally()
        tally.add(result)
        assert vars(tally) == vars(reference)


# --------------------------------------------------------------------------- checks

_APPARATUS = st.lists(st.sampled_from(["[1]", "[2]", "[3]", "[1]", "[4a]", "x", "\n"]), max_size=12)
_NOTES = st.lists(st.sampled_from(["1. Serge, p.1.", "2. Ibid., p.1-2.", "1. Nobody, X, p.5.",
                                   "3. Reiman, pp.45-32.", "5. Ibid..", "4a. Trotsky, p.5.",
                                   "5. Stalin, Works, Vol.14, p.5.", "2. Reiman, p.1O3.",
                                   "3. Serge, p.1; Reiman, p.2.", "4a. Ibid., p.3."]),
                  max_size=8)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    body=_APPARATUS.map(" ".join),
    notes=_NOTES.map("\n\n".join),
    enabled=st.sets(st.sampled_from(sorted(RULES))),
)
def test_checks_of_enabled_rules_are_the_reference(
    body: str, notes: str, enabled: set[str]
) -> None:
    """``run_checks`` filters only the checks that may emit a rule left out,
    and the apparatus checks come chained: the same findings, in the same
    order, as every check's findings filtered one by one."""
    doc = parse(f"{body}\n\nNotes\n\n{notes}\n")
    on = frozenset(enabled)
    found = list(run_checks(doc, on))  # first: it imports the checks, filling CHECKS
    assert found == [d for codes, fn in CHECKS if codes & on for d in fn(doc) if d.code in on]


@given(st.lists(st.sampled_from(["1", "2", "17", "8a", "a", "", "0", "007", "٣"]), max_size=12))
def test_label_keys_are_label_key(labels: list[str]) -> None:
    assert apparatus._label_keys(labels) == [label_key(x) for x in labels]


def _reference_problem_diagnostics(doc: Document, codes: Iterable[str]) -> Iterator[Diagnostic]:
    """``problem_diagnostics`` as it was: each problem's rule looked up anew."""
    wanted = frozenset(codes)
    for note in doc.notes:
        for cite in note.citations:
            for problem in cite.problems:
                r = rule(problem.rule)
                if r.code in wanted:
                    severity = Severity(problem.severity) if problem.severity else None
                    yield Diagnostic(
                        r, cite.span, problem.message, note.label, note.series, severity
                    )


@settings(max_examples=150, deadline=None)
@given(notes=_NOTES.map("\n\n".join), codes=st.sets(st.sampled_from(sorted(RULES))))
def test_problem_diagnostics_are_the_reference(notes: str, codes: set[str]) -> None:
    doc = parse(f"A [1] [2] [3] [4a] [5]\n\nNotes\n\n{notes}\n")
    assert list(problem_diagnostics(doc, codes)) == list(_reference_problem_diagnostics(doc, codes))


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(0, 3), inner, max_size=4)
        | st.tuples(inner)
    ),
    max_leaves=20,
)


@settings(max_examples=500)
@given(_JSON)
def test_dumps_is_json_dumps(obj: object) -> None:
    """The JSON output's writer, character for character: strings (any
    character), integers, nesting, empty lists and dicts; floats, tuples and
    keys that are not strings through :mod:`json` itself."""
    assert report.dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2)
