"""The query guard: what kg agrees to run on a store.

Only the four query forms run; every SPARQL Update form is refused, and so is
``SERVICE``, because pyoxigraph fetches ``SERVICE`` endpoints over HTTP and a graph
of untrusted news must never make the tool reach the network. The endpoint, the
embedded store and :func:`kg.run_query` all ask this module.
"""

from __future__ import annotations

import re

from kg.core.errors import QueryError
from kg.core.limits import MAX_NESTING
from kg.sparql.lexer import IRIREF, STRING, TOKEN, significant

__all__ = [
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
    "QueryRefused",
    "check_nesting",
    "check_query",
    "query_form",
]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# SPARQL 1.1 Update §3: the operations, and WITH which opens DELETE/INSERT.
UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "DROP",
    "CLEAR",
    "LOAD",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)

_OPEN, _CLOSE = "({[", ")}]"
_SERVICE = re.compile("service", re.I)
_SCAN_BUDGET = 8  # tokens scanned per character of query, over every reading


class QueryRefused(QueryError):
    """kg will not run this request; ``status`` is the HTTP status the endpoint answers."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def check_query(text: str) -> str:
    """Return the form of a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).

    Raises:
        QueryRefused: 403 for an update, 400 for ``SERVICE``, for nesting deeper than
            :data:`~kg.core.limits.MAX_NESTING` or for text that is no query.

    >>> check_query("PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT * { ?e a ckg:Attack }")
    'SELECT'
    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    kg.sparql.guard.QueryRefused: this endpoint is read-only: DROP (SPARQL Update) is refused
    """
    check_nesting(text)
    form = query_form(text)
    if form in UPDATE_KEYWORDS:
        raise QueryRefused(403, f"this endpoint is read-only: {form} (SPARQL Update) is refused")
    if form not in QUERY_FORMS:
        raise QueryRefused(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    if _mentions_service(text):
        raise QueryRefused(400, "SERVICE (federated query) is not allowed on this endpoint")
    return form


def query_form(text: str) -> str:
    """The first keyword after the prologue (BASE and PREFIX declarations), upper-cased.

    >>> query_form("PREFIX ex: <http://example.org/> ask { ?s ?p ?o }")
    'ASK'
    """
    pos, expect = 0, None
    while pos < len(text):
        iri = IRIREF.match(text, pos) if text[pos] == "<" else None
        match = iri or TOKEN.match(text, pos)
        pos = match.end()
        kind = "iri" if iri else match.lastgroup
        if kind in ("space", "comment"):
            continue
        word = match.group().upper()
        if expect == "prefix" and kind == "pname":
            expect = "iri"
        elif expect == "iri" and kind == "iri":
            expect = None
        elif expect is None and kind == "word" and word in ("BASE", "PREFIX"):
            expect = "iri" if word == "BASE" else "prefix"
        else:
            return word if kind == "word" else ""
    return ""


def check_nesting(text: str) -> None:
    """Refuse a query nested deeper than MAX_NESTING before any parser recurses into it.

    Raises:
        QueryRefused: 400, the query is nested too deeply.

    Brackets inside strings, IRIs and comments are not counted (the lexer reads those
    whole), so the count is the one a SPARQL parser sees.
    """
    depth = 0
    for token in significant(text):
        if token.text in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRefused(
                    400, f"query nested too deeply: more than {MAX_NESTING} levels of brackets"
                )
        elif token.text in _CLOSE:
            depth = max(depth - 1, 0)


def _mentions_service(text: str) -> bool:
    """Whether any reading of ``text`` has a token that could be the SERVICE keyword.

    Oxigraph's parser decides from context whether ``<`` opens an IRI or compares, so
    ``FILTER(?o<1)SERVICE#>`` hides ``SERVICE`` from a scan that reads ``<1)SERVICE#>``
    as an IRI. ``<`` compares only inside an expression (always within parentheses)
    after an operand; there both readings are followed, every reading scanned once
    (states are memoised). Keywords need no space after them (``SERVICEex:x`` parses),
    so any bare word or prefix containing "service" counts. Fail closed past a budget.
    """
    budget = _SCAN_BUDGET * len(text) + 256
    todo = [(0, False, (), None)]
    seen = set()
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        pos, operand, stack, floor = state
        while pos < len(text):
            budget -= 1
            if budget < 0:
                return True
            char = text[pos]
            if char in "'\"" and (string := STRING.match(text, pos)):
                pos, operand = string.end(), True
                continue
            if char == "<" and (iri := IRIREF.match(text, pos)):
                if operand and stack[-1:] == ("(",):  # also read it as the operator
                    todo.append((pos + 1, False, stack, floor if floor is not None else len(stack)))
                pos, operand = iri.end(), True
                continue
            match = TOKEN.match(text, pos)
            pos, kind, token = match.end(), match.lastgroup, match.group()
            if kind in ("space", "comment"):
                continue
            name = (
                (match.group("prefix") or "")
                if kind == "pname"
                else token
                if kind == "word"
                else ""
            )
            if _SERVICE.search(name) and (floor is None or stack[-1:] == ("{",)):
                return True
            if token in _OPEN:
                stack = (*stack, token)
            elif token in _CLOSE:
                stack = stack[:-1]
                if floor is not None and len(stack) < floor:
                    floor = None
                    state = (pos, True, stack, None)
                    if state in seen:
                        break
                    seen.add(state)
            operand = kind in ("var", "bnode", "pname", "word", "number", "lang") or token in ")]"
    return False
