"""Corpus mode: directories, --jobs, jsonl, the summary table, unreadable files."""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cliffcite import batch
from cliffcite.cli import main

from .conftest import SEED

PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)
FAULTY = "Submitted. [1] Banned. [3] Raided. [2]\n\nNotes\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """seed, a faulty file, a Markdown file, a hidden file and directory, other extensions."""
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(SEED, root / "a-seed.txt")
    (root / "b" / "faulty.txt").write_text(FAULTY, encoding="utf-8")
    (root / "b" / "deep" / "c.md").write_text(FAULTY, encoding="utf-8")
    (root / ".git" / "d.txt").write_text(FAULTY, encoding="utf-8")
    (root / ".hidden.txt").write_text(FAULTY, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "README").write_text(FAULTY, encoding="utf-8")
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- walking ------------------------------------------------------------------


def test_directory_walk_is_sorted_and_skips_hidden_and_unknown(corpus: Path) -> None:
    paths, empty = batch.expand_paths([str(corpus)])
    assert [Path(p).relative_to(corpus).as_posix() for p in paths] == [
        "a-seed.txt",
        "b/deep/c.md",
        "b/faulty.txt",
    ]
    assert empty == []


def test_explicit_files_kept_in_order_once(corpus: Path) -> None:
    readme, seed = str(corpus / "README"), str(corpus / "a-seed.txt")
    paths, _ = batch.expand_paths([readme, str(corpus), seed])
    assert paths[0] == readme  # named explicitly: read whatever its extension
    assert paths.count(seed) == 1


def test_empty_directory_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "e").mkdir()
    code, _, err = run(["check", str(tmp_path / "e")], capsys)
    assert code == 2
    assert "is a directory with no" in err and len(err.splitlines()) == 1


# -- the library API ----------------------------------------------------------


def test_check_paths_results_are_small_and_picklable(corpus: Path) -> None:
    paths, _ = batch.expand_paths([str(corpus)])
    results = list(batch.check_paths(paths, select=["CC1"]))
    assert [r.path for r in results] == paths
    seed = results[0]
    assert (seed.markers, seed.notes, seed.diagnostics, seed.error) == (53, 53, (), None)
    assert pickle.loads(pickle.dumps(results)) == results
    assert len(pickle.dumps(seed)) < 1000  # counts, not the document


def test_any_executor_same_results_in_path_order(corpus: Path) -> None:
    paths, _ = batch.expand_paths([str(corpus)])
    paths = paths * 3
    alone = list(batch.check_paths(paths))
    with ThreadPoolExecutor(3) as pool:
        pooled = list(batch.check_paths(paths, executor=pool, chunksize=2, window=2))
    assert pooled == alone


def test_unknown_rule_fails_before_any_work() -> None:
    with pytest.raises(KeyError):
        list(batch.check_paths([str(SEED)], select=["CC999"]))


# -- the command line ---------------------------------------------------------


def test_jobs_2_output_equals_jobs_1(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "json", "jsonl"):
        one = run(["check", str(corpus), "--format", fmt, "--jobs", "1"], capsys)
        two = run(["check", str(corpus), "--format", fmt, "--jobs", "2"], capsys)
        assert one == two, fmt
        assert one[0] == 1


def test_jsonl_one_object_a_file(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(corpus), "--format", "jsonl"], capsys)
    assert code == 1
    objects = [json.loads(line) for line in out.splitlines()]
    assert [Path(o["path"]).name for o in objects] == ["a-seed.txt", "c.md", "faulty.txt"]
    assert all(set(o) == {"path", "markers", "notes", "diagnostics"} for o in objects)
    faulty = objects[2]
    assert (faulty["markers"], faulty["notes"]) == (3, 2)
    # diagnostics are those of check --format json for the same file
    _, single, _ = run(["check", faulty["path"], "--format", "json"], capsys)
    assert faulty["diagnostics"] == json.loads(single)
    assert faulty["diagnostics"][0]["code"] == "CC101"
    assert err == ""


def test_summary_table(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(corpus), "--select", "CC1"], capsys)
    assert code == 1
    lines = out.splitlines()
    table = lines[lines.index("") - 5 :]
    assert [line.rsplit(None, 1) for line in table[:5]] == [
        ["files checked", "3"],
        ["files with findings", "2"],
        ["files unreadable", "0"],
        ["markers", "59"],
        ["notes", "57"],
    ]
    rows = {line.split()[0]: line.split() for line in table if line.startswith("CC")}
    assert rows["CC101"] == ["CC101", "marker_without_note", "error", "2", "2"]
    assert rows["CC105"] == ["CC105", "marker_out_of_order", "warning", "2", "2"]
    assert lines[-1] == "Found 4: 2 errors, 2 warnings (3 files, 59 markers, 57 notes)."


def test_summary_table_shows_the_severity_findings_were_reported_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An op. cit. of a work cited in an earlier chapter is CC201 at info, not
    the rule's default error: the table says what the findings were."""
    for name, note in (("a.txt", "Serge, op. cit., p.5."), ("b.txt", "Ibid., p.5.")):
        (tmp_path / name).write_text(f"A claim. [1]\n\nNotes\n\n1. {note}\n", encoding="utf-8")
    code, out, _ = run(["check", str(tmp_path), "--select", "CC201"], capsys)
    rows = sorted(line.split() for line in out.splitlines() if line.startswith("CC201"))
    assert rows == [
        ["CC201", "ibid_without_antecedent", "error", "1", "1"],
        ["CC201", "ibid_without_antecedent", "info", "1", "1"],
    ]
    assert (code, out.splitlines()[-1]) == (
        1,
        "Found 2: 1 error, 1 info (2 files, 2 markers, 2 notes).",
    )


def test_single_file_keeps_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(SEED), "--select", "CC1"], capsys)
    assert (code, out) == (0, "All checks passed (1 file, 53 markers, 53 notes).\n")


def test_unreadable_file_in_directory_exit_2_others_reported(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "b" / "broken.txt").write_bytes(PNG)
    for jobs in ("1", "2"):
        code, out, err = run(["check", str(corpus), "--jobs", jobs, "--select", "CC1"], capsys)
        assert code == 2
        assert err.splitlines() == [
            f"cliffcite: error: cannot read {str(corpus / 'b' / 'broken.txt')!r}: "
            "binary file (PNG image)"
        ]
        assert "faulty.txt:1:" in out and "c.md:1:" in out
        assert ["files unreadable", "1"] in [line.rsplit(None, 1) for line in out.splitlines()]
        assert out.splitlines()[-1].startswith("Found 4:")


def test_jsonl_unreadable_file_goes_to_stderr_only(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "broken.txt").write_bytes(PNG)
    code, out, err = run(["check", str(corpus), "--format", "jsonl"], capsys)
    assert code == 2
    assert len(out.splitlines()) == 3
    assert "broken.txt" in err and "broken.txt" not in out


def test_no_progress_bar_when_stderr_is_not_a_tty(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["check", str(corpus), "--jobs", "2"], capsys)
    assert code == 1
    assert err == ""


def test_progress_bar_on_a_terminal(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tqdm")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(["check", str(corpus)], capsys)
    assert code == 1
    assert "/3 [" in err and "file/s" in err
    assert "file/s" not in out


def test_bad_jobs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(SEED), "--jobs", "-1"])
    assert exc.value.code == 2
