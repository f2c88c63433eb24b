"""Property tests: no text crashes the pipeline, no bytes crash the decoder.

The default run is brief.  For a long fuzzing session::

    HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py -p no:cacheprovider

(``fuzz`` tries :data:`FUZZ_EXAMPLES` examples a test, ``CLIFFCITE_FUZZ_EXAMPLES``
to change; failures are saved in
``.hypothesis/`` and replayed first on the next run.)
"""

from __future__ import annotations

import os
import tempfile
from contextlib import redirect_stderr, redirect_stdout

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cliffcite
from cliffcite.cli import main
from cliffcite.io import InputError, decode

#: Examples a test in the default (CI) run.
DEFAULT_EXAMPLES = 200
#: Examples a test under ``HYPOTHESIS_PROFILE=fuzz``.
FUZZ_EXAMPLES = int(os.environ.get("CLIFFCITE_FUZZ_EXAMPLES", "20000"))

settings.register_profile(
    "cliffcite-default",
    max_examples=DEFAULT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "cliffcite-default")
fuzz = settings(settings.get_profile(PROFILE))

#: Pieces of the apparatus, so random texts hit the parsers' interesting paths.
ATOMS = [
    "[1]", "[2]", "[17]", "[3a]", "[1917]", "[", "]", "(", ")", "“", "”", "«", "»", '"', "*", "_",
    "1. ", "2. ", "17. ", "1) ", "[1]. ", "\n", "\n\n", "\r\n", " ", "\t", "Notes\n", "Endnotes\n",
    "Ibid.", "ibid", "Ibid., p.", "op. cit.", "loc. cit.", "Idem", "p.", "pp.", "p.xi", "S. ",
    "179-80", "1099-102", "–", "—", "-", ",", ";", ":", ".", "Vol.", "Vol.10", "No. 3", "T. 3100",
    "Serge", "M. Fainsod", "Memoirs", "Pravda, 12 August 1927", "Cambridge 1958",
    "(London: Verso, 2016)", "ed.", "trans. ", "See ", "Cf. ", "Last updated on 31 July 2009",
    "<p>", "</p>", "<sup>", "<a href='#n1'>", "</a>", "&amp;", "&#8212;", "<!--", "-->",
    "[^1]", "[^1]: ", "```", "`", "# ", "[Footnote 1: ", "FOOTNOTES:", "Project Gutenberg",
    "\\[1\\]", "\ufeff", "\x00", "\u2028", "\x85", "\ud7ff", "x",
]  # fmt: skip

apparatus_text = st.lists(st.sampled_from(ATOMS) | st.text(max_size=8), max_size=60).map("".join)
any_text = st.text(max_size=2_000) | apparatus_text

#: Tag soup of the layouts the HTML reader knows (linked pairs, note classes,
#: lists of notes, notes headings), nested and left open at random: the
#: reader's mapping back to the source meets what the parser rebuilt.
HTML_ATOMS = [
    "<p>", "</p>", "<div>", "</div>", "<ol>", "</ol>", "<li>", "</li>", "<dl>", "<dd>", "<dt>",
    "<blockquote>", "<table>", "<tr>", "<td>", "<h3>Notes</h3>", "<h2>Chapter</h2>", "<h3>",
    "</h3>", "<hr>", "<br>", "<nobr>", "</nobr>", "<span>", "</span>", "<b>", "</b>", "<i>",
    "<sup>", "</sup>", "<sup>1</sup>", "<sup>[2]</sup>", "<sup>[3][4]</sup>", "<small>",
    '<p class="endnote">', '<p class="information">', "<p class=note>", '<div class="footnotes">',
    '<li id="fn1">', '<li id="cite_note-2">', '<p id="x&amp;y">', '<a name="endnotes">',
    '<a href="#n1" name="f1">', '<a name="n1" href="#f1">', '<a href="#fn1">', '<a href="#x&amp;y">',
    '<a href="#n1234" name="f1234">[1234]</a>', '<a name="n1234" href="#f1234">1234.</a>',
    "</a>", '<a class="footnote-back" href="#r1">↩</a>', "<!-- [1] -->", "<script>'<p>1.'</script>",
    "[1]", "[6]", "(5)", "1.", "2. ", "6.", "17. ", " Serge, Memoirs, p.1. ", "Ibid.", "Notes",
    "&amp;", "&#8212;", "&nbsp;", "&", "<", " ", "\n", "\r\n", "\u00a0", "x",
]  # fmt: skip
#: A notes section: a heading, then notes, each a block, maybe an inline
#: wrapper and a paragraph in it, a label, text; closed, or not, at random.
NOTE_BLOCKS = ["<p>", "<div>", "<li>", "<dd>", "<blockquote>", '<p class="endnote">', "<td>"]
WRAPPERS = ["", "<font size=2>", "<span>", "<nobr>", "<b>", "<small>"]
LABELS = ["6. ", "[6] ", "6) ", '<a name="n6" href="#f6">6.</a> ', "<sup>6</sup> ", ""]
ENDS = ["", "</p>", "</div>", "</li>", "</font>", "</span>", "</nobr>", "</b>", "\n"]
one_note = st.tuples(
    st.sampled_from(NOTE_BLOCKS),
    st.sampled_from(WRAPPERS),
    st.sampled_from(["", "<p>", '<p class="endnote">']),
    st.sampled_from(LABELS),
    st.sampled_from(["Serge, Memoirs, p.1.", "Ibid.", "", "Reiman &amp; Co."]),
    st.lists(st.sampled_from(ENDS), max_size=3).map("".join),
).map("".join)
notes_section = st.tuples(
    st.sampled_from(
        ["", '<p>Claim.<a href="#n6" name="f6">[6]</a></p>', "<p>Claim.<sup>6</sup></p>"]
    ),
    st.sampled_from(["<h3>Notes</h3>", "<hr>", '<a name="endnotes"></a>', ""]),
    st.lists(one_note, min_size=1, max_size=6).map("".join),
).map("".join)
html_soup = st.lists(st.sampled_from(HTML_ATOMS), max_size=80).map("".join) | notes_section

#: Lines of the other conventions, put together line by line: chapters,
#: headings like notes, notes lists under headings or rules, footnotes over
#: several lines and paragraphs, code fences, bracketed footnotes nested.
LINES = [
    "", "", "Chapter 11", "11. The United Opposition is smashed", "# Chapter", "## Notes", "Notes",
    "NOTES:", "FOOTNOTES:", "---", "***", "* * *", "Text with a marker.[1] More [2] text.",
    "Text [^1] and [^2].", "Text.[^note] More.", "Text\\[1\\] and \\[2\\].", "Text.[1](#fn1)",
    "1. Serge, Memoirs, p.1.", "2. Ibid., pp.531-2.", "17. Ibid..", "[1] Reiman, p.5.",
    "1) Carr, Vol.2, p.35.", "   continued on a second line", "    an indented paragraph",
    "[^1]: Serge, p.1.", "[^2]: Ibid.", "    more of note 2", "[^note]: Named note.",
    "[Footnote 1: Serge, p.1.]", "[Footnote 2: starts here", "and ends here.]",
    "[Footnote 3: nested [Greek] text]", "[Footnote A: lettered]", "[1] in a FOOTNOTES section",
    "```", "`code [1]`", "<!-- [1] -->", "1. That the Opposition faction ...",
    "Project Gutenberg", "Last updated on 31 July 2009", "\u2028", "\r",
]  # fmt: skip
line_text = st.lists(st.sampled_from(LINES), max_size=40).map("\n".join)


@fuzz
@given(any_text)
def test_parse_and_check_never_raise(text: str) -> None:
    doc = cliffcite.parse(text)
    assert all(0 <= n.span.start <= n.span.end <= len(text) for n in doc.notes)
    assert all(0 <= m.span.start < m.span.end <= len(text) for m in doc.markers)
    for d in cliffcite.check(doc):
        assert 0 <= d.span.start <= d.span.end <= len(text)


@fuzz
@given(apparatus_text, st.sampled_from(["text", "html", "markdown", "gutenberg"]))
def test_every_reader_takes_any_text(text: str, fmt: str) -> None:
    doc = cliffcite.parse(text, format=fmt)
    cliffcite.check(doc)
    for note in doc.notes:
        for c in note.citations:
            assert 0 <= c.span.start <= c.span.end <= len(text)


@fuzz
@given(html_soup)
def test_the_html_reader_takes_any_tag_soup(text: str) -> None:
    doc = cliffcite.parse(text, format="html")
    for d in cliffcite.check(doc):
        assert 0 <= d.span.start <= d.span.end <= len(text)
    for note in doc.notes:
        assert 0 <= note.label_span.start <= note.label_span.end <= len(text)
        assert 0 <= note.text_span.start <= note.text_span.end <= len(text)
        for c in note.citations:
            assert 0 <= c.span.start <= c.span.end <= len(text)
    assert all(0 <= m.span.start <= m.span.end <= len(text) for m in doc.markers)


@fuzz
@given(line_text, st.sampled_from(["text", "markdown", "gutenberg", None]))
def test_the_line_readers_take_any_arrangement_of_lines(text: str, fmt: str | None) -> None:
    doc = cliffcite.parse(text, format=fmt)
    for d in cliffcite.check(doc):
        assert 0 <= d.span.start <= d.span.end <= len(text)
    for note in doc.notes:
        assert 0 <= note.label_span.start <= note.label_span.end <= len(text)
        assert 0 <= note.text_span.start <= note.text_span.end <= len(text)
    assert all(0 <= m.span.start <= m.span.end <= len(text) for m in doc.markers)


@fuzz
@given(st.binary(max_size=4_096), st.sampled_from([None, "utf-8", "latin-1", "utf-16", "ascii"]))
def test_decode_raises_only_input_error(data: bytes, encoding: str | None) -> None:
    try:
        text, used, _ = decode(data, name="x.txt", encoding=encoding)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str) and used


@fuzz
@given(st.binary(max_size=2_048) | apparatus_text.map(lambda s: s.encode("utf-8", "replace")))
def test_cli_on_random_files_exits_0_1_or_2(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in.txt")
        with open(path, "wb") as handle:
            handle.write(data)
        with open(os.devnull, "w") as sink, redirect_stdout(sink), redirect_stderr(sink):
            code = main(["check", path])
        assert code in (0, 1, 2)
        with open(path, "rb") as handle:
            assert handle.read() == data
