"""Read input files into :class:`~kg.core.model.Document` records.

Accepted inputs: plain text (``.txt``), Markdown with optional YAML front matter
(``.md``: ``title``, ``published``, ``source``, ``url``, ``id``), HTML
(``.html``/``.htm``) and JSON Lines (``.jsonl``: one document per line with ``text``
and optional ``id``, ``title``, ``published``, ``source``, ``url``). A ``.txt`` or
``.html`` file may have a sidecar ``<stem>.meta.yaml`` with the same keys.

Which files are read is :mod:`kg.ingest.walk`'s concern; how much of each,
:mod:`kg.ingest.limits`'.

A document's id is its file's name without the extension, or the ``id`` its metadata
gives. When two input files have the same name in different folders, each one's id is
its path from the input folder, without the extension (``2024/report`` and
``2025/report``): a ``/`` cannot occur in a file name, so such an id never takes
another file's. The same text read twice (a copy under another name) is one document:
the second is skipped, with an :class:`~kg.core.errors.InputWarning`, so it does not
count as a second source.

A file that cannot be read yields an :class:`~kg.core.errors.InputError` naming the
file (and the line, for JSON Lines) in place of a document, so the caller can
report it and go on with the rest. A document longer than :data:`MAX_CHARS` is cut
there and built from the part kept; the cut is passed to the caller's ``warn``
callback as an :class:`~kg.core.errors.InputWarning` (logged when there is none).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kg.core.errors import InputError, InputWarning
from kg.core.model import Document
from kg.ingest import limits
from kg.ingest.document import make_document
from kg.ingest.files import decode, read_bytes
from kg.ingest.html_text import html_to_text
from kg.ingest.jsonl import read_jsonl
from kg.ingest.metadata import read_sidecar, split_front_matter
from kg.ingest.text import RUN_MARK, bound_runs, check_lines, cut_document, normalize_text
from kg.ingest.walk import InputFile, walk_inputs

__all__ = ["load_documents", "read_file", "Warn"]

log = logging.getLogger(__name__)

#: Called with an :class:`~kg.core.errors.InputWarning` for a document built from part of its file.
Warn = Callable[[InputWarning], None]


def load_documents(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    warn: Warn | None = None,
    follow_links: bool = False,
) -> Iterator[Document | InputError]:
    """Yield a Document (or an InputError) for every input file under ``paths``.

    Args:
        paths: files and folders.
        published: publication date for documents that do not carry one.
        warn: called with an InputWarning for a document built from part of its file
            (cut at :data:`MAX_CHARS`, or long runs cut) or skipped as a copy of another,
            before that document is yielded; by default the warning is logged.
        follow_links: also follow links to folders outside the input folders.
    """
    warn = warn or _log_warning
    files = list(_unique(walk_inputs(paths, follow_links=follow_links)))
    base_ids = _base_ids([f for f in files if isinstance(f, InputFile)])
    seen_ids: set[str] = set()
    # sha256 of a text -> (index in files, line) of the document first read with it.
    seen_texts: dict[bytes, tuple[int, int | None]] = {}
    for index, item in enumerate(files):
        if isinstance(item, InputError):
            yield item
            continue
        for document, line in _read_items(item.path, published, warn, base_ids[item.path]):
            if isinstance(document, Document):
                digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).digest()
                if digest in seen_texts:
                    first, first_line = seen_texts[digest]
                    where = f"{files[first].path}" + (f":{first_line}" if first_line else "")
                    warn(InputWarning(str(item.path), f"the same text as {where}; skipped", line))
                    continue
                if document.id in seen_ids:
                    document = InputError(
                        str(item.path), f"duplicate document id {document.id!r}", line
                    )
                else:
                    seen_ids.add(document.id)
                    seen_texts[digest] = (index, line)
            yield document


def _unique(items: Iterable[InputFile | InputError]) -> Iterator[InputFile | InputError]:
    """Each file once, listed first (cheap next to reading) to know which names repeat.

    A file can be named twice, e.g. as a folder and as a file in it.
    """
    seen: set[Path] = set()
    for item in items:
        if isinstance(item, InputFile):
            # realpath, not Path.resolve: it raises on a link that loops.
            real = Path(os.path.realpath(item.path))
            if real in seen:
                continue
            seen.add(real)
        yield item


def _base_ids(files: list[InputFile]) -> dict[Path, str]:
    """The id of each file's document when its metadata gives none (see the module doc)."""
    stems = Counter(f.path.stem for f in files)
    ids = {}
    for file in files:
        if stems[file.path.stem] == 1:
            ids[file.path] = file.path.stem
        else:
            ids[file.path] = file.relative.with_suffix("").as_posix()
    # Two files that differ only in their extension (report.txt, report.md) keep it.
    repeated = Counter(ids.values())
    for file in files:
        if repeated[ids[file.path]] > 1:
            ids[file.path] = file.relative.as_posix()
    return ids


def read_file(
    path: Path, *, published: date | None = None, warn: Warn | None = None
) -> Iterator[Document | InputError]:
    """Yield the document(s) in one file, or an InputError saying why not (``warn``: see :func:`load_documents`)."""
    for item, _line in _read_items(path, published, warn, path.stem):
        yield item


def _read_items(
    path: Path, published: date | None, warn: Warn | None, base_id: str
) -> Iterator[tuple[Document | InputError, int | None]]:
    """Like :func:`read_file`, with the line of each JSON Lines record."""
    for item, line in _parse_items(path, published, base_id):
        if isinstance(item, Document):
            item = _bound_runs(item, line, warn or _log_warning)
            if len(item.content) > limits.MAX_CHARS:
                item, warning = cut_document(item, line)
                (warn or _log_warning)(warning)
        yield item, line


def _bound_runs(document: Document, line: int | None, warn: Warn) -> Document:
    """The document with its long runs without a space cut (see :func:`bound_runs`)."""
    text, cut = bound_runs(document.text)
    title, cut_title = bound_runs(document.title) if document.title else (document.title, 0)
    if not cut and not cut_title:
        return document
    runs = cut + cut_title
    warn(
        InputWarning(
            document.path or document.id,
            f"{runs:,} long run{'s' if runs != 1 else ''} without a space (more than "
            f"{limits.MAX_PUNCTUATION_RUN} punctuation characters or {limits.MAX_RUN_CHARS} "
            f"characters) {'were' if runs != 1 else 'was'} cut short and marked {RUN_MARK}",
            line,
        )
    )
    return replace(document, text=text, title=title)


def _log_warning(warning: InputWarning) -> None:
    log.warning("%s", warning)


def _parse_items(
    path: Path, published: date | None, base_id: str
) -> Iterator[tuple[Document | InputError, int | None]]:
    try:
        if path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path, published, base_id)
            return
        raw = read_bytes(path)
        text = decode(path, raw)
        meta = read_sidecar(path)
        if path.suffix.lower() in (".html", ".htm"):
            # Minified HTML is one long line; the limit applies to the text shown.
            html_title, text = html_to_text(text)
            text = normalize_text(text)  # character references can spell invisible characters
            meta.setdefault("title", html_title)
            check_lines(path, text, numbered=False)
        else:
            check_lines(path, text)
        if path.suffix.lower() in (".md", ".markdown"):
            front, text = split_front_matter(path, text)
            meta.update(front)
        yield make_document(path, base_id, text, meta, published), None
    except InputError as error:
        yield error, error.line
    except OSError as error:  # e.g. the sidecar's folder became unreadable after the walk
        yield InputError(str(path), f"cannot read: {error.strerror or error}"), None
