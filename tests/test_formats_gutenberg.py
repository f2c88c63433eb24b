"""The Project Gutenberg reader: synthetic snippets (negative examples first),
then the development corpus, read from ../shared/corpus/dev and skipped when absent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite.formats import gutenberg
from cliffcite.models import NoteSeries

from .conftest import CORPUS_DEV as CORPUS
from .conftest import needs_corpus


def labels(series: NoteSeries) -> tuple[list[str], list[str]]:
    return [m.label for m in series.markers], [n.label for n in series.notes]


def test_years_page_numbers_and_names_in_brackets_are_not_markers() -> None:
    text = "In [1917] the party (274) met; [Trotsky and Zinoviev] spoke. [Illustration: x]\n"
    assert gutenberg.read(text).series == ()


def test_brackets_inside_a_footnote_are_not_markers() -> None:
    text = "Text. [1]\n\n[Footnote 1: Pliny, c. 32, [28, 29,] and [2] see [Greek] here.]\n"
    (s,) = gutenberg.read(text).series
    assert labels(s) == (["1"], ["1"])
    assert s.notes[0].text == "Pliny, c. 32, [28, 29,] and [2] see [Greek] here."


def test_interleaved_multi_paragraph_footnotes_with_editors_sub_notes() -> None:
    text = (
        "Crassus. [1] Arabia. [2]\n\n"
        "[Footnote 1: Dion Cassius,\n(l. liv. p. 736.)]\n\n"
        "[Footnote 2: Strabo.\n\nNote: It is the city of Merab.--G. Compare Malte-Brun.--M.]\n\n"
        "Happily. [3]\n\n[Footnote 3: Tacitus.]\n"
    )
    (s,) = gutenberg.read(text).series
    assert labels(s) == (["1", "2", "3"], ["1", "2", "3"])
    assert [m.span.slice(text) for m in s.markers] == ["[1]", "[2]", "[3]"]
    one, two, _ = s.notes
    assert one.label_span.slice(text) == "[Footnote 1:"
    assert one.text == "Dion Cassius, (l. liv. p. 736.)"
    assert one.span.slice(text).endswith("736.)]")
    assert two.text.endswith("Merab.--G. Compare Malte-Brun.--M.")


def test_unclosed_footnote_stops_at_the_next_one() -> None:
    text = "A [1] b [2]\n\n[Footnote 1: Never closed.\n\n[Footnote 2: Closed.]\n"
    (s,) = gutenberg.read(text).series
    assert [n.text for n in s.notes] == ["Never closed.", "Closed."]


def test_chapters_restarting_their_numbers_are_separate_series() -> None:
    text = (
        "CHAPTER I.\n\nText [1] and [2].\n\nFOOTNOTES:\n\n[1] One.\n\n[2] Two\nlines.\n\n\n\n"
        "CHAPTER II.\n\nText [1].\n\nFOOTNOTES:\n\n[1] Again.\n"
    )
    a, b = gutenberg.read(text).series
    assert (a.index, a.name, labels(a)) == (0, "notes, CHAPTER I.", (["1", "2"], ["1", "2"]))
    assert (b.index, b.name, labels(b)) == (1, "notes, CHAPTER II.", (["1"], ["1"]))
    assert all(m.series == 1 for m in b.markers) and b.notes[0].series == 1
    assert a.notes[1].text == "Two lines."


@given(st.text(alphabet="[]Fotne:FOOTNES \n123ab-.", max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_never_raises(text: str) -> None:
    for s in gutenberg.read(text).series:
        assert all(0 <= n.span.start <= n.span.end <= len(text) for n in s.notes)


def test_looks_like() -> None:
    assert gutenberg.looks_like("Text. [1]\n\n[Footnote 1: Note.]\n")
    assert not gutenberg.looks_like("Text.[^1]\n\n[^1]: Note.\n")


@needs_corpus
def test_gibbon_decline_ch1_part1() -> None:
    text = (CORPUS / "gibbon-decline-ch1-part1.md").read_text(encoding="utf-8")
    assert gutenberg.looks_like(text)
    (s,) = gutenberg.read(text).series
    numbers = [str(i) for i in range(1, 22)]
    assert labels(s) == (numbers, numbers)
    assert all(m.span.slice(text) == f"[{m.label}]" for m in s.markers)
    assert all(n.label_span.slice(text) == f"[Footnote {n.label}:" for n in s.notes)
    assert all(" ".join(n.text_span.slice(text).split()) == n.text for n in s.notes)
    # footnote 2 holds two editors' notes (--G., --M.) and a nested "[28, 29,]".
    assert "[28, 29,]" in s.notes[1].text and s.notes[1].text.endswith("editor of Strabo.--M.")
    assert s.notes[9].text.endswith("4to edit--M.")
