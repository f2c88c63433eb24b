"""The command line: output contract, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cliffcite.cli import main

from .conftest import SEED


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_seed_apparatus_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(SEED), "--select", "CC1"], capsys)
    assert code == 0, out
    assert out.strip().startswith("All checks passed")
    assert err == ""


def test_check_text_format_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n", encoding="utf-8")
    code, out, _ = run(["check", str(f)], capsys)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{f}:1:24: CC101 marker_without_note marker [2] has no note 2 in the notes list"
    )


def test_check_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n", encoding="utf-8")
    code, out, _ = run(["check", str(f), "--format", "json"], capsys)
    assert code == 1
    (d,) = [d for d in json.loads(out) if d["code"] == "CC101"]
    assert d == {
        "code": "CC101",
        "name": "marker_without_note",
        "severity": "error",
        "path": str(f),
        "line": 1,
        "col": 24,
        "end_line": 1,
        "end_col": 27,
        "note": "2",
        "series": 0,
        "message": "marker [2] has no note 2 in the notes list",
    }


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Submitted. [1] Banned. [2]\n\n1. Serge, p.223.\n", encoding="utf-8")
    assert run(["check", str(f), "--ignore", "marker_without_note,CC9"], capsys)[0] == 0
    assert run(["check", str(f), "--select", "CC102"], capsys)[0] == 0
    code, _, err = run(["check", str(f), "--select", "CC999"], capsys)
    assert code == 2 and err.count("\n") == 1 and "unknown rule" in err


def test_notes_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["notes", str(SEED), "--format", "json"], capsys)
    doc = json.loads(out)
    assert doc["path"] == str(SEED)
    assert len(doc["markers"]) == 53 and len(doc["notes"]) == 53
    m17 = doc["markers"][16]
    assert m17 == {"label": "17", "line": 75, "col": m17["col"], "series": 0, "note": "17"}
    n17 = doc["notes"][16]
    assert (n17["label"], n17["line"], n17["series"], n17["text"]) == ("17", 302, 0, "Ibid..")
    assert isinstance(n17["citations"], list)
    assert isinstance(doc["diagnostics"], list)


@pytest.mark.parametrize(
    "setup, needle",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), "binary"),
    ],
    ids=["missing", "directory", "binary"],
)
def test_input_errors_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: object, needle: str
) -> None:
    p = tmp_path / "x.txt"
    setup(p)  # type: ignore[operator]
    code, _, err = run(["check", str(p)], capsys)
    assert code == 2
    assert err.startswith("cliffcite: error: ") and err.count("\n") == 1
    assert needle in err


def test_output_file_is_written_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "report.json"
    _, out, _ = run(["check", str(SEED), "--format", "json", "-o", str(out_file)], capsys)
    assert out == ""
    assert isinstance(json.loads(out_file.read_text(encoding="utf-8")), list)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_output_onto_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Text. [1]\n\n1. Serge, p.1.\n", encoding="utf-8")
    before = f.read_bytes()
    code, _, _ = run(["check", str(f), "-o", str(f)], capsys)
    assert code == 2 and f.read_bytes() == before


def test_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cliffcite", "check", "-", "--select", "CC1"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"All checks passed" in proc.stdout


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "CC101 marker_without_note" in out


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    """``cliffcite notes big.txt | head -1``: no traceback, no error line."""
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text(encoding="utf-8") * 4, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cliffcite", "notes", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == b"{"
    proc.stdout.close()  # the reader goes away before the rest is written
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert err == b""


@pytest.mark.parametrize("enabled", [True, False])
def test_the_command_line_makes_no_automatic_collections_during_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], enabled: bool
) -> None:
    import gc

    from cliffcite import cli

    seen: list[bool] = []

    def rules(*args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setitem(cli.COMMANDS, "rules", rules)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["rules"]) == 0
        assert seen == [False]
        assert gc.isenabled() == enabled  # set back for an in-process caller
    finally:
        (gc.enable if was else gc.disable)()
    capsys.readouterr()


def test_what_each_file_leaves_is_collected_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without automatic collections, the young objects (a file's cycles among
    them) are collected after each file of a corpus, and only they, in every
    command that reads files."""
    import gc

    paths = []
    for k in range(3):
        path = tmp_path / f"chapter{k}.txt"
        path.write_text("Text. [1]\n\nNotes\n\n1. Trotsky, My Life, p.1.\n", encoding="utf-8")
        paths.append(str(path))
    generations: list[int] = []
    collect = gc.collect

    def recording(generation: int = 2) -> int:
        generations.append(generation)
        return collect(generation)

    monkeypatch.setattr(gc, "collect", recording)
    for command in ("check", "notes", "bib"):
        generations.clear()
        main([command, *paths])
        assert generations == [0, 0, 0], command
    capsys.readouterr()


def _collector() -> tuple[bool, int]:
    import gc

    return gc.isenabled(), gc.get_threshold()[0]


def test_a_worker_of_jobs_collects_automatically() -> None:
    """A worker forked from the command line, which makes no automatic
    collections, collects automatically again (it checks many files)."""
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from cliffcite import cli

    was = gc.isenabled()
    gc.disable()
    try:
        with ProcessPoolExecutor(1, initializer=cli._tune_gc) as pool:
            assert pool.submit(_collector).result() == (True, cli.GC_THRESHOLD)
    finally:
        if was:
            gc.enable()
