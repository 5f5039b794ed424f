"""Finding the input files under the paths a build is given.

Folders are walked recursively; hidden files and names listed in a ``.kgignore``
file (fnmatch patterns, one a line) are skipped.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.core.errors import InputError
from kg.ingest.files import read_side_file

__all__ = ["SUFFIXES", "find_input_files"]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


def find_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield the input files under ``paths`` (or an InputError for a missing path)."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif path.is_dir():
            yield from _walk_dir(path, [])
        else:
            yield path


def _walk_dir(
    folder: Path, ignores: list[tuple[Path, str]], seen: set[Path] | None = None
) -> Iterator[Path | InputError]:
    # A symbolic link back up the tree would otherwise be walked forever.
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    ignore_file = folder / ".kgignore"
    try:
        if ignore_file.is_file():
            patterns = read_side_file(ignore_file).splitlines()
            ignores = ignores + [
                (folder, p.strip()) for p in patterns if p.strip() and not p.startswith("#")
            ]
        children = sorted(folder.iterdir())
    except InputError as error:
        yield error
        return
    except OSError as error:
        yield InputError(str(folder), f"cannot read the folder: {error.strerror or error}")
        return
    for child in children:
        if child.name.startswith(".") or _ignored(child, ignores):
            continue
        if child.is_dir():
            yield from _walk_dir(child, ignores, seen)
        elif child.suffix.lower() in SUFFIXES and not child.name.endswith(".meta.yaml"):
            yield child


def _ignored(path: Path, ignores: list[tuple[Path, str]]) -> bool:
    for base, pattern in ignores:
        relative = path.relative_to(base).as_posix()
        if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(relative, pattern):
            return True
    return False
