"""A set of triples with the few lookups fusion makes, cheaper to fill than an rdflib graph.

Fusion writes hundreds of thousands of triples and reads back only a handful of
predicates (types, hierarchies, positions). An rdflib :class:`~rdflib.Graph` indexes every
triple three ways and checks each term as it is added; :class:`Triples` keeps the triples
grouped by predicate, which is all those lookups need. Its terms are rdflib terms, and
equal triples are one triple, as in a graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.term import Node

__all__ = ["Triples"]


class Triples:
    """Triples grouped by predicate, with the part of :class:`rdflib.Graph`'s API fusion uses."""

    __slots__ = ("_by_predicate",)

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = ()):
        self._by_predicate: dict[Node, set[tuple[Node, Node]]] = {}
        for triple in triples:
            self.add(triple)

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        pairs = self._by_predicate.get(p)
        if pairs is None:
            pairs = self._by_predicate[p] = set()
        pairs.add((s, o))

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for p, pairs in self._by_predicate.items():
            for s, o in pairs:
                yield s, p, o

    def __len__(self) -> int:
        return sum(map(len, self._by_predicate.values()))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return (s, o) in self._by_predicate.get(p, ())

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        """The subjects of ``predicate`` with object ``obj`` (each once)."""
        seen = set()
        for s, o in self._by_predicate.get(predicate, ()):
            if o == obj and s not in seen:
                seen.add(s)
                yield s

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        yield from self._by_predicate.get(predicate, ())

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        for s, o in self._by_predicate.get(predicate, ()):
            if s == subject:
                yield o

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject`` and ``predicate``, or None."""
        return next(self.objects(subject, predicate), None)

    def to_graph(self, graph: Graph | None = None) -> Graph:
        """These triples in an rdflib graph (``graph``, or a new one)."""
        graph = Graph() if graph is None else graph
        graph.addN((s, p, o, graph) for s, p, o in self)
        return graph
