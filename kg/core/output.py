"""The output folder of a build: how it is recognised and when a build may write to it.

``kg build`` writes a marker file (:data:`OUTPUT_MARKER`) in the folder it writes,
so that a later walk of the inputs never reads the exports as articles, and so that
a build refuses to scatter its files into a folder of someone else's files.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.errors import KgError

__all__ = ["OUTPUT_MARKER", "is_output_folder", "prepare_output_folder"]

#: The file ``kg build`` writes in its output folder.
OUTPUT_MARKER = ".kg-output"
# What the embedded store leaves in an output folder (kg.store.embedded), for folders
# built before the marker existed.
_STORE_DIR, _STORE_LOCK = "store", "store.lock"


def is_output_folder(folder: Path) -> bool:
    """True for a folder ``kg build`` wrote: it holds the marker, or a store and its lock."""
    try:
        return (folder / OUTPUT_MARKER).is_file() or (
            (folder / _STORE_DIR).is_dir() and (folder / _STORE_LOCK).is_file()
        )
    except OSError:
        return False


def prepare_output_folder(out: str | Path, *, force: bool = False) -> Path:
    """Create ``out`` if needed, mark it as a build's output folder and return it.

    Args:
        out: the folder; missing, empty or written by an earlier build.
        force: also write into a folder that holds other files.

    Raises:
        KgError: ``out`` is empty text, is a file, cannot be created, or holds other
            files and ``force`` is not set.
    """
    if str(out) == "":
        raise KgError("the output folder is empty text; give a folder, e.g. --out exports")
    out = Path(out)
    try:
        if out.exists() and not out.is_dir():
            raise KgError(f"the output folder {out} is a file")
        if out.is_dir() and not force and not is_output_folder(out) and any(out.iterdir()):
            raise KgError(
                f"the output folder {out} holds other files and no kg build; "
                "choose an empty folder, or write into this one with --force"
            )
        out.mkdir(parents=True, exist_ok=True)
        (out / OUTPUT_MARKER).write_text(
            "This folder is written by `kg build`; input walks skip it.\n", encoding="utf-8"
        )
    except OSError as error:
        raise KgError(f"cannot create the output folder {out}: {error.strerror or error}") from None
    return out
