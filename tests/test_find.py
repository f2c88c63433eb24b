"""Note → citations, table-driven over the conventions met in real notes.

The examples are written for these tests in the styles of the notes they
stand for (marxists.org chapters, Chicago notes, Progress Publishers'
translations, reference lists without commas); none is copied from a
document of the development corpus."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite.find import parse_note, split_parts
from cliffcite.models import Note, Span


def note(text: str, label: str = "1") -> Note:
    return Note(label, Span(0, len(text)), Span(0, 0), text, Span(0, len(text)))


def fields(text: str) -> list[dict[str, Any]]:
    out = []
    for c in parse_note(note(text)):
        row: dict[str, Any] = {"kind": c.kind}
        for name in ("author", "title", "volume", "date", "place", "publisher", "year"):
            if getattr(c, name):
                row[name] = getattr(c, name)
        if c.archive:
            row["archive"] = list(c.archive)
        if c.locator:
            row["pages"] = c.locator.as_lists()
        out.append(row)
    return out


# Negative examples first: prose and cross-references are not citations.
@pytest.mark.parametrize(
    "text",
    [
        "See note 12 above.",
        "[Note unavailable]",
        "This passage was cut from the second edition at the author's request.",
        "Claudius, Nero, and Domitian were all of this opinion.",
        "By the word we mean the thing itself, not its name.",
        "The phrase is used here in its widest sense, as the author explains at length "
        "elsewhere, and it should not be read as a term of art.",
    ],
)
def test_not_a_citation(text: str) -> None:
    assert fields(text) == []


CASES: list[tuple[str, list[dict[str, Any]]]] = [
    ("Serge, p.223.", [{"kind": "short", "author": "Serge", "pages": [[223, 223]]}]),
    (
        "Serge and Sedova, pp.156-8.",
        [{"kind": "short", "author": "Serge and Sedova", "pages": [[156, 158]]}],
    ),
    (
        "Stalin, Works, Vol.10, p.179-80.",
        [
            {
                "kind": "short",
                "author": "Stalin",
                "title": "Works",
                "volume": "10",
                "pages": [[179, 180]],
            }
        ],
    ),
    (
        "Popov, Vol. II, p.327.",
        [{"kind": "short", "author": "Popov", "volume": "II", "pages": [[327, 327]]}],
    ),
    (
        "KPSS v rez., Vol.2, p.311.",
        [{"kind": "short", "title": "KPSS v rez.", "volume": "2", "pages": [[311, 311]]}],
    ),
    (
        "M. Fainsod, Smolensk under Soviet Rule, Cambridge 1958, p.48.",
        [
            {
                "kind": "full",
                "author": "M. Fainsod",
                "title": "Smolensk under Soviet Rule",
                "place": "Cambridge",
                "year": "1958",
                "pages": [[48, 48]],
            }
        ],
    ),
    (
        "Pravda, 12 August 1927; Carr, The Foundations of Planned Economy, Vol.2, p.35.",
        [
            {"kind": "periodical", "title": "Pravda", "date": "12 August 1927"},
            {
                "kind": "short",
                "author": "Carr",
                "title": "The Foundations of Planned Economy",
                "volume": "2",
                "pages": [[35, 35]],
            },
        ],
    ),
    (
        "T. 3100, 3161, Arkhiv Trotskogo, Vol.4, p.223.",
        [
            {
                "kind": "archival",
                "title": "Arkhiv Trotskogo",
                "volume": "4",
                "archive": ["T. 3100", "T. 3161"],
                "pages": [[223, 223]],
            }
        ],
    ),
    (  # Chicago full note, then its short form
        "Ann Example, *A Book of Examples* (London: Verso, 2016), 252.",
        [
            {
                "kind": "full",
                "author": "Ann Example",
                "title": "A Book of Examples",
                "place": "London",
                "publisher": "Verso",
                "year": "2016",
                "pages": [[252, 252]],
            }
        ],
    ),
    (
        "Example, *A Book*, 216.",
        [{"kind": "short", "author": "Example", "title": "A Book", "pages": [[216, 216]]}],
    ),
    (  # journal article
        'Ann Example, "An Article: With a Subtitle," *Law Review* 43 (1991): 1242.',
        [
            {
                "kind": "full",
                "author": "Ann Example",
                "title": "An Article: With a Subtitle",
                "volume": "43",
                "year": "1991",
                "pages": [[1242, 1242]],
            }
        ],
    ),
    (  # German pages, a year before the page, an editorial attribution
        "A. Beispiel, Das Bankwesen, Berlin, 1907, S. 169. —Lenin",
        [
            {
                "kind": "full",
                "author": "A. Beispiel",
                "title": "Das Bankwesen",
                "place": "Berlin",
                "year": "1907",
                "pages": [[169, 169]],
            }
        ],
    ),
    (
        "Beispiel, Das Bankwesen, Jena, 1915, 137.",
        [
            {
                "kind": "full",
                "author": "Beispiel",
                "title": "Das Bankwesen",
                "place": "Jena",
                "year": "1915",
                "pages": [[137, 137]],
            }
        ],
    ),
    (  # author-colon style, publication facts after the page
        "Karl Example: *Arbeit und Beispiel,* p. 344, Paris: Cerf: 1886.",
        [
            {
                "kind": "full",
                "author": "Karl Example",
                "title": "Arbeit und Beispiel",
                "place": "Paris",
                "publisher": "Cerf",
                "year": "1886",
                "pages": [[344, 344]],
            }
        ],
    ),
    (  # reference list without commas
        "J Example “The Making of Examples” Penguin (1976) p607",
        [
            {
                "kind": "full",
                "author": "J Example",
                "title": "The Making of Examples",
                "publisher": "Penguin",
                "year": "1976",
                "pages": [[607, 607]],
            }
        ],
    ),
    (
        "Ibid., pp.532-3.",
        [{"kind": "ibid", "pages": [[532, 533]]}],
    ),
    ("*ibid.,* p. 90. -- *Ed.*", [{"kind": "ibid", "pages": [[90, 90]]}]),
    ("Ibid., 189.", [{"kind": "ibid", "pages": [[189, 189]]}]),
    (
        "Jeidels, op. cit., S 156-57 —Lenin",
        [{"kind": "op_cit", "author": "Jeidels", "pages": [[156, 157]]}],
    ),
    ("Darwin: ibid., p. 5.", [{"kind": "ibid", "author": "Darwin", "pages": [[5, 5]]}]),
    (  # prose around a citation: the citation sentence only
        "The claim is old. Cf. *A Book of Examples,* p. 38, Vienna: Holtzhausen: 1898. "
        "Thus the argument stands.",
        [
            {
                "kind": "full",
                "title": "A Book of Examples",
                "place": "Vienna",
                "publisher": "Holtzhausen",
                "year": "1898",
                "pages": [[38, 38]],
            }
        ],
    ),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_fields(text: str, expected: list[dict[str, Any]]) -> None:
    assert fields(text) == expected


def test_ibid_punctuation_is_recorded() -> None:
    (c,) = parse_note(note("Ibid.."))
    assert [p.rule for p in c.problems] == ["ibid_punctuation"]


def test_split_parts_keeps_brackets_quotes_and_emphasis_together() -> None:
    text = 'Trotsky, Challenge (1926-27), "A, B," *C, D,* p.5'
    assert [p.text for p in split_parts(text, 0, len(text))] == [
        "Trotsky",
        "Challenge (1926-27)",
        '"A, B,"',
        "*C, D,*",
        "p.5",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_note_text_parses_without_error(text: str) -> None:
    for c in parse_note(note(text)):
        assert 0 <= c.span.start <= c.span.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Ibid.",
                "p.",
                "pp.",
                ",",
                ";",
                "*",
                '"',
                "(",
                ")",
                "Vol.",
                "12",
                "-",
                " ",
                "Serge",
                "1927",
                ":",
            ]
        ),
        max_size=60,
    )
)
def test_citation_alphabet_soup_parses_without_error(tokens: list[str]) -> None:
    parse_note(note("".join(tokens)))


@pytest.mark.parametrize(
    "text, kind, pages",
    [
        (
            "A. Beispiel, Das Bankwesen, Tübingen, 1911, 356 and 362 —Lenin",
            "full",
            [[356, 356], [362, 362]],
        ),
        ('Example, "Nacionalismo en la America Latina," in Amauta, No. 4.', "full", []),
    ],
)
def test_pages_joined_by_and_and_issues_cited_in_full(
    text: str, kind: str, pages: list[list[int]]
) -> None:
    (row,) = fields(text)
    assert (row["kind"], row.get("pages", [])) == (kind, pages)


def test_a_two_word_name_after_the_full_name_is_a_short_form() -> None:
    import cliffcite

    doc = cliffcite.parse(
        "A. [1] B. [2]\n\n1. Hildebrando Castro Pozo, Nuestra comunidad, p. 4.\n\n"
        "2. Castro Pozo, Nuestra comunidad, p. 47.\n"
    )
    assert [(c.kind, c.antecedent) for c in doc.citations] == [("full", None), ("short", "1")]


_FIELD_BITS = st.lists(
    st.sampled_from(
        [
            "ed",
            "edited by",
            "translated by",
            "Vol",
            "Volume",
            "Band",
            "Teil",
            "II",
            "XIV",
            "C",
            "Works",
            "first",
            "edition",
            " ",
            "-",
            "'",
            "Trotsky",
            "tr",
            ".",
            "Planned",
            "Sedova",
            "renewed",
            "New",
            "Rev",
            "revised",
            "Second",
            "Third",
            "1st",
            "3",
        ]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_FIELD_BITS)
def test_needs_care_shortcut_agrees_with_the_full_pattern(raw: str) -> None:
    from cliffcite.find import _CARE, _needs_care

    assert _needs_care.__wrapped__(raw) == bool(_CARE.search(raw))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab ,;:"“”*_()[]', max_size=40), st.sampled_from([",", ";", ":"]))
def test_split_parts_without_a_separator_is_the_whole_text(text: str, seps: str) -> None:
    whole = split_parts(text, 0, len(text), seps)
    if seps not in text:
        assert [p.text for p in whole] == ([text.strip()] if text.strip() else [])


def test_locator_spans_map_to_the_document_in_one_line_and_folded_notes() -> None:
    import cliffcite
    from cliffcite.models import fold_whitespace

    text = (
        "A claim. [1] Another. [2] A third. [3]\n\nNotes\n\n"
        "1. Trotsky, My Life, pp.531-2.\n"
        "2. Trotsky, The Stalin School\n   of Falsification, p.\n   xi.\n"
        "3. Ibid.,   p.  7.\n"
    )
    doc = cliffcite.parse(text)
    locs = [c.locator for n in doc.notes for c in n.citations]
    assert [loc.text if loc else None for loc in locs] == ["pp.531-2", "p. xi", "p. 7"]
    for loc in locs:
        assert loc is not None
        assert fold_whitespace(loc.span.slice(text), 0)[0] == loc.text
