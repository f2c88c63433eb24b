"""Citations of the reference chapter: every field, every Ibid. chain, every
locator; and faults injected into it, each reported, nothing spurious."""

from __future__ import annotations

from typing import Any

import pytest

import cliffcite
from cliffcite.models import Document, IbidCitation

#: (note, kind, author, title, volume, pages, antecedent, work first cited in, extra fields)
#: Read off the chapter's notes by hand: Ibid. inherits the pages of the note
#: before it when it gives none (17 → 537, 50 → 156-158); short forms point to
#: the latest earlier citation of the same work; Stalin's Works vol. 11 is the
#: same work as vol. 10.
SEED = [
    ("1", "short", "Serge", None, None, [[223, 223]], None, "1", {}),
    ("2", "short", "Trotsky", "Challenge (1926-27)", None, [[416, 416]], None, "2", {}),
    (
        "3",
        "periodical",
        None,
        "The New International",
        None,
        [[124, 124]],
        None,
        "3",
        {"date": "November 1934"},
    ),
    ("4", "short", "Stalin", "Works", "10", [[179, 180]], None, "4", {}),
    ("5", "short", "Reiman", None, None, [[32, 32]], None, "5", {}),
    ("6", "short", "Stalin", "Works", "10", [[196, 196]], "4", "4", {}),
    ("7", "short", None, "KPSS v rez.", "2", [[311, 311]], None, "7", {}),
    ("8", "short", "Trotsky", "My Life", None, [[531, 532]], None, "8", {}),
    ("9", "ibid", None, None, None, [[532, 533]], "8", "8", {}),
    ("10", "short", "Serge", None, None, [[219, 219]], "1", "1", {}),
    ("11", "short", "Trotsky", "My Life", None, [[533, 533]], "9", "8", {}),
    ("12", "ibid", None, None, None, [[534, 534]], "11", "8", {}),
    ("13", "short", "Serge", None, None, [[226, 227]], "10", "1", {}),
    ("14", "short", "Trotsky", "My Life", None, [[534, 534]], "12", "8", {}),
    (
        "15",
        "periodical",
        None,
        "Izvestiia Tsentralnogo Komiteta",
        None,
        [],
        None,
        "15",
        {"date": "15 November 1927"},
    ),
    ("16", "short", "Trotsky", "My Life", None, [[537, 537]], "14", "8", {}),
    ("17", "ibid", None, None, None, [[537, 537]], "16", "8", {}),
    ("18", "short", "Reiman", None, None, [[19, 20]], "5", "5", {}),
    ("19", "ibid", None, None, None, [[22, 22]], "18", "5", {}),
    ("20", "ibid", None, None, None, [[24, 24]], "19", "5", {}),
    ("21", "ibid", None, None, None, [[27, 28]], "20", "5", {}),
    ("22", "short", "Serge and Sedova", None, None, [[137, 137]], None, "22", {}),
    ("23", "short", "Stalin", "Works", "11", [[288, 289]], "6", "4", {}),
    ("24", "short", "Stalin", "Works", "10", [[344, 345]], "23", "4", {}),
    (
        "25",
        "archival",
        None,
        "Arkhiv Trotskogo",
        "4",
        [[223, 223]],
        None,
        "25",
        {"archive": ["T. 3100", "T. 3161"]},
    ),
    (
        "26",
        "archival",
        None,
        "Arkhiv Trotskogo",
        "4",
        [[99, 99]],
        "25",
        "25",
        {"archive": ["T. 1010"]},
    ),
    ("27", "short", "Trotsky", "Challenge (1926-27)", None, [[45, 45]], "2", "2", {}),
    (
        "28",
        "full",
        "M. Fainsod",
        "Smolensk under Soviet Rule",
        None,
        [[48, 48]],
        None,
        "28",
        {"place": "Cambridge", "year": "1958"},
    ),
    (
        "29",
        "archival",
        None,
        "Arkhiv Trotskogo",
        "4",
        [[188, 188]],
        "26",
        "25",
        {"archive": ["T. 1006"]},
    ),
    ("30", "short", "Trotsky", "Stalin", None, [[399, 400]], None, "30", {}),
    (
        "31",
        "short",
        "Trotsky",
        "The Stalin School of Falsification",
        None,
        [["xi", "xi"]],
        None,
        "31",
        {},
    ),
    ("32", "periodical", None, "Pravda", None, [], None, "32", {"date": "12 August 1927"}),
    ("32", "short", "Carr", "The Foundations of Planned Economy", "2", [[35, 35]], None, "32", {}),
    (
        "33",
        "periodical",
        None,
        "Pravda and Izvestiia",
        None,
        [],
        None,
        "33",
        {"date": "27 October 1927"},
    ),
    ("33", "short", "Carr", "The Foundations of Planned Economy", "2", [[42, 42]], "32", "32", {}),
    ("34", "short", "Serge", None, None, [[232, 232]], "13", "1", {}),
    (
        "35",
        "archival",
        None,
        "Arkhiv Trotskogo",
        "4",
        [[267, 268]],
        "29",
        "25",
        {"archive": ["T. 3105"]},
    ),
    ("36", "short", "Stalin", "Works", "10", [[273, 274]], "24", "4", {}),
    ("37", "short", "Trotsky", "Challenge (1926-27)", None, [[481, 483]], "27", "2", {}),
    ("38", "short", "Stalin", "Works", "10", [[378, 378]], "36", "4", {}),
    ("39", "short", None, "Piatnadtsatii sezd VKP(b)", None, [[251, 252]], None, "39", {}),
    (
        "40",
        "archival",
        None,
        "Arkhiv Trotskogo",
        "4",
        [[275, 276]],
        "35",
        "25",
        {"archive": ["T. 1061"]},
    ),
    ("41", "short", None, "KPSS v rez.", "2", [[371, 371]], "7", "7", {}),
    ("42", "short", "Trotsky", "Challenge (1926-27)", None, [[505, 505]], "37", "2", {}),
    ("43", "short", "Popov", None, "2", [[327, 327]], None, "43", {}),
    ("44", "short", "Trotsky", "Challenge (1928-29)", None, [[94, 94]], None, "44", {}),
    ("45", "ibid", None, None, None, [[340, 340]], "44", "44", {}),
    ("46", "ibid", None, None, None, [[298, 298]], "45", "44", {}),
    ("47", "ibid", None, None, None, [[153, 153]], "46", "44", {}),
    ("48", "ibid", None, None, None, [[114, 114]], "47", "44", {}),
    ("49", "short", "Serge and Sedova", None, None, [[156, 158]], "22", "22", {}),
    ("50", "ibid", None, None, None, [[156, 158]], "49", "22", {}),
    ("51", "short", "Carr", "Foundations of a Planned Economy", "2", [[56, 57]], "33", "32", {}),
    ("52", "short", "Trotsky", "Stalin", None, [[405, 405]], "30", "30", {}),
    ("53", "ibid", None, None, None, [[404, 404]], "52", "30", {}),
]


@pytest.fixture(scope="module")
def doc(seed_text: str) -> Document:
    return cliffcite.parse(seed_text)


def _row(c: Any) -> tuple[Any, ...]:
    extra = {
        k: v
        for k, v in {
            "date": c.date,
            "place": c.place,
            "year": c.year,
            "archive": list(c.archive) or None,
        }.items()
        if v
    }
    pages = c.locator.as_lists() if c.locator else []
    res = c.resolved.note if c.resolved else None
    return (c.note, c.kind, c.author, c.title, c.volume, pages, c.antecedent, res, extra)


def test_every_seed_citation_has_the_right_fields(doc: Document) -> None:
    assert [_row(c) for c in doc.citations] == SEED


def test_ibid_inherits_pages_only_when_it_gives_none(doc: Document) -> None:
    by_note = {c.note: c for c in doc.citations if isinstance(c, IbidCitation)}
    assert by_note["17"].inherited_pages and by_note["50"].inherited_pages
    assert not by_note["9"].inherited_pages


def test_seed_citation_diagnostics(doc: Document) -> None:
    got = [(d.name, d.note) for d in cliffcite.check(doc, select=["CC2"])]
    assert got == [
        ("page_prefix", "4"),
        ("page_prefix", "11"),
        ("ibid_punctuation", "17"),
        ("page_prefix", "21"),
        ("ibid_punctuation", "50"),
        ("page_prefix", "51"),
    ]


def test_seed_citation_spans_slice_the_file(doc: Document, seed_text: str) -> None:
    for c in doc.citations:
        assert c.span.slice(seed_text) == c.text
        if c.locator and not getattr(c, "inherited_pages", False):
            assert c.locator.span.slice(seed_text) == c.locator.text


def test_json_citation_contract(doc: Document) -> None:
    from cliffcite.report import document_dict

    out = document_dict(doc, [])
    (c,) = out["notes"][8]["citations"]  # 9. Ibid., pp.532-3.
    assert c["kind"] == "ibid" and c["antecedent"] == "8"
    assert c["pages"] == [[532, 533]] and c["pages_text"] == "pp.532-3"
    assert c["resolved"] == {"author": "Trotsky", "title": "My Life", "volume": None, "note": "8"}
    (c17,) = out["notes"][16]["citations"]
    assert c17["pages"] == [[537, 537]]  # inherited from note 16
    (c31,) = out["notes"][30]["citations"]
    assert c31["pages"] == [["xi", "xi"]]


def _cc2(text: str) -> list[tuple[str, str | None, str]]:
    return [(d.name, d.note, d.level.value) for d in cliffcite.check(text, select=["CC2"])]


def _base(seed_text: str) -> set[tuple[str, str | None, str]]:
    return set(_cc2(seed_text))


def _new(seed_text: str, text: str) -> list[tuple[str, str | None, str]]:
    base = _base(seed_text)
    return [d for d in _cc2(text) if d not in base]


def test_first_note_made_an_ibid(seed_text: str) -> None:
    text = seed_text.replace("\n1. Serge, p.223.", "\n1. Ibid., p.223.", 1)
    assert _new(seed_text, text) == [("ibid_without_antecedent", "1", "error")]


def test_ibid_after_a_two_work_note(seed_text: str) -> None:
    text = seed_text.replace("34. Serge, p.232.", "34. Ibid., p.232.", 1)
    assert _new(seed_text, text) == [("ambiguous_ibid", "34", "warning")]


def test_ibid_doubled_period(seed_text: str) -> None:
    text = seed_text.replace("12. Ibid., p.534.", "12. Ibid.., p.534.", 1)
    assert _new(seed_text, text) == [("ibid_punctuation", "12", "warning")]


def test_reversed_range(seed_text: str) -> None:
    text = seed_text.replace("13. Serge, pp.226-7.", "13. Serge, pp.227-6.", 1)
    assert _new(seed_text, text) == [("page_range_reversed", "13", "error")]


def test_p_with_a_range(seed_text: str) -> None:
    text = seed_text.replace("13. Serge, pp.226-7.", "13. Serge, p.226-7.", 1)
    assert _new(seed_text, text) == [("page_prefix", "13", "warning")]


def test_ibid_after_a_note_without_citation_is_info(seed_text: str) -> None:
    text = seed_text.replace(
        "16. Trotsky, My Life, p.537.", "16. This passage was cut from later editions.", 1
    )
    doc = cliffcite.parse(text)
    assert doc.notes[15].citations == ()
    (c,) = doc.notes[16].citations
    # the latest citation before the prose note: 15. Izvestiia Tsentralnogo Komiteta
    assert (c.antecedent, c.resolved and c.resolved.title) == (
        "15",
        "Izvestiia Tsentralnogo Komiteta",
    )
    assert ("ambiguous_ibid", "17", "info") in [
        (d.name, d.note, d.level.value) for d in cliffcite.check(doc, select=["CC2"])
    ]


def test_chain_never_jumps_over_an_unresolved_note(seed_text: str) -> None:
    text = seed_text.replace("18. Reiman, pp.19-20.", "18. Reiman, pp.19-20; Serge, p.5.", 1)
    doc = cliffcite.parse(text)
    assert [c.antecedent for c in doc.notes[18].citations] == [None]  # 19: ambiguous
    assert [c.antecedent for c in doc.notes[19].citations] == ["19"]  # 20 → 19, not 18
    assert doc.notes[19].citations[0].resolved is None
