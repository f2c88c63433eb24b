"""HTML and XHTML reader (marxists.org pages, EPUB chapters).

The document is parsed with selectolax (lexbor, an HTML5 parser): the tree says
which elements are markers and which blocks are notes.  The tree does not know
where its nodes came from, so each element we need is mapped back to the source
by a scan of start tags: the k-th ``<sup>`` of the tree is looked for near the
k-th ``<sup`` start tag of the source, verified by its attributes and by
walking its text through the source (tags and comments skipped, character
references decoded).  Every span is therefore an offset range into the text as
written: a marker span slices to ``[17]`` as it stands in the file.

Recognised apparatus:

* linked pairs (marxists.org): ``<a href="#n1" name="f1">[1]</a>`` in the body,
  the note opening with ``<a name="n1" href="#f1">1.</a>``;
* ``<sup class="ednote">[N]</sup>``, ``<span class="note">[N]</span>`` and bare
  ``<sup>N</sup>`` markers;
* ``<p class="endnote">N. text</p>`` / ``<p class="information">`` notes, and
  label-first paragraphs after a "Notes" heading; unlabelled paragraphs of the
  same class continue the note before them;
* notes numbered by their list, the targets of the markers' links: pandoc's and EPUB's
  ``<li id="fn1">``, Wikisource's ``<li id="cite_note-1">`` (back-links left out);
  an item that opens with a labelled paragraph is that paragraph's note;
* Progress Publishers' editor endnotes (after ``<a name="endnotes">``) as a
  series of their own.

A note ends where another note or a heading begins inside its element: a
list whose ``</li>`` and ``</ol>`` are left out holds what follows it (the
notes paragraph, the next chapter) in its last item, and the markers after the
note's end are markers.  Labels repeated inside HTML comments are not text and
are ignored.  A label has at most MAX_LABEL_DIGITS digits (``<sup>1917</sup>``
is a year), but in a linked pair up to MAX_LINKED_LABEL_DIGITS, counted only
when a marker and a note both carry it (a book whose notes run past 999; an
index's links to page anchors are not notes).
"""

from __future__ import annotations

import bisect
import html as _html
import re
from array import array
from collections.abc import Iterable
from functools import cached_property
from sys import intern as _intern
from typing import Any

from attrs import define, field
from selectolax.lexbor import LexborHTMLParser

from cliffcite.diagnostics import INPUT_LIMIT, Diagnostic
from cliffcite.formats import Reading
from cliffcite.formats._util import (
    EDITORS,
    MAX_LABEL_DIGITS,
    NOTES,
    fold,
    make_series,
    series_name,
    trimmed,
)
from cliffcite.models import Marker, Note, NoteSeries, Span

__all__ = ["looks_like", "read"]

# How many same-named start tags either side of the expected one are tried when
# the parser created or dropped elements (implied <tbody>, adoption agency).
TAG_LOOKAHEAD = 8
# A heading that names a notes section is short ("Notes", "Editors' notes").
MAX_HEADING_CHARS = 60
# ...and so is its text as written, white space and all: a longer element is
# not read for a heading (one left open runs to the end of the document).
MAX_HEADING_SPAN = 20 * MAX_HEADING_CHARS
# Characters searched for a label as written when an element cannot be mapped.
FALLBACK_WINDOW = 20_000
# The sniff looks no further than this into the text.
SNIFF_CHARS = 4096
# Elements nested deeper than this are not built: an HTML5 parser checks the
# whole stack of open elements at each block start tag, so deep nesting costs
# it time quadratic in the depth (Chromium's tree builder stops at 512 too).
MAX_DEPTH = 512

# A linked pair (a marker linking to its note, or a note linking back) may carry a
# longer number than MAX_LABEL_DIGITS, in a book whose notes run past 999; such a
# label counts only when a marker and a note carry it both (see _paired).
MAX_LINKED_LABEL_DIGITS = 6

_LABEL = rf"(?:\d{{1,{MAX_LABEL_DIGITS}}}[a-z]?\*?|\*{{1,3}}|†{{1,2}}|‡|[a-z])"
_LONG_LABEL = rf"\d{{{MAX_LABEL_DIGITS + 1},{MAX_LINKED_LABEL_DIGITS}}}[a-z]?\*?"


def _marker_text(label: str) -> re.Pattern[str]:
    """Text of a marker element: "[17]", "(17)", "17", "3*"."""
    return re.compile(rf"\s*(?:\[\s*({label})\s*\]|\(\s*({label})\s*\)|({label}))\s*\Z")


def _note_label_text(label: str) -> re.Pattern[str]:
    """Text of a note label element: "17.", "[17]", "17", "17)"."""
    return re.compile(
        rf"\s*(?:\[\s*({label})\s*\.?\s*\]\s*\.?|\(\s*({label})\s*\)|({label})\s*[.):]?)\s*\Z"
    )


_MARKER_TEXT = _marker_text(_LABEL)
_LONG_MARKER_TEXT = _marker_text(_LONG_LABEL)
# Several bracketed labels in one marker element: "[3][4]", "[17] [12]".
_ONE_BRACKETED = re.compile(rf"\[\s*({_LABEL})\s*\]")
_MULTI_MARKER_TEXT = re.compile(rf"\s*(?:\[\s*{_LABEL}\s*\][\s,;]*){{2,}}\Z")
_NOTE_LABEL_TEXT = _note_label_text(_LABEL)
_LONG_NOTE_LABEL_TEXT = _note_label_text(_LONG_LABEL)
# A label written as plain text at the start of a note block: "17. Ibid.".
_NOTE_LEAD = re.compile(
    rf"\s*(?:\[\s*({_LABEL})\s*\.?\s*\]\s*\.?|({_LABEL})[.):](?=\s|\Z)|(\d{{1,{MAX_LABEL_DIGITS}}})(?=\s))"
)
_NOTES_HEADING = re.compile(
    r"\s*(?:(?:author'?s|editors?'?s?|translators?'?s?)\s+)?"
    r"(?:foot|end)?notes?(?:\s+(?:and|&)\s+references)?(?:\s+by\s+the\s+\w+)?\s*:?\s*\Z"
    r"|\s*references\s*:?\s*\Z",
    re.IGNORECASE,
)
_EDITOR = re.compile(r"editor", re.IGNORECASE)
#: A word every notes heading holds, matched as _NOTES_HEADING matches it (so
#: an element without it, its text folded or not, is no notes heading: only
#: a heading tag's text is read for anything else).
_HEADING_WORD = re.compile(r"note|references", re.IGNORECASE)
_NONSPACE = re.compile(r"\S")
# How far up from a marker's target a list item is looked for (<li><p><a id>).
MAX_ITEM_DEPTH = 4
# Texts of the links that lead from a note back to its marker.
_BACKLINK_TEXTS = frozenset({"↩", "↩︎", "↑", "^", "⤴"})
_LEADING_SEP = re.compile(r"[\s.):\]]+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
#: A piece of markup: a comment (to "-->"), "<!" or "<?" (to ">"), an end
#: tag (group 1: its name) or "</" and no letter (to ">"), or a start tag
#: (group 2: its name) to the first ">" outside a quoted attribute value, or
#: to the end of the text when there is none.  Any other "<" is text.
#: The tail of a start tag is matched once, as far as it goes, in a
#: lookahead (group 3) matched again by a back-reference: a lookahead is not
#: entered again, so the tail is atomic, as a possessive quantifier would make
#: it (those are in ``re`` only from Python 3.11), and the match is linear.
#: White space after "=" leaves out \x1c-\x1f, as ``regex``'s ``\s`` did.
_MARKUP = re.compile(
    r"<(?:!--(?s:.*?)(?:-->|\Z)"
    r"|[!?][^>]*>?"
    r"|/([A-Za-z][^\s/>]*)?[^>]*>?"
    r"|([A-Za-z][^\s/>]*)"
    r"""(?:(?=((?:[^>=]+|=[^\S\x1c-\x1f]*(?:"[^"]*"|'[^']*')?)*))\3>|(?s:.*)))"""
)
_ATTR = re.compile(r"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<p[\s>]|<div[\s>]|<br\s*/?>", re.I)

_RAW_TEXT = frozenset({"script", "style"})
_SKIP_TEXT = frozenset({"script", "style", "template", "head", "title", "noscript"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "dd",
        "dt",
        "td",
        "th",
        "blockquote",
        "section",
        "aside",
        "article",
        "body",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "ol",
        "ul",
        "dl",
        "table",
        "tr",
        "footer",
        "header",
        "main",
        "nav",
        "figure",
        "figcaption",
        "center",
        "form",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LABEL_TAGS = frozenset({"a", "sup", "span", "small", "b", "strong", "em", "i", "font", "u"})
_MARKER_CLASSES = frozenset(
    {"note", "notes", "ednote", "endnote", "footnote", "fn", "fnref", "footnote-ref", "noteref"}
)
_NOTE_BLOCK_CLASSES = frozenset(
    {
        "endnote",
        "endnotes",
        "footnote",
        "footnotes",
        "note",
        "notes",
        "information",
        "ednote",
        "fn",
        "footnote-text",
    }
)
# Section anchors of marxists.org's t2h pages: <a name="endnotes"> opens the
# Progress editors' notes, <a name="footnotes"> the author's.
_AUTHOR_ANCHORS = frozenset({"notes", "footnotes", "fn", "fns"})
_EDITOR_ANCHORS = frozenset({"endnotes", "ednotes", "editors-notes", "editorsnotes"})


def looks_like(text: str) -> bool:
    """True when the start of ``text`` looks like HTML or XHTML."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if head[:5].lower() == "<?xml" and "<html" in head.lower():
        return True
    return bool(_SNIFF.search(head))


# --------------------------------------------------------------------------- source scan


def _raw_text_end(src: str, name: str, pos: int) -> int:
    m = re.compile(rf"</{name}", re.IGNORECASE).search(src, pos)
    return m.start() if m else len(src)


#: A start tag of the source: where it starts, where it ends, and where its
#: name ends (its attributes as written lie between).
_SourceTag = tuple[int, int, int]


#: Elements without content: never open.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
     "param", "source", "track", "wbr"}
)  # fmt: skip
#: Elements whose end tags may be left out, closed by the parser as it goes:
#: not counted as open (counting too few cuts nothing a real page has).
_SELF_CLOSING = frozenset(
    {"li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
     "caption", "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body"}
)  # fmt: skip
_NEVER_OPEN = _VOID | _SELF_CLOSING
#: Start tags that close an open element of their own name (HTML5's adoption agency).
_CLOSES_SAME = frozenset({"a", "nobr", "button"})
#: Start tags that close an open ``<p>`` (HTML5 "close a p element").
_CLOSES_P = frozenset(
    {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
     "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "h1",
     "h2", "h3", "h4", "h5", "h6", "hr", "listing", "main", "menu", "nav", "ol", "p", "pre",
     "search", "section", "summary", "table", "ul", "form", "plaintext", "xmp"}
)  # fmt: skip


@define
class _Scan:
    """The source as parsed, its start tags, and the tags blanked out."""

    text: str
    tags: dict[str, list[_SourceTag]]  # every start tag kept, by lower-cased name, in order
    cut: list[tuple[int, int]]


def _scan_source(src: str, max_depth: int = MAX_DEPTH) -> _Scan:
    """Every start tag of ``src``, and ``src`` with the tags of elements nested
    deeper than ``max_depth`` blanked out (spaces, so every offset stays).

    The stack of open elements is followed roughly as the parser keeps it: an
    end tag closes the innermost open element of its name and all inside it
    (the elements cut lie inside all the others, so their end tags go first), a
    ``<p>`` is closed by the next block and an ``<a>`` by the next ``<a>``,
    void and self-closing elements never stay open.  What the parser adds on
    its own (``tbody`` and ``tr`` around a ``td``, formatting elements opened
    again in each block) is not counted, so its tree may be a few times deeper
    than the count; the cap is for runs of elements nested in the source, the
    case that makes the parser's walks of its stack long.  Linear: each
    element is pushed and popped once.  A document nested less deeply than
    the cap comes back unchanged.
    """
    tags: dict[str, list[_SourceTag]] = {}
    stack: list[str] = []
    where: dict[str, list[int]] = {}  # name → its positions in ``stack``
    overflow: dict[str, int] = {}  # name → start tags blanked and not yet closed
    cut: list[tuple[int, int]] = []

    def pop_to(k: int) -> None:
        # closing an element open in ``stack`` closes all inside it, the
        # elements cut above the stack's top included
        overflow.clear()
        while len(stack) > k:
            where[stack.pop()].pop()

    pos: int | None = 0
    while pos is not None:
        at, pos = pos, None
        for m in _MARKUP.finditer(src, at):
            group = m.lastindex  # 1: an end tag, 2: a start tag, None: neither
            if group is None:
                continue  # (also "</" and a letter not ASCII: no element has its name)
            j, tag_end = m.span()
            if group == 1:
                tag = m.group(1).lower()
                if overflow.get(tag):  # the innermost of that name is one cut: its end goes too
                    overflow[tag] -= 1
                    cut.append((j, tag_end))
                elif stack and stack[-1] == tag:  # (the usual case: pop_to, inlined)
                    overflow.clear()
                    stack.pop()
                    where[tag].pop()
                elif where.get(tag):
                    pop_to(where[tag][-1])
                continue
            name = m.group(2).lower()
            if name in _CLOSES_P and where.get("p"):
                pop_to(where["p"][-1])
            elif name in _CLOSES_SAME and where.get(name):
                pop_to(where[name][-1])
            never_open = name in _NEVER_OPEN
            if never_open or len(stack) < max_depth:
                tags.setdefault(name, []).append((j, tag_end, m.end(2)))
                if not never_open:
                    where.setdefault(name, []).append(len(stack))
                    stack.append(name)
            else:
                cut.append((j, tag_end))
                overflow[name] = overflow.get(name, 0) + 1
            if name in _RAW_TEXT:  # its text is not markup: go on from its end tag
                pos = _raw_text_end(src, name, tag_end)
                break
    if not cut:
        return _Scan(src, tags, cut)
    pieces: list[str] = []
    at = 0
    for a, b in cut:
        pieces += [src[at:a], " " * (b - a)]
        at = b
    pieces.append(src[at:])
    return _Scan("".join(pieces), tags, cut)


_UNMAPPED = (-1,)
#: The ``ends`` of a walk without references (shared: never written to).
_NO_ENDS: dict[int, int] = {}
#: A walk takes at most this many characters of plain text at a time (exact:
#: a run may be cut anywhere), so an element whose text ends early never
#: looks far ahead for the next tag.
_RUN_CHUNK = 4096
_PLAIN_RUN = re.compile(r"[^<&]+")
_MARKUP_OR_REF = re.compile(r"[<&]")
_TOKEN = re.compile(r"\S+")


class _Walk:
    """Where each character of an element's text (``text``) came from in the
    source: ``text[i]`` starts at ``starts[i]`` and ends at ``ends[i]``, or at
    ``starts[i] + 1`` when ``i`` is not in ``ends`` (only a character written
    as a reference ends further on).  An array, not a list: 8 bytes a
    character rather than an int object; a range for a text written as it
    stands (48 bytes whatever its length).

    White space is not compared (see :func:`_walk_source`), so a walk maps
    every other character of ``text`` and the entries at white space are
    left unspecified: a span is read from the first and last characters that
    are not white space, found in ``text`` itself."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: array[int] | range, ends: dict[int, int]) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends

    def span(self, a: int, b: int) -> Span | None:
        """Source span of characters ``a:b`` (white space trimmed), or None,
        also when ``a:b`` is not inside the text walked (the caller then
        looks for the text as written)."""
        text = self.text
        if a < 0 or b > len(text):
            return None
        first = _NONSPACE.search(text, a, b)
        if first is None:
            return None
        last = a + len(text[a:b].rstrip()) - 1
        return Span(self.starts[first.start()], self.ends.get(last, self.starts[last] + 1))


def _parse_attrs(raw: str) -> dict[str, str]:
    """The attributes written in a start tag's ``raw`` tail, the first of each
    name kept, references decoded.  (findall's empty string for a group that
    did not take part reads as the value it stands for: an attribute has one
    value at most; and only a tail with a "&" has a value to decode.)"""
    out: dict[str, str] = {}
    for key, dq, sq, bare in _ATTR.findall(raw.rstrip(">/")):
        key = key.lower()
        if key not in out:
            out[key] = dq or sq or bare
    if "&" in raw:
        return {key: _html.unescape(value) for key, value in out.items()}
    return out


#: An attribute name written most plainly (lower case: the tree's names are).
_PLAIN_NAME = re.compile(r"[a-z][a-z0-9_:.-]*\Z")


def _plainly_written(attrs: dict[str, str]) -> str | None:
    """The tail of a start tag that writes ``attrs`` most plainly, in order:
    `` name="value"`` each, then ">"; None when a name or value would not read
    back as itself (a name not plain, a value with a quote or a reference).

    Exact as a shortcut for :func:`_parse_attrs`: a tail written so parses to
    ``attrs`` itself (each plain name is one ``_ATTR`` name, each value the
    double-quoted one, no name twice in a dict, nothing to decode), so a tag
    whose tail is this string agrees with the element on every attribute."""
    parts = []
    for key, value in attrs.items():
        if '"' in value or "&" in value or not _PLAIN_NAME.match(key):
            return None
        parts.append(f' {key}="{value}"')
    parts.append(">")
    return "".join(parts)


def _walk_source(src: str, pos: int, want: str, limit: int) -> _Walk | None:
    """Align ``want`` (the tree's text of an element) with the source from ``pos``.

    Returns where each character of ``want`` came from, or ``None`` when the
    source does not spell that text before ``limit``.  White space is not
    compared: the characters that are not white space must follow one another
    in both, tags and comments skipped and references decoded in the source.

    Plain text (a run without ``<`` or ``&``) is compared a run at a time: when
    the text as parsed goes on with the run as written, each of its characters
    maps to its own offset (white space included, which is never looked up);
    otherwise word by word (CRLF read as LF), and a word that differs
    character by character, as the walk always did.
    """
    n = len(want)
    if pos + n <= limit and src.startswith(want, pos) and not _MARKUP_OR_REF.search(want):
        # Written as it stands, without "<" or "&": every character is its own.
        return _Walk(want, range(pos, pos + n), _NO_ENDS)
    starts = array("q", _UNMAPPED) * n
    ends: dict[int, int] = {}
    nonspace = _NONSPACE.search
    first = nonspace(want)
    k = first.start() if first else n  # always at a character that is not white space
    i = pos
    stop = min(len(src), limit)
    while k < n:
        if i >= stop:
            return None
        ch = src[i]
        if ch == "<" or ch == "&":
            if ch == "<":
                markup = _MARKUP.match(src, i)  # (None: a "<" that opens nothing)
                if markup is not None:
                    end = markup.end()
                    name = markup.group(2)
                    if name is not None and name.lower() in _RAW_TEXT:
                        end = _raw_text_end(src, name.lower(), end)
                    i = end
                    continue
                unit, unit_end = "<", i + 1
            else:
                m = _ENTITY.match(src, i)
                if m:
                    unit, unit_end = _html.unescape(m.group()), m.end()
                else:
                    unit, unit_end = "&", i + 1
            for u in unit:
                if u.isspace():
                    continue
                if k >= n or want[k] != u:
                    return None
                starts[k] = i
                if unit_end != i + 1:
                    ends[k] = unit_end
                first = nonspace(want, k + 1)
                k = first.start() if first else n
            i = unit_end
            continue
        run = _PLAIN_RUN.match(src, i, min(stop, i + _RUN_CHUNK))
        j = run.end() if run else i + 1  # (always a match: src[i] is neither)
        first = nonspace(src, i, j)
        if first is None:
            i = j
            continue
        a = first.start()
        if want.startswith(src[a:j], k):
            starts[k : k + j - a] = array("q", range(a, j))
            first = nonspace(want, k + j - a)
            k = first.start() if first else n
            i = j
            continue
        for word in _TOKEN.finditer(src, a, j):
            w0, w1 = word.span()
            if k >= n:
                break
            if want.startswith(word.group(), k):
                starts[k : k + w1 - w0] = array("q", range(w0, w1))
                first = nonspace(want, k + w1 - w0)
                k = first.start() if first else n
                continue
            for p in range(w0, w1):
                if k >= n:
                    break
                if want[k] != src[p]:
                    return None
                starts[k] = p
                first = nonspace(want, k + 1)
                k = first.start() if first else n
        i = j
    return _Walk(want, starts, ends)


# --------------------------------------------------------------------------- tree


@define
class _El:
    idx: int
    tag: str
    attrs: dict[str, str]
    parent: int
    ordinal: int
    tstart: int
    tend: int = 0
    last: int = 0  # index of its last descendant
    classes: frozenset[str] = frozenset()


@define
class _Tree:
    els: list[_El] = field(factory=list)
    flat: str = ""


_NO_CLASSES: frozenset[str] = frozenset()
#: The attributes of the elements that have none (shared: never written to).
_NO_ATTRS: dict[str, str] = {}


#: Attributes that name one element: the elements without them are many
#: alike (``<p class="information">``) and share their attributes and classes.
_OWN_ATTRS = frozenset({"id", "name", "href"})


def _attributes(written: dict[str, str | None]) -> tuple[dict[str, str], frozenset[str]]:
    """An element's attributes as the tree gives them (names lower-cased, a
    missing value empty), and its classes (lower-cased)."""
    attrs = {_intern(str(k).lower()): (v or "") for k, v in written.items()}
    names = attrs.get("class")
    return attrs, frozenset(names.lower().split()) if names else _NO_CLASSES


def _build_tree(text: str) -> _Tree:
    tree = _Tree()
    parser = LexborHTMLParser(text)
    root = parser.root
    if root is None:
        return tree
    pieces: list[str] = []
    length = 0
    ordinals: dict[str, int] = {}
    # attributes as written → the element's (shared, never written to)
    shapes: dict[tuple[tuple[str, str | None], ...], tuple[dict[str, str], frozenset[str]]] = {}
    # Iterative depth-first walk: (node, parent index, skipping text?), an int
    # closing element idx.  A node's next sibling is pushed when the node is
    # taken, under its subtree, so the stack holds one entry a level of the
    # tree, not every child of a wide element (a <body> of 100,000 paragraphs).
    stack: list[tuple[Any, int, bool] | int] = [(root, -1, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            tree.els[item].tend = length
            tree.els[item].last = len(tree.els) - 1
            continue
        node, parent, skipping = item
        sibling = node.next if parent >= 0 else None
        if sibling is not None:
            stack.append((sibling, parent, skipping))
        if node.is_text_node:
            if not skipping:
                s = node.text_content or ""
                pieces.append(s)
                length += len(s)
            continue
        if not node.is_element_node:
            continue  # comments, doctype
        tag = (node.tag or "").lower()
        written = node.attributes
        if not written:
            attrs, classes = _NO_ATTRS, _NO_CLASSES
        elif _OWN_ATTRS.isdisjoint(written):
            shape = tuple(written.items())
            shared = shapes.get(shape)
            if shared is None:
                shared = shapes[shape] = _attributes(written)
            attrs, classes = shared
        else:
            attrs, classes = _attributes(written)
        ordinal = ordinals.get(tag, 0)
        ordinals[tag] = ordinal + 1
        idx = len(tree.els)
        # (positional: attrs' __init__ binds keywords more slowly)
        tree.els.append(_El(idx, tag, attrs, parent, ordinal, length, 0, 0, classes))
        stack.append(idx)
        child = node.child
        if child is not None:
            stack.append((child, idx, skipping or tag in _SKIP_TEXT))
    tree.flat = "".join(pieces)
    return tree


# --------------------------------------------------------------------------- mapping


class _Mapper:
    """Maps tree elements back to their start tags and text in the source."""

    def __init__(self, scan: _Scan, tree: _Tree) -> None:
        self.src = scan.text
        self.tree = tree
        self.tags = scan.tags
        self.drift: dict[str, int] = {}
        # element → how far its text was walked (a flat offset), and the result
        # (two dicts, not one of pairs: 300,000 pairs fewer for the collector)
        self.walked: dict[int, int] = {}
        self.cache: dict[int, _Walk | None] = {}

    def _attrs_match(self, el: _El, tag: _SourceTag) -> bool:
        raw = self.src[tag[2] : tag[1]]
        if not el.attrs and not raw.strip(" \t\r\n/>"):
            return True
        if raw == _plainly_written(el.attrs):
            return True
        written = _parse_attrs(raw)
        for k in _MATCHED_ATTRS:
            v = el.attrs.get(k)
            if v is not None and written.get(k) != v:
                return False
        return True

    def chars(self, el: _El, end: int | None = None) -> _Walk | None:
        """Source ranges of each character of the element's text, or None; with
        ``end``, of its text before that flat offset only (the part of a list
        item left open that is its note, not the rest of the document it holds)."""
        stop = el.tend if end is None else max(el.tstart, min(el.tend, end))
        walked = self.walked.get(el.idx)
        if walked is not None and walked >= stop:
            return self.cache[el.idx]
        result = None
        tags = self.tags.get(el.tag, [])
        want = self.tree.flat[el.tstart : stop]
        expected = el.ordinal + self.drift.get(el.tag, 0)
        for delta in _DELTAS:
            k = expected + delta
            if k < 0 or k >= len(tags):
                continue
            cand = tags[k]
            if not self._attrs_match(el, cand):
                continue
            limit = cand[1] + 8 * len(want) + FALLBACK_WINDOW
            result = _walk_source(self.src, cand[1], want, limit)
            if result is None:
                continue
            self.drift[el.tag] = k - el.ordinal
            break
        self.walked[el.idx] = stop
        self.cache[el.idx] = result
        return result


#: The candidates for an element's start tag: the expected one first, then
#: 1, -1, 2, -2, ... TAG_LOOKAHEAD either side.
_DELTAS = (0, *(d for r in range(1, TAG_LOOKAHEAD + 1) for d in (r, -r)))
#: The attributes an element and its start tag must agree on.
_MATCHED_ATTRS = ("id", "name", "href", "class")


# --------------------------------------------------------------------------- reading


@define
class _NoteStart:
    block: int
    label: str
    label_lo: int  # flat offsets of the label as written
    label_hi: int
    label_el: int | None
    kind: str
    chapter: int
    extra: list[int] = field(factory=list)  # continuation blocks
    stop: int | None = None  # flat offset where the note's text ends (a back-link, `inner`)
    inner: int | None = None  # the note or heading inside its block where the note ends


def _label_of(m: re.Match[str]) -> str:
    """The label a label pattern matched: each of its alternatives holds one
    group, so the group that took part is the last one (``lastindex``)."""
    return m.group(m.lastindex or 0)


def _long(label: str) -> bool:
    """A label of more than MAX_LABEL_DIGITS digits (before its letter or star)."""
    return len(label) - len(label.lstrip("0123456789")) > MAX_LABEL_DIGITS


def _paired(
    markers: list[tuple[int, str, int, int]], notes: list[_NoteStart], note_blocks: set[int]
) -> tuple[list[tuple[int, str, int, int]], list[_NoteStart]]:
    """Markers and notes without the labels longer than MAX_LABEL_DIGITS that
    only one side carries (a number linked to a page anchor, an index entry):
    such a label is apparatus only in a pair.  ``note_blocks`` loses the blocks
    of the notes dropped."""
    long_markers = {label for _, label, _, _ in markers if _long(label)}
    long_notes = {s.label for s in notes if _long(s.label)}
    if long_markers == long_notes:
        return markers, notes
    kept_notes = []
    for s in notes:
        if _long(s.label) and s.label not in long_markers:
            note_blocks.discard(s.block)
        else:
            kept_notes.append(s)
    kept_markers = [r for r in markers if not _long(r[1]) or r[1] in long_notes]
    return kept_markers, kept_notes


class _Cover:
    """Which elements lie strictly inside a set of elements, in O(log n) a
    question: holder h holds h+1 .. last (its descendants, or those before
    its note's end), so i is inside one of them when some holder before it
    reaches as far as i."""

    def __init__(self, holders: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(holders)  # (holder, the last element it holds)
        self.starts = [h for h, _ in pairs]
        self.reach: list[int] = []  # the furthest last element held by starts[:k + 1]
        furthest = -1
        for _, last in pairs:
            furthest = max(furthest, last)
            self.reach.append(furthest)

    def covers(self, idx: int) -> bool:
        k = bisect.bisect_left(self.starts, idx) - 1  # the holders before idx
        return k >= 0 and self.reach[k] >= idx


class _Reader:
    def __init__(self, src: str) -> None:
        scan = _scan_source(src)
        # the text as parsed: too deep a nesting blanked out, offsets kept
        self.src, self.cut = scan.text, scan.cut
        self.tree = _build_tree(self.src)
        self.els = self.tree.els
        self.flat = self.tree.flat
        self.mapper = _Mapper(scan, self.tree)
        self.first_text: dict[int, int] = {}
        self.cursor = 0

    # -- structure helpers
    # Elements are in document order, a parent before its children, and the
    # descendants of element i are i+1 .. els[i].last: so ancestry is a range
    # test and per-element facts inherit in one pass (deep nesting stays linear).
    def block_of(self, idx: int) -> int:
        """The nearest block element around element ``idx``, or -1."""
        return self._block_of[idx]

    @cached_property
    def _block_of(self) -> list[int]:
        out: list[int] = []
        for el in self.els:
            p = el.parent
            out.append(-1 if p < 0 else p if self.els[p].tag in _BLOCKS else out[p])
        return out

    def at_block_start(self, idx: int, block: int) -> bool:
        if block < 0:
            return False
        first = self.first_text.get(block)
        if first is None:
            m = _NONSPACE.search(self.flat, self.els[block].tstart, self.els[block].tend)
            first = m.start() if m else self.els[block].tend
            self.first_text[block] = first
        return first >= self.els[idx].tstart

    def text(self, el: _El) -> str:
        return self.flat[el.tstart : el.tend]

    def fragment(self, el: _El) -> str | None:
        """The fragment ``el``'s ``href`` names, or None (read once an element:
        several passes ask it of the same links)."""
        return self._fragments[el.idx]

    @cached_property
    def _fragments(self) -> list[str | None]:
        out: list[str | None] = [None] * len(self.els)
        for el in self.els:
            href = el.attrs.get("href")
            if href and "#" in href:
                out[el.idx] = href.split("#", 1)[1] or None
        return out

    # -- spans
    def span_in(self, el: _El, lo: int, hi: int, written: str, end: int | None = None) -> Span:
        """Span of flat range ``lo:hi`` (inside ``el``), mapped through ``el``
        (its text before ``end``, when given)."""
        chars = self.mapper.chars(el, end)
        if chars is not None:
            sp = chars.span(lo - el.tstart, hi - el.tstart)
            if sp is not None:
                self.cursor = max(self.cursor, sp.end)
                return sp
        # Tolerant forward search for the text as written.
        written = written.strip()
        if written:
            k = self.src.find(written, self.cursor, self.cursor + FALLBACK_WINDOW)
            if k >= 0:
                self.cursor = k + len(written)
                return Span(k, k + len(written))
        return Span(self.cursor, self.cursor)

    # -- main
    def read(self) -> Reading:
        els, flat = self.els, self.flat
        anchors: dict[str, int] = {}
        for el in els:
            for attr in ("id", "name"):
                v = el.attrs.get(attr)
                if v:
                    anchors.setdefault(v, el.idx)

        # Sections: which kind of notes, and which chapter, each element is in.
        kind_at: list[str | None] = [None] * len(els)
        chapter_at: list[int] = [0] * len(els)
        headings: dict[tuple[str, int], int] = {}
        chapter_heading: dict[int, int] = {}
        kind: str | None = None
        chapter = 0
        seen_notes = False
        for el in els:
            if "name" in el.attrs or "id" in el.attrs:  # (no anchor name is "")
                names = {el.attrs.get("name", "").lower(), el.attrs.get("id", "").lower()}
                if names & _EDITOR_ANCHORS:
                    kind, seen_notes = EDITORS, True
                elif names & _AUTHOR_ANCHORS and el.tag == "a":
                    kind, seen_notes = (kind if kind == EDITORS else NOTES), True
            # (another element is read only for a notes heading: a long one, or
            # one without _HEADING_WORD, is none)
            is_heading = el.tag in _HEADINGS or (
                el.tag in ("p", "div", "b", "strong")
                and el.tend - el.tstart <= MAX_HEADING_SPAN
                and _HEADING_WORD.search(flat, el.tstart, el.tend) is not None
                and not self.inside_heading(el)
            )
            if is_heading:
                # an element left open holds the rest of the document: only a
                # short one is read (each of up to MAX_DEPTH open wrappers would
                # otherwise be), a long one only asked whether it has text
                if el.tend - el.tstart <= MAX_HEADING_SPAN:
                    t = fold(self.text(el))
                    has_text = bool(t)
                else:
                    t = ""
                    has_text = el.tag in _HEADINGS and bool(
                        _NONSPACE.search(flat, el.tstart, el.tend)
                    )
                if t and len(t) <= MAX_HEADING_CHARS and _NOTES_HEADING.match(t):
                    kind = EDITORS if _EDITOR.search(t) else NOTES
                    seen_notes = True
                    headings.setdefault((kind, chapter), el.idx)
                elif el.tag in _HEADINGS and has_text:
                    if seen_notes:
                        chapter += 1
                        kind, seen_notes = None, False
                    chapter_heading.setdefault(chapter, el.idx)
            kind_at[el.idx] = kind
            chapter_at[el.idx] = chapter

        # Label candidates: inline elements whose whole text is a label.
        cands: list[tuple[int, re.Match[str] | None, re.Match[str] | None]] = []
        multi: list[tuple[int, str, int, int]] = []  # (element, label, flat start, end)
        taken_until = -1  # the last descendant of the label elements taken so far
        for el in els:
            if el.tag not in _LABEL_TAGS or el.tend <= el.tstart:
                continue
            if el.idx <= taken_until:
                continue  # inside a label taken: in document order, a range test
            if el.tend - el.tstart > 24:  # (before the text is copied out)
                continue
            t = self.text(el)
            classy = bool(el.classes & _MARKER_CLASSES)
            linked = el.tag == "a" and (
                self.fragment(el) or el.attrs.get("name") or el.attrs.get("id")
            )
            if not (el.tag == "sup" or classy or linked or self.has_linked_child(el)):
                continue
            mm = _MARKER_TEXT.match(t)
            nm = _NOTE_LABEL_TEXT.match(t)
            if mm is None and nm is None and self.in_pair(el, anchors):
                mm = _LONG_MARKER_TEXT.match(t)  # "[1003]": a linked pair's only
                nm = _LONG_NOTE_LABEL_TEXT.match(t)
            if mm is None and nm is None:
                if _MULTI_MARKER_TEXT.match(t):  # <sup>[3][4]</sup>: two notes at one place
                    multi += [
                        (el.idx, m.group(1), el.tstart + m.start(), el.tstart + m.end())
                        for m in _ONE_BRACKETED.finditer(t)
                    ]
                    taken_until = max(taken_until, el.last)
                continue
            label = _label_of(mm or nm)  # type: ignore[arg-type]
            if el.tag != "sup" and not classy and label.isalpha() and len(label) == 1:
                continue  # <a href="#x">a</a> is a word, not a label
            cands.append((el.idx, mm, nm))
            taken_until = max(taken_until, el.last)

        # Decide: a label at the start of a note-ish block opens a note.
        note_starts: list[_NoteStart] = []
        note_blocks: set[int] = set()
        markers_raw: list[tuple[int, str, int, int]] = []  # -1: the element's whole text
        for idx, mm, nm in cands:
            el = els[idx]
            block = self.block_of(idx)
            if nm is not None and self.at_block_start(idx, block):
                bel = els[block]
                link = self.link_of(el)
                backlink = link is not None and link in anchors and anchors[link] < idx
                if (bel.classes & _NOTE_BLOCK_CLASSES) or kind_at[idx] is not None or backlink:
                    lo = _NONSPACE.search(flat, el.tstart, el.tend)
                    note_starts.append(
                        _NoteStart(
                            block,
                            _label_of(nm),
                            lo.start() if lo else el.tstart,
                            el.tend,
                            idx,
                            kind_at[idx] or NOTES,
                            chapter_at[idx],
                        )
                    )
                    note_blocks.add(block)
                    continue
            if mm is not None:
                markers_raw.append((idx, _label_of(mm), -1, -1))
        markers_raw += multi
        markers_raw.sort(key=lambda r: (els[r[0]].tstart, r[2]))

        # Plain-text labels opening note-class blocks or blocks in a notes section.
        # A block holding blocks is read for a label in its own text only, before
        # the first of them (<li>2. Reiman<p>...), not in the first one's, also
        # when an inline element wraps them (<div><font><p>6. Serge ...).
        first_inner: dict[int, int] = {}  # block → where its first block starts
        for e in els:
            if e.tag in ("p", "div", "li", "blockquote"):
                first_inner.setdefault(self.block_of(e.idx), e.tstart)
        for el in els:
            if el.tag not in _BLOCKS or el.idx in note_blocks or el.tag in _HEADINGS:
                continue
            if el.tag not in ("p", "div", "li", "dd", "blockquote"):
                continue
            if not (el.classes & _NOTE_BLOCK_CLASSES or kind_at[el.idx] is not None):
                continue
            m = _NOTE_LEAD.match(flat, el.tstart, first_inner.get(el.idx, el.tend))
            if m is None:
                continue
            lo = _NONSPACE.search(flat, el.tstart, el.tend)
            note_starts.append(
                _NoteStart(
                    el.idx,
                    _label_of(m),
                    lo.start() if lo else el.tstart,
                    m.end(),
                    None,
                    kind_at[el.idx] or NOTES,
                    chapter_at[el.idx],
                )
            )
            note_blocks.add(el.idx)
        # Notes numbered by their list, the target of a marker's link:
        # <li id="fn1"> (pandoc, EPUB), <li id="cite_note-1"> (Wikisource).
        # An item whose text opens with a labelled note inside it is that note
        # (<li id="fn1"><p>1. Serge</p></li>), not read a second time.
        labelled = sorted(note_blocks)
        headings_in_order = [e.idx for e in els if e.tag in _HEADINGS]
        ends_in_order = sorted(note_blocks.union(headings_in_order))
        for idx, label, _, _ in markers_raw:
            link = self.link_of(els[idx])
            target = anchors.get(link) if link else None
            item = self.enclosing_item(target) if target is not None else None
            # (a marker inside the item itself: its descendants are a range)
            if item is None or item in note_blocks or item < idx <= els[item].last:
                continue
            inner = self.first_inside(labelled, item)
            end = self.first_inside(ends_in_order, item)
            text_lo, text_hi = self.item_text(els[item], None if end is None else els[end].tstart)
            if inner is not None and _NONSPACE.search(flat, text_lo, text_hi) is None:
                continue
            note_starts.append(
                _NoteStart(
                    item,
                    label,
                    text_lo,
                    text_lo,
                    None,
                    kind_at[item] or NOTES,
                    chapter_at[item],
                    stop=text_hi,
                )
            )
            note_blocks.add(item)
        markers_raw, note_starts = _paired(markers_raw, note_starts, note_blocks)
        note_starts.sort(key=lambda s: els[s.block].tstart)

        # A note ends where a note or a heading inside its block begins: a <p>
        # closes no <li>, so a list whose </li> and </ol> are left out holds
        # what follows it (the notes paragraph, the next chapter) in its last
        # item, which would read it again and take the markers in it.
        ends_in_order = sorted({s.block for s in note_starts}.union(headings_in_order))
        for s in note_starts:
            s.inner = self.first_inside(ends_in_order, s.block)
            if s.inner is not None:
                at = els[s.inner].tstart
                s.stop = at if s.stop is None else min(s.stop, at)

        # Continuation paragraphs: unlabelled blocks of the same note class.
        starts_by_block = {s.block: s for s in note_starts}
        current: _NoteStart | None = None
        for el in els:
            if el.tag not in ("p", "div", "blockquote", "li", "dd") or el.tag in _HEADINGS:
                continue
            if el.idx in starts_by_block:
                current = starts_by_block[el.idx]
                continue
            if current is None or el.tstart < els[current.block].tend:
                continue
            base = els[current.block]
            if el.classes and el.classes == base.classes and el.classes & _NOTE_BLOCK_CLASSES:
                current.extra.append(el.idx)
                note_blocks.add(el.idx)
            elif _NONSPACE.search(flat, el.tstart, el.tend):
                current = None

        # Markers: not inside notes (a note ending inside its block holds the
        # elements before that end only).
        held = {s.block: s.inner - 1 for s in note_starts if s.inner is not None}
        in_notes = _Cover((b, held.get(b, els[b].last)) for b in note_blocks)
        markers = [raw for raw in markers_raw if not in_notes.covers(raw[0])]

        # Series keyed by (kind, chapter), in document order of their notes
        # (a dict as an ordered set), and the first key of each chapter.
        keys: dict[tuple[str, int], None] = {}
        first_of_chapter: dict[int, tuple[str, int]] = {}
        for s in note_starts:
            keys[(s.kind, s.chapter)] = None
            first_of_chapter.setdefault(s.chapter, (s.kind, s.chapter))
        note_of_el: dict[int, int] = {}
        for i, s in enumerate(note_starts):
            for b in (s.block, *s.extra):
                note_of_el[b] = i
            if s.label_el is not None:
                note_of_el[s.label_el] = i

        marker_key: list[tuple[str, int]] = []
        for idx, _label, _, _ in markers:
            key: tuple[str, int] | None = None
            link = self.link_of(els[idx])
            if link is not None and link in anchors:
                target = anchors[link]
                n = note_of_el.get(target)
                if n is None:
                    blk = self.block_of(target)
                    n = note_of_el.get(blk)
                if n is not None:
                    key = (note_starts[n].kind, note_starts[n].chapter)
            if key is None:
                ch = chapter_at[idx]
                key = (
                    ((NOTES, ch) if (NOTES, ch) in keys else None)
                    or first_of_chapter.get(ch)
                    or next(iter(keys), (NOTES, 0))
                )
            if key not in keys:
                keys[key] = None
                first_of_chapter.setdefault(key[1], key)
            marker_key.append(key)

        # Build spans in document order (the fallback search moves forward).
        events: list[tuple[int, int, int]] = [
            (els[idx].tstart, 0, i) for i, (idx, _, _, _) in enumerate(markers)
        ]
        events += [(els[s.block].tstart, 1, i) for i, s in enumerate(note_starts)]
        events.sort()
        built_markers: dict[int, Marker] = {}
        built_notes: dict[int, Note] = {}
        index_of = {k: i for i, k in enumerate(keys)}
        for _pos, what, i in events:
            if what == 0:
                idx, label, a, b = markers[i]
                el = els[idx]
                if a < 0:  # the element's whole text is the marker
                    t = self.text(el)
                    lo = _NONSPACE.search(flat, el.tstart, el.tend)
                    a = lo.start() if lo else el.tstart
                    b = el.tstart + len(t.rstrip())
                span = self.span_in(el, a, b, flat[a:b])
                built_markers[i] = Marker(label, span, index_of[marker_key[i]])
            else:
                built_notes[i] = self.build_note(
                    note_starts[i], index_of[(note_starts[i].kind, note_starts[i].chapter)]
                )

        markers_of: dict[tuple[str, int], list[Marker]] = {key: [] for key in keys}
        for j, key in enumerate(marker_key):
            markers_of[key].append(built_markers[j])
        notes_of: dict[tuple[str, int], list[Note]] = {key: [] for key in keys}
        for j, s in enumerate(note_starts):
            notes_of[(s.kind, s.chapter)].append(built_notes[j])
        series: list[NoteSeries] = []
        multi_chapter = len({k[1] for k in keys}) > 1
        for i, key in enumerate(keys):
            ms, ns = tuple(markers_of[key]), tuple(notes_of[key])
            name = key[0]
            if multi_chapter:
                h = chapter_heading.get(key[1])
                title = self.text(els[h]) if h is not None else None
                name = series_name(key[0], title, key[1] + 1)
            heading = None
            hidx = headings.get(key)
            if hidx is not None:
                hel = els[hidx]
                chars = self.mapper.chars(hel)
                if chars is not None:
                    heading = chars.span(0, hel.tend - hel.tstart)
            series.append(make_series(i, ms, ns, name, heading))
        return Reading(tuple(series), self.depth_diagnostics())

    def depth_diagnostics(self) -> tuple[Diagnostic, ...]:
        """CC901 where elements nested too deep were not built (:func:`_scan_source`)."""
        if not self.cut:
            return ()
        span = Span(self.cut[0][0], self.cut[-1][1])
        message = (
            f"elements nested deeper than {MAX_DEPTH} were not built: "
            f"{len(self.cut)} tags ignored here, their text read as it stands"
        )
        return (Diagnostic(INPUT_LIMIT, span, message, None, None),)

    def enclosing_item(self, idx: int) -> int | None:
        """The ``<li>`` that is, or holds, element ``idx`` (a few levels up)."""
        for _ in range(MAX_ITEM_DEPTH):
            if idx < 0:
                return None
            if self.els[idx].tag == "li":
                return idx
            idx = self.els[idx].parent
        return None

    def first_inside(self, order: list[int], idx: int) -> int | None:
        """The first of the elements ``order`` (sorted) that lies inside element
        ``idx``, or None: its descendants are ``idx + 1 .. last``, a range."""
        k = bisect.bisect_right(order, idx)
        return order[k] if k < len(order) and order[k] <= self.els[idx].last else None

    def item_text(self, item: _El, end: int | None = None) -> tuple[int, int]:
        """Where a list-item note's text starts and ends in the flat text, at
        ``end`` at the latest: its back-links (``↑`` before, ``↩`` after) left out."""
        lo, hi = item.tstart, item.tend if end is None else end
        for k in range(item.idx + 1, item.last + 1):
            el = self.els[k]
            if el.tstart >= hi:
                break  # (in document order: the rest start later still)
            if el.tend <= el.tstart or not self.is_backlink(el):
                continue
            first = _NONSPACE.search(self.flat, lo, hi)
            if first is not None and el.tstart <= first.start() < el.tend:
                lo = el.tend
            elif _NONSPACE.search(self.flat, el.tend, hi) is None:  # only space after it
                hi = el.tstart
        return lo, max(lo, hi)

    def is_backlink(self, el: _El) -> bool:
        if any("back" in c for c in el.classes):
            return True
        return el.tag == "a" and self.flat[el.tstart : el.tend].strip() in _BACKLINK_TEXTS

    def inside_heading(self, el: _El) -> bool:
        return el.parent >= 0 and self._in_heading[el.parent]

    @cached_property
    def _in_heading(self) -> list[bool]:
        """Whether each element is a heading or inside one, computed once in
        document order (parents come first), so deep nesting stays linear."""
        out: list[bool] = []
        for el in self.els:
            out.append(el.tag in _HEADINGS or (el.parent >= 0 and out[el.parent]))
        return out

    def descendants(self, el: _El, limit: int = 4) -> list[_El]:
        """The first ``limit`` descendants of ``el`` (label elements nest shallowly)."""
        return self.els[el.idx + 1 : min(el.last, el.idx + limit) + 1]

    def has_linked_child(self, el: _El) -> bool:
        return any(
            c.tag == "a" and (self.fragment(c) or c.attrs.get("name") or c.attrs.get("id"))
            for c in self.descendants(el)
        )

    def in_pair(self, el: _El, anchors: dict[str, int]) -> bool:
        """Whether ``el`` (or a link inside it) links to an anchor of the
        document, or is (or holds) an anchor some link of the document targets."""
        link = self.link_of(el)
        if link is not None and link in anchors:
            return True
        names = [
            v
            for c in (el, *self.descendants(el))
            for v in (c.attrs.get("id"), c.attrs.get("name"))
            if v
        ]
        return bool(names) and not self.link_targets.isdisjoint(names)

    @cached_property
    def link_targets(self) -> frozenset[str]:
        """The fragments every ``href`` of the document names."""
        return frozenset(f for el in self.els if el.tag == "a" and (f := self.fragment(el)))

    def link_of(self, el: _El) -> str | None:
        frag = self.fragment(el)
        if frag:
            return frag
        return next((f for c in self.descendants(el) if (f := self.fragment(c))), None)

    def build_note(self, s: _NoteStart, series: int) -> Note:
        els, flat = self.els, self.flat
        block = els[s.block]
        if s.label_el is not None:
            label_el = els[s.label_el]
            label_span = self.span_in(
                label_el, s.label_lo, s.label_hi, flat[s.label_lo : s.label_hi]
            )
        else:
            written = flat[s.label_lo : s.label_hi]
            label_span = self.span_in(block, s.label_lo, s.label_hi, written, s.stop)
        label_span = trimmed(self.src, label_span.start, label_span.end)
        folded = _NoteText()
        text_lo: int | None = None
        text_hi: int | None = None
        blocks = [(block, s.label_hi), *((els[b], els[b].tstart) for b in s.extra)]
        for bel, start in blocks:
            tend = bel.tend if bel is not block or s.stop is None else min(bel.tend, s.stop)
            lead = _LEADING_SEP.match(flat, start, tend) if bel is block else None
            if lead:
                start = lead.end()
            if not flat[start:tend].strip():
                continue
            chars = self.mapper.chars(bel, tend)
            folded.add(flat, start, tend, chars, bel.tstart)
            if chars is None:
                continue
            sp = chars.span(start - bel.tstart, tend - bel.tstart)
            if sp is None:
                continue
            text_lo = sp.start if text_lo is None else text_lo
            text_hi = sp.end
        text = " ".join(folded.words)
        if text_lo is None or text_hi is None:
            text_span = Span(label_span.end, label_span.end)
        else:
            text_span = Span(text_lo, text_hi)
            self.cursor = max(self.cursor, text_hi)
        note_runs = tuple(folded.runs) if folded.exact else ()
        if note_runs == ((0, text_span.start),):
            note_runs = ()
        span = Span(label_span.start, max(label_span.end, text_span.end))
        return Note(s.label, span, label_span, text, text_span, series, runs=note_runs)


class _NoteText:
    """A note's text, built block by block: its words joined by single spaces,
    and its runs (see :func:`~cliffcite.formats._util.runs_of`) while every
    block was walked (``exact``).

    Each character of a word stands where the walk of its block found it, and
    the space after a word just after the word's last character (a space
    continues the word before it).  So a run starts only at a word, or inside
    one where the walk's offsets jump; and a walk's offsets only grow,
    repeating only for a reference read as several characters, so a word of a
    walk without references whose last offset is its first plus its length
    less one has none inside it: only the other words are read one character
    at a time."""

    __slots__ = ("after", "at", "exact", "runs", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.at = 0  # where the next word starts in the text
        self.after = -1  # where a run going on would put the next word's first character
        self.exact = True

    def add(self, flat: str, start: int, end: int, walk: _Walk | None, base: int) -> None:
        """The words of ``flat[start:end]``, the text of a block at ``base``
        in ``flat`` walked as ``walk`` (None: not found in the source)."""
        self.exact = self.exact and walk is not None
        if not self.exact or walk is None:
            self.words += _TOKEN.findall(flat, start, end)
            return
        starts, references = walk.starts, bool(walk.ends)
        words, runs, at, after = self.words, self.runs, self.at, self.after
        for word in _TOKEN.finditer(flat, start, end):
            w0, w1 = word.start() - base, word.end() - base
            words.append(word.group())
            first, last = starts[w0], starts[w1 - 1]
            if first != after:
                runs.append((at, first))
            if references or last - first != w1 - w0 - 1:
                runs += [
                    (at + i - w0, starts[i])
                    for i in range(w0 + 1, w1)
                    if starts[i] != starts[i - 1] + 1
                ]
            at += w1 - w0 + 1
            after = last + 2
        self.at, self.after = at, after


def read(text: str) -> Reading:
    """Markers and notes of an HTML or XHTML document, with spans into ``text``."""
    return _Reader(text).read()
