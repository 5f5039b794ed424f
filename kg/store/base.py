"""What every graph store offers: the :class:`GraphStore` base class and :class:`QueryResult`.

A store holds one named graph per article, ``id:graph/<doc>``, with what that article
said, and the fused view in the default graph (see ``ontology/README.md``). Only
``kg/store`` knows which store is behind this interface: the embedded Oxigraph store
(:mod:`kg.store.embedded`) or a SPARQL 1.1 server (:mod:`kg.store.remote`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import unquote

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.core.namespaces import ID
from kg.graph.fusion import carried_triples
from kg.graph.mapping import DocumentRdf
from kg.graph.mapping import graph_iri as mint_graph_iri
from kg.sparql.named import internal_query

__all__ = ["GraphStore", "QueryResult", "graph_iri", "GRAPH_PREFIX", "FUSED_GRAPH"]

#: Every article graph's IRI starts so.
GRAPH_PREFIX = f"{ID}graph/"


def graph_iri(doc_id: str) -> str:
    """Return the IRI of the named graph holding document ``doc_id``.

    >>> graph_iri("dawn 2025/01")
    'https://w3id.org/conflict-kg/id/graph/dawn-2025-01-9fa4d8f4bf'
    """
    return str(mint_graph_iri(doc_id))


#: The fused default graph as a named graph: :func:`kg.store.push.push` writes it there
#: too, so stores whose default graph is the union of all graphs can still read it alone.
FUSED_GRAPH = f"{GRAPH_PREFIX}fused"


@dataclass
class QueryResult:
    """What a SPARQL query returned.

    ``vars`` and ``rows`` (tuples of rdflib terms, ``None`` where unbound) for SELECT,
    ``boolean`` for ASK, ``graph`` for CONSTRUCT and DESCRIBE.
    """

    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


class GraphStore(ABC):
    """A quad store holding one named graph per article and the fused default graph.

    Subclasses read and write whole graphs and answer queries; the methods built on
    those (the document list, counts, reading every article graph) are shared here.
    """

    # -- what each store implements ----------------------------------------------------

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The IRIs of every named graph in the store."""

    @abstractmethod
    def read_graph(self, iri: str | None) -> Graph:
        """The named graph ``iri`` (``None``: the default graph) as an rdflib Graph."""

    @abstractmethod
    def replace_document(self, doc_id: str, graph: Graph) -> None:
        """Atomically make ``graph`` the named graph of document ``doc_id``."""

    @abstractmethod
    def remove_document(self, doc_id: str) -> None:
        """Delete the named graph of document ``doc_id`` (nothing happens if there is none)."""

    @abstractmethod
    def replace_default_graph(self, graph: Graph) -> None:
        """Atomically make ``graph`` the whole fused default graph."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = False,
        default_graph: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` are bound as RDF terms, never pasted into the text.

        ``default_graph`` names the graph to read as the default graph (the SPARQL 1.1
        Protocol's ``default-graph-uri``), e.g. :data:`FUSED_GRAPH` on a store that makes
        its default graph the union of all graphs.
        """

    @abstractmethod
    def quad_count(self) -> int:
        """Number of quads in the whole store (every named graph plus the default graph)."""

    @abstractmethod
    def dump(self, path: str | Path | IO[bytes], fmt: str) -> None:
        """Write the store: ``ttl``, ``nt``, ``jsonld`` the default graph; ``nq``, ``trig`` all graphs."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (files, locks, connections)."""

    def flush(self) -> None:
        """Write buffered data to disk; nothing to do where every write is committed at once."""
        return None

    def optimize(self) -> None:
        """Compact the store's files; nothing to do where the server manages them."""
        return None

    # -- shared --------------------------------------------------------------------------

    def write_documents(self, documents: Sequence[DocumentRdf], *, new: bool = False) -> None:
        """Store several articles' graphs, given as N-Triples (:func:`kg.graph.mapping.document_rdf`).

        Args:
            documents: the articles' graphs.
            new: none of them is in the store yet, so nothing needs replacing.

        Each article is stored wholly or not at all; a store may write several in one
        transaction. This one writes them one by one with :meth:`replace_document`.
        """
        for document in documents:
            graph = Graph(identifier=URIRef(document.graph))
            graph.parse(data=document.triples, format="nt")
            self.replace_document(document.doc_id, graph)

    def documents(self) -> dict[str, str]:
        """Map the id of every stored article to its content hash ("" if it has none)."""
        result = self.query(internal_query("documents"))
        return {
            str(doc): str(digest) if digest is not None else "" for _g, doc, digest in result.rows
        }

    def document_graph(self, doc_id: str) -> Graph:
        """The named graph of document ``doc_id`` as an rdflib Graph (empty if absent)."""
        return self.read_graph(graph_iri(doc_id))

    def document_graphs(self) -> Iterator[tuple[str, Graph]]:
        """Yield ``(doc_id, graph)`` for every article graph, sorted by document id."""
        ids = {str(g): str(doc) for g, doc, _digest in self.query(internal_query("documents")).rows}
        docs = {
            ids.get(name) or unquote(name[len(GRAPH_PREFIX) :]): name
            for name in self.graph_names()
            if name.startswith(GRAPH_PREFIX) and name != FUSED_GRAPH
        }
        for doc_id in sorted(docs):
            yield doc_id, self.read_graph(docs[doc_id])

    def default_graph(self) -> Graph:
        """The fused default graph as an rdflib Graph."""
        return self.read_graph(None)

    def replace_fused_part(self, graph: Graph) -> None:
        """Make ``graph`` the fused part of the default graph (see :mod:`kg.graph.fusion`).

        The default graph becomes ``graph`` plus the carried triples of every article
        graph, replaced whole. A store that keeps the carried triples in step as each
        article is written replaces only the rest.
        """
        whole = Graph()
        for triple in graph:
            whole.add(triple)
        for _doc_id, doc_graph in self.document_graphs():
            for triple in carried_triples(doc_graph):
                whole.add(triple)
        self.replace_default_graph(whole)

    def triple_count(self) -> int:
        """Number of triples in the fused default graph."""
        (count,) = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]
        return int(count)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
