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
        InputError: no text, a metadata value that is not text, an empty id, an overlong
            title or an invalid date.
    """
    _check_values(path, meta, line)
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


_META_KEYS = ("id", "title", "published", "source", "url")
# What YAML or JSON can give that is not text, named as a user would say it.
_KINDS = {
    bool: "true/false (quote it to mean the word)",
    bytes: "binary data",
    dict: "a mapping",
    list: "a list",
    set: "a set",
    tuple: "a list",
}


def _check_values(path: Path, meta: dict, line: int | None) -> None:
    """Refuse a metadata value that is not text, a number or (for ``published``) a date.

    ``str()`` of a set or a mapping would become the id or title, and a set's order, and
    so the content hash, changes from one run to the next.
    """
    for key in _META_KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
            continue
        if key == "published" and isinstance(value, date):
            continue
        kind = next((name for t, name in _KINDS.items() if isinstance(value, t)), None)
        raise InputError(
            str(path),
            f"the value of {key!r} must be text, not {kind or type(value).__name__}",
            line,
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
