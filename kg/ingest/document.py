"""Building a :class:`~kg.core.model.Document` from a text and its metadata."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from kg.core.errors import InputError
from kg.core.model import Document
from kg.ingest import limits
from kg.ingest.text import normalize_text

__all__ = ["make_document"]


def make_document(
    path: Path, doc_id: str, text: str, meta: dict, published: date | None, line: int | None = None
) -> Document:
    """The document read from ``path`` (``line`` of a feed), with metadata from ``meta``.

    Args:
        path: the file read.
        doc_id: the id to use when ``meta`` has none.
        text: the body.
        meta: ``id``, ``title``, ``published``, ``source``, ``url`` (any may be missing).
        published: the date for a document whose metadata has none.
        line: the line of a JSON Lines record.

    Raises:
        InputError: no text, an empty id, an overlong title or an invalid date.
    """
    text = text.strip()
    if not text:
        raise InputError(str(path), "no text", line)
    doc_id = normalize_text(str(meta.get("id") or doc_id)).strip()
    if not doc_id:
        raise InputError(str(path), "empty document id", line)
    title = meta.get("title")
    max_line = limits.MAX_LINE_CHARS
    if isinstance(title, str) and len(title) > max_line:  # an HTML <title> has no other check
        raise InputError(
            str(path),
            f"the title is {len(title):,} characters long; the limit is {max_line:,}",
            line,
        )
    return Document(
        id=doc_id,
        text=text,
        title=normalize_text(str(title)).strip() or None if title else None,
        published=_date(path, meta.get("published"), line) or published,
        source=_text_or_none(meta.get("source")),
        url=_text_or_none(meta.get("url")),
        path=str(path),
    )


def _date(path: Path, value: object, line: int | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(
            str(path), f"'published' is not a valid YYYY-MM-DD date: {value!r}", line
        ) from None


def _text_or_none(value: object) -> str | None:
    return normalize_text(str(value)).strip() or None if value not in (None, "") else None
