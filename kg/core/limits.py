"""Limits on what kg reads and returns, defined once for every stage that enforces them."""

from __future__ import annotations

__all__ = [
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
    "MAX_ROWS",
    "MAX_REQUEST_BYTES",
    "MAX_RESPONSE_BYTES",
    "MAX_NESTING",
    "MAX_MENTIONS",
    "MAX_RECORDS",
    "MAX_EVIDENCE",
]

#: Largest input file read, in bytes. News articles are a few kB; a larger file is
#: almost always a mistake (a data dump, a binary), and reading it whole would cost memory.
#: JSON Lines feeds are read a line at a time: the limit applies to each line.
MAX_BYTES = 5 * 1024 * 1024
#: Longest line of text read, in characters. A paragraph of news runs to a few thousand;
#: a line of millions is a dump or an attack, and the extractor's cost grows with the
#: length of a sentence times the names in it.
MAX_LINE_CHARS = 100_000
#: Longest content (title, blank line, body) of one document, in characters: what the
#: reader keeps and the extractor reads. A 5 MB file of short lines can hold more; it is
#: cut at the last line break before the limit and built from the part kept, and the
#: cut is reported, never silent.
MAX_CHARS = 1_000_000
#: Result rows (or triples) the endpoint returns at most by default.
MAX_ROWS = 10_000
#: Largest request body or URL the endpoint reads by default, in bytes.
MAX_REQUEST_BYTES = 100_000
#: Largest serialized answer the endpoint sends by default, in bytes. Rows are capped
#: too, but a few rows of nested CONCAT can each hold megabytes.
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
#: Deepest nesting of brackets, braces and parentheses a SPARQL query may have. Oxigraph
#: parses recursively and overflows its stack (a segfault) at a few thousand levels;
#: hand-written queries stay under twenty.
MAX_NESTING = 100
#: Seconds one request to a remote SPARQL store may take, whole: connecting, sending,
#: every retry and reading the answer. A per-read timeout alone lets a server that
#: sends a byte every few seconds hold kg forever.
REMOTE_DEADLINE = 300.0
#: Largest answer read from a remote SPARQL store, in bytes (after decompression).
REMOTE_MAX_BYTES = 512 * 1024 * 1024
#: Mentions of entities kept from one document. Each becomes about nine triples (the
#: mention, its sentence, offsets); a news article names a few hundred at most, while a
#: megabyte of dense event sentences names tens of thousands, and its graph, fusion and
#: exports would take gigabytes. The first ones are kept and the cut is reported.
MAX_MENTIONS = 2_000
#: Events, statistics and relations kept from one document, each.
MAX_RECORDS = 1_000
#: Sentences of evidence kept per event of one document: a report tells an incident
#: in a few sentences, not thousands.
MAX_EVIDENCE = 100
