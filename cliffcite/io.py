"""Reading user input safely and writing output atomically.

Every failure a user can cause -- a missing file, a directory, a PNG, bytes in
an unknown encoding -- becomes an :class:`InputError` whose ``str()`` is one
line the user can act on.  The CLI prints it and exits 2; no traceback.

Decoding never changes the text beyond removing a byte-order mark: line endings
stay as they are, so character offsets map onto the file as it is.

The order in which :func:`decode` tries its answers:

1. magic numbers of common binary formats (PNG, PDF, ZIP, ...) are refused;
2. an explicit ``encoding`` wins;
3. a byte-order mark (UTF-8, UTF-16, UTF-32);
4. if the bytes hold NULs: UTF-16/32 without a BOM (NULs at a fixed byte of
   every code unit), else the file is binary;
5. strict UTF-8 -- even when the file declares another charset, since wrong
   declarations are common and valid UTF-8 is almost never an accident;
6. the charset the file declares, if it decodes;
7. Windows-1252, else Latin-1, if the bytes look like text.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import secrets
import stat
import sys
from collections.abc import Sequence
from typing import BinaryIO

from attrs import frozen

__all__ = [
    "MAX_INPUT_BYTES",
    "InputError",
    "Source",
    "decode",
    "ensure_not_input",
    "read_source",
    "sniff_declared_charset",
    "write_atomic",
]

#: Inputs above this size are refused before reading: the largest real book is a
#: few MB, and decoding holds the bytes and the text in memory together.
MAX_INPUT_BYTES = 1 << 30

#: The path that means standard input, and the name a source read from it gets.
STDIN_PATH = "-"
STDIN_NAME = "<stdin>"

#: How far into a file :func:`sniff_declared_charset` looks: a ``<meta charset>``
#: belongs in the ``<head>``, which rarely runs past this.
DECLARATION_SCAN_BYTES = 4096

#: Bytes examined when judging whether a non-UTF-8 file is text: enough to judge,
#: bounded so a 100 MB file costs no more than a small one.
TEXT_SAMPLE_BYTES = 1 << 20

#: Bytes examined for the NUL pattern of UTF-16/32 without a BOM.
UTF16_SAMPLE_BYTES = 1 << 16

#: Share of text characters that may be control characters (other than tab,
#: line breaks, form feed and the DOS end-of-file mark): old text files carry a
#: few strays, binary data has far more.
MAX_CONTROL_FRACTION = 0.01

#: UTF-16 without a BOM needs NULs in at least this share of one byte position
#: of its code units (spaces and punctuation are ASCII even in Cyrillic text) ...
UTF16_MIN_NUL_FRACTION = 0.1
#: ... and at most this many times fewer NULs in the other position; binary
#: data has NULs at both positions alike.
UTF16_NUL_DOMINANCE = 10

#: Chunk size for reading pipes and standard input.
_READ_CHUNK = 1 << 20

# Magic numbers of binary formats people drop into text archives, longest-prefix
# first where they share a start.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (b"\x7fELF", "ELF executable"),
)

# Where a ZIP-based document names its type: the first entry of an EPUB/ODF file
# is an uncompressed "mimetype" whose content starts at byte 38.
_ZIP_MIMETYPE_OFFSET = 30
_ZIP_DOCUMENT_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"mimetypeapplication/epub+zip", "EPUB book (a ZIP archive)"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "OpenDocument file (a ZIP archive)"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The BOMs that Python's generic codecs remove while decoding.
_CONSUMED_BOMS: dict[str, tuple[bytes, ...]] = {
    "utf-8-sig": (codecs.BOM_UTF8,),
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}

# Control characters that do not occur in text (C0 without tab, LF, VT, FF, CR
# and SUB, the DOS end-of-file mark; DEL), and the same plus C1 for Latin-1,
# where 0x80-0x9F decode to C1 controls.
_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_C0_C1_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")

# Charsets that a declaration names but that browsers read as Windows-1252
# (WHATWG Encoding Standard): ISO-8859-1 and ASCII declarations are mostly
# Windows-1252 files with curly quotes.
_READ_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii", "cp1252"})

# Display names for the codecs Python names differently from the web.
_DISPLAY_NAMES = {"cp1252": "windows-1252", "iso8859-1": "iso-8859-1"}

_CHARSET_LABEL = rb"([A-Za-z0-9][A-Za-z0-9_.:+-]{0,39})"
_DECLARATION_PATTERNS = (
    re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*" + _CHARSET_LABEL, re.IGNORECASE),
    re.compile(rb"<\?xml\s[^>]*?encoding\s*=\s*[\"']" + _CHARSET_LABEL, re.IGNORECASE),
)

_UNDECODABLE = "not UTF-8, UTF-16 or a known 8-bit encoding (try --encoding)"


class InputError(Exception):
    """A file cliffcite cannot read or write; ``str()`` is one actionable line."""

    def __init__(self, path: str, reason: str, action: str = "read") -> None:
        self.path = path
        self.reason = reason
        self.action = action
        # repr() quotes the path and escapes newlines in it: the message stays one line.
        super().__init__(f"cannot {action} {path!r}: {' '.join(reason.split())}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str]]:
        return (type(self), (self.path, self.reason, self.action))


@frozen
class Source:
    """A decoded input: its text, where it came from and how it was decoded."""

    text: str
    path: str
    encoding: str
    had_bom: bool


def decode(
    data: bytes,
    *,
    name: str,
    encoding: str | None = None,
    declared: str | None = None,
) -> tuple[str, str, bool]:
    """Decode *data* and return ``(text, encoding used, had BOM)``.

    *name* is the path shown in errors.  An explicit *encoding* wins; *declared*
    (a charset the file declares, see :func:`sniff_declared_charset`) is only a
    hint for bytes that are not UTF-8.  A BOM is removed; nothing else changes.
    Raises :class:`InputError` for binary data and undecodable bytes.
    """
    if not data:
        return "", _display_name(encoding, name) if encoding else "utf-8", False
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(name, f"binary file ({kind})")
    if encoding is not None:
        return _decode_explicit(data, name, encoding)

    view = memoryview(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec.startswith("utf-32") and len(data) % 4:
                continue  # a UTF-16 LE BOM followed by U+0000, not a UTF-32 BOM
            text = _decode_strict(view[len(bom) :], name, codec, len(bom))
            return text, codec, True

    nul = data.find(b"\x00")
    if nul >= 0:
        wide = _sniff_utf16_32(view)
        if wide is not None:
            wide_text = _try_decode(view, wide)
            if wide_text is not None and _looks_like_text(
                wide_text[:TEXT_SAMPLE_BYTES], _C0_CONTROLS
            ):
                return wide_text, wide, False
        raise InputError(name, f"binary file (NUL byte at offset {nul})")

    utf8_text = _try_decode(view, "utf-8")
    if utf8_text is not None:
        return utf8_text, "utf-8", False

    sample = str(view[:TEXT_SAMPLE_BYTES], "latin-1")
    for codec in _eight_bit_candidates(declared):
        controls = _C0_C1_CONTROLS if codec == "iso8859-1" else _C0_CONTROLS
        if not _looks_like_text(sample, controls):
            continue
        narrow_text = _try_decode(view, codec)
        if narrow_text is not None:
            return narrow_text, _DISPLAY_NAMES.get(codec, codec), False
    raise InputError(name, _UNDECODABLE)


def sniff_declared_charset(data: bytes) -> str | None:
    """Return the charset declared in the first 4 KB of *data*, lower-cased, or None.

    Finds ``<meta charset=...>``, ``<meta http-equiv="Content-Type"
    content="...; charset=...">`` and ``<?xml ... encoding="..."?>``.  The label
    is returned as written; whether Python knows it is the caller's concern.
    """
    prefix = data[:DECLARATION_SCAN_BYTES]
    for pattern in _DECLARATION_PATTERNS:
        match = pattern.search(prefix)
        if match:
            return match.group(1).decode("ascii").lower()
    return None


def read_source(
    path: str, *, encoding: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Source:
    """Read and decode *path* (``"-"`` for standard input) into a :class:`Source`.

    Never opens *path* for writing.  Directories, devices and sockets are
    refused; a named pipe without a writer reads as empty instead of hanging.
    Raises :class:`InputError` for every failure.
    """
    if path == STDIN_PATH:
        name = STDIN_NAME
        data = _read_stdin(max_bytes)
    else:
        name = path
        data = _read_file(path, max_bytes)
    declared = None if encoding is not None else sniff_declared_charset(data)
    text, used, had_bom = decode(data, name=name, encoding=encoding, declared=declared)
    return Source(text=text, path=name, encoding=used, had_bom=had_bom)


def ensure_not_input(output: str, inputs: Sequence[str]) -> None:
    """Raise :class:`InputError` if *output* is the same file as one of *inputs*."""
    if output == STDIN_PATH:
        return
    for source in inputs:
        if source == STDIN_PATH:
            continue
        try:
            same = os.path.samefile(output, source)
        except (OSError, ValueError):
            # One of them does not exist (yet): the same only if spelled alike.
            same = os.path.realpath(output) == os.path.realpath(source)
        if same:
            raise InputError(output, f"it is the input file {source!r}", "write")


def write_atomic(path: str, text: str, *, encoding: str = "utf-8") -> None:
    """Write *text* to *path* so that readers see the old file or the new, never half.

    The text goes to a temporary file in the same directory, is flushed and
    fsynced, and replaces *path* with :func:`os.replace`.  On any failure,
    KeyboardInterrupt included, the temporary file is removed and an existing
    *path* is left untouched.  A symlink is followed, so the file it points at is
    replaced; an existing file's permission bits are kept, and a read-only one
    is refused as :func:`open` would.  Line endings are
    written as they are in *text*.  ``"-"`` writes to standard output.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}", "write") from None
    if path == STDIN_PATH:
        _write_stdout(text, encoding)
        return
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise InputError(path, "is a directory", "write")
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    if mode is not None and not os.access(target, os.W_OK):
        # os.replace would succeed where open() fails: respect a read-only file.
        raise InputError(path, "permission denied", "write")
    directory = os.path.dirname(target)
    try:
        fd, tmp = _create_temporary(directory, os.path.basename(target))
    except OSError as exc:
        raise InputError(path, _describe_os_error(exc), "write") from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, UnicodeEncodeError):
            char = exc.object[exc.start]
            raise InputError(
                path,
                f"character U+{ord(char):04X} at offset {exc.start} cannot be encoded in "
                f"{encoding}",
                "write",
            ) from exc
        if isinstance(exc, OSError):
            raise InputError(path, _describe_os_error(exc), "write") from exc
        raise
    _fsync_directory(directory)


# -- decoding helpers ------------------------------------------------------------


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == "ZIP archive":
                for marker, document in _ZIP_DOCUMENT_KINDS:
                    if data.startswith(marker, _ZIP_MIMETYPE_OFFSET):
                        return document
            return kind
    return None


def _decode_explicit(data: bytes, name: str, encoding: str) -> tuple[str, str, bool]:
    try:
        codec = codecs.lookup(encoding).name
        text = str(data, codec)
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            name, f"not valid {encoding} at byte offset {exc.start} (try another --encoding)"
        ) from None
    except ValueError as exc:  # codecs such as idna raise plain UnicodeError
        raise InputError(name, f"cannot decode as {encoding}: {exc}") from None
    if text.startswith("\ufeff"):
        return text[1:], _display_name(encoding, name), True
    # The generic utf-16/utf-32/utf-8-sig codecs consume the BOM themselves.
    had_bom = data.startswith(_CONSUMED_BOMS.get(codec, ()))
    return text, _display_name(encoding, name), had_bom


def _decode_strict(view: memoryview, name: str, codec: str, offset: int) -> str:
    try:
        return str(view, codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"not valid {codec} at byte offset {exc.start + offset} "
            f"(though it starts with a {codec} byte-order mark)",
        ) from None


def _try_decode(view: memoryview, codec: str) -> str | None:
    try:
        return str(view, codec)
    except (UnicodeError, LookupError):
        return None


def _display_name(encoding: str, name: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(name, f"unknown encoding {encoding!r}") from None
    return _DISPLAY_NAMES.get(codec, codec)


def _sniff_utf16_32(view: memoryview) -> str | None:
    """Guess UTF-16/32 without a BOM from where the NULs fall, or None."""
    size = min(len(view), UTF16_SAMPLE_BYTES)
    if len(view) % 4 == 0:
        sample = bytes(view[: size - size % 4])
        units = len(sample) // 4
        # In UTF-32 the byte that would hold bits 24-31 is always NUL.
        if sample[3::4].count(0) == units and sample[0::4].count(0) < units:
            return "utf-32-le"
        if sample[0::4].count(0) == units and sample[3::4].count(0) < units:
            return "utf-32-be"
    if len(view) % 2:
        return None
    sample = bytes(view[: size - size % 2])
    units = len(sample) // 2
    high_le, high_be = sample[1::2].count(0), sample[0::2].count(0)
    for high, low, codec in ((high_le, high_be, "utf-16-le"), (high_be, high_le, "utf-16-be")):
        if high >= units * UTF16_MIN_NUL_FRACTION and low * UTF16_NUL_DOMINANCE <= high:
            return codec
    return None


def _looks_like_text(sample: str, controls: re.Pattern[str]) -> bool:
    if not sample:
        return True
    return len(controls.findall(sample)) <= len(sample) * MAX_CONTROL_FRACTION


def _eight_bit_candidates(declared: str | None) -> list[str]:
    """The codecs to try, in order, for bytes that are not UTF-8."""
    candidates = []
    if declared is not None:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        # A declaration of UTF-8 or UTF-16/32 is wrong here: the bytes said otherwise.
        if codec is not None and not codec.startswith(("utf-", "utf_")):
            if codec in _READ_AS_WINDOWS_1252:
                candidates.append("cp1252")
            candidates.append(codec)
    candidates += ["cp1252", "iso8859-1"]
    return list(dict.fromkeys(candidates))


# -- reading helpers -------------------------------------------------------------


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        info = os.stat(path)
        _check_kind(path, info.st_mode)
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise InputError(path, f"larger than the {_format_size(max_bytes)} limit")
        # O_NONBLOCK so that opening a named pipe without a writer does not block.
        nonblocking: int = getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    except ValueError:  # an embedded NUL in the path
        raise InputError(path, "no such file (the name contains a NUL character)") from None
    except OSError as exc:
        raise InputError(path, _describe_os_error(exc, path)) from None
    try:
        with os.fdopen(fd, "rb", buffering=0) as handle:
            info = os.fstat(fd)  # the path may have been swapped since the stat
            _check_kind(path, info.st_mode)
            if nonblocking:
                os.set_blocking(fd, True)
            if stat.S_ISREG(info.st_mode):
                if info.st_size > max_bytes:
                    raise InputError(path, f"larger than the {_format_size(max_bytes)} limit")
                data = handle.readall()
            else:
                data = _read_bounded(handle, max_bytes)
    except OSError as exc:
        raise InputError(path, _describe_os_error(exc, path)) from None
    if len(data) > max_bytes:
        raise InputError(path, f"larger than the {_format_size(max_bytes)} limit")
    return data


def _check_kind(path: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory")
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return
    if stat.S_ISCHR(mode):
        kind = "a character device"
    elif stat.S_ISBLK(mode):
        kind = "a block device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    raise InputError(path, f"not a regular file ({kind})")


def _read_stdin(max_bytes: int) -> bytes:
    stream = sys.stdin
    if stream is None:
        raise InputError(STDIN_NAME, "no standard input")
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    try:
        if buffer is None:  # a text stream without bytes underneath (tests, IDEs)
            encoding = getattr(stream, "encoding", None) or "utf-8"
            data = stream.read(max_bytes + 1).encode(encoding, "surrogateescape")
        else:
            data = _read_bounded(buffer, max_bytes)
    except OSError as exc:
        raise InputError(STDIN_NAME, _describe_os_error(exc)) from None
    if len(data) > max_bytes:
        raise InputError(STDIN_NAME, f"larger than the {_format_size(max_bytes)} limit")
    return data


def _read_bounded(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read until EOF or one byte past *max_bytes*, whichever comes first."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(_READ_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _describe_os_error(exc: OSError, path: str | None = None) -> str:
    code = exc.errno
    if code == errno.ENOENT:
        return "no such file"
    if code == errno.EISDIR:
        return "is a directory"
    if code in (errno.EACCES, errno.EPERM):
        if path is not None and os.path.isdir(path):  # Windows refuses to open directories
            return "is a directory"
        return "permission denied"
    if code == errno.ENOTDIR:
        return "no such file (a part of the path is not a directory)"
    if code == errno.ELOOP:
        return "too many levels of symbolic links"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    if code is not None:
        return os.strerror(code).lower()
    return str(exc) or type(exc).__name__


def _format_size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} bytes"


# -- writing helpers -------------------------------------------------------------


def _create_temporary(directory: str, base: str) -> tuple[int, str]:
    """Create a new file next to the target; mode 0o666 less the umask, like open()."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "cannot create a temporary file", directory)


def _fsync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows (POSIX; not Windows)."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_stdout(text: str, encoding: str) -> None:
    stream = sys.stdout
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    try:
        if buffer is None:
            stream.write(text)
            stream.flush()
        else:
            buffer.write(text.encode(encoding))
            buffer.flush()
    except UnicodeEncodeError as exc:
        raise InputError(
            "-", f"text cannot be encoded in {encoding} (offset {exc.start})", "write"
        ) from None
    except OSError as exc:
        raise InputError("-", _describe_os_error(exc), "write") from None
