"""Values: what cliffcite finds in a document.

Every object that stands for something in the text carries a :class:`Span` of
character offsets into the original (decoded) text.  Lines and columns are
derived only when rendering, by :meth:`Document.position`.

The classes are slotted ``attrs`` classes compared and hashed by value
(``@define(unsafe_hash=True)``), and no code changes one once it is made:
each stage of the pipeline returns new objects, attaching its results with
:func:`replace` (``attrs.evolve`` at two thirds of its cost), and leaves what
it was given as it was (``tests/test_models.py`` holds every stage to that).
Treat them as frozen: a value changed in place changes its hash.

They were ``@frozen`` until the sixth session.  A frozen class's ``__init__``
sets each field through ``object.__setattr__`` (its own ``__setattr__``
refuses), which CPython cannot do as a plain slot store: a 17-field citation
took 1.1 µs to make where it now takes 0.27 µs, and making objects was 16 %
of the seed's whole check (2.92 → 2.45 ms, alternating runs), the gap between
the speed target and what was measured.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

import attrs
from attrs import AttrsInstance, define, field

from cliffcite.memo import memoised

if TYPE_CHECKING:
    from cliffcite.diagnostics import Diagnostic

_WORD = re.compile(r"\S+")

__all__ = [
    "ArchivalCitation",
    "Citation",
    "Document",
    "FullCitation",
    "IbidCitation",
    "IdemCitation",
    "Locator",
    "Marker",
    "Note",
    "NoteSeries",
    "OpCitCitation",
    "PageRange",
    "PeriodicalCitation",
    "Problem",
    "Resolution",
    "ShortCitation",
    "Source",
    "Span",
    "fold_whitespace",
    "label_key",
    "replace",
]

_T = TypeVar("_T", bound=AttrsInstance)
#: Per attrs class: a getter of all its init fields at once, and each field's index.
_PLANS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]] = {}


def replace(inst: _T, /, **changes: Any) -> _T:
    """A copy of the attrs instance ``inst`` with ``changes``, like
    :func:`attrs.evolve` (same result, validators and all: the class's own
    ``__init__`` builds it), but without evolve's per-call field walk: the
    pipeline copies every citation and note a few times per document."""
    cls = inst.__class__
    plan = _PLANS.get(cls)
    if plan is None:
        init = [a for a in attrs.fields(cls) if a.init]
        names = tuple(a.name for a in init)
        if any(a.alias != a.name or a.kw_only for a in init) or len(names) < 2:
            return attrs.evolve(inst, **changes)  # type: ignore[misc]  # not positional, or a lone field
        plan = _PLANS[cls] = (operator.attrgetter(*names), {n: i for i, n in enumerate(names)})
    get, index = plan
    values = list(get(inst))
    for name, value in changes.items():
        values[index[name]] = value
    return cls(*values)


class _Replacer(Protocol):
    def __call__(self, inst: _T, /, *values: Any) -> _T: ...


def _replacer(*names: str) -> _Replacer:
    """A :func:`replace` of the fields ``names``, given their new values in
    that order: ``_replacer("source", "problems")(cite, key, problems)`` is
    ``replace(cite, source=key, problems=problems)``.

    The same copy through the class's own ``__init__`` (validators and all),
    at about two thirds of the cost (a citation of 17 fields: 1.4 µs,
    ``replace`` 2.0 µs; a note 0.76 µs, 1.2): for each class a function is
    compiled that passes the kept fields straight from the instance, so no
    keyword dict, tuple or list is built.  A class whose fields are not all
    positional gets :func:`replace` itself.  The dispatch on the class is
    compiled too, for the number of ``names`` (no ``*values`` to pack)."""
    made: dict[type, Callable[..., Any]] = {}
    params = ", ".join(f"_{i}" for i in range(len(names)))
    source = (
        f"def copy(inst, {params}):\n"
        "    make = known(inst.__class__)\n"
        "    if make is None:\n"
        "        make = made[inst.__class__] = compile_copy(inst.__class__, names)\n"
        f"    return make(inst, {params})\n"
    )
    namespace: dict[str, Any] = {
        "known": made.get,
        "made": made,
        "compile_copy": _compile_copy,
        "names": names,
    }
    exec(compile(source, f"<replacer of {', '.join(names)}>", "exec"), namespace)
    return namespace["copy"]  # type: ignore[no-any-return]


def _compile_copy(cls: type, names: tuple[str, ...]) -> Callable[..., Any]:
    init = [a for a in attrs.fields(cls) if a.init]
    if (
        any(a.alias != a.name or a.kw_only or not a.name.isidentifier() for a in init)
        or len(set(names)) != len(names)
        or not set(names) <= {a.name for a in init}
    ):
        return lambda inst, *values: replace(inst, **dict(zip(names, values, strict=True)))
    slot = {name: f"_{i}" for i, name in enumerate(names)}  # no clash with ``inst`` or ``cls``
    args = ", ".join(slot.get(a.name, f"inst.{a.name}") for a in init)
    source = f"def copy(inst, {', '.join(slot.values())}):\n    return cls({args})\n"
    namespace: dict[str, Any] = {"cls": cls}
    exec(compile(source, f"<copy of {cls.__qualname__}: {', '.join(names)}>", "exec"), namespace)
    return namespace["copy"]  # type: ignore[no-any-return]


@define(order=True, unsafe_hash=True)
class Span:
    """Half-open range ``[start, end)`` of character offsets into a text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)


# --------------------------------------------------------------------------- apparatus


@memoised
def label_key(label: str) -> tuple[int, str]:
    """Sort key of a note label: ``"17"`` → ``(17, "")``, ``"8a"`` → ``(8, "a")``."""
    i = 0
    while i < len(label) and label[i].isdigit():
        i += 1
    return (int(label[:i]) if i else 0, label[i:])


@define(unsafe_hash=True)
class Marker:
    """An in-text note marker such as ``[17]``."""

    label: str
    span: Span
    series: int = 0


@define(unsafe_hash=True)
class Note:
    """One note of a notes list: ``17. Ibid..``.

    ``span`` covers the whole note including its label; ``label_span`` the label
    as written (``17.``); ``text`` is the note's plain text (white space folded,
    markup removed by HTML readers), and ``text_span`` the range it came from.
    ``runs`` maps ``text`` back to the document: ``(i, offset)`` pairs, each
    saying that ``text[i]`` stands at ``offset`` and the characters after it
    follow one for one up to the next pair; empty means ``text`` is the
    document's text from ``text_span.start`` unchanged.  Citation spans are
    offsets into ``Document.text`` (use :meth:`source_span`).
    """

    label: str
    span: Span
    label_span: Span
    text: str
    text_span: Span
    series: int = 0
    citations: tuple[Citation, ...] = ()
    runs: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    def source_offset(self, i: int) -> int:
        """The document offset of ``text[i]`` (``i == len(text)``: the end)."""
        if i >= len(self.text):
            return self.text_span.end
        if not self.runs:
            return min(self.text_span.start + i, self.text_span.end)
        k = bisect.bisect_right(self.runs, (i, 1 << 62)) - 1
        if k < 0:
            return self.text_span.start
        ti, off = self.runs[k]
        return off + (i - ti)

    def source_span(self, start: int, end: int) -> Span:
        """The document span of ``text[start:end]``.  A note that is the
        document's text unchanged (no runs) maps a stretch inside
        ``text_span`` by the offset alone (``find`` asks for every segment)."""
        if not self.runs and start < end <= len(self.text):
            last = self.text_span.start + end - 1  # of the last character
            if last < self.text_span.end:
                return Span(self.text_span.start + start, last + 1)
        if end <= start:
            at = self.source_offset(start)
            return Span(at, at)
        first, last = self.source_offset(start), self.source_offset(end - 1) + 1
        if first <= last:
            return Span(first, last)
        # runs out of the document's order (an HTML5 parser moves misnested
        # elements): the hull of the pieces of the runs the stretch covers
        k = max(bisect.bisect_right(self.runs, (start, 1 << 62)) - 1, 0)
        pieces = []
        while k < len(self.runs) and self.runs[k][0] < end:
            ti, off = self.runs[k]
            upto = self.runs[k + 1][0] if k + 1 < len(self.runs) else len(self.text)
            lo, hi = max(start, ti), min(end, upto)
            if lo < hi:
                pieces.append((off + lo - ti, off + hi - ti))
            k += 1
        if not pieces:
            return Span(last, last)
        # (within the text's span: a run's last character may be a space the folding added)
        lo = max(min(a for a, _ in pieces), self.text_span.start)
        return Span(lo, max(min(max(b for _, b in pieces), self.text_span.end), lo))


def fold_whitespace(raw: str, base: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``raw`` with white-space runs folded to one space and the ends stripped,
    and the runs that map it back (see :attr:`Note.runs`); ``base`` is the
    document offset of ``raw[0]``.  A run starts only where folding changed
    something, so a note on one line has a single run."""
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    n = 0
    prev_end = -1
    for word in _WORD.finditer(raw):
        if out:
            out.append(" ")
            n += 1
        if not runs or word.start() != prev_end + 1 or raw[prev_end] != " ":
            runs.append((n, base + word.start()))
        out.append(word.group())
        n += len(word.group())
        prev_end = word.end()
    return "".join(out), tuple(runs)


@define(unsafe_hash=True)
class NoteSeries:
    """A set of markers and the notes they point to, numbered on its own.

    A chapter with its notes list is one series; a document of several chapters
    that each restart their numbering holds several.  Editors' notes beside
    the author's notes are a series of their own.
    """

    index: int
    markers: tuple[Marker, ...] = ()
    notes: tuple[Note, ...] = ()
    name: str = "notes"
    heading: Span | None = None

    @cached_property
    def notes_by_label(self) -> dict[str, Note]:
        """The first note of each label."""
        out: dict[str, Note] = {}
        for note in self.notes:
            out.setdefault(note.label, note)
        return out

    @cached_property
    def marker_labels(self) -> frozenset[str]:
        return frozenset(m.label for m in self.markers)


@define(unsafe_hash=True)
class Document:
    """A text with its note series.  ``path`` is what the user named, if any;
    ``diagnostics`` are what reading it found (the checks add the rest)."""

    text: str = field(repr=False)
    series: tuple[NoteSeries, ...] = ()
    path: str | None = None
    format: str = "text"
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: tuple[Source, ...] = ()

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a character offset, columns in characters."""
        starts = self._line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    @property
    def markers(self) -> tuple[Marker, ...]:
        return tuple(m for s in self.series for m in s.markers)

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(n for s in self.series for n in s.notes)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for n in self.notes for c in n.citations)


# --------------------------------------------------------------------------- citations


@define(unsafe_hash=True)
class PageRange:
    """One page or one range of pages, numbers expanded.

    Arabic pages are ``int``; roman front-matter pages stay ``str`` (``"xi"``).
    A single page has ``first == last``.
    """

    first: int | str
    last: int | str

    @property
    def is_range(self) -> bool:
        return self.first != self.last

    @property
    def is_roman(self) -> bool:
        return isinstance(self.first, str)

    def as_list(self) -> list[int | str]:
        return [self.first, self.last]


@define(unsafe_hash=True)
class Locator:
    """A pinpoint as written (``pp.531-2``) and as numbers (531–532).

    ``prefix`` is the page prefix as written (``p.``, ``pp.``, ``S.``, or
    ``None`` when the numbers stand bare); ``suffix`` holds ``ff.``, ``et seq.``
    or a note reference (``n. 4``) when one follows.  ``problems`` names what
    is wrong with how it is written, as rule names (``page_prefix``,
    ``page_range_reversed``, ``malformed_locator``), each with a short reason.
    """

    text: str
    span: Span
    ranges: tuple[PageRange, ...]
    prefix: str | None = None
    suffix: str | None = None
    problems: tuple[tuple[str, str], ...] = ()

    def as_lists(self) -> list[list[int | str]]:
        return [r.as_list() for r in self.ranges]


@define(unsafe_hash=True)
class Source:
    """A work cited in the document: a bibliography entry (``origin`` is its
    ``.bib`` file) or, with no entry, a *provisional* source made from the
    work's first full citation or a periodical issue.  ``fields`` are
    BibLaTeX field names and raw values; ``note`` is the label of the note
    that first cites it."""

    key: str
    kind: str  # "bib" | "provisional"
    entry_type: str
    fields: Mapping[str, str] = field(hash=False, eq=False, repr=False)
    origin: str | None = None
    note: str | None = None


@define(unsafe_hash=True)
class Problem:
    """Something wrong with how a citation is written or what it points to,
    found while reading or resolving it; the checks turn it into a
    diagnostic of the rule ``rule`` (a rule name).  ``severity`` overrides
    the rule's default (``"info"`` for a guess worth a look)."""

    rule: str
    message: str
    severity: str | None = None


@define(unsafe_hash=True)
class Resolution:
    """What a citation points to: the work, and the note it was first cited in."""

    author: str | None
    title: str | None
    volume: str | None
    note: str | None
    citation: Citation | None = field(default=None, eq=False, repr=False)


@define(unsafe_hash=True)
class Citation:
    """A reference to a work inside a note.  The class is the kind.

    ``antecedent`` is the label of the note whose citation this one resolves
    to (Ibid., op. cit., short forms); ``resolved`` the work it resolved to;
    ``source`` the key of the bibliography entry it matched.
    """

    kind: ClassVar[str] = "citation"

    text: str
    span: Span
    note: str
    series: int = 0
    author: str | None = None
    title: str | None = None
    volume: str | None = None
    locator: Locator | None = None
    date: str | None = None
    place: str | None = None
    publisher: str | None = None
    year: str | None = None
    archive: tuple[str, ...] = ()
    antecedent: str | None = None
    resolved: Resolution | None = None
    source: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def pages(self) -> tuple[PageRange, ...]:
        return self.locator.ranges if self.locator else ()


@define(unsafe_hash=True)
class FullCitation(Citation):
    """First, complete citation: ``M. Fainsod, Smolensk under Soviet Rule, Cambridge 1958, p.48``."""

    kind: ClassVar[str] = "full"


@define(unsafe_hash=True)
class ShortCitation(Citation):
    """Short form of a work: ``Serge, p.219``, ``Stalin, Works, Vol.10, p.196``."""

    kind: ClassVar[str] = "short"


@define(unsafe_hash=True)
class IbidCitation(Citation):
    """``Ibid.``: the same work as the citation before it."""

    kind: ClassVar[str] = "ibid"

    inherited_pages: bool = False


@define(unsafe_hash=True)
class OpCitCitation(Citation):
    """``Author, op. cit., p. 5``: the work of that author cited before."""

    kind: ClassVar[str] = "op_cit"


@define(unsafe_hash=True)
class IdemCitation(Citation):
    """``Idem`` / ``loc. cit.``: the same author, or the same place."""

    kind: ClassVar[str] = "idem"


#: The kinds that name no work of their own but the work of the citation they
#: point to (its title is not theirs to compare, its faults not theirs to report).
POINTER_KINDS = frozenset({IbidCitation.kind, OpCitCitation.kind, IdemCitation.kind})


@define(unsafe_hash=True)
class PeriodicalCitation(Citation):
    """A newspaper or journal issue: ``Pravda, 12 August 1927``."""

    kind: ClassVar[str] = "periodical"


@define(unsafe_hash=True)
class ArchivalCitation(Citation):
    """An archive document: ``T. 3100, 3161, Arkhiv Trotskogo, Vol.4, p.223``."""

    kind: ClassVar[str] = "archival"
