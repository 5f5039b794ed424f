"""Finding the input files under the paths a build is given.

Folders are walked recursively, in name order. Skipped: hidden files and folders,
names listed in a ``.kgignore`` file (fnmatch patterns, one a line), and any folder
that holds the output of a build (:func:`kg.core.output.is_output_folder`), so that ``kg build .``
never reads its own exports. A link to a folder outside the input folder it was
found in is not followed unless asked (``follow_links``): a link to ``/etc`` must not
put system files in the graph. A folder that cannot be listed is reported as an
:class:`~kg.core.errors.InputError` and the walk goes on with the rest.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import InputError
from kg.core.output import is_output_folder
from kg.ingest.files import read_side_file

__all__ = ["SUFFIXES", "InputFile", "find_input_files", "walk_inputs"]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class InputFile:
    """An input file and the input folder it was found in (itself, for a file given directly)."""

    path: Path
    root: Path

    @property
    def relative(self) -> Path:
        """The path from the input folder; for a file given directly, from the working folder.

        A file given directly outside the working folder gets its absolute path less the
        leading ``/``.
        """
        if self.path != self.root:
            return self.path.relative_to(self.root)
        relative = Path(os.path.relpath(self.path))
        if relative.parts and relative.parts[0] == "..":
            relative = Path(*Path(os.path.abspath(self.path)).parts[1:])
        return relative


def find_input_files(
    paths: Iterable[str | Path], *, follow_links: bool = False
) -> Iterator[Path | InputError]:
    """Yield the input files under ``paths`` (or an InputError for a path not read)."""
    for item in walk_inputs(paths, follow_links=follow_links):
        yield item if isinstance(item, InputError) else item.path


def walk_inputs(
    paths: Iterable[str | Path], *, follow_links: bool = False
) -> Iterator[InputFile | InputError]:
    """Yield an :class:`InputFile` for every input file under ``paths``, or an InputError.

    Args:
        paths: files and folders.
        follow_links: also follow links to folders outside the input folder.
    """
    for given in paths:
        path = Path(given)
        try:
            exists, is_dir = path.exists(), path.is_dir()
        except OSError as error:
            yield InputError(str(path), f"cannot read: {error.strerror or error}")
            continue
        if not exists:
            yield InputError(str(path), "no such file or folder")
        elif not is_dir:
            yield InputFile(path, path)
        elif is_output_folder(path):
            yield InputError(str(path), "holds the output of `kg build`, not input; not read")
        else:
            walk = _Walk(path, follow_links)
            yield from walk.folder(path, [])


class _Walk:
    """One input folder's walk: its real location, and the folders seen so far."""

    def __init__(self, root: Path, follow_links: bool):
        self.root = root
        self.real_root = Path(os.path.realpath(root))
        self.follow_links = follow_links
        # A link back up the tree would otherwise be walked for ever.
        self.seen: set[Path] = set()

    def folder(
        self, folder: Path, ignores: list[tuple[Path, str]]
    ) -> Iterator[InputFile | InputError]:
        real = Path(os.path.realpath(folder))
        if real in self.seen:
            return
        self.seen.add(real)
        try:
            ignore_file = folder / ".kgignore"
            if ignore_file.is_file():
                patterns = read_side_file(ignore_file).splitlines()
                ignores = ignores + [
                    (folder, p.strip()) for p in patterns if p.strip() and not p.startswith("#")
                ]
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda entry: entry.name)
        except InputError as error:
            yield error
            return
        except OSError as error:
            yield InputError(str(folder), f"cannot read the folder: {error.strerror or error}")
            return
        for entry in children:
            child = folder / entry.name
            if entry.name.startswith(".") or _ignored(child, ignores):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as error:  # e.g. a folder we may list but not enter
                yield InputError(str(child), f"cannot read: {error.strerror or error}")
                continue
            if is_dir:
                yield from self.subfolder(child, entry.is_symlink(), ignores)
            elif child.suffix.lower() in SUFFIXES and not child.name.endswith(".meta.yaml"):
                yield InputFile(child, self.root)

    def subfolder(
        self, child: Path, is_link: bool, ignores: list[tuple[Path, str]]
    ) -> Iterator[InputFile | InputError]:
        if is_output_folder(child):
            return  # the exports of an earlier build, e.g. `kg build .` run twice
        if is_link and not self.follow_links:
            target = Path(os.path.realpath(child))
            if not target.is_relative_to(self.real_root):
                yield InputError(
                    str(child),
                    f"a link to {target}, outside {self.root}; not followed "
                    "(follow it with --follow-links, or list it in .kgignore)",
                )
                return
        yield from self.folder(child, ignores)


def _ignored(path: Path, ignores: list[tuple[Path, str]]) -> bool:
    for base, pattern in ignores:
        relative = path.relative_to(base).as_posix()
        if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(relative, pattern):
            return True
    return False
