"""Files and feeds -> :class:`~kg.core.Document`."""

from __future__ import annotations

from kg.ingest.reader import (
    MAX_BYTES,
    MAX_CHARS,
    MAX_LINE_CHARS,
    SUFFIXES,
    find_input_files,
    html_to_text,
    load_documents,
    normalize_text,
    read_file,
)

__all__ = [
    "load_documents",
    "find_input_files",
    "read_file",
    "normalize_text",
    "html_to_text",
    "SUFFIXES",
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
]
