"""Run SPARQL: ad hoc text, a ``.rq`` file, or a named query from ``ontology/queries/``.

Named queries are files whose name is the query's name. Their leading ``#`` comment
lines say what the query answers; a line ``# param: NAME (kind) — description``
declares a parameter. Parameter values are bound as RDF terms by the store (never
pasted into the query text), so a value cannot change the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib.term import Literal, Node

from kg.core.errors import QueryError
from kg.core.resources import queries_dir
from kg.sparql.binding import parse_param, with_prefixes

__all__ = ["NamedQuery", "list_queries", "load_query", "run_query", "parse_param", "internal_query"]


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``ontology/queries/``."""

    name: str
    text: str
    description: str
    params: tuple[str, ...]


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [_named(path) for path in sorted(queries_dir().glob("*.rq"))]


def load_query(name: str) -> NamedQuery:
    """The named query ``name``; raises QueryError listing the names there are."""
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no named query {name!r}; available: {names}")
    return _named(path)


def run_query(
    store,
    query: str,
    params: Mapping[str, object] | None = None,
    *,
    default_graph: str | None = None,
    **bindings: object,
):
    """Run ``query`` (SPARQL text or a named query's name) on ``store``.

    Args:
        store: a :class:`kg.store.GraphStore`.
        query: SPARQL text, or the name of a query in ``ontology/queries/``. The
            standard prefixes (:data:`kg.core.namespaces.QUERY_PREFIXES`) it uses but
            does not declare are declared for it.
        params: values for the query's variables, as a dict (``{"group": iri}``).
        **bindings: the same as keywords (``group=iri``); they win over ``params``. A value
            is an rdflib term, a string (one that looks like an absolute IRI becomes an IRI,
            anything else a literal) or a Python number, date or bool (a typed literal).
        default_graph: the graph to read as the default graph, e.g. the fused graph a push
            wrote as a named graph on a store whose default graph is the union of all.

    Returns:
        The store's QueryResult (``.vars`` and ``.rows`` for SELECT).
    """
    text = load_query(query).text if re.fullmatch(r"[A-Za-z0-9_-]+", query.strip()) else query
    terms = {
        key.lstrip("?$"): _term(value) for key, value in {**(params or {}), **bindings}.items()
    }
    if default_graph:
        return store.query(with_prefixes(text), terms or None, default_graph=default_graph)
    return store.query(with_prefixes(text), terms or None)


def _term(value) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        return parse_param(value)
    return Literal(value)


@cache
def internal_query(name: str) -> str:
    """The text of ``ontology/queries/internal/<name>.rq``: a query kg runs for itself.

    These are not offered as named queries; they are data files so that what kg asks
    the store can be read and tested like any other query.
    """
    return (queries_dir() / "internal" / f"{name}.rq").read_text(encoding="utf-8")


def _named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    params = tuple(
        m.group(1) for c in comments if (m := re.match(r"param:\s*\??([A-Za-z_][A-Za-z0-9_]*)", c))
    )
    description = " ".join(c for c in comments if c and not c.lower().startswith("param:"))
    return NamedQuery(path.stem, text, description, params)
