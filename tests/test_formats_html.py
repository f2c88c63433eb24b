"""The HTML reader: synthetic snippets first (negative examples first), then the
development corpus, read from ../shared/corpus/dev and skipped when absent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cliffcite
from cliffcite.formats import html
from cliffcite.models import NoteSeries

from .conftest import CORPUS_DEV as CORPUS
from .conftest import needs_corpus


def labels(series: NoteSeries) -> tuple[list[str], list[str]]:
    return [m.label for m in series.markers], [n.label for n in series.notes]


# --------------------------------------------------------------------------- not markers


def test_years_page_numbers_and_names_in_brackets_are_not_markers() -> None:
    text = "<p>In [1917] the party (274) met.</p><p>[Trotsky and Zinoviev] spoke.</p>"
    assert html.read(text).series == ()


def test_labels_inside_comments_are_ignored() -> None:
    text = '<p>Text<!-- <sup class="ednote">[3]</sup> --> more.</p><!-- <p class="endnote">3. x</p> -->'
    assert html.read(text).series == ()


@pytest.mark.parametrize(
    "end", ["</\u017fcript>", "</scriptx>", "</script\xa0>", "</SCRIPT >", "</Script/>", "</script"]
)
def test_a_script_ends_where_the_parser_ends_it(end: str) -> None:
    """A script's text runs to an end tag as an HTML tokenizer finds it (its
    name in ASCII letters, then white space, "/" or ">"): ``</ſcript>`` once
    ended it for the source scan, so that a tag after it, text to the parser,
    took the place of the marker's (whose span fell inside the script)."""
    from selectolax.lexbor import LexborHTMLParser

    src = f"<p>x</p><script>a{end}<sup>1</sup></script><p>Claim<sup>1</sup></p>"
    script = LexborHTMLParser(src).css_first("script")
    assert script is not None
    start = src.index("<script>") + len("<script>")
    assert src[start : html._raw_text_end(src, "script", start)] == script.text()
    src += "<h3>Notes</h3><p>1. Serge</p>"
    (marker, *_) = html.read(src).series[-1].markers[::-1]  # (the last: after Claim)
    assert marker.span.start == src.index("Claim") + len("Claim<sup>")


def test_numbered_paragraph_without_note_class_is_not_a_note() -> None:
    text = "<p>1. The nature of property in Peru is an obstacle.</p>"
    assert html.read(text).series == ()


# --------------------------------------------------------------------------- markers and notes


def test_marxists_linked_anchors() -> None:
    text = (
        '<p>Submitted.<a href="#n1" name="f1">[1]</a> Banned.<sup>2</sup></p><hr>'
        '<p class="information"><a name="n1" href="#f1">1.</a> Serge, p.223.</p>'
        '<p class="information"><a name="n2">2.</a> Ibid.</p>'
    )
    (s,) = html.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [m.span.slice(text) for m in s.markers] == ["[1]", "2"]
    note = s.notes[0]
    assert note.label_span.slice(text) == "1."
    assert note.text == "Serge, p.223."
    assert note.text_span.slice(text) == "Serge, p.223."
    assert note.span.slice(text).startswith("1.</a> Serge")


def _linked_book(first: int, last: int) -> str:
    """marxists.org's linked pairs, numbered ``first`` to ``last`` in one series."""
    labels = range(first, last + 1)
    body = "".join(f'<p>Claim {i}.<a href="#n{i}" name="f{i}">[{i}]</a></p>' for i in labels)
    notes = "".join(
        f'<p class="information"><a name="n{i}" href="#f{i}">{i}.</a> Serge, p.{i}.</p>'
        for i in labels
    )
    return f"<html><body>{body}<hr>{notes}</body></html>"


def test_linked_pairs_past_999_keep_their_labels() -> None:
    """A book whose notes run past 999: a linked marker and note carry labels of
    four digits and more (they were dropped, markers and notes alike)."""
    text = _linked_book(995, 1003)
    (s,) = html.read(text).series
    expected = [str(i) for i in range(995, 1004)]
    assert labels(s) == (expected, expected)
    assert [m.span.slice(text) for m in s.markers][-1] == "[1003]"
    assert s.notes[-1].label_span.slice(text) == "1003."
    assert s.notes[-1].text == "Serge, p.1003."


def test_pandoc_footnotes_past_999() -> None:
    labels_ = range(998, 1002)
    body = "".join(
        f'<p>Claim.<a href="#fn{i}" class="footnote-ref" id="fnref{i}"><sup>{i}</sup></a></p>'
        for i in labels_
    )
    items = "".join(
        f'<li id="fn{i}"><p>Serge, p.{i}.<a href="#fnref{i}" class="footnote-back">↩︎</a></p></li>'
        for i in labels_
    )
    text = f'{body}<section class="footnotes"><hr><ol start="998">{items}</ol></section>'
    (s,) = html.read(text).series
    expected = [str(i) for i in labels_]
    assert labels(s) == (expected, expected)
    assert [n.text for n in s.notes] == [f"Serge, p.{i}." for i in labels_]


def test_long_numbers_unpaired_are_not_labels() -> None:
    """A number of four digits counts only in a linked pair: an index's links to
    page anchors, a year in a <sup>, a lone note paragraph are not apparatus."""
    text = (
        '<p><a id="Page_1234"></a>Text of page 1234.<sup>1917</sup></p>'
        '<p>Index: Serge, <a href="#Page_1234">1234</a>.</p>'
        '<h2>Notes</h2><p><a name="n1005">1005.</a> Serge, p.3.</p>'
    )
    assert html.read(text).series == ()


def test_class_markers_endnote_paragraphs_and_continuations() -> None:
    text = (
        '<p>Body<sup class="ednote">[1]</sup> and<span class="note">[2]</span>.</p>'
        '<p class="endnote">1. First &amp;\n   note.</p>'
        '<p class="endnote">More of the first.</p>'
        '<p class="endnote">2. Second.</p>'
    )
    (s,) = html.read(text).series
    assert labels(s) == (["1", "2"], ["1", "2"])
    assert [m.span.slice(text) for m in s.markers] == ["[1]", "[2]"]
    assert s.notes[0].text == "First & note. More of the first."
    assert s.notes[0].text_span.slice(text).endswith("More of the first.")


def test_notes_heading_opens_a_notes_section() -> None:
    text = (
        '<p>Body &lt;x&gt;<a href="#fn1" id="r1"><sup>1</sup></a></p>'
        '<h3>Notes</h3><p><a href="#r1" id="fn1">1</a>. Note one.</p>'
    )
    (s,) = html.read(text).series
    assert labels(s) == (["1"], ["1"])
    assert s.markers[0].span.slice(text) == "1"
    assert s.notes[0].text == "Note one."
    assert s.heading is not None and s.heading.slice(text) == "Notes"


def test_progress_endnotes_are_a_series_of_their_own() -> None:
    text = (
        '<p>A<sup class="ednote"><a name="bk1" href="#fw1">[1]</a></sup>'
        ' B<sup class="ednote"><a name="bkE1" href="#fwE1">[2]</a></sup></p>'
        '<a name="footnotes"></a><p><sup class="ednote"><a name="fw1" href="#bk1">[1]</a></sup>'
        "<!-- [1] --> Lenin's note.</p>"
        '<a name="endnotes"></a><p><sup class="ednote"><a name="fwE1" href="#bkE1">[2]</a></sup>'
        " Editors' note.</p>"
    )
    a, b = html.read(text).series
    assert (a.index, a.name, labels(a)) == (0, "notes", (["1"], ["1"]))
    assert (b.index, b.name, labels(b)) == (1, "editors' notes", (["2"], ["2"]))
    assert all(m.series == 1 for m in b.markers) and all(n.series == 1 for n in b.notes)
    assert a.notes[0].text == "Lenin's note."


@pytest.mark.parametrize(
    "text",
    ["", "<", "<p><sup>1</sup", "<a href='#", "&#99999999;[1]", "<sup>\x00</sup>", "<p>" * 2000],
)
def test_garbage_never_raises(text: str) -> None:
    html.read(text)


# --------------------------------------------------------------------------- deep nesting

LINKED_PAIR = (
    '<p>Submitted.<a href="#n1" name="f1">[1]</a></p>',
    '<p class="information"><a name="n1" href="#f1">1.</a> Serge, p.223.</p>',
)


def test_nesting_past_the_cap_is_cut_and_reported() -> None:
    deep = "<div>" * (html.MAX_DEPTH + 100) + "Deep text." + "</div>" * (html.MAX_DEPTH + 100)
    text = LINKED_PAIR[0] + deep + LINKED_PAIR[1]
    reading = html.read(text)
    (s,) = reading.series
    assert labels(s) == (["1"], ["1"])
    assert [m.span.slice(text) for m in s.markers] == ["[1]"]
    assert s.notes[0].text_span.slice(text) == "Serge, p.223."
    (d,) = reading.diagnostics
    assert d.code == "CC901" and "200 tags" in d.message  # 100 start tags, 100 end tags
    assert d.span.slice(text).startswith("<div>") and d.span.slice(text).endswith("</div>")


@pytest.mark.parametrize(
    ("repeated", "after"),
    [
        ('<p><font size="2">Unclosed font in an unclosed paragraph.', ""),  # a block closes <p>
        ('<a name="x">Unclosed anchor. ', ""),  # an <a> closes the one open
        ("<li>Item ", "</ul>"),  # closed by the next (the list opened below)
        ("Line<br>", ""),  # void
    ],
)
def test_elements_the_parser_closes_itself_are_not_deep(repeated: str, after: str) -> None:
    before = "<ul>" if after == "</ul>" else ""
    text = LINKED_PAIR[0] + before + repeated * (2 * html.MAX_DEPTH) + after + LINKED_PAIR[1]
    reading = html.read(text)
    assert reading.diagnostics == ()
    (s,) = reading.series
    assert labels(s) == (["1"], ["1"])


_TAG_SOUP = st.lists(
    st.sampled_from(
        ["<div>", "</div>", "<span>", "</span>", "<p>", "</p>", "<a name='x'>", "</a>",
         "<li>", "<ul>", "</ul>", "<br>", "<b>", "</b>", "<table>", "<td>", "</table>",
         "<!-- c -->", "<script>", "</script>", "x ", "[1]", "1. "]
    ),
    max_size=400,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_TAG_SOUP)
def test_the_depth_cap_blanks_whole_tags_and_keeps_offsets(pieces: list[str]) -> None:
    """Whatever the soup, the text as parsed is the source with some whole
    tags made spaces; nothing is cut while the nesting stays under the cap."""
    src = "".join(pieces)
    scan = html._scan_source(src, max_depth=6)
    assert len(scan.text) == len(src)
    at = 0
    for a, b in scan.cut:
        assert at <= a and src[a] == "<" and src[b - 1] == ">"
        assert scan.text[at:a] == src[at:a] and scan.text[a:b] == " " * (b - a)
        at = b
    assert scan.text[at:] == src[at:]
    assert html._scan_source(src, max_depth=len(pieces) + 1).cut == []


def test_looks_like() -> None:
    assert html.looks_like("<!DOCTYPE html><html><body><p>x</p>")
    assert html.looks_like('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">')
    assert not html.looks_like("# Title\n\nText.[^1]\n\n[^1]: Note.\n")


# --------------------------------------------------------------------------- corpus


def check_corpus(name: str) -> tuple[str, tuple[NoteSeries, ...]]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    series = html.read(text).series
    for s in series:
        for m in s.markers:
            assert m.series == s.index
            assert m.span.slice(text) == f"[{m.label}]"
        for n in s.notes:
            assert n.series == s.index
            assert n.label in n.label_span.slice(text)
            assert n.text_span.slice(text).split()[0].startswith(n.text.split()[0][:3])
        assert [m.span for m in s.markers] == sorted(m.span for m in s.markers)
    return text, series


@needs_corpus
def test_lenin_imperialism_ch2() -> None:
    # 23 of Lenin's footnotes, and Progress's endnotes [24]-[26] after <a name="endnotes">.
    _, series = check_corpus("lenin-imperialism-ch2.xhtml")
    notes, editors = series
    assert notes.name == "notes" and editors.name == "editors' notes"
    numbers = [str(i) for i in range(1, 24)]
    assert [n.label for n in notes.notes] == numbers
    assert sorted(notes.marker_labels, key=int) == numbers and len(notes.markers) == 23
    # marker [24] stands between [8] and [9] in the text: document order is kept.
    assert labels(editors) == (["24", "25", "26"], ["24", "25", "26"])
    assert notes.notes[0].text == (
        "Alfred Lansburgh, “Fünf Jahre deutsches Bankwesen” in Die Bank, 1913, No. 8. —Lenin"
    )
    assert "a href" not in notes.notes[0].text  # the commented-out label is not text


@needs_corpus
def test_mariategui_essay3() -> None:
    _, series = check_corpus("mariategui-essay3-land.html")
    (s,) = series
    numbers = [str(i) for i in range(1, 32)]
    assert labels(s) == (numbers, numbers)
    # note 15 runs on over twelve unlabelled <p class="endnote"> paragraphs.
    assert s.notes[14].text.endswith("singularly socialist provision.")
    assert s.notes[18].text == "[Note unavailable]"


@given(st.text(alphabet='<>/="#&;[]pasupn clae1234!-\n', max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text_never_raises(text: str) -> None:
    for s in html.read(text).series:
        assert all(0 <= m.span.start <= m.span.end <= len(text) for m in s.markers)


# --------------------------------------------------------------------------- list notes


def test_wikisource_references_list() -> None:
    """Wikisource: <sup class="reference"> markers, an <ol class="references">
    whose items are the notes, each opening with a back-link arrow."""
    text = (
        '<p>Text.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup>'
        ' More.<sup id="cite_ref-2" class="reference"><a href="#cite_note-2">[2]</a></sup></p>'
        '<ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink">'
        '<a href="#cite_ref-1">↑</a></span> <span class="reference-text">Serge, p.223.</span></li>'
        '<li id="cite_note-2"><span class="mw-cite-backlink"><a href="#cite_ref-2">↑</a></span>'
        ' <span class="reference-text">Reiman, p.32.</span></li></ol>'
    )
    (series,) = html.read(text).series
    assert labels(series) == (["1", "2"], ["1", "2"])
    assert [n.text for n in series.notes] == ["Serge, p.223.", "Reiman, p.32."]
    assert [n.text_span.slice(text) for n in series.notes] == ["Serge, p.223.", "Reiman, p.32."]


def notes_and_codes(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Each note's label, text and text as written; the codes of the check."""
    doc = cliffcite.parse(text, format="html")
    notes = [(n.label, n.text, n.text_span.slice(text)) for s in doc.series for n in s.notes]
    return notes, [d.code for d in cliffcite.check(doc)]


def test_a_notes_paragraph_inside_a_list_item_left_open_is_read_once() -> None:
    """With ``</li>`` and ``</ol>`` left out, the parser puts the paragraph
    after the list inside the last item (a ``<p>`` closes no ``<li>``): the
    item's note ends where the paragraph's note begins."""
    text = (
        '<p>Text.<a href="#n1" name="f1">[1]</a> More.<a href="#n2" name="f2">[2]</a>'
        ' And.<a href="#n12" name="f12">[12]</a></p><h3>Notes</h3>\n<ol>\n'
        '<li><a name="n1" href="#f1">1.</a> Serge, p.223.\n'
        '<li><a name="n2" href="#f2">2.</a> Reiman, p.32.\n'
        '<p><a name="n12" href="#f12">12.</a> Trotsky, My Life, p.3.</p>\n'
    )
    notes, codes = notes_and_codes(text)
    assert notes == [
        ("1", "Serge, p.223.", "Serge, p.223."),
        ("2", "Reiman, p.32.", "Reiman, p.32."),
        ("12", "Trotsky, My Life, p.3.", "Trotsky, My Life, p.3."),
    ]
    assert codes == ["CC106"]  # notes 3-11 missing: the only fault as written


def test_a_linked_list_item_left_open_ends_at_the_notes_paragraph_inside_it() -> None:
    text = (
        '<p>A.<a href="#fn1"><sup>1</sup></a> B.<a href="#fn2"><sup>2</sup></a> C.<sup>3</sup></p>'
        '<h3>Notes</h3><ol><li id="fn1">Serge, p.223.<li id="fn2">Reiman, p.32.'
        ' <a href="#r2">↩</a><p>3. Trotsky, My Life, p.3.</p>'
    )
    notes, codes = notes_and_codes(text)
    assert notes == [
        ("1", "Serge, p.223.", "Serge, p.223."),
        ("2", "Reiman, p.32.", "Reiman, p.32."),
        ("3", "Trotsky, My Life, p.3.", "Trotsky, My Life, p.3."),
    ]
    assert codes == []


@pytest.mark.parametrize(
    ("label1", "label2"),
    [
        ("1.", "2."),  # EPUB: the label written in the paragraph
        ('<a name="fn1" href="#r1">1.</a>', '<a name="fn2" href="#r2">2.</a>'),  # marxists.org
    ],
)
def test_a_list_item_holding_a_labelled_paragraph_is_one_note(label1: str, label2: str) -> None:
    """The item is the target of the marker's link, the paragraph opens with
    the label: the two are one note, read once."""
    text = (
        '<p>A.<a href="#fn1" name="r1"><sup>1</sup></a> B.<a href="#fn2" name="r2"><sup>2</sup></a>'
        "</p><h3>Notes</h3><ol>"
        f'<li id="fn1"><p>{label1} Serge, p.223.</p></li>'
        f'<li id="fn2"><p>{label2} Reiman, p.32.</p></li></ol>'
    )
    notes, codes = notes_and_codes(text)
    assert notes == [
        ("1", "Serge, p.223.", "Serge, p.223."),
        ("2", "Reiman, p.32.", "Reiman, p.32."),
    ]
    assert codes == []


SERGE, REIMAN = ("1", "Serge, p.223.", "Serge, p.223."), ("2", "Reiman, p.32.", "Reiman, p.32.")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            "<li>1. Serge, p.223.\n<li>2. Reiman, p.32.\n<p>3. Trotsky, My Life, p.3.</p>",
            [SERGE, REIMAN, ("3", "Trotsky, My Life, p.3.", "Trotsky, My Life, p.3.")],
            id="list-left-open",  # the notes paragraph is inside item 2
        ),
        pytest.param(
            "<li>1. Serge, p.223.\n<p>Also Reiman, p.32.</p></li><li>2. Reiman, p.32.</li>",
            [
                ("1", "Serge, p.223. Also Reiman, p.32.", "Serge, p.223.\n<p>Also Reiman, p.32."),
                REIMAN,
            ],
            id="two-paragraphs",
        ),
    ],
)
def test_a_list_item_labelled_before_a_paragraph_inside_it_is_a_note(
    items: str, expected: list[tuple[str, str, str]]
) -> None:
    text = f"<p>A.<sup>1</sup> B.<sup>2</sup></p><h3>Notes</h3><ol>{items}"
    assert notes_and_codes(text)[0] == expected


@pytest.mark.parametrize(
    "item",
    [
        '<li id="fn1">Serge, p.1.\n',
        "<li>1. Serge, p.1.\n",
        '<li><a name="fn1">1.</a> Serge, p.1.\n',
    ],
    ids=["linked", "labelled", "anchored"],
)
def test_a_list_left_open_ends_its_note_at_the_next_chapter(item: str) -> None:
    """The last item of a list left open holds the rest of the document: its
    note ends at the next heading, and the markers after it are the next chapter's."""
    text = (
        '<h2>One</h2><p>A.<a href="#fn1"><sup>1</sup></a></p><h3>Notes</h3><ol>'
        + item
        + '<h2>Two</h2><p>B.<sup>1</sup></p><h3>Notes</h3><p class="endnote">1. Reiman, p.2.</p>'
    )
    doc = cliffcite.parse(text, format="html")
    assert [
        (s.name, [m.label for m in s.markers], [(n.label, n.text) for n in s.notes])
        for s in doc.series
    ] == [
        ("notes, One", ["1"], [("1", "Serge, p.1.")]),
        ("notes, Two", ["1"], [("1", "Reiman, p.2.")]),
    ]
    assert [d.code for d in cliffcite.check(doc)] == []


# --------------------------------------------------------------------------- inline wrappers


@pytest.mark.parametrize("wrapper", ["font size=2", "span", "nobr", "small"])
def test_note_paragraphs_inside_an_inline_wrapper_are_the_notes(wrapper: str) -> None:
    """``<div><font><p>6. ...`` (old pages wrap whole sections in ``<font>``):
    the block's own text before its first paragraph holds no label, so the
    paragraphs are the notes; it raised IndexError (a label read in the
    block ran past the end of its note)."""
    tag = wrapper.split()[0]
    source = (
        "<p>Claim.<sup>6</sup> More.<sup>7</sup></p><h3>Notes</h3>"
        f"<div><{wrapper}><p>6. Serge, p.1.</p><p>7. Reiman.</p></{tag}></div>"
    )
    (s,) = html.read(source).series
    assert labels(s) == (["6", "7"], ["6", "7"])
    assert [n.text for n in s.notes] == ["Serge, p.1.", "Reiman."]
    assert [n.label_span.slice(source) for n in s.notes] == ["6.", "7."]


def test_a_label_past_the_end_of_its_note_does_not_raise() -> None:
    """Found by fuzzing: a list item left open whose paragraph is a note of
    its own, inside an inline wrapper; the check goes on (exit 0/1)."""
    source = '<h3>Notes</h3><dd><nobr><p class="endnote" id="x&amp;y"><a href="#x&amp;y">[6]</a>'
    doc = cliffcite.parse(source, format="html")
    cliffcite.check(doc)
    assert [n.label for n in doc.notes] == ["6"]


@pytest.mark.parametrize(
    "text",
    [
        '<h3>Notes</h3><p>6. </p></p><p><p class="endnote">6. Ibid.<td><p class="endnote">'
        'Serge, Memoirs, p.1.<div><p class="endnote">6. Ibid.',
        '<h3>Notes</h3><p>6. Serge, Memoirs, p.1.</p></p><p><p class="endnote">6. Ibid.<td>'
        '<p class="endnote">Serge, Memoirs, p.1.<div><p class="endnote">6. Ibid.',
    ],
)
def test_a_note_continued_before_it_in_the_source_has_ordered_spans(text: str) -> None:
    """Found by the fuzz run of the seventh session (and already in 91847a7):
    the HTML5 parser moved a misnested continuation before its note, so the
    note's text span and its citation's span ran backwards (128 to 101).  Each
    is now the hull of what it covers."""
    doc = cliffcite.parse(text, format="html")
    for note in doc.notes:
        assert 0 <= note.text_span.start <= note.text_span.end <= len(text)
        for c in note.citations:
            assert 0 <= c.span.start <= c.span.end <= len(text)
    for d in cliffcite.check(doc):
        assert 0 <= d.span.start <= d.span.end <= len(text)
