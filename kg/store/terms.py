"""Conversion between rdflib terms (the library's object model) and pyoxigraph terms.

Both directions memoise IRIs and blank nodes in a ``cache`` dict the caller keeps for
one batch, because a graph repeats the same few thousand IRIs millions of times.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.core.errors import StoreError
from kg.core.namespaces import XSD

__all__ = ["XSD_STRING", "to_oxigraph", "to_rdflib", "rdflib_converter", "add_quads", "paused_gc"]

XSD_STRING = str(XSD.string)


def to_oxigraph(term: Node, cache: dict):
    """Convert an rdflib term to a pyoxigraph term (IRIs and blank nodes memoised in ``cache``).

    Raises:
        ValueError: the term is not an IRI, blank node or literal, or pyoxigraph refuses it.

    >>> to_oxigraph(URIRef("https://w3id.org/conflict-kg/id/actor/bla"), {})
    <NamedNode value=https://w3id.org/conflict-kg/id/actor/bla>
    """
    if isinstance(term, Literal):
        # Literals are mostly distinct, and hashing one costs more than converting it.
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=to_oxigraph(term.datatype, cache))
    converted = cache.get(term)
    if converted is not None:
        return converted
    if isinstance(term, URIRef):
        converted = ox.NamedNode(str(term))
    elif isinstance(term, BNode):
        # A fresh store blank node per rdflib blank node: rdflib's ids need not be valid
        # N-Triples labels, and blank node identity only matters within one graph.
        converted = ox.BlankNode()
    else:
        raise ValueError(f"unsupported RDF term {term!r}")
    cache[term] = converted
    return converted


def to_rdflib(term, cache: dict) -> Node | None:
    """Convert a pyoxigraph term to an rdflib term (memoised in ``cache``); None stays None.

    A literal typed ``xsd:string`` comes back plain: RDF 1.1 makes ``"x"`` and
    ``"x"^^xsd:string`` one term, rdflib tells them apart, and users write the plain form.

    Raises:
        StoreError: the term is of a kind rdflib cannot hold (an RDF-star triple).

    >>> to_rdflib(ox.Literal("Quetta"), {})
    rdflib.term.Literal('Quetta')
    """
    if term is None:
        return None
    converted = cache.get(term)
    if converted is not None:
        return converted
    if isinstance(term, ox.NamedNode):
        converted = URIRef(term.value)
    elif isinstance(term, ox.BlankNode):
        converted = BNode(term.value)
    elif isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            converted = Literal(term.value, lang=term.language)
        elif datatype == XSD_STRING:
            converted = Literal(term.value)
        else:
            converted = Literal(term.value, datatype=URIRef(datatype))
    else:
        raise StoreError(f"unsupported RDF term from the store: {term!r}")
    cache[term] = converted
    return converted


def rdflib_converter() -> Callable[[object], Node | None]:
    """A :func:`to_rdflib` for a stream of terms that keeps no pyoxigraph term.

    Equal terms come back as one object, however often they recur: IRIs memoised by
    their text, literals by the rdflib literal.
    """
    iris: dict[str, URIRef] = {}
    literals: dict = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            value = t.value
            iri = iris.get(value)
            if iri is None:
                iri = iris[value] = URIRef(value)
            return iri
        converted = to_rdflib(t, {})
        return literals.setdefault(converted, converted) if converted is not None else None

    return term


def add_quads(graph: Graph, quads) -> Graph:
    """Add the triples of pyoxigraph ``quads`` (or triples) to the rdflib ``graph``; return it."""
    cache: dict = {}
    add = graph.add
    with paused_gc():
        for quad in quads:
            add(
                (
                    to_rdflib(quad.subject, cache),
                    to_rdflib(quad.predicate, cache),
                    to_rdflib(quad.object, cache),
                )
            )
    return graph


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects.

    Each full collection walks every live object, so converting a million terms while a
    large rdflib graph is alive otherwise grows worse than linearly.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
