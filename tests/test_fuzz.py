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
