"""How much of an input is read: the bounds that keep one file from costing the build.

The modules of :mod:`kg.ingest` read these names at call time (``limits.MAX_BYTES``),
so a test can lower one with ``monkeypatch.setattr("kg.ingest.limits.MAX_BYTES", 100)``.
"""

from __future__ import annotations

__all__ = [
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
    "MAX_FRONT_MATTER",
    "MAX_SIDE_FILE",
    "MAX_YAML_DEPTH",
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
#: extractor reads (:data:`kg.extract.MAX_CHARS`, pinned equal by a test). A 5 MB file
#: of short lines can hold more; it is cut at the last line break before the limit and
#: built from the part kept, and the cut is reported, never silent.
MAX_CHARS = 1_000_000
#: Longest front matter of a Markdown file, in characters.
MAX_FRONT_MATTER = 64 * 1024
#: Largest sidecar ``.meta.yaml`` or ``.kgignore`` file, in bytes.
MAX_SIDE_FILE = 64 * 1024
#: Deepest ``[``/``{`` nesting allowed in YAML metadata (see :func:`kg.ingest.metadata.flow_depth`).
MAX_YAML_DEPTH = 32
