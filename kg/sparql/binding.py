"""Parameter binding and prefix declaration: how values and prefixes enter a query.

Values are bound as RDF terms, never formatted into the query text, so a value cannot
change the query: the embedded store substitutes them itself (or takes them from a
function, see :func:`bind_lateral`), and a remote store gets them as a ``VALUES``
block written by pyoxigraph's term serializer (:func:`with_values`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.core.errors import QueryError
from kg.core.namespaces import QUERY_PREFIXES
from kg.sparql.lexer import significant

__all__ = ["PARAM_FUNCTION", "parse_param", "bind_lateral", "with_values", "with_prefixes"]

#: The IRI prefix of the functions :func:`bind_lateral` calls, one per parameter.
PARAM_FUNCTION = "urn:conflict-kg:param:"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_param(value: str) -> Node:
    """Turn a command-line value into an RDF term.

    >>> parse_param("https://w3id.org/conflict-kg/id/actor/bla")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/actor/bla')
    >>> parse_param("Quetta")
    rdflib.term.Literal('Quetta')
    """
    if re.fullmatch(r"(https?|urn):[^\s<>\"{}|\\^`]+", value):
        return URIRef(value)
    return Literal(value)


def with_prefixes(text: str, prefixes: Mapping[str, str] = QUERY_PREFIXES) -> str:
    """Declare the standard prefixes ``text`` uses but does not declare.

    Args:
        text: SPARQL query text.
        prefixes: the table to declare from (default :data:`kg.core.namespaces.QUERY_PREFIXES`).

    Returns:
        ``text`` with ``PREFIX`` lines put before it for each missing prefix.

    >>> print(with_prefixes("SELECT ?w { ?g geo:asWKT ?w }"))
    PREFIX geo: <http://www.opengis.net/ont/geosparql#>
    SELECT ?w { ?g geo:asWKT ?w }
    """
    declared, used = set(), []
    after_prefix = False
    for token in significant(text):
        if token.kind == "pname":
            (declared.add if after_prefix else used.append)(token.prefix)
        after_prefix = token.kind == "word" and token.text.upper() == "PREFIX"
    missing = [
        f"PREFIX {p}: <{prefixes[p]}>"
        for p in dict.fromkeys(used)
        if p in prefixes and p not in declared
    ]
    return "\n".join([*missing, text])


def bind_lateral(sparql: str, names: list[str]) -> str:
    """Rewrite ``WHERE { P }`` as ``WHERE { BIND(<param fn>() AS ?name) LATERAL { P } }``.

    pyoxigraph substitutes only projected variables; the others are bound by a BIND at
    the head of the WHERE clause whose value a custom function (named
    :data:`PARAM_FUNCTION` + the variable) returns, so the term never enters the query
    text. LATERAL evaluates ``P`` once per binding with the value already in place, so
    the store uses its indexes as it would for a constant (a plain join is ~100x slower).

    Raises:
        QueryError: a name is no variable name, or the query has no WHERE clause.
    """
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    parens = braces = 0
    opened = None
    for token in significant(sparql):
        text = token.text
        parens += {"(": 1, ")": -1}.get(text, 0) if token.kind == "punct" else 0
        if parens or token.kind != "punct":
            continue
        if text == "{":
            braces += 1
            if opened is None:
                opened = token.end
        elif text == "}" and opened is not None:
            braces -= 1
            if braces == 0:
                binds = " ".join(f"BIND(<{PARAM_FUNCTION}{n}>() AS ?{n})" for n in names)
                body = sparql[opened : token.start]
                return f"{sparql[:opened]} {binds} LATERAL {{{body}}} {sparql[token.start :]}"
    raise QueryError("cannot bind parameters: the query has no WHERE clause")


def with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Put ``VALUES (?a ?b) { (term term) }`` right after the WHERE clause's opening brace.

    At the head of the group it joins before anything else is evaluated, as the embedded
    store's substitution does, whether or not the variables are projected. Each term is
    written by pyoxigraph, which escapes what needs escaping.

    Raises:
        QueryError: a name is no variable name, a value is no IRI or literal, or the
            query has no WHERE clause.
    """
    names, terms = [], []
    for name, value in bindings.items():
        name = name.lstrip("?$")
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if isinstance(value, URIRef):
            term = ox.NamedNode(str(value))
        elif isinstance(value, Literal):
            term = (
                ox.Literal(str(value), language=value.language)
                if value.language
                else ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
                if value.datatype
                else ox.Literal(str(value))
            )
        else:
            raise QueryError(f"cannot send {value!r} to a remote store as a value of ?{name}")
        names.append(f"?{name}")
        terms.append(str(term))
    values = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    tokens = [t for t in significant(sparql) if t.kind in ("word", "punct")]
    words = [t.text.upper() for t in tokens]
    # CONSTRUCT's first brace opens its template; its WHERE clause comes after.
    start = words.index("WHERE") if "CONSTRUCT" in words and "WHERE" in words else 0
    depth = 0
    for token in tokens[start:]:
        text = token.text
        depth += {"(": 1, ")": -1}.get(text, 0)
        if text == "{" and depth == 0:
            return f"{sparql[: token.end]} {values} {sparql[token.end :]}"
    raise QueryError("cannot bind parameters: the query has no WHERE clause")
