"""The rule registry and the diagnostic record.  No checking logic lives here.

Every rule has a stable code (``CC1xx`` apparatus, ``CC2xx`` citations,
``CC3xx`` sources, ``CC9xx`` input), a snake_case name, a default severity and
documentation in the ruff manner: what it does, why it matters, an example
that triggers it and one that does not.  The examples are executed by
``tests/test_rule_docs.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import define, frozen

from cliffcite.models import Span

__all__ = ["RULES", "Diagnostic", "Rule", "Severity", "rule", "select_rules"]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@frozen
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    fix: str
    bad: str = ""
    good: str = ""


@define(unsafe_hash=True)
class Diagnostic:
    """One finding.  ``note`` is the label of the note concerned, if any."""

    rule: Rule
    span: Span
    message: str
    note: str | None = None
    series: int | None = 0
    severity: Severity | None = None
    path: str | None = None
    #: a position given outright (1-based line, column), for findings in files
    #: other than the document's, such as a ``.bib``
    where: tuple[int, int] | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def level(self) -> Severity:
        return self.severity or self.rule.severity


RULES: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}


def _register(r: Rule) -> Rule:
    if r.code in RULES or r.name in _BY_NAME:
        raise ValueError(f"rule {r.code} {r.name} registered twice")
    RULES[r.code] = r
    _BY_NAME[r.name] = r
    return r


def rule(key: str) -> Rule:
    """A rule by code (``CC101``) or name (``marker_without_note``)."""
    found = RULES.get(key.upper()) or _BY_NAME.get(key)
    if found is None:
        raise KeyError(key)
    return found


def select_rules(select: Iterable[str] | None, ignore: Iterable[str] | None) -> frozenset[str]:
    """Codes enabled by ``select``/``ignore``.  Each item is a code, a code prefix
    (``CC1``, ``CC``) or a rule name.  Unknown items raise ``KeyError``."""

    def expand(items: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for raw in items:
            item = raw.strip()
            if not item:
                continue
            if item in _BY_NAME:
                out.add(_BY_NAME[item].code)
                continue
            hits = {c for c in RULES if c.startswith(item.upper())}
            if not hits:
                raise KeyError(item)
            out |= hits
        return out

    enabled = expand(select) if select else set(RULES)
    if ignore:
        enabled -= expand(ignore)
    return frozenset(enabled)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# --------------------------------------------------------------------------- CC1xx apparatus
MARKER_WITHOUT_NOTE = _register(
    Rule(
        "CC101",
        "marker_without_note",
        E,
        "An in-text marker points to a note that the notes list does not have.",
        "The reader who follows the marker finds nothing: the evidence is lost.",
        "Add the missing note, or remove or renumber the marker.",
        bad="The Platform was submitted. [1] It was banned. [2]\n\n1. Serge, p.223.\n",
        good="The Platform was submitted. [1]\n\n1. Serge, p.223.\n",
    )
)
NOTE_WITHOUT_MARKER = _register(
    Rule(
        "CC102",
        "note_without_marker",
        W,
        "A note that no marker in the text points to.",
        "An uncited note is usually a marker lost in editing or conversion.",
        "Restore the marker in the body, or drop the note.",
        bad="The Platform was submitted. [1]\n\n1. Serge, p.223.\n\n2. Serge, p.219.\n",
        good="The Platform was submitted. [1] It was banned. [2]\n\n1. Serge, p.223.\n\n2. Serge, p.219.\n",
    )
)
DUPLICATE_MARKER = _register(
    Rule(
        "CC103",
        "duplicate_marker",
        W,
        "A marker label used a second time in the body (reported on the second use).",
        "Each note is normally cited once; a repeated label is usually a typo for the next number.",
        "Renumber the marker, or cite the note again deliberately in prose.",
        bad="Submitted. [1] Banned. [2] Raided. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
    )
)
DUPLICATE_NOTE = _register(
    Rule(
        "CC104",
        "duplicate_note",
        E,
        "Two notes in one notes list carry the same label (reported on the second).",
        "A marker can only point to one of them; the other is unreachable.",
        "Renumber the notes list.",
        bad="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n\n2. Reiman, p.33.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
    )
)
MARKER_OUT_OF_ORDER = _register(
    Rule(
        "CC105",
        "marker_out_of_order",
        W,
        "A marker whose number breaks the ascending sequence of markers.",
        "Markers out of order usually mean a swapped or mistyped number, or a note inserted late.",
        "Renumber the markers (and their notes) in reading order.",
        bad="Submitted. [2] Banned. [1]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
    )
)
NOTE_OUT_OF_ORDER = _register(
    Rule(
        "CC106",
        "note_out_of_order",
        W,
        "A gap or a jump in the numbering of the notes list.",
        "A missing or misplaced number means a note was lost or the list was reordered.",
        "Renumber the notes list, or restore the missing note.",
        bad="Submitted. [1] Banned. [3]\n\n1. Serge, p.223.\n\n3. Reiman, p.32.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n",
    )
)

# --------------------------------------------------------------------------- CC2xx citations
IBID_WITHOUT_ANTECEDENT = _register(
    Rule(
        "CC201",
        "ibid_without_antecedent",
        E,
        "An Ibid. (or op. cit.) with nothing before it to point to.",
        "The reader cannot tell which work is meant: the evidence is lost.",
        "Replace the Ibid. with a full or short citation of the work.",
        bad="Submitted. [1]\n\n1. Ibid., p.223.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Ibid., p.224.\n",
    )
)
AMBIGUOUS_IBID = _register(
    Rule(
        "CC202",
        "ambiguous_ibid",
        W,
        "An Ibid. after a note that cites several works, or a qualified Ibid. "
        "(Darwin: ibid.) that does not point to the citation before it.",
        "Ibid. means the one work cited just before; with several, the reader must guess.",
        "Replace the Ibid. with a short citation of the work meant.",
        bad="Submitted. [1] Banned. [2]\n\n1. Serge, p.223; Reiman, p.32.\n\n2. Ibid., p.33.\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223; Reiman, p.32.\n\n2. Reiman, p.33.\n",
    )
)
IBID_PUNCTUATION = _register(
    Rule(
        "CC203",
        "ibid_punctuation",
        W,
        "Ibid. written with a doubled period (Ibid..).",
        "A typo that survives into print and into every copy of the text.",
        "Write 'Ibid.' once.",
        bad="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Ibid..\n",
        good="Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n\n2. Ibid.\n",
    )
)
PAGE_PREFIX = _register(
    Rule(
        "CC204",
        "page_prefix",
        W,
        "'p.' used with a page range (p.179-80), or 'pp.' with a single page (pp.533).",
        "The prefix says one page or several; a mismatch means a typo in the prefix or the pages.",
        "Use 'p.' for one page and 'pp.' for a range.",
        bad="Submitted. [1]\n\n1. Stalin, Works, Vol.10, p.179-80.\n",
        good="Submitted. [1]\n\n1. Stalin, Works, Vol.10, pp.179-80.\n",
    )
)
PAGE_RANGE_REVERSED = _register(
    Rule(
        "CC205",
        "page_range_reversed",
        E,
        "A page range whose end comes before its start (pp.45-32).",
        "The pages cannot be found: one of the two numbers is wrong.",
        "Correct the range.",
        bad="Submitted. [1]\n\n1. Reiman, pp.45-32.\n",
        good="Submitted. [1]\n\n1. Reiman, pp.32-45.\n",
    )
)
MALFORMED_LOCATOR = _register(
    Rule(
        "CC206",
        "malformed_locator",
        W,
        "A page locator that cannot be read (pp. with no number, p.12-, p.1O3).",
        "An unreadable pinpoint sends the reader to no page.",
        "Write the page or range in full.",
        bad="Submitted. [1]\n\n1. Reiman, p.1O3.\n",
        good="Submitted. [1]\n\n1. Reiman, p.103.\n",
    )
)

# --------------------------------------------------------------------------- CC3xx sources
UNKNOWN_SOURCE = _register(
    Rule(
        "CC301",
        "unknown_source",
        W,
        "A citation whose work is in no bibliography (bundled or given with --bib) "
        "and is not cited in full in the text; the closest entries are named.",
        "A reader, or an editor checking the text, cannot find the work.",
        "Cite the work in full at its first citation, or add it to a .bib file (--bib).",
        bad="Submitted. [1]\n\n1. Nobody, A Book Nobody Wrote, p.5.\n",
        good="Submitted. [1]\n\n1. Serge, p.223.\n",
    )
)
AMBIGUOUS_SOURCE = _register(
    Rule(
        "CC302",
        "ambiguous_source",
        W,
        "A citation that matches several bibliography entries.",
        "A short form that names more than one work leaves the reader to guess.",
        "Use a longer short form (author and title), or a volume.",
        bad="Submitted. [1]\n\n1. Trotsky, p.5.\n",
        good="Submitted. [1]\n\n1. Trotsky, My Life, p.5.\n",
    )
)
INCONSISTENT_TITLE = _register(
    Rule(
        "CC303",
        "inconsistent_title",
        W,
        "One work cited under different titles.",
        "A title that changes between notes suggests two works where there is one.",
        "Cite the work under one title throughout.",
        bad="A. [1] B. [2]\n\n1. Carr, The Foundations of Planned Economy, Vol.2, p.35.\n\n"
        "2. Carr, Foundations of a Planned Economy, Vol.2, p.56.\n",
        good="A. [1] B. [2]\n\n1. Carr, The Foundations of Planned Economy, Vol.2, p.35.\n\n"
        "2. Carr, The Foundations of Planned Economy, Vol.2, p.56.\n",
    )
)
VOLUME_OUT_OF_RANGE = _register(
    Rule(
        "CC304",
        "volume_out_of_range",
        E,
        "A volume beyond the number of volumes of the work (its 'volumes' field).",
        "The volume does not exist: the number is a typo, or the work is another.",
        "Correct the volume, or the bibliography entry.",
        bad="Submitted. [1]\n\n1. Stalin, Works, Vol.14, p.5.\n",
        good="Submitted. [1]\n\n1. Stalin, Works, Vol.10, p.5.\n",
    )
)
PAGE_OUT_OF_RANGE = _register(
    Rule(
        "CC305",
        "page_out_of_range",
        E,
        "A page beyond the work's page count (its 'pagetotal' field); roman front matter aside.",
        "The page does not exist in that edition: a typo, or another edition was used.",
        "Correct the page, or name the edition cited.",
        bad="Submitted. [1]\n\n1. Trotsky, Challenge (1926-27), p.716.\n",
        good="Submitted. [1]\n\n1. Trotsky, Challenge (1926-27), p.416.\n",
    )
)
BIB_PARSE_ERROR = _register(
    Rule(
        "CC306",
        "bib_parse_error",
        E,
        "A .bib file, or an entry in one, that cannot be read; the rest still loads.",
        "Entries that fail to load leave citations unresolved.",
        "Fix the entry at the line named (braces, commas, quotes).",
    )
)

# --------------------------------------------------------------------------- CC9xx input
INPUT_LIMIT = _register(
    Rule(
        "CC901",
        "input_limit",
        W,
        "A pattern gave up on part of the input (a timeout or size guard fired).",
        "The rest of the document was checked, but this part may hide markers or notes.",
        "Look at the named place; split pathological lines if it is real text.",
    )
)

del E, W, INFO
