"""How much of an input is read: the bounds that keep one file from costing the build.

The modules of :mod:`kg.ingest` read these names at call time (``limits.MAX_BYTES``),
so a test can lower one with ``monkeypatch.setattr("kg.ingest.limits.MAX_BYTES", 100)``.
"""

from __future__ import annotations

__all__ = [
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
    "MAX_RUN_CHARS",
    "MAX_PUNCTUATION_RUN",
    "MAX_FRONT_MATTER",
    "MAX_SIDE_FILE",
    "MAX_YAML_DEPTH",
]

# Defined once in kg.core.limits; bound here as module attributes so the ingest modules read
# them at call time and a test can lower one for ingest alone.
from kg.core.limits import MAX_BYTES, MAX_CHARS, MAX_LINE_CHARS  # noqa: E402

#: Longest run of characters without a space kept in a text. spaCy's tokenizer strips
#: punctuation from the ends of such a run one character at a time, searching the whole
#: run each time: 24,000 ``=`` in a row take 93 s. Words, numbers and most URLs are
#: shorter; a longer run keeps its first characters and is marked cut
#: (:data:`kg.ingest.text.RUN_MARK`).
MAX_RUN_CHARS = 100
#: Longest run of punctuation and symbols (no letter, digit or space) kept in a text. The
#: tokenizer's cost per run grows with the square of its length, and its cache is off for
#: the rest of a document after the first line break, so a megabyte of 100-character runs
#: of ``=`` still takes 30 s to tokenize; runs of 10 take 2 s. Prose needs three or four
#: (``."),``); longer ones are rules and ornaments (``==========``).
MAX_PUNCTUATION_RUN = 10
#: Longest front matter of a Markdown file, in characters.
MAX_FRONT_MATTER = 64 * 1024
#: Largest sidecar ``.meta.yaml`` or ``.kgignore`` file, in bytes.
MAX_SIDE_FILE = 64 * 1024
#: Deepest ``[``/``{`` nesting allowed in YAML metadata (see :func:`kg.ingest.metadata.flow_depth`).
MAX_YAML_DEPTH = 32
