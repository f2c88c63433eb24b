"""Time is linear in the input: growth tests on adversarial generators.

Each test times ``cliffcite.check`` (CPU time, best of three) on a text of size n and of
size 10n; a linear pass grows about 10x, a quadratic one 100x.  The bound
(:data:`MAX_RATIO`) is generous so that a loaded machine does not flake, and a
10n run under :data:`NOISE_FLOOR` seconds passes whatever the ratio.  Measured
ratios are in ``docs/robustness.md``; print them with ``pytest -s``.
"""

from __future__ import annotations

import gc
import random
import string
import time
from collections.abc import Callable
from typing import Any

import pytest

import cliffcite
from cliffcite import resolve
from cliffcite.find import find_citations
from cliffcite.memo import clear_caches
from cliffcite.models import Citation
from cliffcite.resolve import resolve_citations

#: A 10x larger input may take at most this many times longer (linear: ~10).
MAX_RATIO = 15.0
#: Runs shorter than this are too short to judge growth by.
NOISE_FLOOR = 0.02
#: Base size in characters: 10n runs stay well under a second each.
N = 5_000


def printable(n: int) -> str:
    rng = random.Random(n)
    return "".join(rng.choices(string.printable, k=n))


def notes_list(n: int) -> str:
    return "".join(f"{i % 999 + 1}. Serge, p.{i}.\n" for i in range(n // 18 + 1))[:n]


def short_notes(n: int) -> str:
    k = n // 24 + 1
    body = " ".join(f"x [{i % 999 + 1}]" for i in range(k))
    return body + "\n\nNotes\n\n" + "".join(f"{i % 999 + 1}. Ibid.\n" for i in range(k))


GENERATORS: dict[str, Callable[[int], str]] = {
    "printable": printable,
    "open-bracket": lambda n: "[" * n,
    "open-bracket-1": lambda n: "[1" * (n // 2),
    "one-dot-lines": lambda n: "1. \n" * (n // 4),
    "counted-lines": notes_list,
    "p-dot": lambda n: "1. Serge, " + "p." * (n // 2) + "\n",
    "p-dot-lines": lambda n: "".join(f"{i % 9 + 1}. p.{i}-p.\n" for i in range(n // 12)),
    "ibid": lambda n: "[1]\n\n1. " + "Ibid., " * (n // 7) + "\n",
    "ibid-notes": lambda n: (
        "[1] [2]\n\n" + "".join(f"{i % 999 + 1}. Ibid.\n" for i in range(n // 9))
    ),
    "nested-parens": lambda n: "1. " + "(" * (n // 2) + ")" * (n // 2) + "\n",
    "nested-brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "mixed-openers": lambda n: "[1]\n\n1. " + '[(“«*_"' * (n // 7) + "\n",
    "long-line": lambda n: ("word [1] p.12 Ibid., " * (n // 21 + 1))[:n],
    "short-notes": short_notes,
    "blank-lines": lambda n: "1. a\n" + "\n" * n + "2. b\n",
    "spaces": lambda n: "1." + " " * n + "x\n",
    "commas": lambda n: "[1]\n\n1. Serge" + ", Serge" * (n // 7) + ".\n",
    "semicolons": lambda n: "[1]\n\n1. " + "Serge, p.1; " * (n // 12) + "\n",
    "colons": lambda n: "[1]\n\n1. " + "Paris: " * (n // 7) + "1951.\n",
    "capitals": lambda n: "[1]\n\n1. " + "A. " * (n // 3) + "\n",
    "digits": lambda n: "[1]\n\n1. " + "1" * n + "\n",
    "dashes": lambda n: "[1]\n\n1. pp." + "1-" * (n // 2) + "\n",
}


def best_of(fn: Callable[[], object], repeat: int = 3, *, cold: bool = False) -> float:
    """Least CPU time of ``repeat`` runs, the garbage collector paused: a full
    collection walks every object of the test session, which is not our growth.
    ``cold``: each run with the memos emptied (``clear_caches``, untimed), as a
    document is read once: warm, a small input's strings all stay memoised and
    a large one's do not (the memos are bounded), which is not our growth either."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            if cold:
                clear_caches()
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
    finally:
        gc.enable()
    return min(times)


def growth(run: Callable[[str], object], make: Callable[[int], str], n: int) -> tuple[float, float]:
    """Best-of-three times at sizes n and 10n."""
    small, large = make(n), make(10 * n)
    run(small)  # warm up: imports and pattern compilation
    return best_of(lambda: run(small)), best_of(lambda: run(large))


def assert_linear(name: str, small: float, large: float) -> None:
    ratio = large / max(small, 1e-9)
    print(f"{name}: {small * 1000:.1f} ms -> {large * 1000:.1f} ms, ratio {ratio:.1f}")
    assert large < NOISE_FLOOR or ratio < MAX_RATIO, (
        f"{name}: {small:.4f}s at n, {large:.4f}s at 10n (ratio {ratio:.1f})"
    )


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_check_is_linear(name: str) -> None:
    small, large = growth(cliffcite.check, GENERATORS[name], N)
    assert_linear(name, small, large)


def test_seed_book_is_linear(seed_text: str) -> None:
    def book(n: int) -> str:  # whole chapters: a cut one would be cheaper a character
        return seed_text * max(1, n // len(seed_text))

    small, large = growth(cliffcite.check, book, 60_000)
    assert_linear("seed", small, large)


# -- the readers, one by one ---------------------------------------------------------


def reader(fmt: str) -> Callable[[str], object]:
    return lambda text: cliffcite.check(cliffcite.parse(text, format=fmt))


@pytest.mark.parametrize("fmt", ["html", "markdown", "gutenberg"])
@pytest.mark.parametrize("name", ["printable", "long-line", "short-notes"])
def test_readers_are_linear(fmt: str, name: str) -> None:
    small, large = growth(reader(fmt), GENERATORS[name], N)
    assert_linear(f"{fmt}/{name}", small, large)


@pytest.mark.parametrize(
    ("fmt", "make"),
    [
        ("html", lambda n: "<p>" + "<a href='#n1'>[1]</a> " * (n // 22)),
        ("html", lambda n: "<p>" + "<a " * (n // 3)),
        ("html", lambda n: "<p>" + "&#" * (n // 2)),
        ("html", lambda n: "<p>" + "<!--" * (n // 4)),
        ("markdown", lambda n: "# T\n\nx[^1]\n\n" + "[^1]: x\n" * (n // 8)),
        ("markdown", lambda n: "# Notes\n" + " \t" * (n // 2)),
        ("gutenberg", lambda n: "[Footnote 1: " + "[" * n),
        ("gutenberg", lambda n: "x [1]\n" + "[Footnote 1: x]\n" * (n // 16)),
    ],
    ids=["html-links", "html-open-tags", "html-entities", "html-comments", "md-footnotes",
         "md-heading-blanks", "gut-open", "gut-footnotes"],
)  # fmt: skip
def test_reader_specific_inputs_are_linear(fmt: str, make: Callable[[int], str]) -> None:
    small, large = growth(reader(fmt), make, N)
    assert_linear(fmt, small, large)


# -- known super-linear patterns (files owned elsewhere; see docs/robustness.md) ------


def quadratic_probe(run: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    """Best of three at n, best of two at 10n: quick to fail when quadratic.
    (One run at 10n flaked at ratio 15.8 on a loaded machine; it is ~11.)"""
    small_text, large_text = make(n), make(10 * n)
    run(small_text)
    small = best_of(lambda: run(small_text))
    large = best_of(lambda: run(large_text), repeat=2)
    assert_linear("probe", small, large)


def test_gutenberg_blank_lines_are_linear() -> None:
    quadratic_probe(reader("gutenberg"), lambda n: "[Footnote 1: x]\n" + "\n" * n, 400)


def code_span_openers(n: int) -> str:
    """Backtick runs of lengths 1, 2, 3, ... on one line: no run closes another."""
    out, k, size = [], 1, 0
    while size < n:
        out.append("`" * k + "a")
        size += k + 1
        k += 1
    return "".join(out)


@pytest.mark.parametrize(
    "make", [lambda n: "`" * n, code_span_openers], ids=["backtick-line", "code-span-openers"]
)
def test_markdown_code_is_linear(make: Callable[[int], str]) -> None:
    """Once quadratic (``_FENCE`` backtracking over a line of backticks)."""
    small, large = growth(reader("markdown"), make, N)
    assert_linear("markdown code", small, large)


def chapters_with_plain_notes_lines(n: int) -> str:
    """Chapters of ``\\[N\\]`` markers, each with a plain "Notes" line and its
    list, and no ``#`` heading or rule anywhere to end a list."""
    out, size, k = [], 0, 0
    while size < n:
        k += 1
        claims = " ".join(f"Claim {i}. \\[{i}\\]" for i in range(1, 6))
        items = "".join(f"{i}. Serge, p.{i}.\n" for i in range(1, 6))
        out.append(f"Chapter {k}\n\n{claims}\n\nNotes\n\n{items}\n")
        size += len(out[-1])
    return "".join(out)


def chapters_with_note_paragraphs(k: int) -> str:
    """``k`` chapters of bare ``[N]`` markers, each with a plain "Notes" line and
    a list whose notes have a second paragraph at the margin: every such
    paragraph is one the reader must decide continues the list or ends it."""
    out = []
    for c in range(1, k + 1):
        claims = " ".join(f"Claim {i}. [{i}]" for i in range(1, 6))
        items = "".join(f"{i}. Serge, p.{i}.\n\nMore of note {i}.\n\n" for i in range(1, 6))
        out.append(f"Chapter {c}\n\n{claims}\n\nNotes\n\n{items}")
    return "".join(out)


def test_markdown_list_ends_are_linear() -> None:
    """Where a list ends is decided at each paragraph opening at the margin,
    by a bisection among the list's items: 200 chapters, then 2,000."""
    quadratic_probe(reader("markdown"), chapters_with_note_paragraphs, 200)


def run_on_odd_items(n: int) -> str:
    """One run-together notes list numbered 1, 3, 5, ...: every even number is
    missing, so each is looked for and not found."""
    k = n // 40 + 1
    body = " ".join(f"Claim. \\[{i}\\]" for i in range(1, 2 * k, 2))
    items = " ".join(f"{i} Serge, p.{i}." for i in range(1, 2 * k, 2))
    return f"{body}\n\nNotes\n\n{items}\n"


@pytest.mark.parametrize(
    ("make", "n"),
    [(chapters_with_plain_notes_lines, 10_000), (run_on_odd_items, 3_000)],
    ids=["plain-notes-lines", "run-on-gaps"],
)
def test_markdown_reference_lists_are_linear(make: Callable[[int], str], n: int) -> None:
    """Once quadratic: each list's end was searched for to the end of the text
    (ratio 32), and each missing number of a run-together list to the end of
    the list (ratio 50)."""
    quadratic_probe(reader("markdown"), make, n)


@pytest.mark.parametrize(
    "tag", ["b", "sup", "span", "i", "font", "div", "blockquote", "ul", "section"]
)
def test_html_deep_nesting_is_linear(tag: str) -> None:
    """Once quadratic: the reader walked up every label element's ancestors
    (inline tags), and the HTML5 parser checks the whole stack of open
    elements at each block start tag (``div``, ``ul``): deep nesting is cut."""
    opening = f"<{tag}>"
    quadratic_probe(reader("html"), lambda n: "<p>" + opening * (n // len(opening)) + "1", 2_500)


def one_work_in_every_note(k: int) -> str:
    """``k`` footnotes with labels of their own, each citing the same work."""
    body = " ".join(f"Claim.[^{i}]" for i in range(1, k + 1))
    notes = "\n".join(f"[^{i}]: Trotsky, My Life, p.{i}." for i in range(1, k + 1))
    return f"{body}\n\n{notes}\n"


def test_title_check_of_a_work_cited_in_every_note_is_linear() -> None:
    """Once quadratic: CC303 kept the labels of the notes citing a work's
    first title in a list and looked each new label up in it."""
    small_doc = cliffcite.parse(one_work_in_every_note(300), format="markdown")
    large_doc = cliffcite.parse(one_work_in_every_note(3_000), format="markdown")
    assert {c.source for c in large_doc.citations} == {"trotsky1930mylife"}
    small = best_of(lambda: cliffcite.check(small_doc, select=["CC303"]))
    large = best_of(lambda: cliffcite.check(large_doc, select=["CC303"]))
    assert_linear("one work in every note", small, large)


def test_a_numbering_gap_costs_nothing_for_its_size() -> None:
    """Once proportional to the gap: the check listed every number skipped
    between two notes (``[^1]`` then ``[^1000000]``), so a label of twelve
    digits would never finish.  Now what a gap costs is bounded by the markers."""

    def jump(to: int) -> cliffcite.Document:
        text = f"Text.[^1] More.[^{to}]\n\n[^1]: Serge, p.1.\n[^{to}]: Serge, p.2.\n"
        return cliffcite.parse(text, format="markdown", citations=False)

    small_doc, large_doc = jump(10_000), jump(1_000_000)
    small = best_of(lambda: cliffcite.check(small_doc, select=["CC1"]))
    large = best_of(lambda: cliffcite.check(large_doc, select=["CC1"]))
    print(f"gap: {small * 1000:.2f} ms -> {large * 1000:.2f} ms for a 100x wider gap")
    assert large < NOISE_FLOOR or large / max(small, 1e-9) < 3
    (d,) = cliffcite.check(jump(10**12), select=["CC1"])
    assert d.message == "notes jump from 1 to 1000000000000: no note 2-999999999999"


def works_with_one_key(k: int) -> str:
    """``k`` notes, each the first, full citation of another anonymous work
    whose provisional key is the same (``essayscapital1990``, then a, b, ...)."""
    rng = random.Random(k)
    words = ["labour", "value", "market", "credit", "rent", "money", "wages", "trade", "land"]
    letters = string.ascii_lowercase
    chapters = []
    for c in range(k // 99 + 1):
        body = " ".join(f"Claim {i}. [{i}]" for i in range(1, 100))
        notes = []
        for i in range(1, 100):
            g = c * 99 + i  # a word of three characters, another for each work: not in the key
            first = f"{letters[g % 26]}{letters[g // 26 % 26]}{g // 676 % 10}".title()
            title = " ".join(rng.sample(words, 4)).title()
            notes.append(f"{i}. *{first} Essays Capital {title}*, London 1990, p.{i}.")
        chapters.append(f"Chapter {c}\n\n{body}\n\nNotes\n\n" + "\n".join(notes) + "\n\n")
    return "".join(chapters)


def test_provisional_keys_of_many_works_are_linear() -> None:
    """Once quadratic: a provisional key taken already was followed by a, b,
    ... and then 2, 3, ..., counted up from the start for every new work."""
    from cliffcite.sources import match_sources

    def resolved(text: str) -> cliffcite.Document:
        from cliffcite.find import find_citations
        from cliffcite.resolve import resolve_citations

        return resolve_citations(find_citations(cliffcite.parse(text, citations=False)))

    small_doc, large_doc = resolved(works_with_one_key(300)), resolved(works_with_one_key(3_000))
    keys = {c.source for c in match_sources(large_doc).citations}
    assert len(keys) > 2_000 and "essayscapital1990" in keys and "essayscapital1990z" in keys
    small = best_of(lambda: match_sources(small_doc))
    large = best_of(lambda: match_sources(large_doc))
    assert_linear("provisional keys", small, large)


def html_chapters(n: int) -> str:
    """Chapters of one linked marker and one bare ``<sup>`` marker each, with
    their notes: as many chapters as notes, ``n`` characters or so."""
    out = ["<html><body>"]
    for k in range(1, n // 230 + 2):
        out.append(
            f'<h2>C{k}</h2><p>S.<a href="#n{k}" name="f{k}">[1]</a> T.<sup>2</sup></p>'
            f'<h3>Notes</h3><p class="information"><a name="n{k}" href="#f{k}">1.</a> Serge.</p>'
            '<p class="information">2. Ibid.</p>'
        )
    return "\n".join(out) + "</body></html>"


def html_unclosed_wrappers(n: int) -> str:
    """A ``<div>`` left open before each paragraph: each one's text is the rest
    of the document, read for a heading at every one."""
    paragraph = '<div class="x"><p>Paragraph {i}, with words to read.<sup>{j}</sup></p>\n'
    body = "".join(paragraph.format(i=i, j=i % 999 + 1) for i in range(n // 60))
    return f"<html><body>{body}<h3>Notes</h3><p class='endnote'>1. Serge, p.1.</p></body></html>"


def html_linked_book(n: int) -> str:
    """One series of linked pairs, ``n`` characters or so: at 10n its labels run
    past 999 (the long labels are paired up after the fact)."""
    labels = range(1, n // 110 + 2)
    body = "".join(f'<p>C {i}.<a href="#n{i}" name="f{i}">[{i}]</a></p>\n' for i in labels)
    notes = "".join(
        f'<p class="information"><a name="n{i}" href="#f{i}">{i}.</a> Serge.</p>\n' for i in labels
    )
    return f"<html><body>{body}<hr>{notes}</body></html>"


def html_lists_left_open(linked: bool) -> Callable[[int], str]:
    """Chapters whose notes list is left open, its notes paragraph after it: the
    last item of each holds the rest of the document, and is a note (the target
    of a marker's link, or labelled in its own text)."""

    def make(n: int) -> str:
        out = ["<html><body>"]
        for k in range(1, n // 200 + 2):
            if linked:
                body = f'S.<a href="#a{k}">[1]</a> T.<a href="#b{k}">[2]</a>'
                items = f'<li id="a{k}">Serge, p.1.\n<li id="b{k}">Reiman, p.2.\n'
            else:
                body, items = (
                    "S.<sup>1</sup> T.<sup>2</sup>",
                    "<li>1. Serge, p.1.\n<li>2. Reiman, p.2.\n",
                )
            out.append(
                f"<h2>C{k}</h2><p>{body} U.<sup>3</sup></p><h3>Notes</h3><ol>{items}"
                "<p>3. Trotsky, p.3.</p>"
            )
        return "\n".join(out) + "</body></html>"

    return make


@pytest.mark.parametrize(
    "make",
    [
        html_chapters,
        html_unclosed_wrappers,
        html_lists_left_open(True),
        html_lists_left_open(False),
        html_linked_book,
    ],
    ids=[
        "chapters",
        "unclosed-wrappers",
        "linked-lists-left-open",
        "lists-left-open",
        "linked-past-999",
    ],
)
def test_html_documents_of_many_parts_are_linear(make: Callable[[int], str]) -> None:
    """Once quadratic: the series of each chapter scanned every marker and
    note; a heading was looked for in the whole text of every open wrapper
    (found by the audit); the whole text of a list item left open was mapped
    to the source, its note's end inside it."""
    quadratic_probe(reader("html"), make, 30_000)


# -- the resolver ------------------------------------------------------------------------


def every_note_citing(cite: Callable[[int], str], k: int) -> str:
    """``k`` footnotes, note ``i`` reading ``cite(i)``."""
    body = " ".join(f"Claim.[^{i}]" for i in range(1, k + 1))
    notes = "\n".join(f"[^{i}]: {cite(i)}" for i in range(1, k + 1))
    return f"{body}\n\n{notes}\n"


def resolve_growth(cite: Callable[[int], str], k: int) -> tuple[float, float]:
    """Best-of-three times of the resolve stage alone, cold, on ``k`` and ``10k`` notes."""
    small_doc, large_doc = (
        find_citations(
            cliffcite.parse(every_note_citing(cite, n), format="markdown", citations=False)
        )
        for n in (k, 10 * k)
    )
    return best_of(lambda: resolve_citations(small_doc), cold=True), best_of(
        lambda: resolve_citations(large_doc), cold=True
    )


_MONTHS = ("January", "April", "July", "October")


def test_issues_of_one_newspaper_are_resolved_in_linear_time() -> None:
    """Once quadratic: each issue (``Pravda, 12 August 1927``, a work of its
    own) was scored against every earlier issue, then filtered by date."""
    small, large = resolve_growth(
        lambda i: f"Pravda, {i % 28 + 1} {_MONTHS[i // 28 % 4]} {1800 + i // 112}.", 200
    )
    assert_linear("issues of one newspaper", small, large)


#: Words of the titles of one author's works (Lenin's), and the shapes of those titles.
_TITLE_WORDS = """
agrarian army autocracy bank bolsheviks bourgeoisie budget bureaucracy capital capitalism
cadets caucasus census church civil colonies commune communists concessions congress
constitution cooperation councils crisis critique democracy demonstration dictatorship
discipline duma economics editorial elections electrification emancipation empire
exploitation factories famine federation finance finland fleet freedom front grain
guerrilla hegemony imperialism industry insurrection intellectuals internationalism iskra
kautsky kulaks labour land landlords leagues lessons liberals martov marxism materialism
mensheviks militarism ministry monopoly narodniks nationalities navy opportunism
organisation pacifism parliament partisans party peace peasantry persia petrograd
philosophy plekhanov poland police politics populists poverty pravda press prices
programme proletariat propaganda railways reform religion rents republic revisionism
revolution russia schools sectarianism sermons slogans socialism soviets speculation
state strikes students syndicalism tactics taxation teachers terror textbooks theory
trade treaty tsarism turkey ukraine unemployment unions uprising wages war women workers
youth zemstvo
"""
_TITLE_FORMS = (
    "{} and {}", "On the {} of the {}", "The {} and the {} of {}", "{}, {} and {}",
    "Letter to the {} on {}", "{} in {}: {} and {}", "Once More on {} and {}",
)  # fmt: skip


def titles_of_one_author(k: int) -> list[str]:
    """``k`` distinct titles, the same first ones whatever ``k``: words of
    titles in the shapes of titles, so that they share words, phrases and
    letters as the titles of one author's works do."""
    rng = random.Random(1917)
    vocabulary = _TITLE_WORDS.split()
    seen: dict[str, None] = {}
    while len(seen) < k:
        form = rng.choice(_TITLE_FORMS)
        words = rng.sample(vocabulary, form.count("{}"))
        seen[form.format(*(w.title() for w in words))] = None
    return list(seen)


def test_works_of_one_author_are_resolved_in_bounded_work() -> None:
    """Once quadratic: every new title of an author was scored by
    ``titles_match`` against every earlier work of the author (1,500 works of
    Lenin: 6.8 s), and, with the title index, still tested against every work
    by its letters.  Now a title is scored against :data:`MAX_SCORED` works at
    most and tested by its letters against the :data:`SIMILAR_WINDOW` newest,
    so that each note costs at most a constant.  Counted, not timed: these
    titles share more words as there are more of them, so that the number of
    works a title is scored against still grows at this size (a 10x input
    measured 15-16x in time), towards the bound."""
    titles = titles_of_one_author(1_500)
    doc = find_citations(
        cliffcite.parse(
            every_note_citing(lambda i: f"Lenin, {titles[i - 1]}, p.{i}.", 1_500),
            format="markdown",
            citations=False,
        )
    )
    scored, scanned = count_comparisons(doc)
    assert max(scored) <= resolve.MAX_SCORED
    assert max(scanned) <= resolve.SIMILAR_WINDOW
    assert sum(scored) / len(scored) < 3  # most titles find their match, or fail, early


def count_comparisons(doc: cliffcite.Document) -> tuple[list[int], list[int]]:
    """For each look-up of a work by its title: the works scored by
    ``titles_match`` and the works tested by their letters."""
    scored: list[int] = []
    scanned: list[int] = []
    score, look_up, test = (
        resolve.Context._titles_match,
        resolve.Context.work_for,
        resolve._TitleIndex._may_be_similar,
    )

    def counting_score(self: resolve.Context, a: str | None, b: str) -> int:
        scored[-1] += 1
        return score(self, a, b)

    def counting_look_up(self: resolve.Context, cite: Citation) -> int | None:
        scored.append(0)
        return look_up(self, cite)

    def counting_test(self: resolve._TitleIndex, query: Any, window: int | None) -> list[int]:
        scanned.append(min(len(self.ids), window or len(self.ids)))
        return test(self, query, window)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(resolve.Context, "_titles_match", counting_score)
        mp.setattr(resolve.Context, "work_for", counting_look_up)
        mp.setattr(resolve._TitleIndex, "_may_be_similar", counting_test)
        resolve_citations(doc)
    return scored, scanned


def nonsense_words(seed: int, n: int, length: int) -> list[str]:
    """``n`` words of ``length`` consonants, none a word of any title: each
    title made of them is a work of its own."""
    rng = random.Random(seed)
    return ["".join(rng.choice("bcdfghklmnprstvz") for _ in range(length)) for _ in range(n)]


def test_titles_sharing_words_are_resolved_in_linear_time() -> None:
    """Once quadratic (900 notes: 5.5 s; 9,000: 124 s): thousands of works of
    one author whose titles share two words (``Theses Question Xyz``) made
    every work a candidate for every title, and every one was scored."""
    words = nonsense_words(5, 2_000, 7)
    small, large = resolve_growth(
        lambda i: f"Lenin, Theses Question {words[i - 1].title()}, p.{i}.", 200
    )
    assert_linear("titles sharing words", small, large)


def test_titles_without_author_are_resolved_in_linear_time() -> None:
    """Once quadratic (9,000 notes: 92 s): a title without an author was
    scored against every earlier work of its first word."""
    words = nonsense_words(6, 2_000, 7)
    small, large = resolve_growth(
        lambda i: f"*Theses of the {words[i - 1].title()} Question*, p.{i}.", 200
    )
    assert_linear("titles without author", small, large)


def test_op_cit_of_an_author_of_many_works_is_resolved_in_linear_time() -> None:
    """Once quadratic (9,000 notes: 3.4 s): ``Lenin, op. cit.`` looked at every
    work of Lenin for the one cited last."""
    words = nonsense_words(7, 3_000, 6)
    titles = [" ".join(words[k : k + 3]) for k in range(0, len(words), 3)]
    small, large = resolve_growth(
        lambda i: f"Lenin, {titles[i // 2]}, p.{i}." if i % 2 else f"Lenin, op. cit., p.{i}.",
        200,
    )
    assert_linear("op. cit. of one author", small, large)
