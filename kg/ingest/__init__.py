"""Files and feeds -> :class:`~kg.core.Document`.

One concept a module: :mod:`~kg.ingest.walk` finds the input files,
:mod:`~kg.ingest.files` reads and decodes their bytes, :mod:`~kg.ingest.text`
normalises and bounds the text, :mod:`~kg.ingest.metadata` parses YAML metadata,
:mod:`~kg.ingest.html_text` and :mod:`~kg.ingest.jsonl` read those formats,
:mod:`~kg.ingest.document` builds the record and :mod:`~kg.ingest.reader` puts them
together. The bounds live in :mod:`~kg.ingest.limits`.
"""

from __future__ import annotations

from kg.ingest.html_text import html_to_text
from kg.ingest.limits import MAX_BYTES, MAX_CHARS, MAX_LINE_CHARS
from kg.ingest.reader import load_documents, read_file
from kg.ingest.text import normalize_text
from kg.ingest.walk import SUFFIXES, find_input_files

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
