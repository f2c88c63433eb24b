"""The shortcuts of the split stage against the code they replace (kept here
as the reference): each must give the same answers on any text."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from cliffcite.formats import text

#: Pieces of texts that meet the shortcuts' edges: line breaks of every kind,
#: white space ``str.isspace`` has (and U+001C, which ``regex``'s ``\\s`` lacks),
#: markers and what is almost one.
PIECES = [
    "\n", "\r\n", "\r", "\n\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028",
    "\u3000", "[1]", "[17]", "[3a]", "[12*]", "[1234]", "[1", "1]", "[a]", "[]", "{2}", "{3*}",
    "{1917}", "{", "}", "[[4]]", "[5]]", "[3ab]", "{4**}", "[5a*]", "¹", "⁴²", "x", "Text",
    "1. Serge", "[^1]",
]  # fmt: skip
#: The ends of a text matter most: a break first, a lone ``\r`` last.
ENDS = ["", "\n", "\r", "\r\n", " "]
texts = st.builds(
    lambda head, body, tail: head + body + tail,
    st.sampled_from(ENDS),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=40).map("".join),
    st.sampled_from(ENDS),
)

#: The marker patterns as they were, in ``regex``.
_REFERENCE_MARKERS = {
    text.MARKER: regex.compile(r"\[(?P<label>[0-9]{1,3}+[a-z*]?+)\]"),
    text.CURLY_MARKER: regex.compile(r"\{(?P<label>[0-9]{1,3}+[a-z*]?+)\}"),
}


@given(texts)
def test_marker_scans_in_re_are_the_regex_patterns(source: str) -> None:
    """``MARKER`` and ``CURLY_MARKER`` run on ``re`` without possessive
    quantifiers: they find what the ``regex`` patterns found."""
    for pattern, reference in _REFERENCE_MARKERS.items():
        got = [(m.span(), m[1]) for m in pattern.finditer(source)]
        assert got == [(m.span(), m[1]) for m in reference.finditer(source)]


def _reference_lines(source: str) -> tuple[list[int], list[int]]:
    """Line starts and content ends as ``_Lines`` found them: a loop of finds."""
    starts, ends = [0], []
    nl = source.find("\n")
    while nl != -1:
        ends.append(nl - 1 if nl > starts[-1] and source[nl - 1] == "\r" else nl)
        starts.append(nl + 1)
        nl = source.find("\n", nl + 1)
    n = len(source)
    ends.append(n - 1 if n > starts[-1] and source[n - 1] == "\r" else n)
    return starts, ends


@given(texts, st.booleans())
def test_lines_are_the_reference(source: str, arrays: bool) -> None:
    """``_Lines`` (offsets by ``re`` and ``map``, lists or arrays) holds the
    offsets of the loop it replaced, and ``blank`` (a first-character test
    before the search) answers as the search alone."""
    kept = text.MAX_LIST_LINES
    text.MAX_LIST_LINES = 0 if arrays else kept
    try:
        lines = text._Lines(source)
    finally:
        text.MAX_LIST_LINES = kept
    starts, ends = _reference_lines(source)
    assert (list(lines.starts), list(lines.ends)) == (starts, ends)
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        assert lines.blank(i) == (a == b or text._NONBLANK.search(source, a, b) is None)
