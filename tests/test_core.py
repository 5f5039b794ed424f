"""kg/core: the prefix table, atomic writes and limits every stage shares."""

from __future__ import annotations

import doctest
import os

import pytest

import kg.core.files
import kg.extract
import kg.ingest.limits
from kg.core.files import atomic_path, atomic_write
from kg.core.limits import MAX_CHARS


def test_core_files_doctests_run():
    assert doctest.testmod(kg.core.files).failed == 0


@pytest.mark.parametrize("data", [b"", b"new text\n"])
def test_core_atomic_write_replaces_whole_with_the_usual_mode(tmp_path, data):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    atomic_write(target, lambda fh: fh.write(data))
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == data and target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_core_atomic_path_keeps_the_old_file_when_the_writer_fails(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise OSError("disk full")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize("module", [kg.ingest.limits, kg.extract])
def test_core_max_chars_is_the_one_limit(module):
    assert module.MAX_CHARS == MAX_CHARS
