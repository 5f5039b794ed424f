"""The embedded graph store: an Oxigraph database on disk.

:func:`open_store` returns a :class:`~kg.store.base.GraphStore`: the embedded :class:`OxigraphStore` in ``OUT/store/`` (RocksDB
through pyoxigraph) or, given a URL, the SPARQL 1.1 client in :mod:`kg.store.remote`.

Named graph ``id:graph/<doc>`` holds what one article said; the default graph holds
the fused view (see ``ontology/README.md``). Every write replaces one whole graph in
one store transaction, so a process killed at any moment leaves each graph wholly
old or wholly new; new articles are bulk-loaded instead, and a load a crash interrupts
is taken out when the store is next opened for writing (:meth:`OxigraphStore.write_documents`). Writing an article's graph also updates, in the same transaction,
the triples the default graph carries from it (:func:`kg.graph.fusion.carried_triples`);
:meth:`OxigraphStore.replace_fused_part` then replaces the rest of the default graph.

Concurrency: one writer at a time (:class:`kg.store.lock.WriterLock`): a second
writer fails at once with :class:`~kg.core.errors.StoreLocked` instead of waiting. Readers (``read_only=True``) take
no lock: they open a read-only view of what was committed when they opened, and
never block the writer.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.core.errors import QueryError, StoreError
from kg.core.files import atomic_write
from kg.core.limits import MAX_NESTING
from kg.core.namespaces import PREFIXES
from kg.graph.fusion import CARRIED_CLASSES, carried_triples
from kg.graph.mapping import DocumentRdf, is_entity_iri
from kg.sparql.binding import PARAM_FUNCTION, bind_lateral
from kg.sparql.guard import check_nesting, check_query
from kg.sparql.named import internal_query
from kg.store.base import GraphStore, QueryResult, graph_iri
from kg.store.lock import LOCK_FILE, WriterLock
from kg.store.terms import add_quads, paused_gc, rdflib_converter, to_oxigraph, to_rdflib

__all__ = [
    "GraphStore",
    "OxigraphStore",
    "QueryResult",
    "open_store",
    "graph_iri",
    "PREFIXES",
    "STORE_DIR",
    "DUMP_FORMATS",
    "LOCK_FILE",
]

T = TypeVar("T")

STORE_DIR = "store"
#: Beside the store: the quads of a bulk load in progress (see OxigraphStore.write_documents).
LOADING_FILE = "store.loading.nq"

#: Formats the store writes itself, and whether each holds every graph (else the
#: fused default graph only).
DUMP_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, False),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
}
# A read-only open can race the writer's own start-up compaction (RocksDB reports a
# missing .sst); the files settle within milliseconds, so a few retries suffice. A
# reader already open can meet the same race later: the writer compacts away a file
# the reader's view still lists. Reads then reopen the view and run again.
_READ_RETRIES = 5
# Flush the writer's memtable to disk every so many writes: a reader opening the
# store replays the unflushed write-ahead log, which otherwise grows for a whole build.
_FLUSH_EVERY = 200


def open_store(
    out: Path | str | None = None, url: str | None = None, *, read_only: bool = False
) -> GraphStore:
    """Open the graph store in ``out`` (default ``exports/``), or the endpoint at ``url``.

    Args:
        out: the output folder; the embedded store lives in ``OUT/store/``.
        url: a SPARQL 1.1 endpoint to use instead of the embedded store.
        read_only: open for reading only; takes no lock and works while a build writes.

    Raises:
        StoreLocked: another process is writing the store (writers only; raised at once).
        StoreError: the store is missing (readers) or cannot be opened.
    """
    if url:
        from kg.store.remote import RemoteStore  # lazy: only remote users need the HTTP client

        return RemoteStore(url, read_only=read_only)
    return OxigraphStore(Path(out if out is not None else "exports"), read_only=read_only)


class OxigraphStore(GraphStore):
    """The embedded store: pyoxigraph on RocksDB in ``OUT/store/``."""

    def __init__(self, out: Path, *, read_only: bool = False):
        self.out = Path(out)
        self.path = self.out / STORE_DIR
        self.read_only = read_only
        self._lock = WriterLock(self.out, self.path)
        self._writes = 0
        # True while the default graph can hold no fused triple: the store was empty when
        # this writer opened it, and only articles (and their carried triples) were
        # written since. Replacing the fused part then has no old part to read.
        self._no_fused_part = False
        if read_only:
            self._store = self._open_reader()
        else:
            self._lock.acquire()
            try:
                self._store = ox.Store(str(self.path))
            except (OSError, RuntimeError) as error:
                self._lock.release()
                raise StoreError(f"cannot open the store {self.path}: {error}") from None
            try:
                self._undo_interrupted_load()
                self._no_fused_part = self._empty()
            except BaseException:
                self._store = None
                gc.collect()
                self._lock.release()
                raise

    # -- opening and closing ---------------------------------------------------------

    def _open_reader(self) -> ox.Store:
        if not (self.path / "CURRENT").is_file():
            raise StoreError(
                f"no graph store in {self.out} (run `kg build --out {self.out}` first)"
            )
        for attempt in range(_READ_RETRIES):
            try:
                return ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as error:
                last = error
                time.sleep(0.05 * (attempt + 1))
        raise StoreError(f"cannot open the store {self.path} for reading: {last}")

    def _empty(self) -> bool:
        """True when the store holds no quad at all (one index lookup)."""
        try:
            return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is None
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None

    def close(self) -> None:
        """Flush, close the database and release the writer's lock.

        Raises:
            StoreError: the flush failed (a full disk). The store is closed and the lock
                released all the same; what was committed before stays committed.
        """
        if getattr(self, "_store", None) is None:
            return
        try:
            self.flush()
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot write the store {self.path}: {error}") from None
        finally:
            self._store = None
            # RocksDB releases its own LOCK when the Rust object is dropped; collect
            # first so the next writer, admitted by our flock, can open it.
            gc.collect()
            self._lock.release()

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
            return
        # The error in flight says what failed first; on a full disk the flush on closing
        # fails the same way and would replace it (as kg.pipeline._closing also avoids).
        with suppress(StoreError):
            self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"<OxigraphStore {self.path} {mode}>"

    # -- documents -------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        """The IRIs of every named graph in the store."""
        return self._reading(
            lambda: [g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
        )

    def read_graph(self, iri: str | None) -> Graph:
        """The named graph ``iri`` (``None``: the default graph) as an rdflib Graph."""
        return self._graph(ox.NamedNode(iri) if iri else ox.DefaultGraph())

    def replace_document(self, doc_id: str, graph: Graph) -> None:
        """Atomically make ``graph`` the named graph of document ``doc_id``.

        The same transaction updates the document's carried triples in the default
        graph (:func:`kg.graph.fusion.carried_triples`), so they always match its named graph.
        """
        self._replace(ox.NamedNode(graph_iri(doc_id)), graph, carry=True)

    def write_documents(self, documents: Sequence[DocumentRdf], *, new: bool = False) -> None:
        """Store several articles' graphs, given as N-Triples.

        Args:
            documents: the articles' graphs (:func:`kg.graph.mapping.document_rdf`).
            new: none of them is in the store yet: their text, every line given its
                graph, is bulk-loaded by Oxigraph, carried triples with it. Otherwise each
                replaces what its article said before, in a transaction of its own.
        """
        if not new:
            for document in documents:
                self._replace_rdf(document)
            return
        self._check_writable()
        # A line of N-Triples ends in " .\n" and nowhere else (a literal's line breaks are
        # escaped), so naming each line's graph is one replacement.
        text = "".join(
            document.triples.replace(" .\n", f" <{document.graph}> .\n") + document.carried
            for document in documents
        )
        if not text:
            return
        # Oxigraph's bulk loader writes the files directly, without a transaction: 900
        # articles loaded 64 at a time took 9 s, one transaction each 25 s. What is being
        # loaded is kept on disk until the load ends, so a load that a crash interrupts
        # is taken out again when the store is next opened for writing (see
        # _undo_interrupted_load), and those articles, never logged as built, are
        # extracted again.
        pending = self.out / LOADING_FILE
        try:
            atomic_write(pending, lambda handle: handle.write(text.encode("utf-8")))
        except OSError as error:
            raise StoreError(f"cannot write the store {self.path}: {error}") from None
        self._write(lambda: self._store.bulk_load(text, ox.RdfFormat.N_QUADS))
        pending.unlink()

    def _undo_interrupted_load(self) -> None:
        """Take out every quad of a bulk load that did not finish (see :meth:`write_documents`)."""
        pending = self.out / LOADING_FILE
        try:
            text = pending.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot read {pending}: {error}") from None
        try:
            quads = list(ox.parse(text, ox.RdfFormat.N_QUADS))
        except (SyntaxError, ValueError):
            quads = []  # the file itself was cut short: its load had not begun
        if quads:
            self._update(f"DELETE DATA {{ {_data(quads)} }}")
            self._store.flush()
        pending.unlink()

    def _replace_rdf(self, document: DocumentRdf) -> None:
        name, default = ox.NamedNode(document.graph), ox.DefaultGraph()
        try:
            new = {
                ox.Quad(t.subject, t.predicate, t.object, name)
                for t in ox.parse(document.triples, ox.RdfFormat.N_TRIPLES)
            }
            carried = {
                ox.Quad(t.subject, t.predicate, t.object, default)
                for t in ox.parse(document.carried, ox.RdfFormat.N_TRIPLES)
            }
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"cannot store a term of this graph: {error}") from None
        self._replace_quads(name, new, set(), new_carried=carried)

    def remove_document(self, doc_id: str) -> None:
        """Delete the named graph of document ``doc_id`` and its carried triples (if any)."""
        self._replace(ox.NamedNode(graph_iri(doc_id)), Graph(), carry=True)

    # -- the fused default graph -----------------------------------------------------

    def replace_default_graph(self, graph: Graph) -> None:
        """Atomically make ``graph`` the whole fused default graph."""
        self._no_fused_part = False
        self._replace(ox.DefaultGraph(), graph)
        self.flush()

    def replace_fused_part(self, graph: Graph) -> None:
        """Atomically make ``graph`` the fused part of the default graph (see :mod:`kg.graph.fusion`).

        Every default-graph triple except the carried ones, which :meth:`replace_document`
        keeps in step, is replaced; only the difference is written. In a store that was
        empty when this writer opened it and has had only articles written since, there is
        no old fused part, and none is read.
        """
        default = ox.DefaultGraph()
        if self._no_fused_part:
            self._check_writable()
            self._no_fused_part = False
            self._replace(default, graph, old=set())
            self.flush()
            return
        try:
            carried = self._carried_subjects(default)
            old = {  # the fused nodes' triples, found subject by subject ...
                q
                for (s,) in self._store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
                if s not in carried
                for q in self._store.quads_for_pattern(s, None, None, default)
            }
            old.update(  # ... and the carried nodes' links to entities and blank nodes
                ox.Quad(s, p, o, default)
                for s, p, o in self._store.query(internal_query("carried_links"))
                if _is_entity_term(o) or isinstance(o, ox.BlankNode)
            )
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None
        self._replace(default, graph, old=old)
        self.flush()

    def change_fused_part(
        self, removed: Iterable[tuple[Node, Node, Node]], added: Iterable[tuple[Node, Node, Node]]
    ) -> None:
        """Take ``removed`` out of the default graph and put ``added`` in, in one transaction.

        For a fusion that knows what changed (:mod:`kg.graph.incremental`); neither may
        hold a blank node or a carried triple.
        """
        default, cache = ox.DefaultGraph(), {}
        self._no_fused_part = False
        try:
            with paused_gc():
                quads = [
                    {
                        ox.Quad(
                            to_oxigraph(s, cache),
                            to_oxigraph(p, cache),
                            to_oxigraph(o, cache),
                            default,
                        )
                        for s, p, o in triples
                    }
                    for triples in (removed, added)
                ]
        except ValueError as error:
            raise StoreError(f"cannot store a term of this graph: {error}") from None
        gone, new = quads[0] - quads[1], quads[1] - quads[0]
        if any(isinstance(t, ox.BlankNode) for q in gone | new for t in (q.subject, q.object)):
            raise StoreError("a blank node cannot be changed in place; replace the fused part")
        operations = []
        if gone:
            operations.append(f"DELETE DATA {{ {_data(gone)} }}")
        if new:
            operations.append(f"INSERT DATA {{ {_data(new)} }}")
        if operations:
            self._update(" ;\n".join(operations))
        self.flush()

    # -- reading ---------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = False,
        default_graph: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query.

        Args:
            sparql: the query text (SELECT, ASK, CONSTRUCT or DESCRIBE).
            bindings: values for variables, bound as RDF terms by the store (never
                pasted into the text), so a value cannot change the query.
            union: let the default graph be the union of all graphs.
            default_graph: read this named graph as the default graph instead.

        Raises:
            QueryError: the query is malformed or cannot be evaluated.
        """
        # pyoxigraph fetches SERVICE endpoints over HTTP; a graph of untrusted news must
        # never make the tool reach the network, so such queries are refused here.
        if "service" in sparql.lower():
            check_query(sparql)
        # Oxigraph's parser recurses and overflows its stack (a segfault, no exception)
        # on thousands of nested brackets; a query with few brackets cannot be that deep.
        if sum(map(sparql.count, "({[")) > MAX_NESTING:
            check_nesting(sparql)
        options: dict = {"use_default_graph_as_union": union}
        if default_graph:
            options = {"default_graph": ox.NamedNode(default_graph)}
        try:
            terms = {
                name.lstrip("?$"): to_oxigraph(value, {})
                for name, value in (bindings or {}).items()
            }
        except ValueError as error:
            raise QueryError(f"cannot bind a parameter: {error}") from None

        def run() -> QueryResult:
            try:
                raw = self._store.query(
                    sparql,
                    substitutions={ox.Variable(k): v for k, v in terms.items()} or None,
                    **options,
                )
            except RuntimeError as error:
                if not terms or "SELECT projection" not in str(error):
                    raise
                # pyoxigraph substitutes only projected variables; bind the others
                # through functions (see kg.sparql.binding.bind_lateral).
                raw = self._store.query(
                    bind_lateral(sparql, list(terms)),
                    custom_functions={
                        ox.NamedNode(PARAM_FUNCTION + k): (lambda v=v: v) for k, v in terms.items()
                    },
                    **options,
                )
            return _result(raw)

        with self._query_errors():
            return self._reading(run)

    def stream(self, sparql: str, read: Callable[[Iterator[tuple]], T]) -> T:
        """Run a SELECT or CONSTRUCT query and return ``read(rows)``: its rows (or triples)
        as tuples of rdflib terms (:func:`kg.store.terms.rdflib_converter`), handed over as
        the store yields them, so that ``read`` keeps only what it needs of them.

        ``read`` may be called again from the first row, if a reader must reopen the store.

        Raises:
            QueryError: the query is malformed or cannot be evaluated.
        """
        if "service" in sparql.lower():
            check_query(sparql)

        def run() -> T:
            term = rdflib_converter()
            raw = self._store.query(sparql)
            if isinstance(raw, ox.QuerySolutions):
                return read(tuple(map(term, solution)) for solution in raw)
            return read((term(t.subject), term(t.predicate), term(t.object)) for t in raw)

        with self._query_errors(), paused_gc():
            return self._reading(run)

    @contextmanager
    def _query_errors(self) -> Iterator[None]:
        """Turn what pyoxigraph raises for a query into :class:`QueryError` or :class:`StoreError`."""
        try:
            yield
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from None
        except (RuntimeError, ValueError) as error:
            raise QueryError(f"query failed: {error}") from None
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None

    def quad_count(self) -> int:
        """Number of quads in the whole store (every named graph plus the default graph)."""
        return len(self._store)

    def dump(self, path: str | Path | IO[bytes], fmt: str) -> None:
        """Write the store with its own serializer.

        ``ttl``, ``nt`` and ``jsonld`` write the fused default graph; ``nq`` and ``trig``
        write every graph. rdflib's Turtle writer is about 70 times slower on large graphs.
        """
        try:
            rdf_format, dataset = DUMP_FORMATS[fmt]
        except KeyError:
            raise StoreError(
                f"cannot dump {fmt!r}; formats: {', '.join(sorted(DUMP_FORMATS))}"
            ) from None
        target = str(path) if isinstance(path, (str, Path)) else path
        extra = {} if dataset else {"from_graph": ox.DefaultGraph()}
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            extra["prefixes"] = PREFIXES
        self._store.dump(target, rdf_format, **extra)

    # -- units of the export files (kg.publish.formats.segmented) --------------------

    def graph_digests(self) -> dict[str, str]:
        """Every article graph's IRI and its article's content hash."""
        return {graph_iri(doc): digest for doc, digest in self.documents().items()}

    def unit_quads(self, kind: str, iri: str) -> list:
        """The quads of one unit of the export files, as pyoxigraph quads.

        ``kind`` ``"g"``: the named graph ``iri``; ``"d"``: the default graph's triples about
        the article, evidence and statistic nodes of the article graph ``iri``, node by node
        in IRI order; ``"f"``: the default graph's triples about the node ``iri``; ``"b"``:
        the default graph's triples about blank nodes (kg writes none).
        """
        default = ox.DefaultGraph()

        def read() -> list:
            if kind == "g":
                return list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
            if kind == "f":
                return list(self._store.quads_for_pattern(ox.NamedNode(iri), None, None, default))
            if kind == "b":
                found = self._store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER isBlank(?s) }")
                return [ox.Quad(s, p, o, default) for s, p, o in found]
            subjects = sorted(self._carried_subjects(ox.NamedNode(iri)), key=lambda n: n.value)
            return [
                q for s in subjects for q in self._store.quads_for_pattern(s, None, None, default)
            ]

        return self._read(read)

    def default_quads(self, subject=None, predicate=None, obj=None) -> list:
        """The default graph's quads matching a pattern (IRIs as text, None: any), as
        pyoxigraph quads."""
        return self.quads(subject, predicate, obj)

    def quads(self, subject=None, predicate=None, obj=None, graph: str | None = "") -> list:
        """The quads matching a pattern, as pyoxigraph quads: IRIs as text, None for any;
        ``graph`` ``""`` (the default graph), an IRI, or None (every graph)."""
        terms = [ox.NamedNode(str(t)) if t is not None else None for t in (subject, predicate, obj)]
        name = ox.DefaultGraph() if graph == "" else ox.NamedNode(graph) if graph else None
        return self._read(lambda: list(self._store.quads_for_pattern(*terms, name)))

    def fused_subjects(self) -> tuple[set[str], bool]:
        """The IRIs of the default graph's nodes that are no article graph's own (see
        :data:`kg.graph.fusion.CARRIED_CLASSES`), and whether it has blank nodes."""
        rdf_type = ox.NamedNode(str(RDF.type))

        def read() -> tuple[set[str], bool]:
            carried = {
                q.subject
                for cls in CARRIED_CLASSES
                for q in self._store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(cls)), None)
                if isinstance(q.graph_name, ox.NamedNode)
            }
            subjects = [s for (s,) in self._store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")]
            named = {s.value for s in subjects if isinstance(s, ox.NamedNode) and s not in carried}
            return named, any(isinstance(s, ox.BlankNode) for s in subjects)

        return self._read(read)

    def carried_owner(self, subject: str) -> str | None:
        """The article graph whose own node ``subject`` is, if it is one."""
        classes = {ox.NamedNode(str(c)) for c in CARRIED_CLASSES}
        for q in self.quads(subject, RDF.type, None, None):
            if q.object in classes and isinstance(q.graph_name, ox.NamedNode):
                return q.graph_name.value
        return None

    def has_subject(self, subject: str) -> bool:
        """True when the default graph says anything about ``subject``."""

        def read() -> bool:
            found = self._store.quads_for_pattern(
                ox.NamedNode(subject), None, None, ox.DefaultGraph()
            )
            return next(iter(found), None) is not None

        return self._read(read)

    # -- maintenance -----------------------------------------------------------------

    def flush(self) -> None:
        """Write buffered data to disk files (readers then open faster)."""
        if not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the database files (slow; worth it after a large build)."""
        if not self.read_only:
            self._store.optimize()

    # -- internals -------------------------------------------------------------------

    def _graph(self, name: ox.NamedNode | ox.DefaultGraph) -> Graph:
        def read() -> Graph:
            identifier = URIRef(name.value) if isinstance(name, ox.NamedNode) else None
            graph = Graph(identifier=identifier)
            for prefix, namespace in PREFIXES.items():
                graph.bind(prefix, namespace, override=False)
            return add_quads(graph, self._store.quads_for_pattern(None, None, None, name))

        return self._reading(read)

    def _read(self, read):
        """:meth:`_reading`, with a failed read reported as a :class:`StoreError`."""
        try:
            return self._reading(read)
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None

    def _reading(self, read):
        """Run ``read()``; a reader whose view lost a file to the writer reopens it."""
        for attempt in range(_READ_RETRIES - 1):
            try:
                return read()
            except OSError:
                if not self.read_only:
                    raise
            self._store = None
            gc.collect()
            time.sleep(0.05 * attempt)
            self._store = self._open_reader()
        return read()

    def _replace(
        self,
        name: ox.NamedNode | ox.DefaultGraph,
        graph: Graph,
        *,
        old: set | None = None,
        carry: bool = False,
    ) -> None:
        """Replace graph ``name`` by ``graph`` in one transaction, writing only the difference.

        Args:
            old: the quads being replaced (default: all of graph ``name``).
            carry: also replace the carried triples that ``name``'s document puts in the
                default graph (see :func:`kg.graph.fusion.carried_triples`).
        """
        self._check_writable()
        cache: dict = {}
        new_ground, new_blank = set(), set()
        new_carried = None
        try:
            with paused_gc():
                known = cache.get  # IRIs and blank nodes, once converted
                for s, p, o in graph:
                    quad = ox.Quad(
                        known(s) or to_oxigraph(s, cache),
                        known(p) or to_oxigraph(p, cache),
                        to_oxigraph(o, cache)
                        if type(o) is Literal
                        else known(o) or to_oxigraph(o, cache),
                        name,
                    )
                    if isinstance(s, BNode) or isinstance(o, BNode):
                        new_blank.add(quad)
                    else:
                        new_ground.add(quad)
                if carry:
                    default = ox.DefaultGraph()
                    new_carried = {
                        ox.Quad(
                            to_oxigraph(s, cache),
                            to_oxigraph(p, cache),
                            to_oxigraph(o, cache),
                            default,
                        )
                        for s, p, o in carried_triples(graph)
                    }
        except ValueError as error:
            raise StoreError(f"cannot store a term of this graph: {error}") from None
        self._replace_quads(name, new_ground, new_blank, old=old, new_carried=new_carried)

    def _replace_quads(
        self,
        name: ox.NamedNode | ox.DefaultGraph,
        new_ground: set,
        new_blank: set,
        *,
        old: set | None = None,
        new_carried: set | None = None,
    ) -> None:
        """Replace graph ``name`` by the given quads in one transaction, writing only the difference.

        ``new_carried``, when given, replaces the carried triples of ``name``'s document.
        """
        self._check_writable()
        carry = new_carried is not None
        try:
            with paused_gc():
                if old is None:
                    old = set(self._store.quads_for_pattern(None, None, None, name))
                if carry:
                    default = ox.DefaultGraph()
                    old_carried = {
                        q
                        for subject in self._carried_subjects(name)
                        for q in self._store.quads_for_pattern(subject, None, None, default)
                        if not _is_entity_term(q.object) and not isinstance(q.object, ox.BlankNode)
                    }
        except OSError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}") from None
        old_blank = {
            q
            for q in old
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        }
        removed, added = old - old_blank - new_ground, new_ground - old
        if carry:
            removed |= old_carried - new_carried
            added |= new_carried - old_carried
        named = isinstance(name, ox.NamedNode)
        if named and not new_ground and not new_blank:  # drop the graph, not just its triples
            removed -= old
            operations = [f"DELETE DATA {{ {_data(removed)} }}"] if removed else []
            if old or removed:
                self._update(" ;\n".join([*operations, f"DROP SILENT GRAPH {name}"]))
            return
        if not removed and not old_blank:
            if added or new_blank:  # additions only: the quad API, also one transaction
                self._write(lambda: self._store.extend(added | new_blank))
            return
        # Blank nodes cannot be named in DELETE DATA, so every old triple that has one is
        # deleted by pattern and the new ones inserted again. The operations of one
        # update request run in one transaction (checked by tests/test_store.py).
        operations = []
        if removed:
            operations.append(f"DELETE DATA {{ {_data(removed)} }}")
        if old_blank:
            pattern = "?s ?p ?o FILTER(isBlank(?s) || isBlank(?o))"
            if named:
                operations.append(
                    f"DELETE {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} {{ {pattern} }} }}"
                )
            else:
                operations.append(f"DELETE {{ ?s ?p ?o }} WHERE {{ {pattern} }}")
        if added or new_blank:
            operations.append(f"INSERT DATA {{ {_data(added | new_blank)} }}")
        self._update(" ;\n".join(operations))

    def _carried_subjects(self, name: ox.NamedNode | ox.DefaultGraph) -> set:
        """The article, evidence and statistic nodes of graph ``name``."""
        rdf_type = ox.NamedNode(str(RDF.type))
        return {
            q.subject
            for cls in CARRIED_CLASSES
            for q in self._store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(cls)), name)
            if isinstance(q.subject, ox.NamedNode)
        }

    def _update(self, text: str) -> None:
        self._check_writable()
        self._write(lambda: self._store.update(text))

    def _write(self, action) -> None:
        try:
            action()
        except (OSError, RuntimeError, SyntaxError, ValueError) as error:
            raise StoreError(f"cannot write the store {self.path}: {error}") from None
        self._writes += 1
        if self._writes % _FLUSH_EVERY == 0:
            self._store.flush()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        if self._store is None:
            raise StoreError(f"the store {self.path} is closed")


def _data(quads) -> str:
    """The body of an INSERT DATA or DELETE DATA request for ``quads``, graph by graph."""
    # Terms are written by Oxigraph's own N-Triples serializer (str of a pyoxigraph
    # term), which escapes every character SPARQL needs escaped; no text of ours is
    # spliced into a term.
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(
        f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}"
        if isinstance(name, ox.NamedNode)
        else "\n".join(lines)
        for name, lines in by_graph.items()
    )


def _is_entity_term(term) -> bool:
    return isinstance(term, ox.NamedNode) and is_entity_iri(term.value)


def _result(raw) -> QueryResult:
    cache: dict = {}
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult(boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        names = [v.value for v in raw.variables]
        with paused_gc():
            rows = [tuple(to_rdflib(term, cache) for term in solution) for solution in raw]
        return QueryResult(vars=names, rows=rows)
    return QueryResult(graph=add_quads(Graph(), raw))
