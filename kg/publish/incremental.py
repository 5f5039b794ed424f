"""The network, the tables and the viewer's sources, kept between builds and updated where
the graph changed.

A full refresh projects the whole fused default graph onto the network
(:func:`kg.publish.analysis.to_networkx`), reads every fact the tables use
(:func:`kg.publish.formats.csv_tables.table_facts`) and every source's claims
(:func:`kg.publish.sources.store_sources`): each grows with the corpus. They are kept in
``outputs-cache.sqlite`` beside the store: the network's nodes and edges (before unlabelled
events are given their made-up labels), each event's row of ``events.csv`` with the nodes
it read, each event's rows of ``edges.csv``, each incident's claims, and a fingerprint of
each entity's, article's and geometry's facts. A rebuild (:class:`Changed`) then derives
again only:

- the network nodes whose triples fusion changed, projected from their own triples and
  their neighbours' (types, evidence sentences, articles), with their edges;
- the rows of the events whose triples or claims changed, or that read an entity or
  article whose facts changed; ``entities.csv`` and the rows of edges between entities,
  from the entities' and articles' facts, read whole (they do not grow with the events);
- the claims of the incidents whose reports changed.

The result is what a full refresh derives (tests compare the files). The cache is marked
stale before a build first changes the store, and up to date when the files are written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.core.files import mark_stale, remove_file
from kg.graph.mapping import CKG, GEO
from kg.publish.analysis import label_unlabelled, network_source, to_networkx
from kg.publish.formats.background import CallInBackground
from kg.publish.formats.csv_tables import (
    Facts,
    edge_row,
    entity_rows,
    event_row,
    fallback_country,
    finish_event_rows,
    sort_edge_rows,
    table_facts,
)
from kg.publish.sources import Claim, Sources, collect_sources, store_sources
from kg.sparql.named import internal_query
from kg.store.terms import add_quads, to_rdflib

__all__ = [
    "CACHE_FILE",
    "Changed",
    "Derived",
    "OutputsCache",
    "derive_whole_tables",
    "forget_cache",
    "raw_network",
    "whole_network",
    "whole_tables",
]

log = logging.getLogger(__name__)

#: The cache's file, beside the store.
CACHE_FILE = "outputs-cache.sqlite"
_FORMAT = "1"

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE nodes (iri TEXT PRIMARY KEY, data TEXT);
CREATE TABLE edges (s TEXT, rel TEXT, o TEXT, data TEXT, PRIMARY KEY (s, rel, o));
CREATE INDEX edges_o ON edges (o);
CREATE TABLE events (iri TEXT PRIMARY KEY, row TEXT, edges TEXT);
CREATE TABLE reads (node TEXT, event TEXT);
CREATE INDEX reads_node ON reads (node);
CREATE INDEX reads_event ON reads (event);
CREATE TABLE prints (iri TEXT PRIMARY KEY, print TEXT);
CREATE TABLE claims (event TEXT PRIMARY KEY, data TEXT);
"""

# What the network projection reads about a node's neighbour along a predicate (besides
# its types): an evidence node's sentence and article, an article's id, a geometry's
# point, a claim's evidence.
_NEIGHBOUR_FACTS = {
    str(p): tuple(map(str, ps))
    for p, ps in {
        CKG.hasEvidence: (CKG.sentence, CKG.reportedIn),
        CKG.reportedIn: (CKG.documentId,),
        GEO.hasGeometry: (GEO.asWKT,),
        CKG.hasClaim: (CKG.hasEvidence,),
    }.items()
}


@dataclass
class Changed:
    """What changed in the default graph since the outputs were last derived.

    ``subjects``: the nodes whose fused triples changed; ``incidents``: the incidents whose
    reports changed (their claims), though their triples may not have.
    """

    subjects: set[str]
    incidents: set[str]


_PARTS = ("network", "tables", "sources")
#: The parts another process can derive whole, and the function it calls.
_IN_BACKGROUND = {
    "network": "kg.publish.incremental:whole_network",
    "tables": "kg.publish.incremental:whole_tables",
}


class OutputsCache:
    """The cache in ``out``; ``usable``: the parts of it that held the outputs of the store
    when it was opened (``network``, ``tables``, ``sources``)."""

    def __init__(self, out: Path | str):
        self.path = Path(out) / CACHE_FILE
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                meta = dict(db.execute("SELECT name, value FROM meta"))
        except sqlite3.Error:
            meta = {}
        valid = meta.get("format") == _FORMAT and meta.get("valid") == "1"
        self.usable = {part for part in _PARTS if valid and meta.get(part) == "1"}

    def forget(self) -> None:
        """Mark the cache file stale: the store is about to change."""
        forget_cache(self.path.parent)


def forget_cache(out: Path | str) -> None:
    """Mark the outputs cache in ``out`` stale, so that the next refresh derives everything."""
    mark_stale(Path(out) / CACHE_FILE)


def _print(data: dict) -> str:
    """A fingerprint of one node's facts."""
    pairs = sorted((p, str(o), type(o).__name__) for p, values in data.items() for o in values)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:32]


class _Recording(Mapping):
    """Facts (``own`` first, then ``shared``) that note which nodes a row read."""

    def __init__(self, own: Facts, shared: Facts | None = None):
        self.own, self.shared = own, shared if shared is not None else {}
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(str(key))
        if key in self.own:
            return self.own[key]
        if key in self.shared:
            return self.shared[key]
        raise KeyError(key)

    def __iter__(self):
        return iter({**dict.fromkeys(self.shared), **dict.fromkeys(self.own)})

    def __len__(self) -> int:
        return len(set(self.own) | set(self.shared))


class Derived:
    """The network, table rows and sources of one refresh: from the cache where it holds.

    Args:
        store: the embedded store, after fusion.
        out: the output folder the cache is kept in.
        changed: what changed since the cache was written, or None: derive everything.
        usable: the parts of the cache that held the outputs before this build changed the
            store (:attr:`OutputsCache.usable`).
        default_country: the events table's country for an event with no place.
    """

    def __init__(
        self, store, out: Path, changed: Changed | None, usable: set[str], default_country=None
    ):
        self.store, self.path = store, Path(out) / CACHE_FILE
        self.fallback = fallback_country(store, default_country)
        forget_cache(out)  # until the outputs are written from what is derived here
        self.db = None
        if changed is not None and usable:
            try:
                self.db = sqlite3.connect(self.path)
            except sqlite3.Error:
                usable = set()
        self.changes = {part: changed if part in usable else None for part in _PARTS}
        self._network = self._tables = self._sources = None
        self._pending: dict[str, CallInBackground] = {}

    # -- the network ----------------------------------------------------------------------

    def network(self) -> nx.MultiDiGraph:
        """The projection of the fused graph (:func:`kg.publish.analysis.store_network`)."""
        if self._network is not None:
            return self._network
        self.changed = self.changes["network"]
        if self.changed is None:
            self._raw_nodes, self._raw_edges = self._whole("network", raw_network, self.store)
            self._dirty_nodes = None
        else:
            self._update_network()
        G = nx.MultiDiGraph()
        for n in sorted(self._raw_nodes):
            G.add_node(n, **self._raw_nodes[n])
        for s, k, o in sorted(self._raw_edges):
            G.add_edge(s, o, key=k, **self._raw_edges[s, k, o])
        label_unlabelled(G)
        self._network = G
        return G

    def _update_network(self) -> None:
        db = self.db
        nodes = {iri: json.loads(data) for iri, data in db.execute("SELECT iri, data FROM nodes")}
        edges = {
            (s, rel, o): json.loads(data)
            for s, rel, o, data in db.execute("SELECT s, rel, o, data FROM edges")
        }
        dirty = {s for s in self.changed.subjects | self.changed.incidents}
        projected = to_networkx(self._neighbourhood(dirty), label_events=False)
        for n in dirty:
            nodes.pop(n, None)
            if n in projected:
                nodes[n] = dict(projected.nodes[n])
        # Edges from a changed node are projected again; edges to it from others stay.
        edges = {key: data for key, data in edges.items() if key[0] not in dirty}
        for s, o, k, data in projected.edges(keys=True, data=True):
            if s in dirty:
                edges[s, k, o] = dict(data)
        self._raw_nodes = nodes
        self._raw_edges = {
            key: data for key, data in edges.items() if key[0] in nodes and key[2] in nodes
        }
        self._dirty_nodes = dirty

    def _neighbourhood(self, nodes: Iterable[str]) -> Graph:
        """What the projection reads to derive ``nodes``: their triples, their neighbours'
        types, the evidence, articles and geometries they cite, and what mentions and
        statements say of them."""
        store, quads = self.store, []

        def cited(iri: str, predicate: str) -> None:
            for p in _NEIGHBOUR_FACTS.get(predicate, ()):
                for q in store.default_quads(iri, p):
                    quads.append(q)
                    if isinstance(q.object, ox.NamedNode):
                        cited(q.object.value, p)

        for n in nodes:
            own = store.default_quads(n)
            about = [m.subject.value for m in store.default_quads(None, str(CKG.mentionOf), n)]
            about += [t.subject.value for t in store.default_quads(None, str(RDF.subject), n)]
            for other in about:
                own += store.default_quads(other)
            quads += own
            for q in own:
                if q.predicate.value != str(RDF.type) and isinstance(q.object, ox.NamedNode):
                    quads += store.default_quads(q.object.value, str(RDF.type))
                    cited(q.object.value, q.predicate.value)
        quads += store.default_quads(None, str(RDFS.subClassOf))
        return add_quads(Graph(), quads)

    # -- the tables -----------------------------------------------------------------------

    def tables(self) -> tuple[list, list, list]:
        """The rows of events.csv, entities.csv and edges.csv."""
        if self._tables is not None:
            return self._tables
        self.changed = self.changes["tables"]
        if self.changed is None:
            made = self._whole("tables", derive_whole_tables, self.store, self.fallback)
        else:
            made = _finish_tables(self.store, *self._update_tables())
        self._events, self._event_edges, self._reads, self._prints, self._tables = made
        return self._tables

    def start(self, parts: set[str]) -> None:
        """Derive these of ``network`` and ``tables``, where they are derived whole, each in
        another process meanwhile (:class:`kg.publish.formats.background.CallInBackground`);
        :meth:`network` and :meth:`tables` then take them from it."""
        for part in sorted(parts & set(_IN_BACKGROUND)):
            if self.changes[part] is None and part not in self._pending:
                function, args = _IN_BACKGROUND[part], [str(self.store.out)]
                args += [self.fallback] if part == "tables" else []
                self._pending[part] = CallInBackground(function, *args)

    def stop(self) -> None:
        """Stop the processes :meth:`start` started, if they are still running."""
        for pending in self._pending.values():
            pending.cancel()
        self._pending.clear()

    def _whole(self, part: str, derive, *args):
        """``derive(*args)``, or what another process derived for ``part``."""
        pending = self._pending.pop(part, None)
        if pending is not None:
            try:
                return pending.result()
            except Exception as error:  # noqa: BLE001 - deriving it here is always right
                log.warning("deriving the %s here: the other process failed (%s)", part, error)
            finally:
                pending.cancel()
        return derive(*args)

    def _update_tables(self):
        db, store = self.db, self.store
        context: Facts = _facts(store.query(internal_query("table_context")).rows)
        prints = dict(db.execute("SELECT iri, print FROM prints"))
        now = {str(s): _print(data) for s, data in context.items()}
        moved = {iri for iri in set(prints) | set(now) if prints.get(iri) != now.get(iri)}
        events = {iri: json.loads(row) for iri, row in db.execute("SELECT iri, row FROM events")}
        event_edges = {
            iri: json.loads(edges) for iri, edges in db.execute("SELECT iri, edges FROM events")
        }
        dirty = set(self.changed.subjects) | set(self.changed.incidents)
        for iri in sorted(moved):
            dirty |= {e for (e,) in db.execute("SELECT event FROM reads WHERE node = ?", (iri,))}
        reads = {}
        query = internal_query("table_facts")
        edges_query = internal_query("table_edges")
        for iri in dirty:
            events.pop(iri, None)
            event_edges.pop(iri, None)
            own = _facts(store.query(query, {"s": URIRef(iri)}).rows)
            if not own:
                continue
            for evidence in list(own.get(URIRef(iri), {}).get("hasEvidence", ())):
                own.update(_facts(store.query(query, {"s": evidence}).rows))
            recording = _Recording(own, context)
            row = event_row(recording, URIRef(iri), self.fallback)
            if row is None:
                continue
            events[iri] = row
            event_edges[iri] = [
                edge_row(recording, *r) for r in store.query(edges_query, {"s": URIRef(iri)}).rows
            ]
            reads[iri] = recording.read
        entity_edges = [
            edge_row(context, *r) for r in store.query(internal_query("table_entity_edges")).rows
        ]
        self._dirty_events = dirty
        return context, events, event_edges, reads, entity_edges

    # -- the sources ----------------------------------------------------------------------

    def sources(self) -> Sources:
        """The articles and each incident's claims (:func:`kg.publish.sources.store_sources`)."""
        if self._sources is not None:
            return self._sources
        self.changed = self.changes["sources"]
        if self.changed is None:
            self._sources = store_sources(self.store)
            self._dirty_claims = None
            return self._sources
        claims = {
            event: [Claim(**c) for c in json.loads(data)]
            for event, data in self.db.execute("SELECT event, data FROM claims")
        }
        dirty = {s for s in self.changed.subjects | self.changed.incidents}
        rows = []
        for event in sorted(dirty):
            claims.pop(event, None)
            rows += _claim_rows(self.store, event)
        articles = self.store.query(internal_query("viewer_articles"), union=True).rows
        sources = collect_sources(articles, rows)
        for event, found in claims.items():
            sources.claims.setdefault(event, found)
        sources.claims = dict(sorted(sources.claims.items()))
        self._sources, self._dirty_claims = sources, dirty
        return sources

    # -- keeping it -----------------------------------------------------------------------

    def save(self) -> None:
        """Keep what was derived, once the files are written from it; a part not derived
        this time is derived whole next time.

        A part derived from the cache is updated in place, where it changed; a part
        derived whole is written whole.
        """
        db = self.db
        if db is None:
            remove_file(self.path)
            db = sqlite3.connect(self.path)
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", _FORMAT), ("valid", "0")])
        try:
            with db:
                for part in _PARTS:
                    db.execute("DELETE FROM meta WHERE name = ?", (part,))
                kept = [
                    part
                    for part, made, keep in (
                        ("network", self._network, self._keep_network),
                        ("tables", self._tables, self._keep_tables),
                        ("sources", self._sources, self._keep_sources),
                    )
                    if made is not None and keep(db) is None
                ]
                db.executemany("INSERT INTO meta VALUES (?, ?)", [(part, "1") for part in kept])
                db.execute("UPDATE meta SET value = '1' WHERE name = 'valid'")
        finally:
            db.close()
            self.db = None

    def _keep_network(self, db) -> None:
        dirty = self._dirty_nodes if self.changes["network"] is not None else None
        if dirty is None:
            db.execute("DELETE FROM nodes")
            db.execute("DELETE FROM edges")
            nodes, edges = self._raw_nodes, self._raw_edges
        else:
            for n in dirty:
                db.execute("DELETE FROM nodes WHERE iri = ?", (n,))
                db.execute("DELETE FROM edges WHERE s = ?1 OR o = ?1", (n,))
            nodes = {n: self._raw_nodes[n] for n in dirty if n in self._raw_nodes}
            edges = {
                key: data
                for key, data in self._raw_edges.items()
                if key[0] in dirty or key[2] in dirty
            }
        db.executemany(
            "INSERT INTO nodes VALUES (?, ?)", [(n, json.dumps(d)) for n, d in nodes.items()]
        )
        db.executemany(
            "INSERT INTO edges VALUES (?, ?, ?, ?)",
            [(s, k, o, json.dumps(d)) for (s, k, o), d in edges.items()],
        )

    def _keep_tables(self, db) -> None:
        dirty = self._dirty_events if self.changes["tables"] is not None else None
        if dirty is None:
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM reads")
            events = self._events
        else:
            for e in dirty:
                db.execute("DELETE FROM events WHERE iri = ?", (e,))
                db.execute("DELETE FROM reads WHERE event = ?", (e,))
            events = {e: self._events[e] for e in dirty if e in self._events}
        db.executemany(
            "INSERT INTO events VALUES (?, ?, ?)",
            [
                (iri, json.dumps(row), json.dumps(self._event_edges.get(iri, [])))
                for iri, row in events.items()
            ],
        )
        db.executemany(
            "INSERT INTO reads VALUES (?, ?)",
            [
                (node, event)
                for event in events
                for node in self._reads.get(event, ())
                if node in self._prints
            ],
        )
        db.execute("DELETE FROM prints")
        db.executemany("INSERT INTO prints VALUES (?, ?)", list(self._prints.items()))

    def _keep_sources(self, db) -> None:
        dirty = self._dirty_claims if self.changes["sources"] is not None else None
        if dirty is None:
            db.execute("DELETE FROM claims")
            claims = self._sources.claims
        else:
            for e in dirty:
                db.execute("DELETE FROM claims WHERE event = ?", (e,))
            claims = {e: self._sources.claims[e] for e in dirty if e in self._sources.claims}
        db.executemany(
            "INSERT INTO claims VALUES (?, ?)",
            [(event, json.dumps([c.__dict__ for c in found])) for event, found in claims.items()],
        )


def derive_whole_tables(store, fallback: str | None) -> tuple:
    """The tables derived from the whole store: each event's row, its rows of edges.csv and
    the nodes it read, each context node's fingerprint, and the three tables' rows."""
    facts = table_facts(store)
    events, event_edges, reads = {}, {}, {}
    edge_rows_by_source = defaultdict(list)
    for row in store.query(internal_query("table_edges")).rows:
        edge_rows_by_source[str(row[0])].append(row)
    entity_edges = []
    for node in list(facts):
        recording = _Recording(facts)
        row = event_row(recording, node, fallback)
        if row is None:
            continue
        iri = str(node)
        events[iri] = row
        event_edges[iri] = [edge_row(recording, *r) for r in edge_rows_by_source.pop(iri, ())]
        reads[iri] = recording.read
    for rows in edge_rows_by_source.values():
        entity_edges += [edge_row(facts, *r) for r in rows]
    context = {s: data for s, data in facts.items() if _is_context(data)}
    return _finish_tables(store, context, events, event_edges, reads, entity_edges)


def raw_network(store) -> tuple[dict, dict]:
    """The network projection of the whole store before unlabelled events are labelled:
    its nodes' attributes and its edges' (keyed ``(source, relation, target)``)."""
    raw = to_networkx(network_source(store), label_events=False)
    nodes = dict(raw.nodes(data=True))
    return nodes, {(s, k, o): d for s, o, k, d in raw.edges(keys=True, data=True)}


def whole_network(out: str) -> tuple[dict, dict]:
    """:func:`raw_network` of the store in ``out``, read through a read-only view: what
    another process derives while a build goes on (:meth:`Derived.start`)."""
    from kg.store.embedded import open_store

    with open_store(out, read_only=True) as store:
        return raw_network(store)


def whole_tables(out: str, fallback: str | None) -> tuple:
    """:func:`derive_whole_tables` of the store in ``out``, read through a read-only view:
    what another process derives while a build goes on (:meth:`Derived.start`)."""
    from kg.store.embedded import open_store

    with open_store(out, read_only=True) as store:
        return derive_whole_tables(store, fallback)


def _finish_tables(store, context, events, event_edges, reads, entity_edges) -> tuple:
    prints = {str(s): _print(data) for s, data in context.items()}
    facts_for_rows = dict(context)
    tables = (
        finish_event_rows(events.values(), facts_for_rows),
        entity_rows(store, context),
        sort_edge_rows([*entity_edges, *(r for rows in event_edges.values() for r in rows)]),
    )
    return events, event_edges, reads, prints, tables


def _claim_rows(store, event: str) -> list[tuple]:
    """The ``viewer_claims`` rows of one incident, looked up claim by claim (the query with
    ``?event`` bound still reads every claim in the store)."""
    cache: dict = {}
    term = lambda t: to_rdflib(t, cache)  # noqa: E731
    found = set()
    for q in store.quads(event, str(CKG.hasClaim)):
        claim = q.object.value
        for link in store.quads(claim, str(CKG.reportedIn), None, None):
            graph = link.graph_name
            if not isinstance(graph, ox.NamedNode):
                continue

            def values(predicate, subject=claim, graph=graph.value):
                return [x.object for x in store.quads(subject, predicate, None, graph)] or [None]

            for doc in values(str(CKG.documentId), link.object.value):
                if doc is None:
                    continue
                for row in product(
                    values(str(CKG.fatalities)),
                    values(str(CKG.fatalitiesMax)),
                    values(str(CKG.injured)),
                    values(str(CKG.date)),
                ):
                    found.add((q.subject, q.object, doc, *row))
    rows = [tuple(term(t) for t in row) for row in found]
    # ORDER BY ?event ?doc ?claim, as the query.
    return sorted(rows, key=lambda r: (str(r[2]), str(r[1]), [str(x) for x in r[3:]]))


def _facts(rows) -> Facts:
    facts: Facts = defaultdict(lambda: defaultdict(list))
    for s, p, o in rows:
        name = str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        facts[s][name].append(o)
    return facts


def _is_context(data) -> bool:
    """An entity's, article's or geometry's facts (what table_context reads)."""
    kinds = {str(t) for t in data.get("type", ())}
    return bool(
        kinds & {str(CKG.Actor), str(CKG.Place), str(CKG.Project), str(CKG.Article)}
        or "asWKT" in data
    )
