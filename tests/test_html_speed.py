"""The HTML reader's fast routines against the simple ones they replaced.

Each reference below is the routine as it stood before (one character, one
tag, one attribute at a time), kept here as the specification: on random and
adversarial input the fast routine must give the same answer, exceptions
included.
"""

from __future__ import annotations

import html as _html
import random
import re
import sys
from array import array

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cliffcite.formats import html
from cliffcite.formats._util import runs_of
from cliffcite.models import Span

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of HTML, chosen for the corners: tails with quotes and "=", comments
# left open, references with and without ";" (one of two characters, one out
# of range), raw text, "</" and a letter not ASCII, CRLF, \x1c (white space to
# str.isspace, not to the regex module), non-breaking space.
PIECES = [
    "<", ">", "&", "&amp;", "&amp", "&ampx;", "&#8212;", "&#x2014;", "&#x110000;",
    "&NotEqualTilde;", "&nbsp;", "&#32;", "<p>", "</p>", '<p class="endnote">',
    "<a href=\"#n1\" name='f1'>", "</a>", "<a href=#n1>", "<sup>", "</sup>", "<b>", "</b>",
    "<!--", "-->", "<!-->", "<!x>", "<?pi?>", "</é>", "</ x>", "</>", "<script>", "</script>",
    "<style>p{}</STYLE>", "<br/>", "<br>", "<li>", "<td>", "<div>", "</div>", "=", '"', "'",
    "x=\"a>b\"", "x= 'a>b'", "=\x1c\"q>\"", " ", "\t", "\r\n", "\n", "\x1c", "\xa0", "a", "B",
    "1.", "[1]", "é", "Serge,", "p.1", "\u2028", "<a x=\x1c\"q>\">", "<a x= 'a>b'>", "<a x=\"",
    "<span>", "</span>", "Ibid. p.2", "&nvlt;",
]  # fmt: skip
# Tags alone, to follow the stack of open elements: nested, closed out of
# order, closing a <p> or an <a>, void, cut past a small depth.
TAGS = [
    "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<p>", "</p>", "<a>", "</a>",
    "<li>", "</li>", "<br>", "<table>", "<td>", "</table>", "<span>", "</span>", "</x>",
]  # fmt: skip
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map(
    "".join
)


# --------------------------------------------------------------------------- references

_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
#: The tag tail as it was matched, with the regex module's possessive quantifiers.
_TAG_TAIL = regex.compile(r"""(?:[^>=]++|=\s*+(?:"[^"]*+"|'[^']*+')?+)*+>""")


def ref_skip_markup(src: str, j: int) -> tuple[str, int, int]:
    """``(kind, name_end, end)`` of the markup opening with "<" at ``j``."""
    n = len(src)
    if src.startswith("<!--", j):
        k = src.find("-->", j + 4)
        return "comment", j, (n if k < 0 else k + 3)
    c = src[j + 1 : j + 2]
    if c in ("!", "?"):
        k = src.find(">", j + 2)
        return "comment", j, (n if k < 0 else k + 1)
    if c == "/":
        k = src.find(">", j + 2)
        kind = "end" if src[j + 2 : j + 3].isalpha() else "comment"
        return kind, j, (n if k < 0 else k + 1)
    if c.isascii() and c.isalpha():
        m = _TAG_NAME.match(src, j + 1)
        name_end = m.end() if m else j + 2
        t = _TAG_TAIL.match(src, name_end)
        return "start", name_end, (t.end() if t else n)
    return "text", j, j + 1


def ref_tail_end(src: str, name_end: int) -> int | None:
    """Where a start tag's tail ends, read one character at a time: the first
    ">" not inside a quoted value right after "=" (and its white space)."""
    i, n = name_end, len(src)
    while i < n:
        c = src[i]
        if c == ">":
            return i + 1
        if c == "=":
            i += 1
            while i < n and src[i].isspace() and src[i] not in "\x1c\x1d\x1e\x1f":
                i += 1
            if i < n and src[i] in "\"'":
                k = src.find(src[i], i + 1)
                if k >= 0:
                    i = k + 1
            continue
        i += 1
    return None


def ref_scan(
    src: str, max_depth: int
) -> tuple[str, dict[str, list[tuple[int, int, str]]], list[tuple[int, int]]]:
    tags: dict[str, list[tuple[int, int, str]]] = {}
    stack: list[str] = []
    where: dict[str, list[int]] = {}
    overflow: dict[str, int] = {}
    cut: list[tuple[int, int]] = []

    def pop_to(k: int) -> None:
        overflow.clear()
        while len(stack) > k:
            where[stack.pop()].pop()

    i, n = 0, len(src)
    while i < n:
        found = re.compile(r"<[A-Za-z!?/]").search(src, i)
        if found is None:
            break
        j = found.start()
        kind, name_end, end = ref_skip_markup(src, j)
        if kind == "start":
            name = src[j + 1 : name_end].lower()
            tag_end = end
            if name in html._RAW_TEXT:
                end = html._raw_text_end(src, name, end)
            if name in html._CLOSES_P and where.get("p"):
                pop_to(where["p"][-1])
            elif name in html._CLOSES_SAME and where.get(name):
                pop_to(where[name][-1])
            never_open = name in html._VOID or name in html._SELF_CLOSING
            if never_open or len(stack) < max_depth:
                tags.setdefault(name, []).append((j, tag_end, src[name_end:tag_end]))
                if not never_open:
                    where.setdefault(name, []).append(len(stack))
                    stack.append(name)
            else:
                cut.append((j, tag_end))
                overflow[name] = overflow.get(name, 0) + 1
        elif kind == "end":
            m = _TAG_NAME.match(src, j + 2)
            tag = m.group().lower() if m else ""
            if overflow.get(tag):
                overflow[tag] -= 1
                cut.append((j, end))
            elif where.get(tag):
                pop_to(where[tag][-1])
        i = end
    text = src
    for a, b in cut:
        text = text[:a] + " " * (b - a) + text[b:]
    return text, tags, cut


def ref_past_markup(src: str, i: int) -> int | None:
    """Where the markup opening at ``i`` ends (a raw-text element's content
    with it), or None when that ``<`` opens nothing and is text."""
    kind, name_end, end = ref_skip_markup(src, i)
    if kind == "text":
        return None
    if kind == "start" and src[i + 1 : name_end].lower() in html._RAW_TEXT:
        end = html._raw_text_end(src, src[i + 1 : name_end].lower(), end)
    return end


def ref_walk(src: str, pos: int, want: str, limit: int) -> tuple[array[int], array[int]] | None:
    starts = array("q", [-1]) * len(want)
    ends = array("q", [-1]) * len(want)
    k, n = 0, len(want)
    i = pos
    stop = min(len(src), limit)
    while k < n and want[k].isspace():
        k += 1
    while k < n:
        if i >= stop:
            return None
        ch = src[i]
        if ch == "<":
            after = ref_past_markup(src, i)
            if after is not None:
                i = after
                continue
            unit, unit_end = "<", i + 1
        elif ch == "&":
            m = html._ENTITY.match(src, i)
            unit, unit_end = (_html.unescape(m.group()), m.end()) if m else ("&", i + 1)
        else:
            unit, unit_end = ch, i + 1
        for u in unit:
            if u.isspace():
                continue
            if k >= n or want[k] != u:
                return None
            starts[k], ends[k] = i, unit_end
            k += 1
            while k < n and want[k].isspace():
                k += 1
        i = unit_end
    return starts, ends


def ref_char_span(starts: array[int], ends: array[int], a: int, b: int) -> Span | None:
    first = next((starts[i] for i in range(a, b) if starts[i] >= 0), None)
    last = next((ends[i] for i in range(b - 1, a - 1, -1) if ends[i] >= 0), None)
    if first is None or last is None:
        return None
    return Span(first, last)


def ref_text(src: str, pos: int) -> str:
    """The text the reference walk reads from ``pos`` (tags skipped, references decoded)."""
    out, i = [], pos
    while i < len(src):
        if src[i] == "<" and (after := ref_past_markup(src, i)) is not None:
            i = after
            continue
        if src[i] == "&" and (m := html._ENTITY.match(src, i)):
            out.append(_html.unescape(m.group()))
            i = m.end()
            continue
        out.append(src[i])
        i += 1
    return "".join(out)


def ref_parse_attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in html._ATTR.finditer(raw.rstrip(">/")):
        key = m.group(1).lower()
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            value = m.group(4) or ""
        out.setdefault(key, _html.unescape(value))
    return out


def ref_fold(
    blocks: list[tuple[str, int, int, array[int] | None, int]],
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """build_note's fold one character at a time: the text, and its runs
    (runs_of the offsets) when every block was walked."""
    out: list[str] = []
    offsets: list[int] = []
    exact = True
    for flat, start, tend, starts, base in blocks:
        exact = exact and starts is not None
        for f in range(start, tend):
            c = flat[f]
            if c.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    offsets.append(offsets[-1] + 1)
                continue
            out.append(c)
            offsets.append(starts[f - base] if starts is not None else -1)
        if out and out[-1] != " ":
            out.append(" ")
            offsets.append(offsets[-1] + 1)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    runs = runs_of(offsets) if exact and offsets and min(offsets) >= 0 else ()
    return "".join(out), runs


# --------------------------------------------------------------------------- markup and scan


@SETTINGS
@given(documents)
def test_markup_pattern_reads_each_tag_as_the_reference(src: str) -> None:
    for j in (i for i, c in enumerate(src) if c == "<"):
        kind, name_end, end = ref_skip_markup(src, j)
        m = html._MARKUP.match(src, j)
        if kind == "text":
            assert m is None
            continue
        assert m is not None and m.end() == end
        if kind == "start":
            assert m.group(2) == src[j + 1 : name_end] and m.lastindex not in (None, 1)
            tail = ref_tail_end(src, name_end)  # (the regex pattern agrees with its reading)
            assert end == (len(src) if tail is None else tail)
        elif kind == "end" and _TAG_NAME.match(src, j + 2):
            assert m.lastindex == 1 and m.group(1) == _TAG_NAME.match(src, j + 2).group()  # type: ignore[union-attr]
        else:
            assert m.lastindex is None


@pytest.mark.parametrize("max_depth", [1, 2, 3, html.MAX_DEPTH])
@SETTINGS
@example(src="<div><b></div><p><i><u>x")
@example(src="<b><div><b></b><p><i><u></div><i><u>")
@given(src=st.one_of(documents, st.lists(st.sampled_from(TAGS), max_size=40).map("".join)))
def test_scan_matches_the_reference(src: str, max_depth: int) -> None:
    scan = html._scan_source(src, max_depth)
    text, tags, cut = ref_scan(src, max_depth)
    assert scan.text == text and scan.cut == cut
    assert {k: [(a, b, src[c:b]) for a, b, c in v] for k, v in scan.tags.items()} == tags


@pytest.mark.skipif(sys.version_info < (3, 11), reason="possessive quantifiers: Python 3.11")
@SETTINGS
@example(src='<a x= "y>">z</a>')
@given(documents)
def test_possessive_tail_matches_the_atomic_one(src: str) -> None:
    """From Python 3.11 a start tag's tail is matched with possessive
    quantifiers, its loop unrolled: the same markup as the lookahead."""
    possessive = html._markup(html._START_TAIL_POSSESSIVE)
    atomic = html._markup(html._START_TAIL_ATOMIC)

    def read(m: re.Match[str] | None) -> tuple[int, int, str | None, str | None] | None:
        return m and (m.start(), m.end(), m.group(1), m.group(2))

    assert [read(m) for m in possessive.finditer(src)] == [read(m) for m in atomic.finditer(src)]
    for j in (i for i, c in enumerate(src) if c == "<"):
        assert read(possessive.match(src, j)) == read(atomic.match(src, j))


# Elements holding only text, closed as they were opened or not quite: a
# name in other case, one whose case folds only outside ASCII (the Kelvin
# sign, the long s), an end tag with attributes or left open, void and
# self-closing names, raw text.
LEAVES = [
    "<a>1</a>", '<a href="#n1" name=f1>[1]</a>', "<A>x</a >", "<sup>[1]</SUP>", "<b></b>",
    "<k>x</\u212a>", "<s>x</\u017f>", "<sup>x</supx>", "<i>x</i/>", "<i>x</i", "<br>x</br>",
    "<li>1.</li>", "<p>x</p>", "<div>x</div>", "<script>x</script>", "<style>p{}</STYLE>",
    "<a>x</a x=\">\">", "<é>x</é>", "<ab>x</a>", "<B>", "</B>", "</b>", "<P>", "</P >", "<Div>",
    "</DIV>",
]  # fmt: skip


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the shortcut needs Python 3.11")
@pytest.mark.parametrize("max_depth", [1, 2, 3, html.MAX_DEPTH])
@SETTINGS
@example(src="<b><i>x</i>")
@example(src="<b><b><i>x</i></b><i>y</i>")
@given(src=st.lists(st.sampled_from(LEAVES + TAGS + PIECES), max_size=40).map("".join))
def test_scan_takes_elements_of_text_at_once_as_the_general_walk(src: str, max_depth: int) -> None:
    """An element holding only text is one match of the scan, opened and
    closed at once: the same tags kept and cut as walking its start tag and
    its end tag one after the other, and as the reference (names in any case)."""
    fast = html._scan_source(src, max_depth)
    general = html._scan_source(src, max_depth, leaves=False)
    assert (fast.text, fast.found, fast.cut) == (general.text, general.found, general.cut)
    text, tags, cut = ref_scan(src, max_depth)
    assert fast.text == text and fast.cut == cut
    assert {k: [(a, b, src[c:b]) for a, b, c in v] for k, v in fast.tags.items()} == tags


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=12).map(" ".join))
def test_attributes_parse_as_the_reference(raw: str) -> None:
    assert html._parse_attrs(raw) == ref_parse_attrs(raw)


#: The label patterns the read matched before one of either length
#: (_label_texts): a short label's, and a long one's, a linked pair's only.
LONG_LABEL = rf"\d{{{html.MAX_LABEL_DIGITS + 1},{html.MAX_LINKED_LABEL_DIGITS}}}[a-z]?\*?"
MARKER_TEXT, LONG_MARKER_TEXT = html._marker_text(html._LABEL), html._marker_text(LONG_LABEL)
NOTE_LABEL_TEXT = html._note_label_text(html._LABEL)
LONG_NOTE_LABEL_TEXT = html._note_label_text(LONG_LABEL)


@SETTINGS
@given(st.text(alphabet="[]().:)*†‡ab1234567890 \t", max_size=12))
def test_label_of_is_the_group_that_took_part(text: str) -> None:
    for pattern in (
        MARKER_TEXT, NOTE_LABEL_TEXT, LONG_MARKER_TEXT, LONG_NOTE_LABEL_TEXT,
        html._ANY_MARKER_TEXT, html._ANY_NOTE_LABEL_TEXT, html._NOTE_LEAD,
    ):  # fmt: skip
        m = pattern.match(text)
        if m is not None:
            assert html._label_of(m) == next(g for g in m.groups() if g is not None)


def ref_labels(text: str, linked: bool) -> tuple[str | None, str | None]:
    """The marker's and the note's label of a label element's text as the
    read took them with two patterns of each kind: a short label, or, when
    neither is short and the element is in a linked pair, a long one."""
    mm, nm = MARKER_TEXT.match(text), NOTE_LABEL_TEXT.match(text)
    if mm is None and nm is None and linked:
        mm, nm = LONG_MARKER_TEXT.match(text), LONG_NOTE_LABEL_TEXT.match(text)
    return (
        None if mm is None else html._label_of(mm),
        None if nm is None else html._label_of(nm),
    )


#: Label texts: random ones, and numbers of any length, bracketed or followed
#: by a full stop (read without the patterns), in digits of several kinds.
NUMBERS = st.tuples(
    st.sampled_from(["[", "", "(", " [", "[ "]),
    st.text(alphabet="0123456789١٢", max_size=8) | st.sampled_from(["1²", "1a", "²"]),
    st.sampled_from(["]", ".", "", ")", " ]", "].", ". "]),
).map("".join)
#: ...and in the two shapes _label_texts reads without them ("[17]", "17.")
PLAIN_NUMBERS = st.tuples(
    st.sampled_from(["[", ""]),
    st.text(alphabet="0123456789١٢", max_size=8),
    st.sampled_from(["]", "."]),
).map("".join)
LABEL_TEXTS = st.text(alphabet="[]().:)* †‡ab1234567890١٢\t", max_size=12) | NUMBERS


@SETTINGS
@given(LABEL_TEXTS | PLAIN_NUMBERS, st.booleans())
def test_labels_of_either_length_are_the_two_patterns(text: str, linked: bool) -> None:
    """One pattern of either length, and _longer telling which, take the
    labels the short and long patterns took."""
    mm, nm = html._ANY_MARKER_TEXT.match(text), html._ANY_NOTE_LABEL_TEXT.match(text)
    for m, short, long_ in (
        (mm, MARKER_TEXT, LONG_MARKER_TEXT),
        (nm, NOTE_LABEL_TEXT, LONG_NOTE_LABEL_TEXT),
    ):
        label = None if m is None else html._label_of(m)
        assert (label is not None and not html._longer(label)) == bool(short.match(text))
        assert (label is not None and html._longer(label)) == bool(long_.match(text))
    marker_label, note_label, long_labels = html._label_texts(text)
    if long_labels and not linked:
        marker_label = note_label = None
    assert (marker_label, note_label) == ref_labels(text, linked)


# --------------------------------------------------------------------------- walks


@st.composite
def walks(draw: st.DrawFn) -> tuple[str, int, str, int]:
    """A source, a position in it, a text to walk from there (the text the
    source spells, often changed: CRLF read as LF, white space added or
    dropped, a character changed, cut short or run on) and a limit."""
    src = draw(documents)
    pos = draw(st.integers(0, len(src)))
    want = ref_text(src, pos)
    for _ in range(draw(st.integers(0, 3))):
        change = draw(st.sampled_from(["crlf", "space", "drop", "char", "cut", "more", "none"]))
        k = draw(st.integers(0, len(want)))
        if change == "crlf":
            want = want.replace("\r\n", "\n")
        elif change == "space":
            want = want[:k] + draw(st.sampled_from([" ", "\n", "\xa0", "\x1c"])) + want[k:]
        elif change == "drop":
            want = want[:k] + want[k + 1 :]
        elif change == "char":
            want = want[:k] + draw(st.sampled_from(["a", "<", "&", ">", "é"])) + want[k + 1 :]
        elif change == "cut":
            want = want[:k]
        elif change == "more":
            want += draw(st.text(max_size=3))
    limit = pos + draw(st.integers(0, len(src) + 5))
    return src, pos, want, limit


@SETTINGS
@given(walks())
def test_walk_matches_the_reference(case: tuple[str, int, str, int]) -> None:
    src, pos, want, limit = case
    got = html._walk_source(src, pos, want, limit)
    expected = ref_walk(src, pos, want, limit)
    assert (got is None) == (expected is None)
    if got is None or expected is None:
        return
    starts, ends = expected
    for i, c in enumerate(want):
        if not c.isspace():
            assert (got.starts[i], got.ends.get(i, got.starts[i] + 1)) == (starts[i], ends[i])


def test_walk_reads_long_runs_in_chunks() -> None:
    src = "<p>" + "word " * 3000 + "&amp; end</p>"
    want = "word " * 3000 + "& end"
    got = html._walk_source(src, 3, want, len(src))
    expected = ref_walk(src, 3, want, len(src))
    assert got is not None and expected is not None
    assert got.span(0, len(want)) == ref_char_span(*expected, 0, len(want))


@SETTINGS
@given(walks(), st.integers(-3, 3), st.integers(-3, 3), st.data())
def test_walk_spans_match_the_reference(
    case: tuple[str, int, str, int], da: int, db: int, data: st.DataObject
) -> None:
    src, pos, want, limit = case
    got = html._walk_source(src, pos, want, limit)
    expected = ref_walk(src, pos, want, limit)
    if got is None or expected is None:
        return
    a = data.draw(st.integers(0, len(want))) + da
    b = data.draw(st.integers(0, len(want))) + db
    if a < 0 or b > len(want):
        assert got.span(a, b) is None  # not walked: the caller searches for the text
    else:
        assert got.span(a, b) == ref_char_span(*expected, a, b)


# Notes as runs of plain text between tags: mostly spelled exactly, so the
# shortcut for them is taken; some pieces (a reference, a "<" opening
# nothing, CRLF, raw text, a comment) send it back to the general walk.
NOTE_PIECES = [
    '<a name="n1" href="#f1">', "</a>", "<b>", "</b>", "<i>", "</i>", "<br>", "<span>", "</span>",
    " ", "  ", "\n", "1.", "Serge,", "Memoirs,", "p.1.", "Ibid.", "é", "\xa0", "x",
    "&amp;", "<", "\r\n", "<!-- c -->", "<script>a</script>", "</p>",
]  # fmt: skip


@st.composite
def run_walks(draw: st.DrawFn) -> tuple[str, int, str, int]:
    """A note's text after its start tag, the text the source spells there,
    cut short now and then, or its white space changed, and a limit."""
    src = "<p>" + draw(st.lists(st.sampled_from(NOTE_PIECES), max_size=30).map("".join))
    want = ref_text(src, 3)
    change = draw(st.sampled_from(["none", "none", "cut", "space"]))
    k = draw(st.integers(0, len(want)))
    if change == "cut":
        want = want[:k]
    elif change == "space":
        want = want[:k] + " " + want[k:]
    limit = 3 + draw(st.integers(0, len(src) + 5))
    return src, 3, want, limit


def test_note_runs_walk_without_the_general_walk() -> None:
    src = '<p class="information"><a name="n1" href="#f1">1.</a> Serge, Memoirs, p.1.</p>'
    pos = src.index(">") + 1
    walk = html._walk_runs(src, pos, "1. Serge, Memoirs, p.1.", len(src))
    assert walk is not None
    assert walk.span(3, 23) == Span(src.index("Serge"), src.index("</p>"))


@SETTINGS
@given(st.one_of(run_walks(), walks()), st.integers(0, 40), st.integers(0, 40))
def test_runs_walk_matches_the_reference(case: tuple[str, int, str, int], a: int, b: int) -> None:
    """The shortcut for runs between tags, when taken, maps every character
    that is not white space where the reference walk does."""
    src, pos, want, limit = case
    got = html._walk_runs(src, pos, want, limit)
    if got is None:
        return
    expected = ref_walk(src, pos, want, limit)
    assert expected is not None
    starts, ends = expected
    for i, c in enumerate(want):
        if not c.isspace():
            assert (got.starts[i], got.ends.get(i, got.starts[i] + 1)) == (starts[i], ends[i])
    a, b = min(a, len(want)), min(b, len(want))
    assert got.span(a, b) == ref_char_span(*expected, a, b)


@st.composite
def exact_walks(draw: st.DrawFn) -> tuple[str, int, str, int]:
    """A walk that mostly succeeds: the text the source spells from a
    position, cut short, now and then with a character changed."""
    src = draw(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
    pos = draw(st.integers(0, len(src)))
    want = ref_text(src, pos)
    want = want[: draw(st.integers(0, len(want)))]
    if want and draw(st.integers(0, 9)) == 0:
        k = draw(st.integers(0, len(want) - 1))
        want = want[:k] + "#" + want[k + 1 :]
    return src, pos, want, len(src)


#: Plain words, and what may stand between two: white space (one character or
#: more) and tags, so that a walk maps every character (a whole walk).
PLAIN_WORDS = ["Serge,", "p.1", "a", "B", "é", "1."]
PLAIN_GAPS = [" ", " ", " ", "  ", "\n", "\t", "\xa0", " \n ", "<b>", "</b> ", " <a name=\"n1\">", "</a>", "<!-- --> ", "<br>"]  # fmt: skip


@st.composite
def whole_walks(draw: st.DrawFn) -> tuple[str, int, str, int]:
    """A walk of a text written in plain words and tags, that succeeds
    (cut short now and then): a whole walk, its words one character apart
    or more, their source runs broken by tags or not."""
    words = draw(st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=8))
    gaps = draw(st.lists(st.sampled_from(PLAIN_GAPS), min_size=len(words), max_size=len(words)))
    src = draw(st.sampled_from(["", " ", "<p>"])) + "".join(
        w + g for w, g in zip(words, gaps, strict=True)
    )
    want = ref_text(src, 0)
    return src, 0, want[: draw(st.integers(0, len(want)))], len(src)


@SETTINGS
@given(st.lists(st.tuples(st.one_of(exact_walks(), walks()), st.data()), min_size=1, max_size=3))
def test_note_text_folds_as_the_reference(
    cases: list[tuple[tuple[str, int, str, int], st.DataObject]],
) -> None:
    assert_folds_as_the_reference(cases)


@SETTINGS
@given(st.lists(st.tuples(whole_walks(), st.data()), min_size=1, max_size=3))
def test_note_text_of_whole_walks_folds_as_the_reference(
    cases: list[tuple[tuple[str, int, str, int], st.DataObject]],
) -> None:
    """_NoteText.add's shortcut for a whole walk of words one character apart."""
    assert_folds_as_the_reference(cases)


def assert_folds_as_the_reference(
    cases: list[tuple[tuple[str, int, str, int], st.DataObject]],
) -> None:
    flat = ""
    blocks_new = []
    blocks_ref: list[tuple[str, int, int, array[int] | None, int]] = []
    for (src, pos, want, limit), data in cases:
        base = len(flat)
        flat += want
        walk = html._walk_source(src, pos, want, limit)
        expected = ref_walk(src, pos, want, limit)
        lo = data.draw(st.integers(0, len(want)))
        hi = data.draw(st.integers(lo, len(want)))
        blocks_new.append((base + lo, base + hi, walk, base))
        blocks_ref.append((want, lo, hi, None if expected is None else expected[0], 0))
    folded = html._NoteText()
    for start, end, walk, base in blocks_new:
        folded.add(flat, start, end, walk, base)
    text, runs = ref_fold(blocks_ref)
    assert " ".join(folded.words) == text
    assert (tuple(folded.runs) if folded.exact else ()) == runs


# Attribute names and values for the tail a start tag writes most plainly:
# plain names, and the ones that are not (upper case, quotes, "=", "&").
ATTR_NAMES = ["href", "name", "id", "class", "xml:lang", "data-x", "a.b", "HREF", "Href", "x\"", "'", "=a", "&", "é", "1a"]  # fmt: skip
ATTR_VALUES = st.one_of(
    st.sampled_from(
        ["", "#n1", "f1", "a b", "a>b", "x/", "/", "'", '"', "&amp;", "\n", "=", "\x1c"]
    ),
    st.text(max_size=4),
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(ATTR_NAMES), ATTR_VALUES, max_size=4))
def test_plainly_written_attributes_parse_back(attrs: dict[str, str]) -> None:
    """A tag whose tail is _plainly_written(attrs) has exactly those attributes,
    so _attrs_match may take it without parsing."""
    raw = html._plainly_written(attrs)
    if raw is not None:
        assert html._parse_attrs(raw) == ref_parse_attrs(raw) == attrs


def ref_plainly_written(attrs: dict[str, str]) -> str | None:
    """_plainly_written as it stood: each name matched by the pattern."""
    parts = []
    for key, value in attrs.items():
        if '"' in value or "&" in value or not re.match(r"[a-z][a-z0-9_:.-]*\Z", key):
            return None
        parts.append(f' {key}="{value}"')
    return "".join(parts) + ">"


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(sorted(html._PLAIN_NAMES) + ATTR_NAMES) | st.text(max_size=3),
        ATTR_VALUES,
        max_size=4,
    )
)
def test_plainly_written_with_known_names_as_the_reference(attrs: dict[str, str]) -> None:
    """The names known plain are taken without the pattern: each is plain."""
    assert html._plainly_written(attrs) == ref_plainly_written(attrs)


HEADING_WORDS = ["notes", "Note", "NOTES", "foot", "end", "references", "author's", "editors'"]
HEADING_WORDS += ["translator's", "by the", "and", "&", ":", " ", "\n", "\x1c", "\xa0", "ſ", "K"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(HEADING_WORDS), st.text(max_size=2)), max_size=8))
def test_notes_headings_hold_the_heading_word(words: list[str]) -> None:
    """The sections pass reads a short element for a notes heading only when
    _HEADING_WORD is in its text: every text that is one holds it."""
    text = "".join(words)
    folded = " ".join(text.split())
    if html._NOTES_HEADING.match(folded):
        assert html._HEADING_WORD.search(text)


CLASSED = ['<p class="information">', '<p class="Information endnote">', "<p class=note>"]
CLASSED += ['<span class="note">', '<p class="information" title=x>', "<p title=x>", "<p TITLE>"]


@SETTINGS
@given(st.lists(st.sampled_from(PIECES + CLASSED), max_size=30).map("".join))
def test_tree_attributes_are_each_elements_own(src: str) -> None:
    """_build_tree shares the attributes of elements written alike: each
    element still has its own, as the parser gives them."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(src).root
    nodes = [] if root is None else [n for n in root.traverse() if n.is_element_node]
    tree = html._build_tree(src)
    assert len(tree.tags) == len(nodes)
    for el_attrs, el_classes, node in zip(tree.attrs, tree.classes, nodes, strict=True):
        attrs = {str(k).lower(): (v or "") for k, v in node.attributes.items()}
        assert el_attrs == attrs
        assert el_classes == frozenset(attrs.get("class", "").lower().split())


@SETTINGS
@given(st.lists(st.sampled_from(PIECES + CLASSED), max_size=30).map("".join), st.randoms())
def test_attributes_written_plainly_are_remembered_by_their_dict(
    src: str, rng: random.Random
) -> None:
    """_Mapper._attrs_match remembers the plain tail of a dict of attributes
    that elements share: it answers every element and start tag, asked in
    any order, as the tail written out each time answers."""
    scan = html._scan_source(src)
    tree = html._build_tree(scan.text)
    mapper = html._Mapper(scan, tree)
    questions = [
        (attrs, found[i + 2], found[i + 1])
        for attrs, tag in zip(tree.attrs, tree.tags, strict=True)
        for found in [scan.found.get(tag, array("q"))]
        for i in range(0, len(found), 3)
    ]
    rng.shuffle(questions)
    for attrs, name_end, tag_end in questions:
        raw = scan.text[name_end:tag_end]
        written = html._parse_attrs(raw)
        expected = (not attrs and not raw.strip(" \t\r\n/>")) or all(
            attrs.get(k) is None or written.get(k) == attrs[k] for k in html._MATCHED_ATTRS
        )
        assert mapper._attrs_match(attrs, name_end, tag_end) == expected


# Soups of the layouts the reader knows (tests/test_fuzz.py), and a few
# elements of several markers ("[3][4]") and headings continuing a note.
from tests.test_fuzz import html_soup  # noqa: E402

READER_SOUPS = st.one_of(
    html_soup,
    st.lists(
        st.sampled_from(
            [
                "<sup>[3][4]</sup>",
                "<sup>[5] [6]</sup>",
                '<p class="endnote">Notes</p>',
                '<p class="endnote"><sup>n</sup>otes</p>',
                '<p class="endnote">1. Serge</p>',
                "<h3>Notes</h3>",
                "<p>Claim<sup>1</sup></p>",
            ]
        ),
        max_size=12,
    ).map("".join),
)


@SETTINGS
@given(READER_SOUPS)
def test_an_element_walked_once_is_asked_nothing_more(src: str) -> None:
    """_Mapper.chars keeps no walk asked for ``once``: the element it was
    for is asked nothing more, so a reader that keeps every walk reads the
    same."""
    original = html._Mapper.chars
    asked: list[tuple[int, bool]] = []

    def recording(
        self: html._Mapper, idx: int, end: int | None = None, *, once: bool = False
    ) -> html._Walk | None:
        asked.append((idx, once))
        return original(self, idx, end, once=once)

    def keeping(
        self: html._Mapper, idx: int, end: int | None = None, *, once: bool = False
    ) -> html._Walk | None:
        return original(self, idx, end)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html._Mapper, "chars", recording)
        got = repr(html.read(src))
        mp.setattr(html._Mapper, "chars", keeping)
        kept = repr(html.read(src))
    assert got == kept
    times = {idx: sum(1 for i, _ in asked if i == idx) for idx, once in asked if once}
    assert all(n == 1 for n in times.values()), times


@SETTINGS
@given(READER_SOUPS)
def test_a_tree_of_arrays_reads_as_one_of_lists(src: str) -> None:
    """A large tree keeps its int columns in arrays (_ARRAY_ELEMENTS): any
    tree read so reads as it does with lists."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html, "_ARRAY_ELEMENTS", 0)
        arrays = repr(html.read(src))
        mp.setattr(html, "_ARRAY_ELEMENTS", 1 << 62)
        lists = repr(html.read(src))
    assert arrays == lists


@SETTINGS
@given(READER_SOUPS, st.data())
def test_span_of_an_element_asked_once_is_its_walks(src: str, data: st.DataObject) -> None:
    """_Mapper.span reads the span of an element asked once, written as it
    stands after its expected start tag, without walking it: each span, and
    the drift it leaves, is the walk's."""
    scan = html._scan_source(src)
    tree = html._build_tree(scan.text)
    fast, walked = html._Mapper(scan, tree), html._Mapper(scan, tree)
    for idx in range(len(tree.tags)):
        length = tree.tends[idx] - tree.tstarts[idx]
        a = data.draw(st.integers(-1, length + 1))
        b = data.draw(st.integers(a, length + 1))
        end = data.draw(st.one_of(st.none(), st.integers(tree.tstarts[idx] - 1, tree.tends[idx])))
        walk = walked.chars(idx, end, once=True)
        assert fast.span(idx, a, b, end, once=True) == (None if walk is None else walk.span(a, b))
        assert fast.drift == walked.drift


@SETTINGS
@given(READER_SOUPS)
def test_a_reader_spanning_through_walks_reads_the_same(src: str) -> None:
    """The same through html.read: a mapper whose span always walks reads alike."""

    def walking(
        self: html._Mapper, idx: int, a: int, b: int, end: int | None = None, *, once: bool = False
    ) -> Span | None:
        walk = self.chars(idx, end, once=once)
        return None if walk is None else walk.span(a, b)

    fast = repr(html.read(src))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html._Mapper, "span", walking)
        assert repr(html.read(src)) == fast


# --------------------------------------------------------------------------- tree


def ref_build_tree(text: str) -> html._Tree:
    """_build_tree as it was: the parser's traversal, each node's parent
    telling which open elements end before it."""
    tree = html._Tree()
    root = LexborHTMLParser(text).root
    if root is None:
        return tree
    tags, attrs_of, classes_of, parents = tree.tags, tree.attrs, tree.classes, tree.parents
    ordinals_of, tstarts, tends, lasts = tree.ordinals, tree.tstarts, tree.tends, tree.lasts
    pieces: list[str] = []
    length = 0
    ordinals: dict[str, int] = {}
    # attributes as written → the element's (shared, never written to)
    shapes: dict[tuple[tuple[str, str | None], ...], tuple[dict[str, str], frozenset[str]]] = {}
    # The elements open at the node walked, innermost last: their nodes'
    # ids, their indices, and whether the text inside them is skipped (the
    # first entry of ``skipping``: outside all of them).  The parser's own
    # walk gives the nodes in document order; a node's parent tells which
    # open elements end before it.
    open_ids: list[int] = []
    open_els: list[int] = []
    skipping = [False]
    for node in root.traverse(include_text=True):
        if open_ids:  # (the root has none open around it)
            parent = node.parent
            up = parent.mem_id if parent is not None else 0
            while open_ids and open_ids[-1] != up:
                open_ids.pop()
                skipping.pop()
                k = open_els.pop()
                tends[k] = length
                lasts[k] = len(tags) - 1
        if node.is_text_node:
            if not skipping[-1]:
                s = node.text_content or ""
                pieces.append(s)
                length += len(s)
            continue
        if not node.is_element_node:
            continue  # comments, doctype
        tag = sys.intern((node.tag or "").lower())
        written = node.attributes
        if not written:
            attrs, classes = html._NO_ATTRS, html._NO_CLASSES
        elif html._OWN_ATTRS.isdisjoint(written):
            shape = tuple(written.items())
            shared = shapes.get(shape)
            if shared is None:
                shared = shapes[shape] = html._attributes(written)
            attrs, classes = shared
        else:
            attrs, classes = html._attributes(written)
        ordinal = ordinals.get(tag, 0)
        ordinals[tag] = ordinal + 1
        open_els.append(len(tags))
        open_ids.append(node.mem_id)
        skipping.append(skipping[-1] or tag in html._SKIP_TEXT)
        tags.append(tag)
        attrs_of.append(attrs)
        classes_of.append(classes)
        parents.append(open_els[-2] if len(open_els) > 1 else -1)
        ordinals_of.append(ordinal)
        tstarts.append(length)
        tends.append(0)
        lasts.append(0)
    for k in open_els:
        tends[k] = length
        lasts[k] = len(tags) - 1
    tree.flat = "".join(pieces)
    if len(tags) >= html._ARRAY_ELEMENTS:
        tree.parents, tree.ordinals = array("q", parents), array("q", ordinals_of)
        tree.tstarts, tree.tends, tree.lasts = (
            array("q", tstarts),
            array("q", tends),
            array("q", lasts),
        )
    return tree


TREE_PIECES = PIECES + TAGS + ["<template>1. x</template>", "<title>Notes</title>", "<!-- c -->"]
TREE_PIECES += [
    "<noscript>[1]</noscript>",
    "<head>",
    "</head>",
    "<html>",
    "</body>x",
    "<svg><a>1</a></svg>",
]


@SETTINGS
@given(st.one_of(READER_SOUPS, st.lists(st.sampled_from(TREE_PIECES), max_size=40).map("".join)))
def test_tree_is_built_as_the_reference(src: str) -> None:
    """_build_tree walks the nodes by first child and next sibling: the
    same tree, columns and text, as the parser's traversal with parents."""
    assert html._build_tree(src) == ref_build_tree(src)


# Elements with attributes of their own (an id, a name, an href): names in
# either order, in upper case, twice but for case, adjusted by the parser in
# SVG (viewBox), prefixed (xlink:href); values missing, empty, with classes.
OWN_PIECES = [
    '<a href="#n1" name="f1">', '<a name="n1" href="#f1">', "<a HREF=#n2 Name=f2>", "<a href>",
    '<a href="" name=f3>', "<a href=#x href=#y>", "<a href=#x HREF=#y>", '<p id="n4" class="X y">',
    '<p class="x Y" id=n5>', "<div id=n6 class>", "<svg><a xlink:href=#n7 viewBox=1 id=v>",
    '<svg viewBox="0 0 1 1" id=s>', "<td id=t colspan=2>", "[1]", "</a>", "</svg>", "1. Serge",
]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(OWN_PIECES + TREE_PIECES), max_size=30).map("".join))
def test_own_attributes_are_as_the_reference_in_order(src: str) -> None:
    """An element's own attributes are set on a copy of the template of
    their names: the same names, values, order and classes as _attributes."""
    tree, ref = html._build_tree(src), ref_build_tree(src)
    assert tree == ref
    assert [list(a.items()) for a in tree.attrs] == [list(a.items()) for a in ref.attrs]
