"""Every rule is documented, and its documented examples behave as documented
(pycodestyle's ``Okay:`` lines): the bad example is reported, the good is not."""

from __future__ import annotations

from pathlib import Path

import pytest

import cliffcite
from cliffcite.diagnostics import RULES, Rule
from cliffcite.report import rules_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


@pytest.mark.parametrize("r", [r for r in RULES.values() if r.bad], ids=lambda r: r.name)
def test_bad_example_is_reported(r: Rule) -> None:
    assert r.code in {d.code for d in cliffcite.check(r.bad, select=[r.code])}


@pytest.mark.parametrize("r", [r for r in RULES.values() if r.good], ids=lambda r: r.name)
def test_good_example_is_clean(r: Rule) -> None:
    assert cliffcite.check(r.good, select=[r.code]) == []


def test_every_rule_has_docs_and_examples() -> None:
    for r in RULES.values():
        assert r.summary and r.why and r.fix, r.code
        assert r.name.isidentifier() and r.name == r.name.lower()
        if not r.code.startswith("CC9") and r.code != "CC306":  # about other files
            assert r.bad and r.good, r.code


def test_docs_page_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8").rstrip("\n") == rules_markdown()
