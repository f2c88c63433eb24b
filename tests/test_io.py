"""Reading broken inputs gives one clear line; writing is atomic."""

from __future__ import annotations

import codecs
import io
import os
import pickle
import sys
import zipfile
from pathlib import Path

import pytest

from cliffcite.io import (
    InputError,
    Source,
    decode,
    ensure_not_input,
    read_source,
    sniff_declared_charset,
    write_atomic,
)

TEXT = "Trotsky wrote to Mariátegui.\n“The United Opposition”, 1927 – 1928.\n"
ASCII_TEXT = "Trotsky wrote to Zinoviev.\r\nSee p.179-80.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def write(tmp_path: Path, data: bytes, name: str = "in.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def error_of(path: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as caught:
        read_source(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- what is refused -------------------------------------------------------------


def test_empty_file_is_empty_text(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, b"")) == Source(
        text="", path=str(tmp_path / "in.txt"), encoding="utf-8", had_bom=False
    )


def test_png_is_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path, PNG, "x.png")
    assert error_of(path) == f"cannot read {path!r}: binary file (PNG image)"


def test_png_is_refused_even_with_explicit_encoding(tmp_path: Path) -> None:
    assert "binary file (PNG image)" in error_of(write(tmp_path, PNG), encoding="latin-1")


def test_zip_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert error_of(str(path)).endswith(": binary file (ZIP archive)")


def test_epub_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    assert error_of(str(path)).endswith(": binary file (EPUB book (a ZIP archive))")


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    data = b"abc\x00\x01\x02\x03\xff\xfe\x00\x00\x10\x00\x00\x00" * 50
    assert error_of(write(tmp_path, data)).endswith(": binary file (NUL byte at offset 3)")


def test_control_bytes_are_not_text(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 20 + b"\xff"
    assert error_of(write(tmp_path, data)).endswith(
        ": not UTF-8, UTF-16 or a known 8-bit encoding (try --encoding)"
    )


def test_nonexistent_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    assert error_of(path) == f"cannot read {path!r}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert error_of(str(tmp_path)) == f"cannot read {str(tmp_path)!r}: is a directory"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"secret", "secret.txt")
    os.chmod(path, 0)
    try:
        assert error_of(path) == f"cannot read {path!r}: permission denied"
    finally:
        os.chmod(path, 0o600)


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, b"x" * 2048, "big.txt")
    assert error_of(path, max_bytes=1024) == f"cannot read {path!r}: larger than the 1 KiB limit"


def test_character_device_is_refused() -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    assert error_of("/dev/null").endswith(": not a regular file (a character device)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_without_writer_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    assert read_source(str(path)).text == ""


def test_newline_in_file_name_stays_on_one_line(tmp_path: Path) -> None:
    assert "\\n" in error_of(str(tmp_path / "two\nlines.txt"))


def test_error_survives_pickling() -> None:
    error = InputError("x.txt", "no such file")
    assert str(pickle.loads(pickle.dumps(error))) == "cannot read 'x.txt': no such file"


# -- what is decoded, and how ----------------------------------------------------


def test_utf8_without_bom(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, TEXT.encode("utf-8")))
    assert (source.text, source.encoding, source.had_bom) == (TEXT, "utf-8", False)


def test_utf8_with_bom_strips_it(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, codecs.BOM_UTF8 + TEXT.encode("utf-8")))
    assert (source.text, source.encoding, source.had_bom) == (TEXT, "utf-8", True)


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_wide_encodings_with_bom(tmp_path: Path, codec: str, bom: bytes) -> None:
    source = read_source(write(tmp_path, bom + TEXT.encode(codec)))
    assert (source.text, source.encoding, source.had_bom) == (TEXT, codec, True)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom(tmp_path: Path, codec: str) -> None:
    source = read_source(write(tmp_path, TEXT.encode(codec)))
    assert (source.text, source.encoding, source.had_bom) == (TEXT, codec, False)


def test_utf16_with_and_without_bom_give_the_same_text() -> None:
    with_bom = decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), name="a")[0]
    without = decode(TEXT.encode("utf-16-be"), name="b")[0]
    assert with_bom == without == TEXT


def test_utf16_cyrillic_without_bom() -> None:
    text = "Троцкий, «Моя жизнь», т. 2, с. 45.\n" * 20
    assert decode(text.encode("utf-16-le"), name="x") == (text, "utf-16-le", False)


def test_invalid_utf16_after_bom_names_the_offset() -> None:
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xdc"  # lone low surrogate
    with pytest.raises(InputError, match="not valid utf-16-le at byte offset 6"):
        decode(data, name="x.txt")


def test_latin1_bytes(tmp_path: Path) -> None:
    # Windows-1252 agrees with Latin-1 on every letter, so it is the name reported.
    source = read_source(write(tmp_path, b"Mari\xe1tegui"))
    assert (source.text, source.encoding) == ("Mariátegui", "windows-1252")


def test_latin1_fallback_for_bytes_windows_1252_leaves_undefined(tmp_path: Path) -> None:
    data = b"Jos\xe9 Carlos Mari\xe1tegui, Siete ensayos (Lima, 1928). " * 3 + b"\x8d"
    source = read_source(write(tmp_path, data))
    assert (source.text, source.encoding) == (data.decode("latin-1"), "iso-8859-1")


def test_windows_1252_bytes(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, b"\x93Mari\xe1tegui\x94 \x96 1928"))
    assert (source.text, source.encoding) == ("“Mariátegui” – 1928", "windows-1252")


def test_crlf_is_preserved(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, ASCII_TEXT.encode("ascii"))).text == ASCII_TEXT


def test_crlf_is_preserved_in_utf16(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + ASCII_TEXT.encode("utf-16-le")
    assert read_source(write(tmp_path, data)).text == ASCII_TEXT


def test_wrong_html_declaration_does_not_override_utf8(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{TEXT}</body></html>'
    source = read_source(write(tmp_path, html.encode("utf-8"), "page.html"))
    assert (source.text, source.encoding) == (html, "utf-8")


def test_declared_charset_is_used_when_bytes_are_not_utf8(tmp_path: Path) -> None:
    html = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">Троцкий'
    source = read_source(write(tmp_path, html.encode("koi8-r"), "page.html"))
    assert (source.text, source.encoding) == (html, "koi8-r")


def test_declared_iso_8859_1_reads_curly_quotes_as_windows_1252() -> None:
    data = b'<meta charset="ISO-8859-1">\x93quoted\x94'
    assert decode(data, name="x", declared="iso-8859-1") == (
        '<meta charset="ISO-8859-1">“quoted”',
        "windows-1252",
        False,
    )


def test_unknown_declared_charset_is_ignored() -> None:
    assert decode(b"Mari\xe1tegui", name="x", declared="klingon") == (
        "Mariátegui",
        "windows-1252",
        False,
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"<meta charset=UTF-8>", "utf-8"),
        (b"<META CHARSET='iso-8859-1' />", "iso-8859-1"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            "windows-1252",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-15"?>', "iso-8859-15"),
        (b"<p>charset=utf-8 is not a declaration</p>", None),
        (b" " * 5000 + b"<meta charset=utf-8>", None),
    ],
)
def test_sniff_declared_charset(head: bytes, expected: str | None) -> None:
    assert sniff_declared_charset(head) == expected


def test_explicit_encoding_wins(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8")  # valid UTF-8, read as Latin-1 because the user said so
    source = read_source(write(tmp_path, data), encoding="latin-1")
    assert (source.text, source.encoding) == (data.decode("latin-1"), "iso-8859-1")


def test_explicit_encoding_that_does_not_fit_names_the_offset(tmp_path: Path) -> None:
    path = write(tmp_path, b"abc\xe1def")
    assert error_of(path, encoding="utf-8") == (
        f"cannot read {path!r}: not valid utf-8 at byte offset 3 (try another --encoding)"
    )


def test_explicit_utf8_strips_bom(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, codecs.BOM_UTF8 + b"abc"), encoding="utf-8")
    assert (source.text, source.had_bom) == ("abc", True)


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, b"abc", "x.txt")
    assert error_of(path, encoding="foo") == f"cannot read {path!r}: unknown encoding 'foo'"


def test_bytes_to_bytes_codec_is_an_unknown_encoding(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, b"abc"), encoding="hex").endswith(": unknown encoding 'hex'")


def test_stdin_is_read_from_its_buffer(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(codecs.BOM_UTF8 + TEXT.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    assert read_source("-") == Source(text=TEXT, path="<stdin>", encoding="utf-8", had_bom=True)


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(b"x" * 100)

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    with pytest.raises(InputError, match="'<stdin>': larger than the 50 bytes limit"):
        read_source("-", max_bytes=50)


def test_reading_leaves_the_file_untouched(tmp_path: Path) -> None:
    data = b"\x93Mari\xe1tegui\x94\r\n"
    path = write(tmp_path, data)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = os.stat(path)
    read_source(path)
    after = os.stat(path)
    assert Path(path).read_bytes() == data
    assert (after.st_mtime_ns, after.st_size, after.st_mode) == (
        before.st_mtime_ns,
        before.st_size,
        before.st_mode,
    )


# -- writing ---------------------------------------------------------------------


def test_write_atomic_replaces_content_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomic(str(target), ASCII_TEXT)
    assert target.read_bytes() == ASCII_TEXT.encode("ascii")  # CRLF kept as written
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    write_atomic(str(target), TEXT, encoding="utf-16")
    assert target.read_bytes().decode("utf-16") == TEXT
    assert os.listdir(tmp_path) == ["new.txt"]


def test_write_atomic_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomic(str(target), "new")
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_write_atomic_failing_to_encode_leaves_the_original(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(InputError, match="U\\+201C at offset 29 cannot be encoded in latin-1"):
        write_atomic(str(target), TEXT, encoding="latin-1")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("exception", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_write_atomic_interrupted_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exception: BaseException
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def failing_replace(src: str, dst: str) -> None:
        raise exception

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises((InputError, KeyboardInterrupt)):
        write_atomic(str(target), "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_unknown_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot write .*: unknown encoding 'foo'"):
        write_atomic(str(tmp_path / "out.txt"), "x", encoding="foo")
    assert os.listdir(tmp_path) == []


def test_write_atomic_onto_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot write .*: is a directory"):
        write_atomic(str(tmp_path), "x")


def test_write_atomic_into_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot write .*: no such file"):
        write_atomic(str(tmp_path / "missing" / "out.txt"), "x")


def test_ensure_not_input_refuses_the_input(tmp_path: Path) -> None:
    path = write(tmp_path, b"text")
    alias = os.path.join(str(tmp_path), ".", "in.txt")
    with pytest.raises(InputError, match=r"cannot write .*: it is the input file"):
        ensure_not_input(alias, ["other.txt", path])


def test_ensure_not_input_refuses_a_hard_link(tmp_path: Path) -> None:
    path = write(tmp_path, b"text")
    link = tmp_path / "link.txt"
    os.link(path, link)
    with pytest.raises(InputError):
        ensure_not_input(str(link), [path])


def test_ensure_not_input_allows_other_files(tmp_path: Path) -> None:
    path = write(tmp_path, b"text")
    ensure_not_input(str(tmp_path / "out.txt"), [path, "-"])
    ensure_not_input(write(tmp_path, b"other", "other.txt"), [path])


def test_write_atomic_dash_writes_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdout:
        buffer = io.BytesIO()

    monkeypatch.setattr(sys, "stdout", FakeStdout())
    write_atomic("-", ASCII_TEXT)
    assert FakeStdout.buffer.getvalue() == ASCII_TEXT.encode("ascii")


def test_explicit_generic_utf16_records_the_bom() -> None:
    data = codecs.BOM_UTF16_BE + "abc".encode("utf-16-be")
    assert decode(data, name="x", encoding="utf-16") == ("abc", "utf-16", True)
