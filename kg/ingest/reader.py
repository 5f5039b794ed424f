"""Read input files into :class:`~kg.core.model.Document` records.

Accepted inputs: plain text (``.txt``), Markdown with optional YAML front matter
(``.md``: ``title``, ``published``, ``source``, ``url``, ``id``), HTML
(``.html``/``.htm``) and JSON Lines (``.jsonl``: one document per line with ``text``
and optional ``id``, ``title``, ``published``, ``source``, ``url``). A ``.txt`` or
``.html`` file may have a sidecar ``<stem>.meta.yaml`` with the same keys.

Which files are read is :mod:`kg.ingest.walk`'s concern; how much of each,
:mod:`kg.ingest.limits`'.

A file that cannot be read yields an :class:`~kg.core.errors.InputError` naming the
file (and the line, for JSON Lines) in place of a document, so the caller can
report it and go on with the rest. A document longer than :data:`MAX_CHARS` is cut
there and built from the part kept; the cut is passed to the caller's ``warn``
callback as an :class:`~kg.core.errors.InputWarning` (logged when there is none).
"""

from __future__ import annotations

import logging
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
from kg.ingest.walk import find_input_files

__all__ = ["load_documents", "read_file", "Warn"]

log = logging.getLogger(__name__)

#: Called with an :class:`~kg.core.errors.InputWarning` for a document built from part of its file.
Warn = Callable[[InputWarning], None]


def load_documents(
    paths: Iterable[str | Path], *, published: date | None = None, warn: Warn | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document (or an InputError) for every input file under ``paths``.

    Args:
        paths: files and folders.
        published: publication date for documents that do not carry one.
        warn: called with an InputWarning for a document built from part of its file
            (cut at :data:`MAX_CHARS`), before that document is yielded; by default the
            warning is logged.
    """
    seen: set[str] = set()
    for path in find_input_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for item, line in _read_items(path, published, warn):
            if isinstance(item, Document):
                if item.id in seen:
                    item = InputError(str(path), f"duplicate document id {item.id!r}", line)
                else:
                    seen.add(item.id)
            yield item


def read_file(
    path: Path, *, published: date | None = None, warn: Warn | None = None
) -> Iterator[Document | InputError]:
    """Yield the document(s) in one file, or an InputError saying why not (``warn``: see :func:`load_documents`)."""
    for item, _line in _read_items(path, published, warn):
        yield item


def _read_items(
    path: Path, published: date | None, warn: Warn | None
) -> Iterator[tuple[Document | InputError, int | None]]:
    """Like :func:`read_file`, with the line of each JSON Lines record."""
    for item, line in _parse_items(path, published):
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
    path: Path, published: date | None
) -> Iterator[tuple[Document | InputError, int | None]]:
    try:
        if path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path, published)
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
        yield make_document(path, path.stem, text, meta, published), None
    except InputError as error:
        yield error, error.line
