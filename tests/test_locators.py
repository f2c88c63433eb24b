"""Page locators: what is a page and what is not, as found in real notes."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffcite.locators import (
    abbreviate_range,
    expand_range,
    find_locator,
    from_roman,
    is_roman,
    parse_locator,
    to_roman,
)
from cliffcite.models import Locator, Span

OFFSET = 1000  # spans are into the whole document; a note starts somewhere inside it

Pages = list[list[int | str]]
Problems = tuple[tuple[str, str], ...]


def _check(
    loc: Locator | None,
    source: str,
    written: str,
    pages: Pages,
    prefix: str | None,
    suffix: str | None,
    problems: Problems,
) -> None:
    assert loc is not None
    start = source.rindex(written)
    assert loc.text == written
    assert loc.span == Span(OFFSET + start, OFFSET + start + len(written))
    assert loc.as_lists() == pages
    assert loc.prefix == prefix
    assert loc.suffix == suffix
    assert loc.problems == problems


# --------------------------------------------------------------------------- not pages

NOT_PAGES = [
    # volumes
    "Stalin, Works, Vol.10.",
    "Gibbon, Decline and Fall, Vol. II.",
    "Gibbon, Decline and Fall, Vol. II, 216.",  # volume then bare number: ambiguous
    "Carr, Foundations, Vol.2, 35.",
    "Lavisse, Histoire, t. 4.",
    "Marx, Werke, Bd. 3.",
    "The New International, No. 4.",
    "The New International, Vol. 1, No. 4, 12.",
    # years and dates
    "Trotsky, Challenge (1926-27).",
    "Trotsky, Challenge, 1926-27.",
    "M. Fainsod, Smolensk under Soviet Rule, Cambridge 1958.",
    "M. Fainsod, Smolensk under Soviet Rule, Cambridge, 1958.",
    "Pravda, 12 August 1927.",
    "Izvestiia Tsentralnogo Komiteta, 15 November 1927.",
    "The New International, November 1934.",
    "Pravda, November 12, 1927.",
    "London: n. p., 1927.",
    # archive numbers
    "T. 3100, 3161.",
    "T. 3100, 3161, Arkhiv Trotskogo.",
    "T. 1010, Arkhiv Trotskogo, Vol.4.",
    # no locator at all
    "Ibid..",
    "Ibid.",
    "",
    "Serge and Sedova.",
    "S. Moore, Capital.",
    'Lazar, "Until All Are Free" 48.',  # no comma: not a closing page
]


@pytest.mark.parametrize("citation", NOT_PAGES)
def test_not_a_page(citation: str) -> None:
    assert find_locator(citation, OFFSET) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "Ibid.", "Vol.10", "Vol. II", "hello", ".", "-", "1O3"]
)
def test_parse_not_a_locator(text: str) -> None:
    loc = parse_locator(text, OFFSET)
    if text == "1O3":  # a broken number is still reported, not dropped
        assert loc is not None
        assert loc.ranges == ()
        assert loc.problems == (
            ("malformed_locator", 'letters mixed into page number "1O3" (1O3)'),
        )
    else:
        assert loc is None


# --------------------------------------------------------------------------- find

RANGE_P = "page_prefix"
REVERSED = "page_range_reversed"
MALFORMED = "malformed_locator"

FIND: list[tuple[str, str, Pages, str | None, str | None, Problems]] = [
    # citation, locator as written, pages, prefix, suffix, problems
    ("Serge, p.223.", "p.223", [[223, 223]], "p.", None, ()),
    ("Trotsky, Challenge (1926-27), p.416.", "p.416", [[416, 416]], "p.", None, ()),
    ("The New International, November 1934, p.124.", "p.124", [[124, 124]], "p.", None, ()),
    (
        "Stalin, Works, Vol.10, p.179-80.",
        "p.179-80",
        [[179, 180]],
        "p.",
        None,
        ((RANGE_P, '"p." used with a page range (p.179-80)'),),
    ),
    ("Trotsky, My Life, pp.531-2.", "pp.531-2", [[531, 532]], "pp.", None, ()),
    (
        "Trotsky, My Life, pp.533.",
        "pp.533",
        [[533, 533]],
        "pp.",
        None,
        ((RANGE_P, '"pp." used with a single page (pp.533)'),),
    ),
    (
        "Ibid., p.27-8.",
        "p.27-8",
        [[27, 28]],
        "p.",
        None,
        ((RANGE_P, '"p." used with a page range (p.27-8)'),),
    ),
    ("T. 3100, 3161, Arkhiv Trotskogo, Vol.4, p.223.", "p.223", [[223, 223]], "p.", None, ()),
    (
        "M. Fainsod, Smolensk under Soviet Rule, Cambridge 1958, p.48.",
        "p.48",
        [[48, 48]],
        "p.",
        None,
        (),
    ),
    ("Trotsky, Stalin, pp.399-400.", "pp.399-400", [[399, 400]], "pp.", None, ()),
    ("Trotsky, The Stalin School of Falsification, p.xi.", "p.xi", [["xi", "xi"]], "p.", None, ()),
    (
        "Pravda, 12 August 1927; Carr, The Foundations of Planned Economy, Vol.2, p.35.",
        "p.35",
        [[35, 35]],
        "p.",
        None,
        (),
    ),
    ("Carr, The Foundations of Planned Economy, Vol.2, p.35", "p.35", [[35, 35]], "p.", None, ()),
    (
        "Lenin, Collected Works, Vol. 22, pp. 185–304",
        "pp. 185–304",
        [[185, 304]],
        "pp.",
        None,
        (),
    ),
    ("Hegel, op. cit., S. 250", "S. 250", [[250, 250]], "S.", None, ()),
    ("Ibid., S. 12ff.", "S. 12ff.", [[12, 12]], "S.", "ff.", ()),
    ("Плеханов, Соч., т. 14, с. 45.", "с. 45", [[45, 45]], "с.", None, ()),
    ("Dion Cassius, (l. liv. p. 736,)", "p. 736", [[736, 736]], "p.", None, ()),
    (
        "Mémoires de l'Académie, tom. xxviii. p. 444--468",
        "p. 444--468",
        [[444, 468]],
        "p.",
        None,
        ((RANGE_P, '"p." used with a page range (p. 444--468)'),),
    ),
    ("Mémoires de l'Académie, tom. xxviii. p. 444", "p. 444", [[444, 444]], "p.", None, ()),
    (
        "Julian, Misopogon, p. 1123, 1131.",
        "p. 1123, 1131",
        [[1123, 1123], [1131, 1131]],
        "p.",
        None,
        ((RANGE_P, '"p." used with several pages (p. 1123, 1131)'),),
    ),
    ("Gibbon, p. 40, 4to edit.", "p. 40", [[40, 40]], "p.", None, ()),
    ("Ibid., p. 85 -- Smith", "p. 85", [[85, 85]], "p.", None, ()),
    ("Ibid., pp. 3-47, and Vol. VII, Part I.", "pp. 3-47", [[3, 47]], "pp.", None, ()),
    ("Ibid., pp. 69, 68.", "pp. 69, 68", [[69, 69], [68, 68]], "pp.", None, ()),
    ("Ibid., pp. 81-91, 153-156.", "pp. 81-91, 153-156", [[81, 91], [153, 156]], "pp.", None, ()),
    ("Ibid., p. 12 ff.", "p. 12 ff.", [[12, 12]], "p.", "ff.", ()),
    ("Ibid., pp. 4 et seq.", "pp. 4 et seq.", [[4, 4]], "pp.", "et seq.", ()),
    ("Ibid., p. 33 n. 4.", "p. 33 n. 4", [[33, 33]], "p.", "n. 4", ()),
    ("Ibid., p. 33n4.", "p. 33n4", [[33, 33]], "p.", "n4", ()),
    ("Ibid., pp. xii-xv.", "pp. xii-xv", [["xii", "xv"]], "pp.", None, ()),
    # bare Chicago pages closing the citation
    ("Taylor, *From #BlackLivesMatter*, 216.", "216", [[216, 216]], None, None, ()),
    ("Taylor, *From #BlackLivesMatter*, 216-18.", "216-18", [[216, 218]], None, None, ()),
    ("Ibid., 23.", "23", [[23, 23]], None, None, ()),
    ('Lazar, "Until All Are Free," 48.', "48", [[48, 48]], None, None, ()),
    ("Lazar, “Until All Are Free,” 48-50.", "48-50", [[48, 50]], None, None, ()),
    ("Ibid., 23, 25.", "23, 25", [[23, 23], [25, 25]], None, None, ()),
    ("M. Fainsod, Smolensk (Cambridge, 1958), 48.", "48", [[48, 48]], None, None, ()),
    ("Pravda, 12 August 1927, 3.", "3", [[3, 3]], None, None, ()),
    # problems
    (
        "Ibid., pp.45-32.",
        "pp.45-32",
        [[45, 32]],
        "pp.",
        None,
        ((REVERSED, "range ends before it begins, 45 to 32 (pp.45-32)"),),
    ),
    (
        "Ibid., pp. xv-xii.",
        "pp. xv-xii",
        [["xv", "xii"]],
        "pp.",
        None,
        ((REVERSED, "range ends before it begins, xv-xii (pp. xv-xii)"),),
    ),
    (
        "Ibid., pp.",
        "pp.",
        [],
        "pp.",
        None,
        ((MALFORMED, 'no page number after "pp." (pp.)'),),
    ),
    (
        "Ibid., p.12-.",
        "p.12-",
        [],
        "p.",
        None,
        ((MALFORMED, "dangling dash after 12 (p.12-)"),),
    ),
    (
        "Ibid., p.1O3.",
        "p.1O3",
        [],
        "p.",
        None,
        ((MALFORMED, 'letters mixed into page number "1O3" (p.1O3)'),),
    ),
    (
        "Ibid., p.iiii.",
        "p.iiii",
        [],
        "p.",
        None,
        ((MALFORMED, 'not a roman numeral "iiii" (p.iiii)'),),
    ),
    (
        "Plekhanov, Works, pp. 421-4-22. -- *Ed.*",
        "pp. 421-4-22",
        [],
        "pp.",
        None,
        ((MALFORMED, "more than two numbers in one range, 421-4-22 (pp. 421-4-22)"),),
    ),
]


@pytest.mark.parametrize(("citation", "written", "pages", "prefix", "suffix", "problems"), FIND)
def test_find_locator(
    citation: str,
    written: str,
    pages: Pages,
    prefix: str | None,
    suffix: str | None,
    problems: Problems,
) -> None:
    loc = find_locator(citation, OFFSET)
    _check(loc, citation, written, pages, prefix, suffix, problems)


# --------------------------------------------------------------------------- parse

PARSE: list[tuple[str, str, Pages, str | None, str | None, Problems]] = [
    # text, locator as written, pages, prefix, suffix, problems
    ("p.223", "p.223", [[223, 223]], "p.", None, ()),
    ("pp.531-2", "pp.531-2", [[531, 532]], "pp.", None, ()),
    (
        "p.179-80",
        "p.179-80",
        [[179, 180]],
        "p.",
        None,
        ((RANGE_P, '"p." used with a page range (p.179-80)'),),
    ),
    (
        "pp.533",
        "pp.533",
        [[533, 533]],
        "pp.",
        None,
        ((RANGE_P, '"pp." used with a single page (pp.533)'),),
    ),
    ("pp. 63-64", "pp. 63-64", [[63, 64]], "pp.", None, ()),
    ("pp.1099-102", "pp.1099-102", [[1099, 1102]], "pp.", None, ()),
    ("412--13", "412--13", [[412, 413]], None, None, ()),
    ("pp. 185–304", "pp. 185–304", [[185, 304]], "pp.", None, ()),
    ("pp. 185—304", "pp. 185—304", [[185, 304]], "pp.", None, ()),
    ("pp. 185 – 304", "pp. 185 – 304", [[185, 304]], "pp.", None, ()),
    ("pp. 69, 68", "pp. 69, 68", [[69, 69], [68, 68]], "pp.", None, ()),
    ("p.12 ff.", "p.12 ff.", [[12, 12]], "p.", "ff.", ()),
    ("pp. 4 et seq.", "pp. 4 et seq.", [[4, 4]], "pp.", "et seq.", ()),
    ("p. 33 n. 4", "p. 33 n. 4", [[33, 33]], "p.", "n. 4", ()),
    ("p. 12 passim", "p. 12 passim", [[12, 12]], "p.", "passim", ()),
    ("p.xi", "p.xi", [["xi", "xi"]], "p.", None, ()),
    ("p.XI", "p.XI", [["xi", "xi"]], "p.", None, ()),
    ("pp. xii-xv", "pp. xii-xv", [["xii", "xv"]], "pp.", None, ()),
    ("216", "216", [[216, 216]], None, None, ()),
    ("216-18", "216-18", [[216, 218]], None, None, ()),
    ("12991-3001", "12991-3001", [[12991, 13001]], None, None, ()),
    ("S. 250", "S. 250", [[250, 250]], "S.", None, ()),
    ("стр. 17-19", "стр. 17-19", [[17, 19]], "стр.", None, ()),
    ("  p.223.", "p.223", [[223, 223]], "p.", None, ()),
    (
        "pp.",
        "pp.",
        [],
        "pp.",
        None,
        ((MALFORMED, 'no page number after "pp." (pp.)'),),
    ),
    (
        "p.12-",
        "p.12-",
        [],
        "p.",
        None,
        ((MALFORMED, "dangling dash after 12 (p.12-)"),),
    ),
    (
        "p.1O3",
        "p.1O3",
        [],
        "p.",
        None,
        ((MALFORMED, 'letters mixed into page number "1O3" (p.1O3)'),),
    ),
    (
        "p.iiii",
        "p.iiii",
        [],
        "p.",
        None,
        ((MALFORMED, 'not a roman numeral "iiii" (p.iiii)'),),
    ),
    (
        "pp. xi-3",
        "pp. xi-3",
        [],
        "pp.",
        None,
        ((MALFORMED, "roman and arabic numbers in one range, xi-3 (pp. xi-3)"),),
    ),
    (
        "p. 1234567",
        "p. 1234567",
        [],
        "p.",
        None,
        ((MALFORMED, 'too many digits for a page "1234567" (p. 1234567)'),),
    ),
    (
        "pp.45-32",
        "pp.45-32",
        [[45, 32]],
        "pp.",
        None,
        ((REVERSED, "range ends before it begins, 45 to 32 (pp.45-32)"),),
    ),
    (
        "p. 5 and so on",
        "p. 5",
        [[5, 5]],
        "p.",
        None,
        ((MALFORMED, 'unexpected text after the locator "and so on" (p. 5)'),),
    ),
]


@pytest.mark.parametrize(("text", "written", "pages", "prefix", "suffix", "problems"), PARSE)
def test_parse_locator(
    text: str,
    written: str,
    pages: Pages,
    prefix: str | None,
    suffix: str | None,
    problems: Problems,
) -> None:
    loc = parse_locator(text, OFFSET)
    _check(loc, text, written, pages, prefix, suffix, problems)


def test_offset_defaults_to_zero() -> None:
    loc = find_locator("Serge, p.223.")
    assert loc is not None
    assert loc.span == Span(7, 12)


# --------------------------------------------------------------------------- numbers

EXPAND = [
    ("531", "2", (531, 532)),
    ("1099", "102", (1099, 1102)),
    ("12991", "3001", (12991, 13001)),
    ("63", "64", (63, 64)),
    ("179", "80", (179, 180)),
    ("19", "20", (19, 20)),
    ("226", "7", (226, 227)),
    ("444", "468", (444, 468)),
    ("412", "13", (412, 413)),
    ("399", "400", (399, 400)),
    ("96", "117", (96, 117)),
    ("45", "32", (45, 32)),  # reversed: reported by the caller
    ("179", "8", (179, 178)),
]


@pytest.mark.parametrize(("first", "last", "expected"), EXPAND)
def test_expand_range(first: str, last: str, expected: tuple[int, int]) -> None:
    assert expand_range(first, last) == expected


@pytest.mark.parametrize(("first", "last"), [("", "2"), ("xi", "2"), ("12", "a"), ("1-2", "3")])
def test_expand_range_rejects_non_numbers(first: str, last: str) -> None:
    with pytest.raises(ValueError):
        expand_range(first, last)


# Chicago Manual of Style 16th/17th ed., inclusive numbers (9.61 / 9.64).
ABBREVIATE = [
    (3, 10, "3-10"),
    (71, 72, "71-72"),
    (96, 117, "96-117"),
    (100, 104, "100-104"),
    (1100, 1113, "1100-1113"),
    (101, 108, "101-8"),
    (808, 833, "808-33"),
    (1103, 1104, "1103-4"),
    (321, 328, "321-28"),
    (498, 532, "498-532"),
    (1087, 1089, "1087-89"),
    (1496, 1500, "1496-1500"),
    (11564, 11615, "11564-615"),
    (12991, 13001, "12991-3001"),
    (1496, 1504, "1496-1504"),
    (531, 532, "531-32"),
    (179, 180, "179-80"),
]


@pytest.mark.parametrize(("first", "last", "expected"), ABBREVIATE)
def test_abbreviate_range(first: int, last: int, expected: str) -> None:
    assert abbreviate_range(first, last) == expected


def test_abbreviate_range_rejects_descending() -> None:
    with pytest.raises(ValueError):
        abbreviate_range(45, 32)


ROMAN = [("i", 1), ("iv", 4), ("ix", 9), ("xi", 11), ("xii", 12), ("xlix", 49), ("mcmxc", 1990)]


@pytest.mark.parametrize(("numeral", "value"), ROMAN)
def test_roman(numeral: str, value: int) -> None:
    assert from_roman(numeral) == value
    assert from_roman(numeral.upper()) == value
    assert to_roman(value) == numeral


@pytest.mark.parametrize("text", ["", "iiii", "vx", "ic", "xm", "abc", "1"])
def test_not_roman(text: str) -> None:
    assert not is_roman(text)
    assert from_roman(text) is None


# --------------------------------------------------------------------------- properties

LOCATOR_ALPHABET = st.sampled_from(
    [*"pP.Ssс, ;:()-–—0123456789ivxlcdmIVXOfnet", "pp.", "p.", "Vol.", "ff.", "--", "n. "]
)
locatorish = st.lists(LOCATOR_ALPHABET, max_size=40).map("".join)


@given(st.one_of(st.text(), locatorish), st.integers(min_value=0, max_value=10**6))
def test_never_raises_and_spans_fit(text: str, offset: int) -> None:
    for loc in (find_locator(text, offset), parse_locator(text, offset)):
        if loc is None:
            continue
        assert loc.span.shift(-offset).slice(text) == loc.text
        assert loc.ranges or loc.problems
        for rule, reason in loc.problems:
            assert rule in {RANGE_P, REVERSED, MALFORMED}
            assert reason.endswith(f"({loc.text})")


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_abbreviate_round_trip(a: int, span: int) -> None:
    b = min(a + span, 10**6)
    first, last = abbreviate_range(a, b).split("-")
    assert expand_range(first, last) == (a, b)


@given(st.integers(min_value=1, max_value=10**6 - 1), st.integers(min_value=0, max_value=10**6))
def test_abbreviated_range_parses(a: int, span: int) -> None:
    b = min(a + span, 10**6 - 1)  # seven digits is past MAX_PAGE_DIGITS
    loc = parse_locator(f"pp. {abbreviate_range(a, b)}")
    assert loc is not None
    assert loc.as_lists() == [[a, b]]


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n: int) -> None:
    numeral = to_roman(n)
    assert is_roman(numeral)
    assert from_roman(numeral) == n
    loc = parse_locator(f"p.{numeral}")
    assert loc is not None
    assert loc.as_lists() == [[numeral, numeral]]


@pytest.mark.parametrize("unit", ["p. 1, ", "1,", "1-", "p.1-", "ix, ", "p.12-3-", "S.1 ", "n. p."])
def test_linear_time(unit: str) -> None:
    def cost(n: int) -> float:
        text = unit * n
        best = float("inf")
        gc.disable()  # a full collection inside one timing is not the code's cost
        try:
            for _ in range(3):
                start = time.process_time()
                find_locator(text)
                parse_locator(text)
                best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        return best

    small, large = cost(2_000), cost(20_000)
    assert large < 30 * max(small, 1e-3)  # ten times the text, far less than 100 times the time


def test_a_letter_prefix_does_not_run_on_into_a_word() -> None:
    assert parse_locator("pxi") is None
    assert parse_locator("Sxi") is None
    found = find_locator("Stalin, The Stalin School of Falsification, S. 12")
    assert found is not None and (found.prefix, found.text) == ("S.", "S. 12")


# --------------------------------------------------------------------------- the fast path

#: Pieces of citations around the common locator shapes, to put the fast path
#: of :func:`find_locator` at its edges: other prefixes before and after, gaps,
#: reversed and one-page ranges, roman pages valid and not, trailing text.
LOCATOR_PIECES = st.sampled_from(
    [
        *"pP.Ss, ;:-–—0123456789ivxlcdmIVXOfn",
        "Serge, Memoirs, ",
        "n. p., ",
        "n.p. ",
        "Vol. 4, ",
        "p.",
        "pp.",
        "p",
        "pp",
        "S.",
        "pag.",
        "с.",
        "pg.",
        "pgs.",
        " ",
        "  ",
        "    ",
        "35",
        "531",
        "1099",
        "1234567",
        "xi",
        "xiv",
        "iix",
        "mix",
        "-",
        "–",
        "--",
        ".",
        "..",
        " ff.",
        "ff",
        " n. 4",
        " and 36",
        "f.",
        "\n",
        "\u00a0",
    ]
)


@settings(max_examples=1000)
@given(st.lists(LOCATOR_PIECES, max_size=12).map("".join), st.integers(0, 10**6))
def test_the_simple_shape_reads_as_the_long_way(text: str, offset: int) -> None:
    """``find_locator``'s fast path gives what the general scan from the start
    of the text gives (the reference, as the function was before it)."""
    from cliffcite.locators import _general_locator

    assert find_locator(text, offset) == _general_locator(text, 0, offset)


#: Pages as printed, and numbers too long to be one (past MAX_PAGE_DIGITS).
PAGE_NUMBERS = st.one_of(st.integers(0, 2000), st.integers(0, 10**7))


@settings(max_examples=1000)
@given(
    st.sampled_from(["Serge, Memoirs, ", "Carr, Vol.4, ", "n. p., ", "", "Taylor, 1958, "]),
    st.sampled_from(["p.", "pp.", "p", "pp", "S.", "S", "s.", "pag.", "pg.", "pgs.", "Pp.", "P."]),
    st.sampled_from(["", " ", "  ", "   ", "    "]),
    st.one_of(
        PAGE_NUMBERS.map(str),
        st.tuples(PAGE_NUMBERS, st.sampled_from("-–"), PAGE_NUMBERS).map(
            lambda t: f"{t[0]}{t[1]}{t[2]}"
        ),
        st.integers(1, 3999).map(to_roman),
        st.text("ivxlcdmIVX", min_size=1, max_size=6),
    ),
    st.one_of(  # mostly the fast path's own endings
        st.sampled_from(["", "."]),
        st.sampled_from(["..", ", ", " ff.", "f.", "n3", " and 4", ")", ".)"]),
    ),
    st.integers(0, 10**6),
)
def test_common_locators_read_as_the_long_way(
    head: str, prefix: str, gap: str, number: str, tail: str, offset: int
) -> None:
    from cliffcite.locators import _general_locator

    text = f"{head}{prefix}{gap}{number}{tail}"
    assert find_locator(text, offset) == _general_locator(text, 0, offset)


@settings(max_examples=1000)
@given(
    st.one_of(
        st.lists(
            st.one_of(LOCATOR_PIECES, st.sampled_from(["Serge, ", "Stalin", "n. p.", "s.p.", "x"])),
            max_size=12,
        ).map("".join),
        st.text(),
    )
)
def test_one_search_finds_the_first_prefix(text: str) -> None:
    """``_PREFIX_THEN_SIMPLE`` starts, and its prefix ends, where ``_PREFIX``
    finds the first prefix; its tail is there only on a ``_SIMPLE`` rest."""
    from cliffcite.locators import _PREFIX, _PREFIX_THEN_SIMPLE, _SIMPLE, _SIMPLE_NUMBER

    both, first = _PREFIX_THEN_SIMPLE.search(text), _PREFIX.search(text)
    assert (both is None) == (first is None)
    if both is not None and first is not None:
        assert both.span("prefix") == first.span()
        simple = _SIMPLE.fullmatch(text, first.end())
        assert (both.start(_SIMPLE_NUMBER) >= 0) == (simple is not None)
        if simple is not None:
            assert both.span(_SIMPLE_NUMBER) == simple.span(1)


@given(
    st.lists(st.sampled_from(["p.", "pp.", "p. ", "S. ", "pp "]), min_size=2, max_size=4), st.data()
)
def test_locators_of_one_prefix_hold_one_string(prefixes: list[str], data: st.DataObject) -> None:
    """Each prefix is held once, whatever the number of locators written with it."""
    held: dict[str, str] = {}
    for written in prefixes:
        page = data.draw(st.integers(1, 9999))
        for found in (
            find_locator(f"Serge, Memoirs, {written}{page}"),
            parse_locator(f"{written}{page}"),
        ):
            assert found is not None and found.prefix == written.strip()
            assert held.setdefault(found.prefix, found.prefix) is found.prefix
