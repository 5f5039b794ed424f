"""The SPARQL tokenizer every part of kg that reads query text shares.

It follows the terminals of the SPARQL 1.1 grammar (Query §19.8) that matter to kg:
strings (tried long-first, like the grammar), IRIREFs (with the ``\\u`` escapes
Oxigraph accepts in them), comments, variables, blank node labels, prefixed names,
keywords, numbers and language tags. Matching strings, IRIs and comments whole keeps
the braces, ``#`` and keywords inside them out of every count and scan.

>>> [t.text for t in tokenize('SELECT * { ?s geo:asWKT "a {" }') if t.kind != "space"]
['SELECT', '*', '{', '?s', 'geo:asWKT', '"a {"', '}']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["STRING", "IRIREF", "TOKEN", "Token", "tokenize", "significant"]

#: A string literal, long or short, single- or double-quoted.
STRING = re.compile(
    r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"",
    re.S,
)
#: An IRI between angle brackets.
IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_NAME = r"[\w\u00b7\u0300-\u036f\u203f\u2040]"
_LOCAL = rf"(?:{_NAME}|[:.-]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*"
#: Every other token; the name of the group that matched is its kind, and ``punct``
#: takes any single character, so the tokenizer never fails.
TOKEN = re.compile(
    rf"(?P<space>\s+)|(?P<comment>#[^\n\r]*)|(?P<var>[?$]{_NAME}+)|(?P<bnode>_:{_LOCAL})"
    rf"|(?P<pname>(?P<prefix>[^\W\d_][\w.\u00b7-]*)?:{_LOCAL})|(?P<word>[^\W\d]\w*)"
    r"|(?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<escape>\\.?)|(?P<punct>.)",
    re.S,
)


class Token(NamedTuple):
    """One token: its kind (``string``, ``iri``, ``pname``, ``word``, ``punct`` ...) and place."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def prefix(self) -> str | None:
        """The prefix of a prefixed name (``"geo"`` for ``geo:asWKT``), else None."""
        return self.text.partition(":")[0] if self.kind == "pname" else None


def tokenize(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text`` in order, spaces and comments included.

    A ``<`` that starts a well-formed IRIREF is read as an IRI. Inside an expression it
    may be a comparison instead; :func:`kg.sparql.guard.check_query` follows both
    readings where that matters.
    """
    pos = 0
    while pos < len(text):
        char = text[pos]
        match = None
        if char in "'\"":
            match, kind = STRING.match(text, pos), "string"
        elif char == "<":
            match, kind = IRIREF.match(text, pos), "iri"
        if match is None:
            match = TOKEN.match(text, pos)
            kind = match.lastgroup
        yield Token(kind, match.group(), pos, match.end())
        pos = match.end()


def significant(text: str) -> Iterator[Token]:
    """The tokens of ``text`` without spaces and comments."""
    return (t for t in tokenize(text) if t.kind not in ("space", "comment"))
