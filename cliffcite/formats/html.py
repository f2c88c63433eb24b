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
import sys
from array import array
from collections.abc import Iterable
from functools import cached_property
from sys import intern as _intern
from typing import TypeAlias

from attrs import define, field
from selectolax.lexbor import LexborHTMLParser, LexborNode

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


def _marker_text(label: str) -> re.Pattern[str]:
    """Text of a marker element: "[17]", "(17)", "17", "3*"."""
    return re.compile(rf"\s*(?:\[\s*({label})\s*\]|\(\s*({label})\s*\)|({label}))\s*\Z")


def _note_label_text(label: str) -> re.Pattern[str]:
    """Text of a note label element: "17.", "[17]", "17", "17)"."""
    return re.compile(
        rf"\s*(?:\[\s*({label})\s*\.?\s*\]\s*\.?|\(\s*({label})\s*\)|({label})\s*[.):]?)\s*\Z"
    )


#: A label of either length: a :data:`_LABEL`, or one of more digits, up to
#: MAX_LINKED_LABEL_DIGITS, that only a linked pair carries (which of the
#: two a label is, :func:`_longer` tells).
_ANY_LABEL = rf"(?:\d{{1,{MAX_LINKED_LABEL_DIGITS}}}[a-z]?\*?|\*{{1,3}}|†{{1,2}}|‡|[a-z])"
# Several bracketed labels in one marker element: "[3][4]", "[17] [12]".
_ONE_BRACKETED = re.compile(rf"\[\s*({_LABEL})\s*\]")
_MULTI_MARKER_TEXT = re.compile(rf"\s*(?:\[\s*{_LABEL}\s*\][\s,;]*){{2,}}\Z")
#: The texts of label elements with a label of either length: one match
#: where a pattern for each length took two (the label tells which it is).
_ANY_MARKER_TEXT = _marker_text(_ANY_LABEL)
_ANY_NOTE_LABEL_TEXT = _note_label_text(_ANY_LABEL)
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
#: The tail of a start tag is matched once, as far as it goes, and not
#: backtracked into, so the match is linear: from Python 3.11 with possessive
#: quantifiers, before it in a lookahead (group 3) matched again by a
#: back-reference (a lookahead is not entered again, so the tail is atomic as
#: well).  The two match the same; the possessive one, its loop unrolled
#: (a run of plain characters, then each "=" and its value with the run
#: after it), runs through a page of linked notes in a quarter fewer
#: instructions (callgrind: the matches alone, 364M → 272M for 10,000 notes).
#: White space after "=" leaves out \x1c-\x1f, as ``regex``'s ``\s`` did.
_START_TAIL_ATOMIC = r"""(?=((?:[^>=]+|=[^\S\x1c-\x1f]*(?:"[^"]*"|'[^']*')?)*))\3>"""
_START_TAIL_POSSESSIVE = r"""[^>=]*+(?:=[^\S\x1c-\x1f]*+(?:"[^"]*+"|'[^']*+')?[^>=]*+)*+>"""


def _markup(tail: str, leaf: str = "") -> re.Pattern[str]:
    return re.compile(
        r"<(?:!--(?s:.*?)(?:-->|\Z)"
        r"|[!?][^>]*>?"
        r"|/([A-Za-z][^\s/>]*)?[^>]*>?"
        rf"|([A-Za-z][^\s/>]*)(?:{tail}{leaf}|(?s:.*)))"
    )


_START_TAIL = _START_TAIL_POSSESSIVE if sys.version_info >= (3, 11) else _START_TAIL_ATOMIC
_MARKUP = _markup(_START_TAIL)
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
    """Where the text of a raw-text element (``name``: script, style) from
    ``pos`` ends: at its end tag, as an HTML tokenizer finds it, the name in
    ASCII letters of either case followed by white space, "/" or ">"
    (``</ſcript>`` and ``</scriptx>`` are text: taken for end tags, the
    tags after them were mapped to elements the parser keeps as text)."""
    m = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE | re.ASCII).search(src, pos)
    return m.start() if m else len(src)


#: A start tag of the source: where it starts, where it ends, and where its
#: name ends (its attributes as written lie between).
_SourceTag = tuple[int, int, int]
#: How many ints a start tag takes in :attr:`_Scan.found`.
_TAG_INTS = 3


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
    """The source as parsed, its start tags, and the tags blanked out.

    Every start tag kept is in ``found``, by lower-cased name, in order, its
    :data:`_SourceTag` as three ints in a row of an array: a tuple a tag
    would be an object for each full collection of the garbage collector to
    visit, and 150 bytes where the array takes 24 (100,000 linked notes have
    400,000 start tags: 55 MB fewer at the peak)."""

    text: str
    found: dict[str, array[int]]
    cut: list[tuple[int, int]]

    @property
    def tags(self) -> dict[str, list[_SourceTag]]:
        """``found`` as lists of tuples."""
        return {
            name: [(a[i], a[i + 1], a[i + 2]) for i in range(0, len(a), _TAG_INTS)]
            for name, a in self.found.items()
        }


#: The scan's pattern: :data:`_MARKUP`, and after a start tag, when the
#: element holds only text, that text (group _LEAF) and its end tag, as far
#: as an end tag goes: its name the same but for ASCII case, as the HTML
#: tokenizer folds it, and then HTML's white space, "/" or ">", as in the end
#: tag that closes a script's text (``</script\xa0>`` does not; any other
#: such tag is left to the general case, which reads it alike).  Such an
#: element opens and closes at once: one match and
#: no change to the stack where there were two (on a page of linked notes half
#: the elements are links holding their label: the scan of 10,000 took 649M
#: instructions without the shortcut, 560M with it).  The text is matched
#: possessively: backtracked into, when an element holds more than text, each
#: of its characters before the next tag was tried again (a chapter of long
#: paragraphs took a third more instructions than before, now a quarter
#: fewer).  Before Python 3.11, without possessive quantifiers, the scan has
#: no shortcut.
if sys.version_info >= (3, 11):
    _SCAN_MARKUP = _markup(_START_TAIL, r"(?:([^<]*+)</(?ai:\2)(?=[\t\n\f\r />]|\Z)[^>]*>?)?")
    _LEAF = _SCAN_MARKUP.groups
else:
    _SCAN_MARKUP, _LEAF = _MARKUP, -1  # (no match's lastindex)


def _scan_source(src: str, max_depth: int = MAX_DEPTH, *, leaves: bool = True) -> _Scan:
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
    the cap comes back unchanged.  ``leaves=False`` walks an element holding
    only text as a start tag and an end tag, as the general case does (the
    reference the tests hold the shortcut to).
    """
    tags: dict[str, list[int]] = {}  # (lists while they grow, faster to add to)
    stack: list[str] = []
    where: dict[str, list[int]] = {}  # name → its positions in ``stack``
    overflow: dict[str, int] = {}  # name → start tags blanked and not yet closed
    cut: list[tuple[int, int]] = []
    pattern = _SCAN_MARKUP if leaves else _MARKUP
    # a name as written → lower-cased: a document writes few names, and a
    # lookup is cheaper than lower() (with the three appends below, 20M of
    # the 590M instructions the scan of 10,000 linked notes took)
    lowered: dict[str, str] = {}

    def pop_to(k: int) -> None:
        # closing an element open in ``stack`` closes all inside it, the
        # elements cut above the stack's top included
        overflow.clear()
        while len(stack) > k:
            where[stack.pop()].pop()

    pos: int | None = 0
    while pos is not None:
        at, pos = pos, None
        for m in pattern.finditer(src, at):
            group = m.lastindex  # 1: an end tag, _LEAF: an element of text, None: neither
            if group is None:
                continue  # (also "</" and a letter not ASCII: no element has its name)
            if group == 1:
                tag = m.group(1)
                tag = lowered.get(tag) or tag.lower()  # (no name is empty)
                # (``overflow`` is empty but past the cap: asked only then)
                if overflow and overflow.get(
                    tag
                ):  # the innermost of that name is one cut: its end goes too
                    overflow[tag] -= 1
                    cut.append(m.span())
                elif stack and stack[-1] == tag:  # (the usual case: pop_to, inlined)
                    if overflow:
                        overflow.clear()
                    stack.pop()
                    where[tag].pop()
                elif where.get(tag):
                    pop_to(where[tag][-1])
                continue
            j, tag_end = m.span()
            written = m.group(2)
            name = lowered.get(written)
            if name is None:
                name = lowered[written] = written.lower()
            leaf = group == _LEAF
            if leaf:
                tag_end = m.start(group)
            if name in _CLOSES_P and where.get("p"):
                pop_to(where["p"][-1])
            elif name in _CLOSES_SAME and where.get(name):
                pop_to(where[name][-1])
            never_open = name in _NEVER_OPEN
            if never_open or len(stack) < max_depth:
                found = tags.get(name)
                if found is None:
                    found = tags[name] = []
                found.append(j)  # (three appends: no tuple made)
                found.append(tag_end)
                found.append(j + 1 + len(written))
                if leaf:
                    # its end tag would close it at once, or (never open)
                    # close nothing, as none is cut while it is kept (below
                    # the cap, or never open and so never cut): the stack is
                    # as it was
                    continue
                if not never_open:
                    at_depth = where.get(name)  # (not setdefault: no list made for each tag)
                    if at_depth is None:
                        at_depth = where[name] = []
                    at_depth.append(len(stack))
                    stack.append(name)
            else:
                cut.append((j, tag_end))
                overflow[name] = overflow.get(name, 0) + 1
                if leaf:  # its end tag goes too: go on from its text
                    pos = tag_end
                    break
            if name in _RAW_TEXT:  # its text is not markup: go on from its end tag
                pos = _raw_text_end(src, name, tag_end)
                break
    # (arrays once complete: see _Scan)
    kept = {name: array("q", ints) for name, ints in tags.items()}
    del tags
    if not cut:
        return _Scan(src, kept, cut)
    pieces: list[str] = []
    at = 0
    for a, b in cut:
        pieces += [src[at:a], " " * (b - a)]
        at = b
    pieces.append(src[at:])
    return _Scan("".join(pieces), kept, cut)


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

    __slots__ = ("ends", "starts", "text", "whole")

    def __init__(
        self, text: str, starts: array[int] | range, ends: dict[int, int], whole: bool = False
    ) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends
        #: every character mapped, white space too, each to the one source
        #: character after the last one's (a text written as it stands, or in
        #: runs between tags: :func:`_walk_runs`): so ``starts`` only grows,
        #: by one at least from a character to the next
        self.whole = whole

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
#: Names :data:`_PLAIN_NAME` matches, known without matching it (on 100,000
#: linked notes: 2.3 % of html.read's instructions fewer).
_PLAIN_NAMES = frozenset({"href", "name", "id", "class", "title", "lang", "style", "rel"})


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
        if '"' in value or "&" in value or (key not in _PLAIN_NAMES and not _PLAIN_NAME.match(key)):
            return None
        parts.append(f' {key}="{value}"')
    parts.append(">")
    return "".join(parts)


def _past_markup(src: str, i: int) -> int | None:
    """Where the markup opening at ``src[i]`` (a ``<``) ends, a raw-text
    element's content and end tag included; None if that ``<`` opens nothing."""
    markup = _MARKUP.match(src, i)
    if markup is None:
        return None
    end = markup.end()
    name = markup.group(2)
    if name is not None and name.lower() in _RAW_TEXT:
        end = _raw_text_end(src, name.lower(), end)
    return end


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
        return _Walk(want, range(pos, pos + n), _NO_ENDS, whole=True)
    walk = _walk_runs(src, pos, want, limit)
    if walk is not None:
        return walk
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
                end = _past_markup(src, i)  # (None: a "<" that opens nothing)
                if end is not None:
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


def _walk_runs(src: str, pos: int, want: str, limit: int) -> _Walk | None:
    """:func:`_walk_source` for a text the source spells exactly, white space
    included, as runs of plain text between tags (a note's ``<a>1.</a> Serge,
    p.1.``); None otherwise (a reference, a "<" that opens nothing, any
    difference), and the caller walks it the general way.

    Exact as a shortcut: the runs and tags are met at the same offsets as the
    general walk meets them, and a run that the text goes on with exactly is
    mapped there, character for character, as the general walk maps it (white
    space too, which the general walk leaves unspecified: never looked up).
    Each character's offset is its run's, shifted: no comparison of words or
    white space.  (10,000 linked notes: 2 % of html.read's instructions.)"""
    n = len(want)
    stop = min(len(src), limit)
    starts: array[int] = array("q")
    k = 0  # the characters of want mapped
    i = pos
    while k < n:
        if i >= stop:
            return None
        if src[i] == "<":
            end = _past_markup(src, i)
            if end is None:
                return None
            i = end
            continue
        run = _PLAIN_RUN.match(src, i, min(stop, i + _RUN_CHUNK))
        if run is None:  # a reference
            return None
        m = min(run.end() - i, n - k)
        if not src.startswith(want[k : k + m], i):
            return None
        starts.extend(range(i, i + m))
        k += m
        i += m
    return _Walk(want, starts, _NO_ENDS, whole=True)


# --------------------------------------------------------------------------- tree


#: A column of ints: a list while the tree is built, an array once it is
#: large (see _ARRAY_ELEMENTS).
_Ints: TypeAlias = "list[int] | array[int]"
#: From this many elements on, the tree's int columns are arrays: the
#: collector does not look into an array, while each full collection visits
#: every int of a list (at 400,000 elements 0.5 s of 8.5, loaded machine);
#: but each read from an array makes an int object (on a chapter of 50 notes,
#: arrays cost 5 % more instructions in all).
_ARRAY_ELEMENTS = 20_000


@define
class _Tree:
    """The elements of the parsed document in document order, a parent before
    its children, as parallel columns: element ``i`` is ``tags[i]``,
    ``attrs[i]``, ..., its text is ``flat[tstarts[i]:tends[i]]`` and its
    descendants are ``i + 1 .. lasts[i]``.  Columns, not an object an element:
    every object alive is visited by each full collection of the garbage
    collector, and 100,000 notes are 400,000 elements."""

    tags: list[str] = field(factory=list)
    attrs: list[dict[str, str]] = field(factory=list)
    classes: list[frozenset[str]] = field(factory=list)
    parents: _Ints = field(factory=list)  # -1: the root
    ordinals: _Ints = field(factory=list)  # how many elements of its tag come before it
    tstarts: _Ints = field(factory=list)
    tends: _Ints = field(factory=list)
    lasts: _Ints = field(factory=list)  # its last descendant (itself when it has none)
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


def _names_of(written: Iterable[str]) -> dict[str, str]:
    """The attribute names of an element, interned, their values empty: each
    element written with the same names in the same order copies it and sets
    its values (see _build_tree).  Empty when a name is not lower-case (SVG's
    viewBox): _attributes lower-cases it."""
    names = [_intern(k) for k in written]
    if any(k != k.lower() for k in names):
        return {}
    return dict.fromkeys(names, "")


def _build_tree(text: str) -> _Tree:
    tree = _Tree()
    root = LexborHTMLParser(text).root
    if root is None:
        return tree
    tags, attrs_of, classes_of, parents = tree.tags, tree.attrs, tree.classes, tree.parents
    ordinals_of, tstarts, tends, lasts = tree.ordinals, tree.tstarts, tree.tends, tree.lasts
    pieces: list[str] = []
    length = 0
    ordinals: dict[str, int] = {}
    # the parser's tag names → lower-cased and interned
    lowered: dict[str | None, str] = {}
    # attributes as written → the element's (shared, never written to)
    shapes: dict[tuple[tuple[str, str | None], ...], tuple[dict[str, str], frozenset[str]]] = {}
    # the names of an element's own attributes, as written → their template
    # (see _names_of); a class attribute's value → its classes
    templates: dict[tuple[str, ...], dict[str, str]] = {}
    class_sets: dict[str, frozenset[str]] = {}
    # The nodes are walked in document order by their first child and next
    # sibling, as the parser's own traversal walks them; the elements open
    # around the node walked, innermost last, are kept with their indices
    # and whether the text inside them is skipped.  An element closes when
    # the walk leaves it: no parent is asked of each node (two calls into
    # the parser fewer a node: ~0.2 s on 100,000 linked notes' 1,000,000).
    open_nodes: list[LexborNode] = []
    open_els: list[int] = []  # the parents of the elements open
    skips: list[bool] = []
    skipping = False
    parent = -1  # the innermost element open
    node: LexborNode | None = root
    while node is not None:
        s = node.text_content  # (None but for a text node that holds some)
        if s is not None:
            if not skipping:
                pieces.append(s)
                length += len(s)
        elif node.is_element_node:
            raw = node.tag
            tag = lowered.get(raw)
            if tag is None:
                tag = lowered[raw] = _intern((raw or "").lower())
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
                # An element's own attributes (a link's href and name): a copy
                # of the template of their names, their values set, is what
                # _attributes makes, when the names are lower-case and no value
                # is missing (or empty: all() is cheaper than "None in", which
                # compares each value with None).  A fifth fewer instructions
                # than _attributes on a link (callgrind: 25M of the 843M the
                # tree of 10,000 linked notes took).
                names = tuple(written)
                template = templates.get(names)
                if template is None:
                    template = templates[names] = _names_of(names)
                if template and all(written.values()):
                    attrs = template.copy()
                    # (the template's interned names stay; no value is None)
                    attrs.update(written)  # type: ignore[arg-type]
                    value = attrs.get("class")
                    if value:
                        of_value = class_sets.get(value)
                        if of_value is None:
                            of_value = class_sets[value] = frozenset(value.lower().split())
                        classes = of_value
                    else:
                        classes = _NO_CLASSES
                else:
                    attrs, classes = _attributes(written)
            ordinal = ordinals.get(tag, 0)
            ordinals[tag] = ordinal + 1
            k = len(tags)
            tags.append(tag)
            attrs_of.append(attrs)
            classes_of.append(classes)
            parents.append(parent)
            ordinals_of.append(ordinal)
            tstarts.append(length)
            child = node.first_child
            if child is not None:
                tends.append(0)
                lasts.append(0)
                open_nodes.append(node)
                open_els.append(parent)
                parent = k
                skips.append(skipping)
                skipping = skipping or tag in _SKIP_TEXT
                node = child
                continue
            tends.append(length)  # (empty: it closes at once)
            lasts.append(k)
        # on to the next sibling of the node, or of the innermost element
        # open that has one, closing the elements left
        while node is not root and node is not None:
            after = node.next
            if after is not None:
                node = after
                break
            if not open_nodes:
                node = None
                break
            node = open_nodes.pop()
            skipping = skips.pop()
            tends[parent] = length
            lasts[parent] = len(tags) - 1
            parent = open_els.pop()
        else:
            node = None
    tree.flat = "".join(pieces)
    if len(tags) >= _ARRAY_ELEMENTS:
        tree.parents, tree.ordinals = array("q", parents), array("q", ordinals_of)
        tree.tstarts, tree.tends, tree.lasts = (
            array("q", tstarts),
            array("q", tends),
            array("q", lasts),
        )
    return tree


# --------------------------------------------------------------------------- mapping


class _Mapper:
    """Maps tree elements back to their start tags and text in the source."""

    def __init__(self, scan: _Scan, tree: _Tree) -> None:
        self.src = scan.text
        self.tree = tree
        self.tags = scan.found
        self.drift: dict[str, int] = {}
        # element → how far its text was walked (a flat offset), and the result
        # (two dicts, not one of pairs: 300,000 pairs fewer for the collector)
        self.walked: dict[int, int] = {}
        self.cache: dict[int, _Walk | None] = {}
        # the tail that writes a dict of attributes most plainly, by the dict:
        # the elements without an attribute of their own share theirs (see
        # _build_tree), never written to and alive as long as the tree
        self.plain: dict[int, str | None] = {}

    def _attrs_match(self, attrs: dict[str, str], name_end: int, tag_end: int) -> bool:
        raw = self.src[name_end:tag_end]
        if not attrs and not raw.strip(" \t\r\n/>"):
            return True
        if _OWN_ATTRS.isdisjoint(attrs):  # (100,000 notes' <p class=...>: written once)
            try:
                plain = self.plain[id(attrs)]
            except KeyError:
                plain = self.plain[id(attrs)] = _plainly_written(attrs)
        else:
            plain = _plainly_written(attrs)
        if raw == plain:
            return True
        written = _parse_attrs(raw)
        for k in _MATCHED_ATTRS:
            v = attrs.get(k)
            if v is not None and written.get(k) != v:
                return False
        return True

    def chars(self, idx: int, end: int | None = None, *, once: bool = False) -> _Walk | None:
        """Source ranges of each character of element ``idx``'s text, or None;
        with ``end``, of its text before that flat offset only (the part of a
        list item left open that is its note, not the rest of the document it
        holds).  The walk is kept for the element's next question, unless
        ``once``: the caller's element is asked nothing more (a marker's, a
        note label's), and a walk fewer alive is one fewer object for every
        full collection of the garbage collector to visit."""
        tree = self.tree
        tstart, tend = tree.tstarts[idx], tree.tends[idx]
        stop = tend if end is None else max(tstart, min(tend, end))
        walked = self.walked.get(idx)
        if walked is not None and walked >= stop:
            return self.cache[idx]
        result = None
        name, attrs, ordinal = tree.tags[idx], tree.attrs[idx], tree.ordinals[idx]
        tags = self.tags.get(name, _NO_TAGS)
        count = len(tags) // _TAG_INTS
        want = tree.flat[tstart:stop]
        expected = ordinal + self.drift.get(name, 0)
        for delta in _DELTAS:
            k = expected + delta
            if k < 0 or k >= count:
                continue
            tag_end = tags[_TAG_INTS * k + 1]
            if not self._attrs_match(attrs, tags[_TAG_INTS * k + 2], tag_end):
                continue
            limit = tag_end + 8 * len(want) + FALLBACK_WINDOW
            result = _walk_source(self.src, tag_end, want, limit)
            if result is None:
                continue
            self.drift[name] = k - ordinal
            break
        if not once:
            self.walked[idx] = stop
            self.cache[idx] = result
        return result

    def span(
        self, idx: int, a: int, b: int, end: int | None = None, *, once: bool = False
    ) -> Span | None:
        """``chars(idx, end, once=once).span(a, b)``, or None when either is.

        An element asked once whose text stands as written right after its
        expected start tag (a marker's ``[17]``, a note's ``17.``) is spanned
        without a walk: :meth:`chars` would take that tag (the first it
        tries) and walk it as a range, so the span is read off the offsets
        directly.  (On 100,000 linked notes, 200,000 walks fewer: ~0.4 s.)"""
        if once and idx not in self.walked:
            tree = self.tree
            name, ordinal = tree.tags[idx], tree.ordinals[idx]
            drift = self.drift.get(name, 0)
            tags = self.tags.get(name, _NO_TAGS)
            k = ordinal + drift
            if 0 <= k < len(tags) // _TAG_INTS:
                tstart, tend = tree.tstarts[idx], tree.tends[idx]
                want = tree.flat[tstart : tend if end is None else max(tstart, min(tend, end))]
                pos = tags[_TAG_INTS * k + 1]
                if (
                    self.src.startswith(want, pos)
                    and not _MARKUP_OR_REF.search(want)
                    and self._attrs_match(tree.attrs[idx], tags[_TAG_INTS * k + 2], pos)
                ):
                    self.drift[name] = drift
                    if a < 0 or b > len(want):
                        return None
                    first = _NONSPACE.search(want, a, b)
                    if first is None:
                        return None
                    return Span(pos + first.start(), pos + a + len(want[a:b].rstrip()))
        walk = self.chars(idx, end, once=once)
        return None if walk is None else walk.span(a, b)


#: The start tags of a name the source has none of (shared: never written to).
_NO_TAGS: array[int] = array("q")
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
    # continuation blocks (None: none, the usual case, and a list fewer alive a note)
    extra: list[int] | None = None
    stop: int | None = None  # flat offset where the note's text ends (a back-link, `inner`)
    inner: int | None = None  # the note or heading inside its block where the note ends


def _label_of(m: re.Match[str]) -> str:
    """The label a label pattern matched: each of its alternatives holds one
    group, so the group that took part is the last one (``lastindex``)."""
    return m.group(m.lastindex or 0)


def _longer(label: str) -> bool:
    r"""A label :data:`_ANY_LABEL` matched is a long one (more than
    MAX_LABEL_DIGITS digits, as ``\d`` counts them), not a :data:`_LABEL`:
    its digits are what is left without its star and its letter."""
    core = label[:-1] if label[-1:] == "*" else label
    if core[-1:].isascii() and core[-1:].islower():  # (a letter a-z after digits)
        core = core[:-1]
    return len(core) > MAX_LABEL_DIGITS


def _label_texts(text: str) -> tuple[str | None, str | None, bool]:
    """The label of a label element's ``text`` as a marker's and as a note's
    (None: not one), and whether they are long labels, that only a linked
    pair carries: a label of MAX_LABEL_DIGITS digits or fewer is taken, a
    longer one only when neither is short.  (One pattern of each kind where
    two were matched, short and long: on 100,000 linked notes, 200,000
    matches fewer.)"""
    # The commonest texts, read without the patterns: a number in brackets
    # ("[17]": a marker's label and a note's) and a number and a full stop
    # ("17.": a note's).  (``isdecimal`` is ``\d``: the Unicode digits.)
    if text[-1:] == "]" and text[:1] == "[":
        digits = text[1:-1]
        if digits.isdecimal() and len(digits) <= MAX_LINKED_LABEL_DIGITS:
            return digits, digits, len(digits) > MAX_LABEL_DIGITS
    elif text[-1:] == ".":
        digits = text[:-1]
        if digits.isdecimal() and len(digits) <= MAX_LINKED_LABEL_DIGITS:
            return None, digits, len(digits) > MAX_LABEL_DIGITS
    mm, nm = _ANY_MARKER_TEXT.match(text), _ANY_NOTE_LABEL_TEXT.match(text)
    marker_label = None if mm is None else _label_of(mm)
    note_label = None if nm is None else _label_of(nm)
    marker_long = marker_label is not None and _longer(marker_label)
    note_long = note_label is not None and _longer(note_label)
    if (marker_long or marker_label is None) and (note_long or note_label is None):
        return marker_label, note_label, marker_long or note_long
    return (None if marker_long else marker_label), (None if note_long else note_label), False


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
        tree = _build_tree(self.src)
        self.tags, self.attrs, self.classes = tree.tags, tree.attrs, tree.classes
        self.parents, self.tstarts, self.tends, self.lasts = (
            tree.parents,
            tree.tstarts,
            tree.tends,
            tree.lasts,
        )
        self.flat = tree.flat
        self.mapper = _Mapper(scan, tree)
        self.first_text: dict[int, int] = {}
        self.cursor = 0

    # -- structure helpers
    # Elements are in document order, a parent before its children, and the
    # descendants of element i are i+1 .. lasts[i]: so ancestry is a range
    # test and per-element facts inherit in one pass (deep nesting stays linear).
    def block_of(self, idx: int) -> int:
        """The nearest block element around element ``idx``, or -1."""
        return self._block_of[idx]

    @cached_property
    def _block_of(self) -> list[int]:
        out: list[int] = []
        tags = self.tags
        for p in self.parents:
            out.append(-1 if p < 0 else p if tags[p] in _BLOCKS else out[p])
        return out

    def text(self, idx: int) -> str:
        return self.flat[self.tstarts[idx] : self.tends[idx]]

    def fragment(self, idx: int) -> str | None:
        """The fragment element ``idx``'s ``href`` names, or None (read once an
        element: several passes ask it of the same links)."""
        return self._fragments[idx]

    @cached_property
    def _fragments(self) -> list[str | None]:
        out: list[str | None] = [None] * len(self.tags)
        for idx, attrs in enumerate(self.attrs):
            href = attrs.get("href")
            if href and "#" in href:
                out[idx] = href.split("#", 1)[1] or None
        return out

    # -- spans
    def span_in(
        self, idx: int, lo: int, hi: int, written: str, end: int | None = None, once: bool = False
    ) -> Span:
        """Span of flat range ``lo:hi`` (inside element ``idx``), mapped
        through the element (its text before ``end``, when given; ``once``:
        see :meth:`_Mapper.chars`)."""
        tstart = self.tstarts[idx]
        sp = self.mapper.span(idx, lo - tstart, hi - tstart, end, once=once)
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
        flat = self.flat
        tags, attrs_of, classes_of = self.tags, self.attrs, self.classes
        tstarts, tends, lasts = self.tstarts, self.tends, self.lasts
        n_els = len(tags)
        # The anchors, the first element of each id or name, an id before
        # a name, are found in the pass over the sections.
        anchors: dict[str, int] = {}

        # Sections: which kind of notes, and which chapter, each element is in.
        kind_at: list[str | None] = [None] * n_els
        chapter_at: list[int] = [0] * n_els
        headings: dict[tuple[str, int], int] = {}
        chapter_heading: dict[int, int] = {}
        kind: str | None = None
        chapter = 0
        seen_notes = False
        for idx in range(n_els):
            tag, attrs = tags[idx], attrs_of[idx]
            # (a missing value is "", never None: None is no such attribute)
            anchor_id, anchor_name = (attrs.get("id"), attrs.get("name")) if attrs else (None, None)
            if anchor_id is not None or anchor_name is not None:
                if anchor_id:
                    anchors.setdefault(anchor_id, idx)
                if anchor_name:
                    anchors.setdefault(anchor_name, idx)
                names = {(anchor_name or "").lower(), (anchor_id or "").lower()}
                if names & _EDITOR_ANCHORS:
                    kind, seen_notes = EDITORS, True
                elif names & _AUTHOR_ANCHORS and tag == "a":
                    kind, seen_notes = (kind if kind == EDITORS else NOTES), True
            # (another element is read only for a notes heading: a long one, or
            # one without _HEADING_WORD, is none)
            tstart, tend = tstarts[idx], tends[idx]
            is_heading = tag in _HEADINGS or (
                tag in ("p", "div", "b", "strong")
                and tend - tstart <= MAX_HEADING_SPAN
                and _HEADING_WORD.search(flat, tstart, tend) is not None
                and not self.inside_heading(idx)
            )
            if is_heading:
                # an element left open holds the rest of the document: only a
                # short one is read (each of up to MAX_DEPTH open wrappers would
                # otherwise be), a long one only asked whether it has text
                if tend - tstart <= MAX_HEADING_SPAN:
                    t = fold(flat[tstart:tend])
                    has_text = bool(t)
                else:
                    t = ""
                    has_text = tag in _HEADINGS and bool(_NONSPACE.search(flat, tstart, tend))
                if t and len(t) <= MAX_HEADING_CHARS and _NOTES_HEADING.match(t):
                    kind = EDITORS if _EDITOR.search(t) else NOTES
                    seen_notes = True
                    headings.setdefault((kind, chapter), idx)
                elif tag in _HEADINGS and has_text:
                    if seen_notes:
                        chapter += 1
                        kind, seen_notes = None, False
                    chapter_heading.setdefault(chapter, idx)
            kind_at[idx] = kind
            chapter_at[idx] = chapter

        # Label candidates: inline elements whose whole text is a label; the
        # label it would have as a marker and as a note's (None: not one).
        cands: list[tuple[int, str | None, str | None]] = []
        multi: list[tuple[int, str, int, int]] = []  # (element, label, flat start, end)
        taken_until = -1  # the last descendant of the label elements taken so far
        # (the per-element facts as local lists, and the methods asking them
        # inlined where they answer at once: 0.2 s on 100,000 linked notes)
        fragments, block_of, first_text = self._fragments, self._block_of, self.first_text
        for idx in range(n_els):
            tag = tags[idx]
            tstart, tend = tstarts[idx], tends[idx]
            if tag not in _LABEL_TAGS or tend <= tstart:
                continue
            if idx <= taken_until:
                continue  # inside a label taken: in document order, a range test
            if tend - tstart > 24:  # (before the text is copied out)
                continue
            t = flat[tstart:tend]
            classy = bool(classes_of[idx] & _MARKER_CLASSES)
            linked = tag == "a" and (
                fragments[idx] or attrs_of[idx].get("name") or attrs_of[idx].get("id")
            )
            if not (tag == "sup" or classy or linked or self.has_linked_child(idx)):
                continue
            marker_label, note_label, long_labels = _label_texts(t)
            if long_labels and not (
                # (in_pair's first answer: the element's own link to an anchor)
                ((frag := fragments[idx]) is not None and frag in anchors)
                or self.in_pair(idx, anchors)
            ):
                marker_label = note_label = None  # "[1003]": a linked pair's only
            if marker_label is None and note_label is None:
                if _MULTI_MARKER_TEXT.match(t):  # <sup>[3][4]</sup>: two notes at one place
                    multi += [
                        (idx, m.group(1), tstart + m.start(), tstart + m.end())
                        for m in _ONE_BRACKETED.finditer(t)
                    ]
                    taken_until = lasts[idx]  # (idx is past taken_until, its last no less)
                continue
            label = marker_label or note_label or ""  # (one of them matched: a label)
            if tag != "sup" and not classy and label.isalpha() and len(label) == 1:
                continue  # <a href="#x">a</a> is a word, not a label
            # (labels, not the matches: 200,000 objects fewer alive)
            cands.append((idx, marker_label, note_label))
            taken_until = lasts[idx]

        # Decide: a label at the start of a note-ish block opens a note.
        note_starts: list[_NoteStart] = []
        note_blocks: set[int] = set()
        markers_raw: list[tuple[int, str, int, int]] = []  # -1: the element's whole text
        for idx, marker_label, note_label in cands:
            block = block_of[idx]
            # at the start of its block: no text before it (where the block's
            # first text is, found once a block)
            if note_label is not None and block >= 0:
                first = first_text.get(block)
                if first is None:
                    m = _NONSPACE.search(flat, tstarts[block], tends[block])
                    first = first_text[block] = m.start() if m else tends[block]
                at_start = first >= tstarts[idx]
            else:
                at_start = False
            if note_label is not None and at_start:
                link = fragments[idx] or self.link_of(idx)
                target = anchors.get(link) if link is not None else None
                backlink = target is not None and target < idx
                if (
                    (classes_of[block] & _NOTE_BLOCK_CLASSES)
                    or kind_at[idx] is not None
                    or backlink
                ):
                    lo = _NONSPACE.search(flat, tstarts[idx], tends[idx])
                    note_starts.append(
                        _NoteStart(
                            block,
                            note_label,
                            lo.start() if lo else tstarts[idx],
                            tends[idx],
                            idx,
                            kind_at[idx] or NOTES,
                            chapter_at[idx],
                        )
                    )
                    note_blocks.add(block)
                    continue
            if marker_label is not None:
                markers_raw.append((idx, marker_label, -1, -1))
        markers_raw += multi
        markers_raw.sort(key=lambda r: (tstarts[r[0]], r[2]))

        # Plain-text labels opening note-class blocks or blocks in a notes section.
        # A block holding blocks is read for a label in its own text only, before
        # the first of them (<li>2. Reiman<p>...), not in the first one's, also
        # when an inline element wraps them (<div><font><p>6. Serge ...).
        block_of = self._block_of
        first_inner: dict[int, int] = {}  # block → where its first block starts
        for idx in range(n_els):
            if tags[idx] in ("p", "div", "li", "blockquote"):
                first_inner.setdefault(block_of[idx], tstarts[idx])
        for idx in range(n_els):
            # (each of these tags is a block and none a heading)
            if tags[idx] not in ("p", "div", "li", "dd", "blockquote") or idx in note_blocks:
                continue
            if not (classes_of[idx] & _NOTE_BLOCK_CLASSES or kind_at[idx] is not None):
                continue
            m = _NOTE_LEAD.match(flat, tstarts[idx], first_inner.get(idx, tends[idx]))
            if m is None:
                continue
            lo = _NONSPACE.search(flat, tstarts[idx], tends[idx])
            note_starts.append(
                _NoteStart(
                    idx,
                    _label_of(m),
                    lo.start() if lo else tstarts[idx],
                    m.end(),
                    None,
                    kind_at[idx] or NOTES,
                    chapter_at[idx],
                )
            )
            note_blocks.add(idx)
        # Notes numbered by their list, the target of a marker's link:
        # <li id="fn1"> (pandoc, EPUB), <li id="cite_note-1"> (Wikisource).
        # An item whose text opens with a labelled note inside it is that note
        # (<li id="fn1"><p>1. Serge</p></li>), not read a second time.
        labelled = sorted(note_blocks)
        headings_in_order = [idx for idx in range(n_els) if tags[idx] in _HEADINGS]
        ends_in_order = sorted(note_blocks.union(headings_in_order))
        # (without a list item there is no such note: the markers are not asked)
        for idx, label, _, _ in markers_raw if "li" in tags else ():
            link = self.link_of(idx)
            target = anchors.get(link) if link else None
            item = self.enclosing_item(target) if target is not None else None
            # (a marker inside the item itself: its descendants are a range)
            if item is None or item in note_blocks or item < idx <= lasts[item]:
                continue
            inner = self.first_inside(labelled, item)
            end = self.first_inside(ends_in_order, item)
            text_lo, text_hi = self.item_text(item, None if end is None else tstarts[end])
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
        note_starts.sort(key=lambda s: tstarts[s.block])

        # A note ends where a note or a heading inside its block begins: a <p>
        # closes no <li>, so a list whose </li> and </ol> are left out holds
        # what follows it (the notes paragraph, the next chapter) in its last
        # item, which would read it again and take the markers in it.
        ends_in_order = sorted({s.block for s in note_starts}.union(headings_in_order))
        for s in note_starts:
            s.inner = self.first_inside(ends_in_order, s.block)
            if s.inner is not None:
                at = tstarts[s.inner]
                s.stop = at if s.stop is None else min(s.stop, at)

        # Continuation paragraphs: unlabelled blocks of the same note class.
        starts_by_block = {s.block: s for s in note_starts}
        current: _NoteStart | None = None
        for idx in range(n_els):
            if tags[idx] not in ("p", "div", "blockquote", "li", "dd"):
                continue
            if idx in starts_by_block:
                current = starts_by_block[idx]
                continue
            if current is None or tstarts[idx] < tends[current.block]:
                continue
            classes = classes_of[idx]
            if classes and classes == classes_of[current.block] and classes & _NOTE_BLOCK_CLASSES:
                if current.extra is None:
                    current.extra = []
                current.extra.append(idx)
                note_blocks.add(idx)
            elif _NONSPACE.search(flat, tstarts[idx], tends[idx]):
                current = None

        # Markers: not inside notes (a note ending inside its block holds the
        # elements before that end only).
        held = {s.block: s.inner - 1 for s in note_starts if s.inner is not None}
        in_notes = _Cover((b, held.get(b, lasts[b])) for b in note_blocks)
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
            for b in (s.block, *(s.extra or ())):
                note_of_el[b] = i
            if s.label_el is not None:
                note_of_el[s.label_el] = i

        marker_key: list[tuple[str, int]] = []
        one_of: dict[tuple[str, int], tuple[str, int]] = {}  # a key → the one object kept for it
        for idx, _label, _, _ in markers:
            key: tuple[str, int] | None = None
            link = self.link_of(idx)
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
            marker_key.append(one_of.setdefault(key, key))

        # What the build below does not read is let go first: the build makes
        # most of the objects alive, so these lists, sets and dicts would add
        # to the peak (on 100,000 linked notes, with the tags interned, the
        # check's peak went 771 -> 644 MB; the time of the collector's full
        # passes, most of them in the build, did not measurably change: the
        # notes and markers made are what they visit).
        del cands, multi, markers_raw, note_blocks, labelled, ends_in_order, starts_by_block
        del in_notes, held, note_of_el, anchors, kind_at, chapter_at, one_of
        del fragments, block_of, first_text, self._fragments, self._block_of
        self.first_text = {}

        # Build spans in document order (the fallback search moves forward):
        # markers and notes are each in it already, so the two are merged, a
        # marker first where both start at once; each goes to its series' list.
        markers_of: dict[tuple[str, int], list[Marker]] = {key: [] for key in keys}
        notes_of: dict[tuple[str, int], list[Note]] = {key: [] for key in keys}
        index_of = {k: i for i, k in enumerate(keys)}
        heading_els = set(headings.values())  # (walked again for the series' heading)
        n_markers, n_notes = len(markers), len(note_starts)
        i = k = 0
        while i < n_markers or k < n_notes:
            if k == n_notes or (
                i < n_markers and tstarts[markers[i][0]] <= tstarts[note_starts[k].block]
            ):
                idx, label, a, b = markers[i]
                whole = a < 0
                if whole:  # the element's whole text is the marker
                    t = self.text(idx)
                    lo = _NONSPACE.search(flat, tstarts[idx], tends[idx])
                    a = lo.start() if lo else tstarts[idx]
                    b = tstarts[idx] + len(t.rstrip())
                # (a marker of its element's whole text is its element's only
                # one; several in one element are asked for one by one)
                span = self.span_in(idx, a, b, flat[a:b], once=whole)
                key = marker_key[i]
                markers_of[key].append(Marker(label, span, index_of[key]))
                i += 1
            else:
                s = note_starts[k]
                key = (s.kind, s.chapter)
                notes_of[key].append(self.build_note(s, index_of[key], heading_els))
                k += 1

        series: list[NoteSeries] = []
        multi_chapter = len({k[1] for k in keys}) > 1
        for i, key in enumerate(keys):
            ms, ns = tuple(markers_of[key]), tuple(notes_of[key])
            name = key[0]
            if multi_chapter:
                h = chapter_heading.get(key[1])
                title = self.text(h) if h is not None else None
                name = series_name(key[0], title, key[1] + 1)
            heading = None
            hidx = headings.get(key)
            if hidx is not None:
                chars = self.mapper.chars(hidx)
                if chars is not None:
                    heading = chars.span(0, tends[hidx] - tstarts[hidx])
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
            if self.tags[idx] == "li":
                return idx
            idx = self.parents[idx]
        return None

    def first_inside(self, order: list[int], idx: int) -> int | None:
        """The first of the elements ``order`` (sorted) that lies inside element
        ``idx``, or None: its descendants are ``idx + 1 .. last``, a range."""
        k = bisect.bisect_right(order, idx)
        return order[k] if k < len(order) and order[k] <= self.lasts[idx] else None

    def item_text(self, item: int, end: int | None = None) -> tuple[int, int]:
        """Where a list-item note's text starts and ends in the flat text, at
        ``end`` at the latest: its back-links (``↑`` before, ``↩`` after) left out."""
        tstarts, tends = self.tstarts, self.tends
        lo, hi = tstarts[item], tends[item] if end is None else end
        for k in range(item + 1, self.lasts[item] + 1):
            if tstarts[k] >= hi:
                break  # (in document order: the rest start later still)
            if tends[k] <= tstarts[k] or not self.is_backlink(k):
                continue
            first = _NONSPACE.search(self.flat, lo, hi)
            if first is not None and tstarts[k] <= first.start() < tends[k]:
                lo = tends[k]
            elif _NONSPACE.search(self.flat, tends[k], hi) is None:  # only space after it
                hi = tstarts[k]
        return lo, max(lo, hi)

    def is_backlink(self, idx: int) -> bool:
        if any("back" in c for c in self.classes[idx]):
            return True
        return self.tags[idx] == "a" and self.text(idx).strip() in _BACKLINK_TEXTS

    def inside_heading(self, idx: int) -> bool:
        parent = self.parents[idx]
        return parent >= 0 and self._in_heading[parent]

    @cached_property
    def _in_heading(self) -> list[bool]:
        """Whether each element is a heading or inside one, computed once in
        document order (parents come first), so deep nesting stays linear."""
        out: list[bool] = []
        for tag, parent in zip(self.tags, self.parents, strict=True):
            out.append(tag in _HEADINGS or (parent >= 0 and out[parent]))
        return out

    def descendants(self, idx: int, limit: int = 4) -> range:
        """The first ``limit`` descendants of element ``idx`` (label elements
        nest shallowly)."""
        return range(idx + 1, min(self.lasts[idx], idx + limit) + 1)

    def has_linked_child(self, idx: int) -> bool:
        tags, attrs = self.tags, self.attrs
        return any(
            tags[c] == "a" and (self.fragment(c) or attrs[c].get("name") or attrs[c].get("id"))
            for c in self.descendants(idx)
        )

    def in_pair(self, idx: int, anchors: dict[str, int]) -> bool:
        """Whether element ``idx`` (or a link inside it) links to an anchor of
        the document, or is (or holds) an anchor some link of the document targets."""
        link = self.link_of(idx)
        if link is not None and link in anchors:
            return True
        attrs = self.attrs
        names = [
            v
            for c in (idx, *self.descendants(idx))
            for v in (attrs[c].get("id"), attrs[c].get("name"))
            if v
        ]
        return bool(names) and not self.link_targets.isdisjoint(names)

    @cached_property
    def link_targets(self) -> frozenset[str]:
        """The fragments every ``href`` of the document names."""
        return frozenset(
            f for idx, tag in enumerate(self.tags) if tag == "a" and (f := self.fragment(idx))
        )

    def link_of(self, idx: int) -> str | None:
        frag = self.fragment(idx)
        if frag:
            return frag
        return next((f for c in self.descendants(idx) if (f := self.fragment(c))), None)

    def build_note(self, s: _NoteStart, series: int, heading_els: set[int]) -> Note:
        """Note ``s`` of series ``series``; ``heading_els``: the elements
        walked again after the notes (the series' headings)."""
        flat, tstarts, tends = self.flat, self.tstarts, self.tends
        block = s.block
        if s.label_el is not None:
            label_span = self.span_in(
                s.label_el, s.label_lo, s.label_hi, flat[s.label_lo : s.label_hi], once=True
            )
        else:
            written = flat[s.label_lo : s.label_hi]
            label_span = self.span_in(block, s.label_lo, s.label_hi, written, s.stop)
        label_span = trimmed(self.src, label_span.start, label_span.end)
        folded = _NoteText()
        text_lo: int | None = None
        text_hi: int | None = None
        # (the continuation blocks come after the note's own block, never it)
        blocks = [(block, s.label_hi)]
        if s.extra:
            blocks += [(b, tstarts[b]) for b in s.extra]
        for b, start in blocks:
            tend = tends[b] if b != block or s.stop is None else min(tends[b], s.stop)
            lead = _LEADING_SEP.match(flat, start, tend) if b == block else None
            if lead:
                start = lead.end()
            if not flat[start:tend].strip():
                continue
            # (a block is one note's only, walked here once, unless its label
            # is its own text, walked just before, or it is a heading too)
            once = (b != block or s.label_el is not None) and b not in heading_els
            chars = self.mapper.chars(b, tend, once=once)
            folded.add(flat, start, tend, chars, tstarts[b])
            if chars is None:
                continue
            sp = chars.span(start - tstarts[b], tend - tstarts[b])
            if sp is None:
                continue
            # (a continuation may lie before its note in the source: an HTML5
            # parser moves misnested elements, so the span is the blocks' hull)
            text_lo = sp.start if text_lo is None else min(text_lo, sp.start)
            text_hi = sp.end if text_hi is None else max(text_hi, sp.end)
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
        if walk.whole:
            # A whole walk whose words stand one character apart, as the
            # source has them (from the first word's first character to the
            # last's last, the offsets grow by exactly one each step: a
            # whole walk's grow by one at least, so the ends tell), makes
            # at most one run, at its first word: the loop below would find
            # each later word where the run puts it.  (On 100,000 linked
            # notes: each note's text folded without a step a word.)
            found = _TOKEN.findall(flat, start, end)
            if not found:
                return
            segment = flat[start:end]
            joined_length = sum(map(len, found)) + len(found) - 1
            if len(segment.strip()) == joined_length:  # (white space as _TOKEN's)
                lo = start + len(segment) - len(segment.lstrip()) - base
                hi = lo + joined_length - 1  # the last word's last character
                first, last = starts[lo], starts[hi]
                if last - first == hi - lo:
                    if first != after:
                        runs.append((at, first))
                    words += found
                    self.at, self.after = at + joined_length + 1, last + 2
                    return
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
