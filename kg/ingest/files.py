"""Reading the bytes of an input file safely, and decoding them to text.

Only regular files are read (never a device, pipe or socket), never more than a limit,
and a file that cannot be read raises an :class:`~kg.core.errors.InputError` naming it.
"""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from kg.core.errors import InputError
from kg.ingest import limits
from kg.ingest.text import normalize_text

__all__ = ["read_bytes", "read_lines", "read_side_file", "decode"]


def _open_regular(path: Path):
    """Open a regular file for reading in binary; anything else is an InputError."""
    try:
        # O_NONBLOCK: opening a FIFO named like an article must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    handle = os.fdopen(fd, "rb")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(str(path), "not a regular file (a device, pipe or socket)")
    except BaseException:
        handle.close()
        raise
    return handle


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file of at most ``limit`` (default MAX_BYTES) bytes, never holding more.

    Raises:
        InputError: the file is not a regular file, cannot be read or is too large.
    """
    limit = limits.MAX_BYTES if limit is None else limit
    with _open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(str(path), f"file is {size:,} bytes; the limit is {limit:,}")
            # The size can change between fstat and read: read one byte past the limit to know.
            raw = handle.read(limit + 1)
        except OSError as error:
            raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise InputError(str(path), f"file is more than {limit:,} bytes; the limit is {limit:,}")
    return raw


def read_lines(path: Path) -> Iterator[tuple[int, bytes | InputError]]:
    """Yield ``(number, line)`` of a JSON Lines file, one line in memory at a time.

    A feed has no size limit; each line (one article) has MAX_BYTES. A longer line is
    reported and skipped without being held.
    """
    max_bytes = limits.MAX_BYTES
    with _open_regular(path) as handle:
        number = 0
        try:
            while line := handle.readline(max_bytes + 1):
                number += 1
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                    yield (
                        number,
                        InputError(
                            str(path),
                            f"the line is more than {max_bytes:,} bytes; the limit is {max_bytes:,}",
                            number,
                        ),
                    )
                    continue
                yield number, line
        except OSError as error:
            raise InputError(
                str(path), f"cannot read: {error.strerror or error}", number + 1
            ) from None


def read_side_file(path: Path) -> str:
    """The text of a small file beside the inputs (sidecar metadata, .kgignore)."""
    return read_bytes(path, limits.MAX_SIDE_FILE).decode("utf-8", errors="replace")


def decode(path: Path, raw: bytes, line: int | None = None) -> str:
    """Decode the bytes of an input file (UTF-8, UTF-16 or cp1252) to normalised text.

    Raises:
        InputError: the bytes are binary data, not text (named by ``path`` and ``line``).
    """
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
    elif _looks_utf16(raw):
        text = raw.decode(
            "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be",
            errors="replace",
        )
    else:
        if b"\x00" in raw:
            raise InputError(str(path), "binary file (contains NUL bytes), not text", line)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Windows newsroom exports are the usual non-UTF-8 input; cp1252 maps every
            # byte but five, which then become U+FFFD rather than failing the file.
            text = raw.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise InputError(str(path), "binary file (mostly non-text characters), not text", line)
    return normalize_text(text)


def _looks_utf16(raw: bytes) -> bool:
    """True for UTF-16 text without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    sample = raw[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > 0.4 * (len(sample) / 2) and min(odd, even) < 0.05 * (len(sample) / 2)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\t\r")
    )
    return bad > 0.1 * len(sample)
