"""Network analysis of the conflict graph: an RDF -> networkx projection and pure measures.

:func:`to_networkx` turns any rdflib graph in the ontology (a plain ``Graph``, or a
``Dataset`` read from a ``.trig`` export, whose default graph is the fused view) into a
``networkx.MultiDiGraph`` of actors, places, events and projects. Every other public
function is a pure function ``G -> result`` in the networkx style, and :func:`analyze`
collects them into one :class:`Analysis` that :func:`write_reports` and
:func:`format_table` present.

>>> from rdflib import Graph
>>> ttl = '''
... @prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:e1> a ckg:Bombing ; ckg:perpetrator <urn:bla> ; ckg:location <urn:quetta> ;
...     ckg:date "2024-03-12" ; ckg:fatalities 5 .
... <urn:bla> a ckg:ArmedGroup ; rdfs:label "BLA" .
... <urn:quetta> a ckg:District ; rdfs:label "Quetta" .
... '''
>>> G = to_networkx(Graph().parse(data=ttl, format="turtle"))
>>> sorted(G.nodes[n]["label"] for n in G)
['BLA', 'Bombing, Quetta, 2024-03-12', 'Quetta']
>>> centrality(G)["Actor"][0].why, hotspots(G)[0].fatalities
('perpetrator in 1 event', 5)
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice, pairwise
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.graph import ConjunctiveGraph, Graph
from rdflib.namespace import OWL, SKOS

from kg.core.dates import PartialDate, parse_partial_date
from kg.core.errors import KgError
from kg.core.files import atomic_write
from kg.core.taxonomy import taxonomy
from kg.graph.mapping import CKG, GEO, WGS
from kg.publish import measures

__all__ = [
    "Analysis",
    "Community",
    "Dyad",
    "GraphPath",
    "Hop",
    "Hotspot",
    "Ranked",
    "Timeline",
    "UnknownNode",
    "analyze",
    "centrality",
    "communities",
    "dyads",
    "evidence_items",
    "format_table",
    "hotspots",
    "label_unlabelled",
    "resolve_node",
    "shortest_paths",
    "timeline",
    "to_networkx",
    "Triples",
    "LITERALS_READ",
    "network_source",
    "store_network",
    "undirected",
    "write_reports",
]

# The ontology's IRIs are defined once, in kg.graph.mapping.
_SKOS = SKOS
_OWL_SAMEAS = OWL.sameAs
# W3C Basic Geo carries lat/long; GeoSPARQL carries the WKT point. Accept either.
_GEO_LAT = WGS.lat
_GEO_LONG = WGS.long
_GEO_HAS_GEOMETRY = GEO.hasGeometry
_GEO_AS_WKT = GEO.asWKT

GROUPS = ("Actor", "Place", "Event", "Project")

# The class tree of the ontology (DESIGN.md, "Classes"); subclasses a loaded graph
# declares with rdfs:subClassOf are added on top, so new classes need no code change.
_PARENT: dict[str, str | None] = {
    "Actor": None, "Place": None, "Event": None, "Project": None,
    "ArmedGroup": "Actor", "StateForce": "Actor", "Government": "Actor",
    "CivilianGroup": "Actor", "Person": "Actor", "Organization": "Actor",
    "Country": "Place", "Province": "Place", "District": "Place", "City": "Place", "Site": "Place",
    **{kind.name: kind.parent for kind in taxonomy()},
}  # fmt: skip

# Group of an untyped node, from the ranges the ontology gives each relation.
_IMPLIED_GROUP = {
    "perpetrator": ("Event", "Actor"),
    "target": ("Event", None),
    "location": ("Event", "Place"),
    "partOf": ("Place", "Place"),
    "bordersWith": ("Place", "Place"),
    "memberOf": ("Actor", "Actor"),
    "opposes": ("Actor", "Actor"),
    "fundedBy": ("Project", None),
}

# Properties that link to provenance or bookkeeping nodes, never edges of the network,
# and the default graph's precomputed links (hierarchy closures, each source's claim).
_NOT_EDGES = {
    *("hasClaim", "reportedIn", "hasEvidence", "scope", "statedBy", "mentionOf"),
    *("partOfClosure", "memberOfClosure", "claimedLocation", "claimedPerpetrator"),
}


class UnknownNode(KgError, KeyError):
    """No node of the graph matches a name."""

    def __str__(self) -> str:
        # KeyError's str() is the repr of its key: the message would print in quotes.
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- RDF -> networkx


def _graph_views(graph: Graph) -> tuple[list[Graph], list[Graph]]:
    """Return (graphs holding the network, graphs holding provenance).

    The fused default graph is the network when there is one; evidence and mentions
    may sit in the per-article named graphs, so provenance reads every graph.
    """
    if isinstance(graph, Dataset):
        graphs = list(graph.graphs())
        default = graph.default_graph
    elif isinstance(graph, ConjunctiveGraph):
        graphs = list(graph.contexts())
        default = graph.default_context
    else:
        return [graph], [graph]
    if len(default):
        return [default], graphs
    # No fused view (e.g. a single article's .trig): read the union of the named graphs.
    return graphs, graphs


def _pairs(graphs: list[Graph], predicate: URIRef) -> Iterator[tuple]:
    for g in graphs:
        for s, _, o in g.triples((None, predicate, None)):
            yield s, o


def _local(iri: str) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _humanise(class_name: str) -> str:
    """``SuicideBombing`` -> ``Suicide bombing``."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", class_name) or [class_name]
    return " ".join([words[0]] + [w.lower() for w in words[1:]])


def _class_tree(graphs: list[Graph]) -> dict[str, str | None]:
    parents = dict(_PARENT)
    for sub, sup in _pairs(graphs, RDFS.subClassOf):
        if str(sub).startswith(str(CKG)) and str(sup).startswith(str(CKG)):
            parents.setdefault(_local(sub), _local(sup))
    return parents


def _root_and_depth(cls: str, parents: dict[str, str | None]) -> tuple[str | None, int]:
    seen, depth = set(), 0
    while parents.get(cls) is not None and cls not in seen:
        seen.add(cls)
        cls, depth = parents[cls], depth + 1
    return (cls if cls in GROUPS else None), depth


def _pick_literal(values: Iterable) -> str | None:
    """One label among several: untagged or English first, then the smallest, for determinism."""
    values = [v for v in values if isinstance(v, Literal)]
    if not values:
        return None
    return str(min(values, key=lambda v: (v.language not in (None, "en"), str(v))))


def _number(value, kind):
    try:
        return kind(value.toPython() if isinstance(value, Literal) else value)
    except (TypeError, ValueError):
        return None


def _wkt_point(wkt: str) -> tuple[float, float] | None:
    match = re.search(r"POINT\s*\(\s*([-\d.eE+]+)\s+([-\d.eE+]+)\s*\)", wkt, re.IGNORECASE)
    return (float(match.group(2)), float(match.group(1))) if match else None


def _sentence(text) -> str:
    # One line per sentence, so the joined ``evidence`` attribute splits back cleanly.
    return " ".join(str(text).split())


class Triples:
    """Triples indexed by predicate only: what :func:`to_networkx` reads, in a fraction of
    an rdflib graph's memory (which indexes every triple three ways, with its context).

    ``triples((None, p, None))`` and ``triples((None, None, None))`` are the patterns
    it answers. With ``literals``, a triple whose object is a literal is kept only if its
    predicate is one of those (:data:`LITERALS_READ`: the rest are never read).
    """

    def __init__(self, triples: Iterable[tuple] = (), literals: frozenset | None = None):
        self._pairs: dict = defaultdict(list)
        for s, p, o in triples:
            if literals is None or p in literals or not isinstance(o, Literal):
                self._pairs[p].append((s, o))

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        s, predicate, o = pattern
        if s is not None or o is not None:
            raise ValueError("Triples answers (None, p, None) and (None, None, None) only")
        for p in self._pairs if predicate is None else (predicate,):
            for s, o in self._pairs.get(p, ()):
                yield s, p, o

    def __len__(self) -> int:
        return sum(map(len, self._pairs.values()))


def network_source(store) -> Graph | Triples:
    """What :func:`to_networkx` reads of a store's fused default graph: every triple but
    the evidence sentences no node cites (most of the default graph)."""
    from kg.sparql.named import internal_query

    query = internal_query("network_source")
    if hasattr(store, "stream"):  # the embedded store: no rdflib graph in between
        return store.stream(query, lambda triples: Triples(triples, LITERALS_READ))
    graph = store.query(query).graph
    return graph if graph is not None else Graph()


def store_network(store) -> nx.MultiDiGraph:
    """:func:`to_networkx` of a store's fused default graph (:func:`network_source`)."""
    return to_networkx(network_source(store))


def to_networkx(graph: Graph, *, label_events: bool = True) -> nx.MultiDiGraph:
    """Project an RDF graph in the conflict-kg ontology onto a networkx multigraph.

    Nodes are actors, places, events and projects, keyed by IRI, with attributes ``iri``,
    ``label``, ``type`` (most specific ``ckg`` class), ``group`` (Actor|Place|Event|Project)
    and, where known, ``aliases``, ``date``, ``fatalities``, ``fatalities_max``, ``injured``,
    ``lat``, ``lon``, ``wikidata``, ``event_type``, ``sources`` (document ids, ``"; "``-joined)
    and ``evidence`` (one ``[doc] sentence`` per line, see :func:`evidence_items`). Values
    are str, int or float only, so the GraphML and GEXF writers accept the graph.

    Edges keep the RDF direction (event -> perpetrator, place -> parent place) with key
    and attribute ``relation`` (the property's local name) and ``evidence_count``: the
    reified statements recorded for the triple, or for an event's edges its evidence
    sentences.

    Args:
        graph: a ``Graph``, ``Dataset`` or ``ConjunctiveGraph``; for a dataset the default
            (fused) graph is read when it is not empty, else the union of its graphs.
        label_events: give unlabelled nodes their made-up labels (:func:`label_unlabelled`);
            without, a projection of part of a graph can be merged into another first.

    Returns:
        The projection; an empty graph if nothing in ``graph`` uses the ontology.
    """
    net, prov = _graph_views(graph)
    parents = _class_tree(net)

    kinds: dict[URIRef, tuple[int, str, str]] = {}
    for s, o in _pairs(net, RDF.type):
        if not str(o).startswith(str(CKG)):
            continue
        group, depth = _root_and_depth(_local(o), parents)
        if group and (s not in kinds or (depth, _local(o)) > kinds[s][:2]):
            kinds[s] = (depth, _local(o), group)
    nodes = {s: (cls, group) for s, (_, cls, group) in kinds.items()}

    # A fused event's claims are the per-article reports: count the incident once.
    for fused, report in _pairs(net, CKG.hasClaim):
        if fused in nodes and report != fused:
            nodes.pop(report, None)

    links = []
    for s, p, o in (t for g in net for t in g.triples((None, None, None))):
        if not isinstance(p, URIRef) or not str(p).startswith(str(CKG)):
            continue
        rel = _local(p)
        if rel in _NOT_EDGES or not isinstance(o, URIRef):
            continue
        implied = _IMPLIED_GROUP.get(rel, (None, None))
        for term, group in ((s, implied[0]), (o, implied[1])):
            if term not in nodes and group and term not in kinds:
                nodes[term] = (group, group)
        if s in nodes and o in nodes:
            links.append((s, rel, o))

    attrs: dict[URIRef, dict] = {n: {} for n in nodes}
    _literal_attrs(net, prov, attrs)
    evidence = _evidence(net, prov, nodes)
    statements = Counter(
        (s, _local(p), o) for s, p, o in _statements(prov) if s in nodes and o in nodes
    )

    # Nodes and edges in IRI order: the RDF comes back in no fixed order, and the GraphML,
    # GEXF and HTML files written from G should be the same bytes for the same graph.
    G = nx.MultiDiGraph()
    for n, (cls, group) in sorted(nodes.items(), key=lambda item: str(item[0])):
        data = {"iri": str(n), "type": cls, "group": group}
        data.update(attrs[n])
        sentences = sorted(evidence.get(n, ()))
        if sentences:
            data["evidence"] = "\n".join(f"[{doc}] {text}" for doc, text in sentences)
        G.add_node(str(n), **data)
    for s, rel, o in sorted(set(links), key=lambda link: (str(link[0]), link[1], str(link[2]))):
        count = statements.get((s, rel, o), 0) or (
            len(evidence.get(s, ())) if nodes[s][1] == "Event" else 0
        )
        G.add_edge(str(s), str(o), key=rel, relation=rel, evidence_count=count)
    if label_events:
        label_unlabelled(G)
    return G


# The node attributes read from one property each.
_SIMPLE = {
    "label": RDFS.label, "aliases": _SKOS.altLabel, "date": CKG.date,
    "fatalities": CKG.fatalities, "fatalities_max": CKG.fatalitiesMax,
    "fatalities_min": CKG.fatalitiesMin,
    "injured": CKG.injured, "lat": _GEO_LAT, "lon": _GEO_LONG, "wikidata": _OWL_SAMEAS,
    "event_type": CKG.acledEventType, "sub_event_type": CKG.acledSubEventType,
    "source_articles": CKG.reportedIn, "geometry": _GEO_HAS_GEOMETRY,
}  # fmt: skip
#: The properties whose literal values :func:`to_networkx` reads; it reads no other literal.
LITERALS_READ = frozenset(
    {*_SIMPLE.values(), CKG.documentId, _GEO_AS_WKT, CKG.sentence, CKG.evidence}
)


def _literal_attrs(net: list[Graph], prov: list[Graph], attrs: dict[URIRef, dict]) -> None:
    collected: dict[URIRef, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, predicate in _SIMPLE.items():
        for s, o in _pairs(net, predicate):
            if s in attrs:
                collected[s][name].append(o)
    doc_ids = {s: str(o) for s, o in _pairs(prov, CKG.documentId)}
    wkt = {s: str(o) for s, o in _pairs(net, _GEO_AS_WKT)}
    for n, values in collected.items():
        out = attrs[n]
        if label := _pick_literal(values["label"]):
            out["label"] = label
        aliases = sorted({str(a) for a in values["aliases"]} - {out.get("label")})
        if aliases:
            out["aliases"] = "; ".join(aliases)
        if values["date"]:
            out["date"] = min(str(d) for d in values["date"])  # earliest claim
        picks = (
            ("fatalities_min", min),
            ("fatalities", min),
            ("fatalities_max", max),
            ("injured", min),
        )
        for name, pick in picks:
            numbers = [x for x in (_number(v, int) for v in values[name]) if x is not None]
            if numbers:
                out[name] = pick(numbers)
        for name in ("lat", "lon"):
            if (x := _number(next(iter(values[name]), None), float)) is not None:
                out[name] = x
        if "lat" not in out and values["geometry"]:
            point = _wkt_point(wkt.get(values["geometry"][0], ""))
            if point:
                out["lat"], out["lon"] = point
        if wd := sorted(str(v) for v in values["wikidata"] if "wikidata.org" in str(v)):
            out["wikidata"] = wd[0]
        for name in ("event_type", "sub_event_type"):
            if text := _pick_literal(values[name]):
                out[name] = text
        sources = {doc_ids.get(a, _local(a)) for a in values["source_articles"]}
        if sources:
            out["sources"] = "; ".join(sorted(sources))


def _evidence(net, prov, nodes) -> dict[URIRef, set[tuple[str, str]]]:
    """(document id, sentence) pairs per node: its own evidence, its claims' and its mentions'."""
    doc_ids = {s: str(o) for s, o in _pairs(prov, CKG.documentId)}
    sentence = {s: _sentence(o) for s, o in _pairs(prov, CKG.sentence)}
    article = {s: o for s, o in _pairs(prov, CKG.reportedIn) if s in sentence}
    holders: dict[URIRef, set[URIRef]] = defaultdict(set)  # thing -> nodes it speaks for
    for n in nodes:
        holders[n].add(n)
    for fused, report in _pairs(prov, CKG.hasClaim):  # prov always covers net
        if fused in nodes:
            holders[report].add(fused)
    for mention, entity in _pairs(prov, CKG.mentionOf):
        if entity in nodes:
            holders[mention].add(entity)
    found: dict[URIRef, set[tuple[str, str]]] = defaultdict(set)
    for holder, ev in _pairs(prov, CKG.hasEvidence):
        if holder in holders and ev in sentence:
            doc = doc_ids.get(article.get(ev), _local(article[ev]) if ev in article else "")
            for n in holders[holder]:
                found[n].add((doc, sentence[ev]))
    for n, text in _pairs(net, CKG.evidence):
        if n in nodes and not any(s == _sentence(text) for _, s in found[n]):
            found[n].add(("", _sentence(text)))
    return found


def _statements(prov: list[Graph]) -> Iterator[tuple]:
    parts: dict[URIRef, dict] = defaultdict(dict)
    for name, predicate in (("s", RDF.subject), ("p", RDF.predicate), ("o", RDF.object)):
        for stmt, value in _pairs(prov, predicate):
            parts[stmt][name] = value
    for p in parts.values():
        if len(p) == 3:
            yield p["s"], p["p"], p["o"]


def label_unlabelled(G: nx.MultiDiGraph) -> None:
    """Give unlabelled nodes a readable label; events read "Bombing, Quetta, 2024-03-12"."""
    for n, data in G.nodes(data=True):
        if "label" in data:
            continue
        if data["group"] == "Event":
            places = sorted(
                G.nodes[v].get("label", _local(v))
                for _, v, rel in G.out_edges(n, keys=True)
                if rel == "location"
            )
            parts = [_humanise(data["type"]), *places[:1], data.get("date")]
            data["label"] = ", ".join(p for p in parts if p)
        else:
            data["label"] = _local(n)


def evidence_items(value: str | None) -> list[tuple[str, str]]:
    """Split a node's ``evidence`` attribute back into (document id, sentence) pairs.

    >>> evidence_items("[d1] Five soldiers were killed.\\n[] Unsourced sentence.")
    [('d1', 'Five soldiers were killed.'), ('', 'Unsourced sentence.')]
    """
    items = []
    for line in (value or "").splitlines():
        match = re.match(r"\[(.*?)\] ?(.*)", line)
        items.append((match.group(1), match.group(2)) if match else ("", line))
    return items


# --------------------------------------------------------------------------- measures


@dataclass
class Ranked:
    """One node's centrality scores, and why it ranks where it does."""

    iri: str
    label: str
    type: str
    degree: int
    pagerank: float
    betweenness: float
    why: str


@dataclass
class Community:
    """A Louvain community: its members (most connected first) and dominant types."""

    size: int
    members: list[str]
    iris: list[str]
    types: list[tuple[str, int]]
    groups: dict[str, int]


@dataclass
class Dyad:
    """Events in which one actor (the perpetrator) acted against a target."""

    perpetrator: str
    perpetrator_label: str
    target: str
    target_label: str
    target_type: str
    events: int
    fatalities: int
    dates: list[str]


@dataclass
class Hotspot:
    """Events located at a place or anywhere inside it (via ``partOf``)."""

    iri: str
    label: str
    type: str
    parent: str | None
    events: int
    fatalities: int
    direct_events: int


@dataclass
class Timeline:
    """Events and fatalities per month (``YYYY-MM``), overall and per actor.

    ``months`` runs without gaps from the first to the last dated month. Events dated
    to the year only are counted in ``year_only``, undated ones in ``undated``.
    """

    months: list[str] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    fatalities: list[int] = field(default_factory=list)
    by_actor: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    year_only: int = 0
    undated: int = 0


@dataclass
class Hop:
    """One step of a path; ``forward`` is False when the edge points back along the path."""

    source: str
    target: str
    relation: str
    forward: bool


@dataclass
class GraphPath:
    """A path between two nodes, with the relation on each hop."""

    nodes: list[str]
    hops: list[Hop]

    def text(self) -> str:
        """Render as ``BLA <-perpetrator- Bombing, Quetta -location-> Quetta``."""
        if not self.hops:  # both names are one node: a path of no steps
            return f"{self.nodes[0]} (both names are this node)" if self.nodes else ""
        parts = [self.hops[0].source]
        for hop in self.hops:
            arrow = f"-{hop.relation}->" if hop.forward else f"<-{hop.relation}-"
            parts += [arrow, hop.target]
        return " ".join(parts)


def _label(G: nx.MultiDiGraph, n) -> str:
    return G.nodes[n].get("label", str(n))


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected projection; ``weight`` counts the edges it merges."""
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        if u != v:
            w = U.get_edge_data(u, v, {"weight": 0})["weight"]
            U.add_edge(u, v, weight=w + 1)
    return U


_PHRASES = {  # (relation, the edge points at this node) -> phrase
    ("perpetrator", True): "perpetrator in {} event(s)",
    ("target", True): "target in {} event(s)",
    ("location", True): "location of {} event(s)",
    ("partOf", True): "contains {} place(s)",
    ("partOf", False): "part of {}",
    ("memberOf", True): "{} member(s)",
    ("memberOf", False): "member of {}",
    ("opposes", True): "opposed by {}",
    ("opposes", False): "opposes {}",
    ("fundedBy", True): "funds {}",
    ("fundedBy", False): "funded by {}",
    ("bordersWith", True): "borders {}",
    ("bordersWith", False): "borders {}",
    ("targets", True): "targeted by {}",
    ("targets", False): "targets {}",
}


def _plural(phrase: str, n: int) -> str:
    return phrase.format(n).replace("(s)", "" if n == 1 else "s")


def _why(G: nx.MultiDiGraph, n) -> str:
    """Neighbours counted by relation, e.g. "perpetrator in 4 events, member of 1"."""
    counts = Counter((rel, True) for _, _, rel in G.in_edges(n, keys=True))
    counts.update((rel, False) for _, _, rel in G.out_edges(n, keys=True))
    parts = []
    for (rel, incoming), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        default = f"{{}} {rel}" + (" (incoming)" if incoming else "")
        parts.append(_plural(_PHRASES.get((rel, incoming), default), c))
    return ", ".join(parts)


def _betweenness_sources(U: nx.Graph) -> int | None:
    """How many BFS sources betweenness can afford: all of them on small graphs.

    Exact betweenness costs one BFS per node; pure-Python BFS runs about 2-3 million
    edge steps per second here, igraph's about 20 times that, so the budget keeps the
    estimate to a few seconds on either backend (:mod:`kg.publish.measures`).
    """
    budget = 60_000_000 if measures.backend(U) == "igraph" else 3_000_000
    k = max(50, budget // (len(U) + U.number_of_edges() + 1))
    return None if k >= len(U) else k


def centrality(
    G: nx.MultiDiGraph, top: int = 10, U: nx.Graph | None = None
) -> dict[str, list[Ranked]]:
    """Rank actors, places and projects by PageRank, with degree and betweenness.

    Both run on the undirected projection (parallel edges as weight). Directed PageRank
    would pool in sinks -- the umbrella group a member points at, the country every
    province is part of -- rather than in the actors named in many events. Betweenness
    is exact on small graphs and estimated from a seeded sample of sources on large ones
    (:attr:`Analysis.notes` says so).

    Args:
        G: a graph from :func:`to_networkx`.
        top: how many nodes to keep per group.
        U: ``undirected(G)``, when the caller has it already.

    Returns:
        ``{"Actor": [...], "Place": [...], "Project": [...]}``, best first.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e", label="E", type="Attack", group="Event")
    >>> G.add_node("a", label="A", type="ArmedGroup", group="Actor")
    >>> G.add_edge("e", "a", key="perpetrator", relation="perpetrator")
    'perpetrator'
    >>> centrality(G)["Actor"][0].why
    'perpetrator in 1 event'
    """
    U = undirected(G) if U is None else U
    pagerank = measures.pagerank(U)
    between = measures.betweenness(U, k=_betweenness_sources(U), seed=0)
    result: dict[str, list[Ranked]] = {}
    for group in ("Actor", "Place", "Project"):
        members = [n for n, g in G.nodes(data="group") if g == group]
        members.sort(key=lambda n: (-pagerank.get(n, 0), -G.degree(n), _label(G, n)))
        result[group] = [
            Ranked(
                iri=G.nodes[n].get("iri", str(n)),
                label=_label(G, n),
                type=G.nodes[n].get("type", group),
                degree=G.degree(n),
                pagerank=round(pagerank.get(n, 0.0), 6),
                betweenness=round(between.get(n, 0.0), 6),
                why=_why(G, n),
            )
            for n in members[:top]
        ]
    return result


def communities(G: nx.MultiDiGraph, seed: int = 42, U: nx.Graph | None = None) -> list[Community]:
    """Louvain communities of the undirected projection, largest first.

    The seed fixes Louvain's random node order, so the same graph gives the same answer.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> [c.size for c in communities(G)]
    [3, 2]
    """
    U = undirected(G) if U is None else U
    found = measures.louvain(U, seed=seed)
    result = []
    for members in found:
        ordered = sorted(members, key=lambda n: (-G.degree(n), _label(G, n)))
        types = Counter(G.nodes[n].get("type", "?") for n in members)
        groups = Counter(G.nodes[n].get("group", "?") for n in members)
        result.append(
            Community(
                size=len(members),
                members=[_label(G, n) for n in ordered],
                iris=[str(n) for n in ordered],
                types=types.most_common(3),
                groups=dict(sorted(groups.items())),
            )
        )
    result.sort(key=lambda c: (-c.size, c.members))
    return result


def _events(G: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return ((n, d) for n, d in G.nodes(data=True) if d.get("group") == "Event")


def _ends(G: nx.MultiDiGraph, event, relation: str) -> list:
    return sorted({v for _, v, rel in G.out_edges(event, keys=True) if rel == relation})


def dyads(G: nx.MultiDiGraph) -> list[Dyad]:
    """Perpetrator -> target pairs, with their events, fatalities and dates.

    An event with several targets counts once for each pair; fatalities are the
    events' lower bounds. Sorted by events, then fatalities, most first.
    """
    pairs: dict[tuple, list] = defaultdict(list)
    for e, data in _events(G):
        for p in _ends(G, e, "perpetrator"):
            for t in _ends(G, e, "target"):
                pairs[p, t].append(data)
    result = [
        Dyad(
            perpetrator=str(p),
            perpetrator_label=_label(G, p),
            target=str(t),
            target_label=_label(G, t),
            target_type=G.nodes[t].get("type", ""),
            events=len(events),
            fatalities=sum(d.get("fatalities", 0) for d in events),
            dates=sorted(d["date"] for d in events if "date" in d),
        )
        for (p, t), events in pairs.items()
    ]
    result.sort(key=lambda d: (-d.events, -d.fatalities, d.perpetrator_label, d.target_label))
    return result


def _ancestors(G: nx.MultiDiGraph, place) -> list:
    """The place and every place it is part of, nearest first (cycles cut)."""
    chain, frontier = [place], [place]
    while frontier:
        nxt = []
        for p in frontier:
            for parent in _ends(G, p, "partOf"):
                if parent not in chain:
                    chain.append(parent)
                    nxt.append(parent)
        frontier = nxt
    return chain


def hotspots(G: nx.MultiDiGraph) -> list[Hotspot]:
    """Events and fatalities per place, rolled up district -> province -> country.

    Each event counts once per place even when it lists several locations inside it.
    Sorted by events, then fatalities, most first.
    """
    rolled: dict[str, set] = defaultdict(set)
    direct: Counter = Counter()
    for e, _ in _events(G):
        places = _ends(G, e, "location")
        direct.update(places)
        for place in places:
            for p in _ancestors(G, place):
                rolled[p].add(e)
    result = []
    for p, events in rolled.items():
        parents = _ends(G, p, "partOf")
        result.append(
            Hotspot(
                iri=str(p),
                label=_label(G, p),
                type=G.nodes[p].get("type", "Place"),
                parent=_label(G, parents[0]) if parents else None,
                events=len(events),
                fatalities=sum(G.nodes[e].get("fatalities", 0) for e in events),
                direct_events=direct[p],
            )
        )
    result.sort(key=lambda h: (-h.events, -h.fatalities, h.label))
    return result


def _month_range(first: str, last: str) -> list[str]:
    (y, m), (y2, m2) = map(int, first.split("-")), map(int, last.split("-"))
    months = []
    while (y, m) <= (y2, m2):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def timeline(G: nx.MultiDiGraph) -> Timeline:
    """Events and fatalities per month, overall and per actor (as perpetrator or target).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e1", group="Event", date="2024-01-05", fatalities=2)
    >>> G.add_node("e2", group="Event", date="2024-03", fatalities=1)
    >>> t = timeline(G)
    >>> t.months, t.events, t.fatalities
    (['2024-01', '2024-02', '2024-03'], [1, 0, 1], [2, 0, 1])
    """
    per_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_actor: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    out = Timeline()
    for e, data in _events(G):
        date = parse_partial_date(data.get("date") or None)
        if date is None or date.month is None:
            if date is not None:
                out.year_only += 1
            else:
                out.undated += 1
            continue
        month, deaths = str(PartialDate(date.year, date.month)), data.get("fatalities", 0)
        per_month[month][0] += 1
        per_month[month][1] += deaths
        actors = {
            a
            for rel in ("perpetrator", "target")
            for a in _ends(G, e, rel)
            if G.nodes[a].get("group") == "Actor"
        }
        for a in actors:
            per_actor[_label(G, a)][month][0] += 1
            per_actor[_label(G, a)][month][1] += deaths
    if per_month:
        out.months = _month_range(min(per_month), max(per_month))
        out.events = [per_month[m][0] if m in per_month else 0 for m in out.months]
        out.fatalities = [per_month[m][1] if m in per_month else 0 for m in out.months]
    out.by_actor = {
        actor: {m: list(v) for m, v in sorted(months.items())}
        for actor, months in sorted(per_actor.items())
    }
    return out


# --------------------------------------------------------------------------- names and paths


def resolve_node(G: nx.MultiDiGraph, name: str) -> str:
    """Find the node a name means: its label, an alias, its IRI or the IRI's last part.

    Matching ignores case. Exact matches win over substring matches; among several,
    actors, places and projects win over events, then the most connected node.

    Raises:
        UnknownNode: nothing matches.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("https://w3id.org/conflict-kg/id/actor/bla", label="BLA",
    ...            aliases="Baloch Liberation Army", group="Actor")
    >>> resolve_node(G, "baloch liberation army")
    'https://w3id.org/conflict-kg/id/actor/bla'
    """
    wanted = name.strip().casefold()
    if not wanted:
        raise UnknownNode(f"No node named {name!r}")
    exact, partial = [], []
    for n, data in G.nodes(data=True):
        names = [data.get("label", ""), str(n), _local(n)]
        names += [a.strip() for a in data.get("aliases", "").split(";")]
        names = [x.casefold() for x in names if x]
        if wanted in names:
            exact.append(n)
        elif any(wanted in x for x in names[:1] + names[3:]):
            partial.append(n)
    candidates = exact or partial
    if not candidates:
        raise UnknownNode(f"No node named {name!r}")
    return min(
        candidates,
        key=lambda n: (G.nodes[n].get("group") == "Event", -G.degree(n), str(n)),
    )


def _hop(G: nx.MultiDiGraph, u, v) -> Hop:
    forward = sorted(G.get_edge_data(u, v, default={}))
    backward = sorted(G.get_edge_data(v, u, default={}))
    relations = forward or backward
    return Hop(_label(G, u), _label(G, v), "|".join(relations), forward=bool(forward))


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, k: int = 3) -> list[GraphPath]:
    """The ``k`` shortest simple paths between two named nodes, ignoring edge direction.

    Args:
        G: a graph from :func:`to_networkx`.
        a, b: names as :func:`resolve_node` reads them.
        k: how many paths at most.

    Returns:
        Paths, shortest first; empty when the nodes are not connected.

    Raises:
        UnknownNode: ``a`` or ``b`` names no node.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("e", "bla", key="perpetrator")
    'perpetrator'
    >>> G.add_edge("e", "quetta", key="location")
    'location'
    >>> shortest_paths(G, "BLA", "Quetta")[0].text()
    'bla <-perpetrator- e -location-> quetta'
    """
    source, target = resolve_node(G, a), resolve_node(G, b)
    if source == target:
        return [GraphPath(nodes=[_label(G, source)], hops=[])]
    U = undirected(G)
    try:
        found = list(islice(nx.shortest_simple_paths(U, source, target), k))
    except nx.NetworkXNoPath:
        return []
    return [
        GraphPath(nodes=[_label(G, n) for n in p], hops=[_hop(G, u, v) for u, v in pairwise(p)])
        for p in found
    ]


# --------------------------------------------------------------------------- the report


@dataclass
class Analysis:
    """Everything :func:`analyze` measures, ready for :func:`write_reports`."""

    nodes: dict[str, int]
    types: dict[str, int]
    relations: dict[str, int]
    centrality: dict[str, list[Ranked]]
    communities: list[Community]
    dyads: list[Dyad]
    hotspots: list[Hotspot]
    timeline: Timeline
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def analyze(G: nx.MultiDiGraph, top: int = 10) -> Analysis:
    """Run every measure on ``G``.

    >>> analyze(nx.MultiDiGraph()).nodes
    {}
    """
    notes = []
    U = undirected(G)
    if (k := _betweenness_sources(U)) is not None:
        notes.append(f"Betweenness estimated from {k} sampled sources of {len(G)} nodes.")
    if measures.backend(U) == "igraph":
        notes.append("PageRank, betweenness and communities computed with igraph.")
    return Analysis(
        notes=notes,
        nodes=dict(sorted(Counter(g for _, g in G.nodes(data="group")).items())),
        types=dict(sorted(Counter(t for _, t in G.nodes(data="type")).items())),
        relations=dict(sorted(Counter(k for _, _, k in G.edges(keys=True)).items())),
        centrality=centrality(G, top=top, U=U),
        communities=communities(G, U=U),
        dyads=dyads(G),
        hotspots=hotspots(G),
        timeline=timeline(G),
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(value) -> str:
    # Labels come from articles: escape what Markdown or an HTML renderer would act on.
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _md_table(header: list[str], rows: Iterable[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _markdown(a: Analysis, top: int = 15) -> str:
    out = ["# Network analysis", ""]
    counts = ", ".join(f"{n} {g.lower()}{'s' * (n != 1)}" for g, n in a.nodes.items())
    out += [f"{counts or 'No nodes'}; {sum(a.relations.values())} edges.", ""]
    out += [*a.notes, ""] if a.notes else []
    for group, ranked in a.centrality.items():
        if ranked:
            out += [f"## Central {group.lower()}s", ""]
            out += _md_table(
                ["label", "type", "degree", "PageRank", "betweenness", "why"],
                ([r.label, r.type, r.degree, f"{r.pagerank:.4f}", f"{r.betweenness:.4f}", r.why]
                 for r in ranked),
            )  # fmt: skip
    out += ["## Dyads (perpetrator → target)", ""]
    out += _md_table(
        ["perpetrator", "target", "events", "fatalities", "first", "last"],
        ([d.perpetrator_label, d.target_label, d.events, d.fatalities,
          d.dates[0] if d.dates else "", d.dates[-1] if d.dates else ""] for d in a.dyads[:top]),
    )  # fmt: skip
    out += ["## Hotspots", ""]
    out += _md_table(
        ["place", "type", "part of", "events", "fatalities", "direct"],
        ([h.label, h.type, h.parent or "", h.events, h.fatalities, h.direct_events]
         for h in a.hotspots[:top]),
    )  # fmt: skip
    out += ["## Communities (Louvain)", ""]
    out += _md_table(
        ["size", "dominant types", "members"],
        ([c.size, ", ".join(f"{t} ({n})" for t, n in c.types), ", ".join(c.members[:8])]
         for c in a.communities[:top]),
    )  # fmt: skip
    t = a.timeline
    out += ["## Timeline", "", "![events per month](timeline.png)", ""]
    out += _md_table(
        ["month", "events", "fatalities"], zip(t.months, t.events, t.fatalities, strict=True)
    )
    out += [f"Dated to the year only: {t.year_only}; undated: {t.undated}.", ""]
    return "\n".join(out)


def _timeline_png(t: Timeline, fh) -> None:
    # Figure + its own Agg canvas: no pyplot, so no global backend state and no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 6), layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, sharex=True)
    if not t.months:
        top.text(0.5, 0.5, "no events dated to the month", ha="center", va="center")
    x = range(len(t.months))
    top.bar(x, t.events, color="#4c72b0", label="events")
    top.set_ylabel("events")
    twin = top.twinx()
    twin.plot(x, t.fatalities, color="#c44e52", marker="o", label="fatalities")
    twin.set_ylabel("fatalities")
    top.set_title("Events and fatalities per month")
    busiest = sorted(t.by_actor.items(), key=lambda kv: -sum(v[0] for v in kv[1].values()))[:5]
    for actor, months in busiest:
        # Two "$" in a label would start matplotlib's mathtext; keep article text literal.
        label = (actor if len(actor) <= 40 else actor[:39] + "…").replace("$", r"\$")
        bottom.plot(x, [months.get(m, [0, 0])[0] for m in t.months], marker=".", label=label)
    if busiest:
        bottom.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    bottom.set_ylabel("events per actor")
    step = max(1, len(t.months) // 12)
    bottom.set_xticks(list(x)[::step], t.months[::step], rotation=45, ha="right")
    fig.savefig(fh, format="png", dpi=100)


def write_reports(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Write ``analysis.json``, ``analysis.md`` and ``timeline.png`` into ``out_dir``.

    Each file is replaced atomically, so a reader never sees a half-written report.

    Returns:
        The three paths, in that order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2).encode()
    return [
        atomic_write(out_dir / "analysis.json", lambda fh: fh.write(data)),
        atomic_write(out_dir / "analysis.md", lambda fh: fh.write(_markdown(analysis).encode())),
        atomic_write(out_dir / "timeline.png", lambda fh: _timeline_png(analysis.timeline, fh)),
    ]


def format_table(
    analysis: Analysis, *, width: int = 110, color: bool = False, top: int = 10
) -> str:
    """Render the analysis as rich tables for the terminal.

    Labels are passed as ``rich.text.Text``, so ``[bold]`` in an article stays text.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=io.StringIO(), width=width, force_terminal=color, color_system=None
                      if not color else "auto", record=False)  # fmt: skip

    def table(title, header, rows):
        t = Table(title=title, title_justify="left")
        for h in header:
            t.add_column(h, overflow="fold")
        for row in rows:
            t.add_row(*(Text(str(c)) for c in row))
        console.print(t)

    for group, ranked in analysis.centrality.items():
        if ranked:
            table(f"Central {group.lower()}s", ["label", "type", "deg", "PageRank", "why"],
                  ([r.label, r.type, r.degree, f"{r.pagerank:.3f}", r.why] for r in ranked[:top]))  # fmt: skip
    table("Dyads", ["perpetrator", "target", "events", "fatalities"],
          ([d.perpetrator_label, d.target_label, d.events, d.fatalities] for d in analysis.dyads[:top]))  # fmt: skip
    table("Hotspots", ["place", "type", "events", "fatalities"],
          ([h.label, h.type, h.events, h.fatalities] for h in analysis.hotspots[:top]))  # fmt: skip
    table("Communities", ["size", "types", "members"],
          ([c.size, ", ".join(t for t, _ in c.types), ", ".join(c.members[:6])]
           for c in analysis.communities[:top]))  # fmt: skip
    return console.file.getvalue()
