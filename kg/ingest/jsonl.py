"""JSON Lines feeds: one document per line, an object with ``text`` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from kg.core.errors import InputError
from kg.core.model import Document
from kg.ingest.document import make_document
from kg.ingest.files import decode, read_lines
from kg.ingest.text import check_lines, normalize_text

__all__ = ["read_jsonl"]


def read_jsonl(
    path: Path, published: date | None, base_id: str | None = None
) -> Iterator[tuple[Document | InputError, int]]:
    """Yield ``(document or error, line number)`` for every non-blank line of a feed.

    A record without an ``id`` gets ``<base_id>-<line>``; ``base_id`` defaults to the
    file's name without its extension.
    """
    base_id = path.stem if base_id is None else base_id
    for number, line in read_lines(path):
        if isinstance(line, InputError):
            yield line, number
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(decode(path, line, number))
        except json.JSONDecodeError as error:
            yield InputError(str(path), f"not valid JSON ({error.msg})", number), number
            continue
        except RecursionError:
            yield InputError(str(path), "not valid JSON (nested too deeply)", number), number
            continue
        except ValueError as error:  # e.g. an integer of more than 4,300 digits
            yield (
                InputError(str(path), f"not valid JSON ({str(error).split(';')[0]})", number),
                number,
            )
            continue
        except InputError as error:
            yield error, number
            continue
        if not isinstance(record, dict):
            yield InputError(str(path), "a line must be a JSON object", number), number
            continue
        text = record.get("text")
        if not isinstance(text, str):
            yield InputError(str(path), "the object has no string field 'text'", number), number
            continue
        doc_id = record.get("id")
        if doc_id is None or doc_id == "":
            doc_id = f"{base_id}-{number}"
        elif not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
            yield (
                InputError(str(path), "the field 'id' must be a string or an integer", number),
                number,
            )
            continue
        try:
            for value in (text, record.get("title")):
                if isinstance(value, str):
                    check_lines(path, value, number)
            yield (
                make_document(path, str(doc_id), normalize_text(text), record, published, number),
                number,
            )
        except InputError as error:
            yield error, number
