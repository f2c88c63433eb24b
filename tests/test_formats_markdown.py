"""The Markdown reader: synthetic snippets (negative examples first), then the
development corpus, read from ../shared/corpus/dev and skipped when absent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cliffcite
from cliffcite.formats import markdown
from cliffcite.models import NoteSeries

from .conftest import CORPUS_DEV as CORPUS
from .conftest import needs_corpus


def labels(series: NoteSeries) -> tuple[list[str], list[str]]:
    return [m.label for m in series.markers], [n.label for n in series.notes]


# --------------------------------------------------------------------------- not markers


def test_years_page_numbers_and_names_in_brackets_are_not_markers() -> None:
    text = "In [1917] the party (274) met; \\[1917\\] and [Trotsky and Zinoviev] too.\n"
    assert markdown.read(text).series == ()


def test_references_in_code_and_escaped_are_not_markers() -> None:
    text = "Use `[^1]` or \\[^1] to write one.\n\n```\n[^2]\n```\n\n[^3]: A note.\n"
    (s,) = markdown.read(text).series
    assert labels(s) == ([], ["3"])


def test_archive_references_are_not_markers() -> None:
    text = "Ilkeston. \\[DLSL ref: 55\\] More.\n"
    assert markdown.read(text).series == ()


# --------------------------------------------------------------------------- conventions


def test_footnote_definitions_with_continuations() -> None:
    text = (
        "Submitted.[^1] Banned.[^2]\n\n"
        "[^1]: Serge,\n    p.223.\n\n    Second paragraph.\n\nNot part of it.\n\n"
        "[^2]: Reiman,\nlazy line.\n"
    )
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [m.span.slice(text) for m in s.markers] == ["[^1]", "[^2]"]
    one, two = s.notes
    assert one.text == "Serge, p.223. Second paragraph."
    assert one.label_span.slice(text) == "[^1]"
    assert one.text_span.slice(text).endswith("Second paragraph.")
    assert two.text == "Reiman, lazy line."


def test_pandoc_marxists_conversion() -> None:
    text = (
        "Text.^[\\[1\\]](#n1)^ more ^[\\[2\\]](#n2)^\n\n### Notes\n\n"
        "[[1.]{#n1}]{.info} Serge,\np.223.\n\n[[2.]{#n2}]{.info} Ibid.\n\n"
        "------\n\n[Archive](index.htm)\n"
    )
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert s.markers[0].span.slice(text) == "^[\\[1\\]](#n1)^"
    assert s.notes[0].label_span.slice(text) == "1."
    assert [n.text for n in s.notes] == ["Serge, p.223.", "Ibid."]


def test_escaped_markers_with_a_numbered_list() -> None:
    text = "Text \\[1\\] and \\[2\\].\n\n1\\. Contents\n\nNotes and references:\n\n1. Serge, p.223.\n2\\. Ibid.\n"
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert s.markers[1].span.slice(text) == "\\[2\\]"
    assert [n.text for n in s.notes] == ["Serge, p.223.", "Ibid."]


def test_escaped_markers_with_a_run_on_list() -> None:
    text = 'Text \\[1\\] and \\[2\\].\n\nNOTES AND REFERENCES:\n\n1 G Rude "Crowd" p80 2 W Felkin vol 2 p231\n'
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [n.text for n in s.notes] == ['G Rude "Crowd" p80', "W Felkin vol 2 p231"]
    assert [n.label_span.slice(text) for n in s.notes] == ["1", "2"]


def test_run_on_list_skips_one_missing_number_at_a_time() -> None:
    # "p.3" follows no white space and "04" is not 4; 2 is missing, so 3 is
    # taken; 5 and 6 are missing, so 7 ends nothing and the list ends at 4
    text = "Text \\[1\\] \\[3\\] \\[4\\].\n\nNotes\n\n1 Serge p.3 3 Reiman 04 Ibid. 4. Deutscher 7 Carr\n"
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "3", "4"], ["1", "3", "4"])
    assert [n.text for n in s.notes] == ["Serge p.3", "Reiman 04 Ibid.", "Deutscher 7 Carr"]
    assert [n.label_span.slice(text) for n in s.notes] == ["1", "3", "4."]


@given(st.text(alphabet="[]^\\:#(){}.\n 1234ab`*-", max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_never_raises(text: str) -> None:
    for s in markdown.read(text).series:
        assert all(0 <= m.span.start <= m.span.end <= len(text) for m in s.markers)
        assert all(0 <= n.span.start <= n.span.end <= len(text) for n in s.notes)


def test_looks_like() -> None:
    assert markdown.looks_like("---\ntitle: x\n---\n\nText.\n")
    assert markdown.looks_like("# Title\n\nText.[^1]\n")
    assert not markdown.looks_like("<html><body><p>x</p></body></html>")


# --------------------------------------------------------------------------- corpus


def read_corpus(name: str) -> tuple[str, NoteSeries]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    (s,) = markdown.read(text).series
    assert s.index == 0 and s.name == "notes"
    assert all(m.series == 0 for m in s.markers) and all(n.series == 0 for n in s.notes)
    for n in s.notes:
        assert n.label in n.label_span.slice(text)
        assert n.text and " ".join(n.text_span.slice(text).split()) == n.text
    return text, s


@needs_corpus
def test_platypus_vanguard_part2() -> None:
    text, s = read_corpus("platypus-vanguard-part2.md")
    numbers = [str(i) for i in range(1, 36)]
    assert labels(s) == (numbers, numbers)
    assert all(m.span.slice(text) == f"[^{m.label}]" for m in s.markers)
    assert s.notes[22].text == "Ibid."


@needs_corpus
def test_stevenson_derbyshire_ch2() -> None:
    text, s = read_corpus("stevenson-derbyshire-ch2.md")
    assert all(m.span.slice(text) == f"\\[{m.label}\\]" for m in s.markers)
    # The reference list is one run-on paragraph of 66 items.
    assert [n.label for n in s.notes] == [str(i) for i in range(1, 67)]
    # Faults of the document itself: no marker [62] in the text (61 is followed
    # by 63), and the marker [67] on "APPENDIX `A' - THE GRAND JURY" has no note.
    assert [m.label for m in s.markers] == [str(i) for i in range(1, 68) if i != 62]
    assert s.notes[0].text.startswith("G Rude")
    assert s.notes[65].text.endswith("Moorlands, Buxton (1977) p11")


@needs_corpus
def test_plekhanov_french_drama() -> None:
    text, s = read_corpus("plekhanov-french-drama.md")
    assert all(m.span.slice(text) == f"^[\\[{m.label}\\]](#n{m.label})^" for m in s.markers)
    assert [n.label for n in s.notes] == [str(i) for i in range(1, 57)]
    # Fault of the document itself: marker [49] stands twice (on "sculpture."
    # and on "compass."), so 57 markers for 56 notes; every label has its note.
    expected = [str(i) for i in range(1, 57)]
    expected.insert(48, "49")
    assert [m.label for m in s.markers] == expected
    assert s.notes[55].text.endswith("human relationships.")


# --------------------------------------------------------------------------- more conventions


def test_several_reference_lists_are_chapters() -> None:
    text = (
        "Text \\[1\\] and [2].\n\n## Notes\n\n1. One.\n2. Two.\n\n# Chapter two\n\n"
        "More \\[1\\].\n\nNotes:\n\n\\[1\\] Again.\n\\[2\\] Unused.\n"
    )
    a, b = markdown.read(text).series
    assert (a.name, labels(a)) == ("notes, part 1", (["1", "2"], ["1", "2"]))
    assert (b.name, labels(b)) == ("notes, Chapter two", (["1"], ["1", "2"]))
    assert [m.span.slice(text) for m in a.markers] == ["\\[1\\]", "[2]"]
    assert b.notes[0].label_span.slice(text) == "\\[1\\]" and b.notes[0].text == "Again."
    assert a.heading is not None and a.heading.slice(text) == "## Notes"


def test_table_of_contents_heading_is_not_a_reference_list() -> None:
    text = "4\\. Notes and references\n\n5\\. Index\n\nText \\[1\\].\n\nNotes\n\n1. One.\n2. Two.\n"
    (s,) = markdown.read(text).series
    assert labels(s) == (["1"], ["1", "2"])


def test_link_reference_definitions_are_not_notes() -> None:
    text = "See [the site][1] and [1].\n\n## References\n\n[1]: https://example.org\n"
    (s,) = markdown.read(text).series
    assert labels(s) == (["1"], [])


def test_other_pandoc_shapes() -> None:
    text = (
        "Body^[1](#n1)^ and <sup>[\\[2\\]](#n2)</sup> `[\\[9\\]](#n9)` [see](#top)\n\n"
        "[1.](#f1){#n1} Serge.\n\n[\\[2\\]](#f2) Reiman.\n"
    )
    (s,) = markdown.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [m.span.slice(text) for m in s.markers] == ["^[1](#n1)^", "<sup>[\\[2\\]](#n2)</sup>"]
    assert [n.label_span.slice(text) for n in s.notes] == ["1.", "2"]


def test_code_spans_with_many_backticks() -> None:
    text = "A ``code [^1] ` still`` and [^2] `x\n\n[^2]: Note.\n"
    (s,) = markdown.read(text).series
    assert labels(s) == (["2"], ["2"])


def test_crlf_definitions_and_continuations() -> None:
    text = "Text.[^1]\r\n\r\n[^1]: Serge,\r\n    p.223.\r\n\r\n    More.\r\n\r\n---\r\n"
    (s,) = markdown.read(text).series
    assert s.notes[0].text == "Serge, p.223. More."
    assert s.notes[0].text_span.slice(text).endswith("More.")


def test_superscript_markers_before_a_reference_list() -> None:
    """``<sup>1</sup>`` left from HTML, pandoc's ``^1^``/``^[2]^``: markers when a
    reference list follows; ``mc^2^`` in a text without one is no marker."""
    text = "Text.<sup>1</sup> More.^[2]^ And ^3^.\n\n## Notes\n\n1. Serge.\n2. Reiman.\n3. Popov.\n"
    (series,) = markdown.read(text).series
    assert labels(series) == (["1", "2", "3"], ["1", "2", "3"])
    assert [m.span.slice(text) for m in series.markers] == ["<sup>1</sup>", "^[2]^", "^3^"]
    assert markdown.read("E = mc^2^ holds.\n").series == ()


@pytest.mark.parametrize(
    ("item", "gap"),
    [("{}. ", "\n"), ("{}. ", "\n\n"), ("{}\\. ", "\n\n"), ("\\[{}\\] ", "\n")],
)
def test_notes_lists_under_plain_lines_end_where_the_next_chapter_begins(
    item: str, gap: str
) -> None:
    """Chapters each ending in a list under a plain "Notes" line (no heading, no
    rule): a list ends at the first paragraph of the next chapter's prose, so
    each chapter's markers and notes are a series of their own."""
    counts = [3, 2, 4]
    chapters = []
    for c, count in enumerate(counts, 1):
        body = " ".join(f"Claim {c}.{i}. [{i}]" for i in range(1, count + 1))
        notes = gap.join(item.format(i) + f"Serge, Memoirs, p.{c}{i}." for i in range(1, count + 1))
        chapters.append(f"Chapter {c}\n\n{body}\n\nNotes\n\n{notes}\n\n")
    text = "".join(chapters)
    series = markdown.read(text).series
    assert len(series) == 3
    for c, (s, count) in enumerate(zip(series, counts, strict=True), 1):
        numbers = [str(i) for i in range(1, count + 1)]
        assert labels(s) == (numbers, numbers)
        assert [n.text for n in s.notes] == [f"Serge, Memoirs, p.{c}{i}." for i in numbers]
        body = text.index(f"Chapter {c}")
        assert all(body < m.span.start < text.index("Notes", body) for m in s.markers)
    assert cliffcite.check(cliffcite.parse(text, format="markdown")) == []


def test_continuation_paragraphs_stay_in_their_notes() -> None:
    """Lazy lines and indented paragraphs continue a note; an unindented
    paragraph does too when the next note follows it, not after the last note."""
    text = (
        "Text [1] and [2].\n\nNotes\n\n"
        "1. Serge,\nlazy line.\n\nUnindented paragraph.\n\n"
        "2. Reiman.\n\n    Indented paragraph.\n\n"
        "Chapter two\n\nMore [1].\n\nNotes\n\n1. Again.\n"
    )
    a, b = markdown.read(text).series
    assert labels(a) == (["1", "2"], ["1", "2"])
    assert [n.text for n in a.notes] == [
        "Serge, lazy line. Unindented paragraph.",
        "Reiman. Indented paragraph.",
    ]
    assert labels(b) == (["1"], ["1"])
    assert b.markers[0].span.start == text.index("[1]", text.index("More"))
