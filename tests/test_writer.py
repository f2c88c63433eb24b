"""Export: BibTeX read back by bibtexparser and run through a real bibtex,
CSL-JSON rendered by citeproc-py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import cliffcite
from cliffcite.bibliography import load_bibliography
from cliffcite.cli import main
from cliffcite.models import Document

from .conftest import SEED


@pytest.fixture(scope="module")
def doc(seed_text: str) -> Document:
    return cliffcite.parse(seed_text)


def test_bibtex_has_one_entry_per_work_with_stable_keys(doc: Document, tmp_path: Path) -> None:
    out = tmp_path / "works.bib"
    out.write_text(cliffcite.to_bibtex(doc), encoding="utf-8")
    library, errors = load_bibliography([str(out)], default=False)
    assert errors == []
    assert [e.key for e in library] == [s.key for s in doc.sources]
    assert cliffcite.to_bibtex(doc) == cliffcite.to_bibtex(cliffcite.parse(SEED.read_text("utf-8")))
    for entry in library:
        assert not {"variants", "confidence", "sourcenote"} & set(entry.fields)


def test_biblatex_keeps_the_biblatex_types(doc: Document) -> None:
    text = cliffcite.to_bibtex(doc, biblatex=True)
    assert "@mvbook{stalin1952works," in text and "@book{stalin1952works," not in text


needs_bibtex = pytest.mark.skipif(
    shutil.which("bibtex") is None and not os.environ.get("CI"),
    reason="bibtex is not installed (.ci/run installs it)",
)


@needs_bibtex
def test_bibtex_accepts_the_generated_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bib", str(SEED), "-o", str(tmp_path / "works.bib")]) == 0
    (tmp_path / "works.aux").write_text(
        "\\citation{*}\n\\bibdata{works}\n\\bibstyle{plain}\n", encoding="utf-8"
    )
    proc = subprocess.run(
        ["bibtex", "works"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    log = (tmp_path / "works.blg").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode < 2, proc.stdout + log  # 1 means warnings (missing years)
    assert "error message" not in log
    bbl = (tmp_path / "works.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem") == 19


def test_csl_json_renders_with_citeproc(doc: Document) -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cliffcite.to_csl_json(doc))
    assert [i["id"] for i in items] == [s.key for s in doc.sources]
    styles = Path(citeproc.__file__).parent / "data" / "styles"
    style = citeproc.CitationStylesStyle(str(next(styles.glob("*.csl"))), validate=False)
    bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
    for item in items:
        bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bib.bibliography()]
    assert len(rendered) == 19
    assert any(r.startswith("Serge, V. (1963) Memoirs of a Revolutionary") for r in rendered)


def test_bib_command_csl_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bib", str(SEED), "--format", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    fainsod = next(i for i in items if i["id"] == "fainsod1958smolensk")
    assert fainsod["author"] == [{"family": "Fainsod", "given": "Merle"}]


needs_biber = pytest.mark.skipif(
    shutil.which("biber") is None and not os.environ.get("CI"),
    reason="biber is not installed (.ci/run installs it)",
)


@needs_biber
def test_biber_validates_the_biblatex_output(tmp_path: Path) -> None:
    """biber reads the biblatex output against its data model: no errors, and
    no warning but for facts the bibliography leaves out on purpose."""
    assert main(["bib", str(SEED), "--format", "biblatex", "-o", str(tmp_path / "w.bib")]) == 0
    proc = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--outfile", "out.bib", "w.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "ERROR" not in log
    warnings = [line for line in log.splitlines() if line.startswith("WARN")]
    assert all("Missing mandatory field" in w for w in warnings), warnings
