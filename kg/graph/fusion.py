"""Cross-source fusion: the default graph, derived from the per-article named graphs.

The default graph has two parts:

- **carried** triples: what articles, evidence sentences and statistics say, copied
  verbatim from their article's graph (:func:`carried_triples`). Each belongs to one
  article, so the store keeps them in step with that article's graph, in the same
  transaction, and fusion never reads them;
- **fused** triples: one node per entity and per incident, every source's claim kept,
  plus the carried nodes' links to entities (an entity may have been merged into another),
  plus what queries would otherwise read from the article graphs or evaluate as paths:
  each report as a ``ckg:Claim`` (:func:`_write_claim`), entities' ``ckg:surfaceForm``,
  the ``ckg:partOfClosure`` / ``ckg:memberOfClosure`` links (:func:`_write_closures`) and
  each incident's summaries (:mod:`kg.graph.shaping`, called by :func:`_write_incident`).
  They depend on every article, and :func:`refresh_fused` derives them again after each
  build from a compact projection of the named graphs (:class:`FusionInput`: one row per
  distinct entity triple and per event report, not the evidence that fills most of them).

Entities with the same IRI become one node, and an unlisted entity whose label names
exactly one lexicon entity is merged into it. Event reports of different articles that
describe the same incident become one ``id:event/<hash>`` node with ``ckg:hasClaim`` to each
report (:mod:`kg.graph.matching` decides which). :func:`fused_graph` derives the whole default
graph from graphs in memory; the store path gives the same graph (a test checks it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from math import prod

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.core.namespaces import CKG as _CKG
from kg.core.namespaces import GEO as _GEO
from kg.core.namespaces import WGS as _WGS
from kg.core.namespaces import Terms
from kg.graph.mapping import (
    EVENT_CLASSES,
    ID,
    RELATION_PREDICATES,
    acled_concept_iri,
    bind_namespaces,
    date_literal,
    decimal_literal,
    event_iri,
    geometry_iri,
    is_entity_iri,
    slugify,
    wkt_point,
)
from kg.graph.matching import (
    FusionContext,
    Incident,
    Report,
    cluster_reports,
    compatible,
    fuse_cluster,
    fuse_tolls,
    most_common,
    most_specific_kind,
)
from kg.graph.shaping import shape_incident
from kg.graph.triples import Triples
from kg.sparql.named import internal_query

__all__ = [
    "CARRIED_CLASSES",
    "FusionInput",
    "Report",
    "FusionContext",
    "carried_triples",
    "cluster_reports",
    "compatible",
    "fused_graph",
    "fused_part",
    "graph_input",
    "refresh_fused",
    "store_input",
]

# The vocabulary's terms, each made once: fusion writes hundreds of thousands of triples.
CKG, GEO, WGS = Terms(_CKG), Terms(_GEO), Terms(_WGS)

#: Nodes whose triples the default graph repeats verbatim from their one article.
CARRIED_CLASSES = (CKG.Article, CKG.Evidence, CKG.CasualtyStatistic)
_ENTITY_CLASSES = (
    CKG.Actor,
    CKG.Place,
    CKG.Project,
)  # every entity has one (kg.graph.mapping adds it)
_EVENT_TYPES = {uri: kind for kind, uri in EVENT_CLASSES.items()}
_RELATIONS = frozenset(RELATION_PREDICATES.values())
# Per-report values the fused incident keeps, from every report.
_KEPT = (CKG.evidence, CKG.hasEvidence, CKG.dateText, CKG.trigger)


@dataclass
class FusionInput:
    """What fusion reads from the article graphs: everything but the carried triples."""

    #: Each distinct triple about an entity, with the number of article graphs stating it.
    entities: Counter = field(default_factory=Counter)
    #: Carried nodes' links to entities, e.g. a statistic's ``ckg:scope``.
    references: set[tuple[Node, Node, Node]] = field(default_factory=set)
    #: Every article's event reports, as stated (before entities are merged).
    reports: list[Report] = field(default_factory=list)
    #: Each entity's surface forms, as (entity, text): the text of every mention of it.
    surface_forms: set[tuple[Node, Node]] = field(default_factory=set)


# ---------------------------------------------------------------------------
# The two ways in: graphs in memory, or a store
# ---------------------------------------------------------------------------


def fused_graph(doc_graphs: Iterable[Graph], *, window_days: int = 1) -> Graph:
    """Derive the whole fused default graph from per-article named graphs.

    Args:
        doc_graphs: the content of each article's named graph, as :func:`kg.graph.mapping.document_graph`
            writes it (or as read back from a store).
        window_days: how many days apart two reports' dates may be and still be one incident.

    Returns:
        A new graph: the carried triples of every article plus :func:`fused_part`.
        The inputs are not changed.
    """
    graphs = list(doc_graphs)
    out = fused_part(graph_input(graphs), window_days=window_days)
    for graph in graphs:
        for triple in carried_triples(graph):
            out.add(triple)
    return out


def refresh_fused(store, *, window_days: int = 1) -> None:
    """Derive the fused part of ``store``'s default graph again from its article graphs.

    The embedded store keeps the carried triples in step with each article as it is
    written, so only the fused part is derived, from :func:`store_input`, and written as
    a difference in one transaction. A store without that ability (a remote endpoint)
    gets the whole default graph derived and replaced.
    """
    if hasattr(store, "replace_fused_part"):
        store.replace_fused_part(fused_triples(store_input(store), window_days=window_days))
    else:
        store.replace_default_graph(
            fused_graph((graph for _, graph in store.document_graphs()), window_days=window_days)
        )


def carried_triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Yield the triples of an article graph that the default graph repeats verbatim.

    These are the triples of its article, evidence and statistic nodes, except links to
    entities (fusion may merge an entity into another, so those are part of the fused
    part) and triples with blank nodes (kg writes none).
    """
    for cls in CARRIED_CLASSES:
        for s in graph.subjects(RDF.type, cls):
            if not isinstance(s, URIRef):
                continue
            for p, o in graph.predicate_objects(s):
                if not isinstance(o, BNode) and not is_entity_iri(o):
                    yield s, p, _canonical(o)


def graph_input(doc_graphs: Iterable[Graph]) -> FusionInput:
    """Read the :class:`FusionInput` from article graphs in memory."""
    result = FusionInput()
    for graph in doc_graphs:
        kinds = _kinds(graph)
        for s, p, o in graph:
            kind = kinds.get(s)
            if kind == "entity":
                result.entities[s, p, o] += 1
            elif kind == "carried" and is_entity_iri(o):
                result.references.add((s, p, o))
        properties: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for s, kind in kinds.items():
            if kind == "report" and isinstance(s, URIRef):
                for p, o in graph.predicate_objects(s):
                    properties[s][p].append(o)
                for article in graph.objects(s, CKG.reportedIn):
                    properties[s][DCTERMS.issued] += graph.objects(article, DCTERMS.issued)
        result.reports += [_report(s, graph.identifier, values) for s, values in properties.items()]
        result.surface_forms.update(
            (entity, text)
            for mention, entity in graph.subject_objects(CKG.mentionOf)
            for text in graph.objects(mention, CKG.text)
        )
    return result


def store_input(store) -> FusionInput:
    """Read the :class:`FusionInput` from a store's named graphs with four SPARQL queries.

    The queries return one row per distinct entity triple (with the number of graphs
    stating it), per link from a carried node to an entity, per event-report triple and
    per distinct (entity, mention text), so the work grows with the number of entities,
    reports and mentions, not with the evidence.
    """
    result = FusionInput()
    for s, p, o, graphs in store.query(internal_query("fusion_entities")).rows:
        result.entities[s, p, o] = int(graphs)
    for s, p, o in store.query(internal_query("fusion_references")).rows:
        if is_entity_iri(o):
            result.references.add((s, p, o))
    properties: dict[tuple[Node, Node], dict[Node, list[Node]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for g, s, p, o in store.query(internal_query("fusion_reports")).rows:
        properties[g, s][p].append(o)
    result.reports = [_report(s, g, values) for (g, s), values in properties.items()]
    result.surface_forms = {
        (entity, text) for entity, text in store.query(internal_query("fusion_surface_forms")).rows
    }
    return result


def _kinds(graph: Graph) -> dict[Node, str]:
    """Sort a graph's subjects: carried nodes, event reports, entities (and ignore the rest)."""
    kinds: dict[Node, str] = {}
    for s, t in graph.subject_objects(RDF.type):
        if t in CARRIED_CLASSES or t in (CKG.Mention, RDF.Statement):
            kinds[s] = "carried" if t in CARRIED_CLASSES else "other"
        elif t == CKG.Event or t in _EVENT_TYPES:
            kinds[s] = "fused" if (s, CKG.hasClaim, None) in graph else "report"
        elif t in _ENTITY_CLASSES:
            kinds.setdefault(s, "entity")
    return kinds


def _report(s: URIRef, graph_id: Node, values: Mapping[Node, list[Node]]) -> Report:
    """Make a :class:`Report` from the values of one report node."""

    def one(p):
        found = values.get(p)
        return min(found, key=str) if found else None

    kinds = sorted(_EVENT_TYPES[t] for t in values.get(RDF.type, ()) if t in _EVENT_TYPES)
    confidence = one(CKG.confidence)
    return Report(
        iri=s,
        source=one(CKG.reportedIn) or graph_id,
        kind=most_specific_kind(kinds)[0] if kinds else "Attack",
        date=_str(one(CKG.date)),
        location=one(CKG.location),
        perpetrator=one(CKG.perpetrator),
        basis=_str(one(CKG.perpetratorBasis)),
        targets=frozenset(values.get(CKG.target, ())),
        fatalities=_int(one(CKG.fatalities)),
        fatalities_max=_int(one(CKG.fatalitiesMax)),
        fatalities_min=_int(one(CKG.fatalitiesMin)),
        published=_str(one(DCTERMS.issued)),
        injured=_int(one(CKG.injured)),
        background=bool(_python(one(CKG.background))),
        confidence=float(confidence) if confidence is not None else None,
        acled=(_str(one(CKG.acledEventType)), _str(one(CKG.acledSubEventType))),
        kept=tuple(sorted(((p, o) for p in _KEPT for o in values.get(p, ())), key=str)),
    )


# ---------------------------------------------------------------------------
# Deriving the fused part
# ---------------------------------------------------------------------------


def fused_part(source: FusionInput, *, window_days: int = 1) -> Graph:
    """Derive the fused part of the default graph: entities, relations, links, incidents."""
    return fused_triples(source, window_days=window_days).to_graph(bind_namespaces(Graph()))


def fused_triples(source: FusionInput, *, window_days: int = 1) -> Triples:
    """:func:`fused_part`'s triples, as a :class:`~kg.graph.triples.Triples` (cheaper to fill)."""
    out = Triples()
    redirect = _redirects(source.entities)

    def node(term):
        return redirect.get(term, term) if isinstance(term, URIRef) else term

    for s, p, o in source.references:
        out.add((s, p, node(o)))
    merged: dict[URIRef, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for (s, p, o), count in source.entities.items():
        if p in _RELATIONS:
            out.add((node(s), p, node(o)))
        merged[node(s)][str(p)][o] += count
    for s, values in merged.items():
        _write_entity(out, s, values)
    _write_surface_forms(out, source.surface_forms, node, merged)

    ctx = FusionContext(
        places=_closure(out, CKG.partOf),
        actors=_closure(out, CKG.memberOf),
        generic=frozenset(out.subjects(CKG.generic, Literal(True))),
        window_days=window_days,
        towns=frozenset(out.subjects(RDF.type, CKG.City)),
        coordinates=_coordinates(out),
    )
    _write_closures(out, ctx)
    reports = [
        replace(
            r,
            location=node(r.location),
            perpetrator=node(r.perpetrator),
            targets=frozenset(node(t) for t in r.targets),
        )
        for r in source.reports
    ]
    incidents = [(cluster, fuse_cluster(cluster, ctx)) for cluster in cluster_reports(reports, ctx)]
    keys = Counter(incident.key for _, incident in incidents)
    for cluster, incident in incidents:
        if keys[incident.key] > 1:  # two incidents share date, place and perpetrator
            incident.key += f"|{cluster[0].iri}"
        _write_incident(out, cluster, incident)
    return out


def _redirects(entities: Mapping[tuple[Node, Node, Node], int]) -> dict[URIRef, URIRef]:
    """Map each unlisted entity whose label names exactly one lexicon entity to that entity."""
    listed = {s for s, p, o in entities if p == CKG.fromLexicon and _python(o) is True}
    labels: dict[Node, Counter] = defaultdict(Counter)
    names: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for (s, p, o), count in entities.items():
        if p == RDFS.label and s not in listed:
            labels[s][o] += count
        if s in listed and p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
            names[_folder(s), slugify(str(o))].add(s)
    redirect = {}
    for s, counter in labels.items():
        owners = names.get((_folder(s), slugify(str(_label(s, counter)))), set()) - {s}
        if len(owners) == 1:
            redirect[s] = next(iter(owners))
    redirect.update(_unplaced_places(entities, labels, listed, redirect))
    return redirect


def _unplaced_places(entities, labels, listed, redirect) -> dict[URIRef, URIRef]:
    """Map each unlisted place no article placed (no ``ckg:partOf``) to the one placed,
    unlisted place of the same name: "Gul Kach" that one report could not place is the
    "Gul Kach" another put in its district. A name placed in two districts stays unplaced."""
    placed = {s for s, p, o in entities if p == CKG.partOf}
    by_name: dict[str, set[URIRef]] = defaultdict(set)
    loose = []
    for s, counter in labels.items():
        if s in redirect or s in listed or _folder(s) != "place":
            continue
        name = slugify(str(_label(s, counter)))
        if s in placed:
            by_name[name].add(s)
        else:
            loose.append((s, name))
    found = {}
    for s, name in loose:
        owners = by_name.get(name, set())
        if len(owners) == 1:
            found[s] = next(iter(owners))
    return found


def _closure(graph: Graph | Triples, predicate: URIRef) -> dict[URIRef, frozenset[URIRef]]:
    """Map each subject of ``predicate`` to everything reachable through it (cycle-safe)."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in graph.subject_objects(predicate):
        if s != o:
            parents[s].add(o)
    closure = {}
    for start in parents:
        seen, todo = set(), list(parents[start])
        while todo:
            current = todo.pop()
            if current not in seen and current != start:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        closure[start] = frozenset(seen)
    return closure


def _coordinates(graph: Graph | Triples) -> dict[URIRef, tuple[float, float]]:
    """Each lexicon place's (latitude, longitude), as its fused node gives them.

    A place the lexicon does not hold is given the position of the place it lies in (a
    village at its district's), which says nothing of where it is.
    """
    lats = dict(graph.subject_objects(WGS.lat))
    longs = dict(graph.subject_objects(WGS.long))
    found = {}
    for s in graph.subjects(CKG.fromLexicon, Literal(True)):
        if (s, RDF.type, CKG.Place) not in graph:
            continue
        lat, lon = lats.get(s), longs.get(s)
        if lat is not None and lon is not None:
            found[s] = (float(lat), float(lon))
    return found


def _write_closures(
    out: Graph | Triples, ctx: FusionContext, only: Container | None = None
) -> None:
    """Write ``ckg:partOfClosure`` and ``ckg:memberOfClosure``: ``partOf*`` and ``memberOf*``, precomputed.

    Each place and project gets itself and everything it lies in or belongs to, each
    actor itself and every actor it is a member of, so that queries join on one triple
    instead of evaluating a property path. The types are read from ``out``; ``only``,
    when given, limits the links written to those of these nodes.
    """
    for closure, ancestors, classes in (
        (CKG.partOfClosure, ctx.places, (CKG.Place, CKG.Project)),
        (CKG.memberOfClosure, ctx.actors, (CKG.Actor,)),
    ):
        nodes = {s for cls in classes for s in out.subjects(RDF.type, cls)} | set(ancestors)
        for s in nodes:
            if only is not None and s not in only:
                continue
            out.add((s, closure, s))
            for o in ancestors.get(s, ()):
                out.add((s, closure, o))


def _write_incident(out: Graph | Triples, cluster: list[Report], incident: Incident) -> None:
    e = event_iri(incident.key)
    out.add((e, RDF.type, CKG[incident.kind]))
    out.add((e, RDF.type, CKG.Event))
    for report in cluster:
        out.add((e, CKG.hasClaim, report.iri))
        out.add((e, CKG.reportedIn, report.source))
        _write_claim(out, report)
        for target in report.targets:
            out.add((e, CKG.target, target))
        for p, o in report.kept:
            out.add((e, p, o))
    optional = {
        CKG.date: date_literal(incident.date),
        CKG.location: incident.location,
        CKG.perpetrator: incident.perpetrator,
        CKG.perpetratorBasis: Literal(incident.basis) if incident.basis else None,
    }
    tolls = fuse_tolls(cluster)
    if tolls:
        optional[CKG.fatalitiesMin] = Literal(tolls.low)
        optional[CKG.fatalities] = Literal(tolls.best)
        optional[CKG.fatalitiesMax] = Literal(tolls.high)
    injured = [r.injured for r in cluster if r.injured is not None]
    if injured:
        optional[CKG.injured] = Literal(min(injured))
    same_kind = [r for r in cluster if r.kind == incident.kind] or cluster
    acled = []
    for i, prop in enumerate((CKG.acledEventType, CKG.acledSubEventType)):
        value = most_common(r.acled[i] for r in same_kind) or most_common(
            r.acled[i] for r in cluster
        )
        optional[prop] = Literal(value) if value else None
        acled.append(value)
    # The same codes as a concept of ACLED's scheme (ontology/acled.ttl), for SKOS-aware tools.
    optional[CKG.acledType] = acled_concept_iri(*acled)
    confidences = [r.confidence for r in cluster if r.confidence is not None]
    if confidences:  # independent sources: the chance that all of them are wrong shrinks
        optional[CKG.confidence] = decimal_literal(1 - prod(1 - c for c in confidences), 3)
    for p, o in optional.items():
        if o is not None:
            out.add((e, p, o))
    out.add((e, CKG.background, Literal(all(r.background for r in cluster))))
    for name in incident.conflicts:
        out.add((e, CKG.conflictingClaim, Literal(name)))
    shape_incident(out, e, cluster)  # what queries would otherwise aggregate per incident


def _write_claim(out: Graph | Triples, report: Report) -> None:
    """Carry what one source said of an incident into the default graph, on its report's node.

    The node is a ``ckg:Claim`` there (an event only in its article's graph), with the
    article, the sentences and the values the source gave, so that "who said what" is
    answered without reading the article graphs. Its entities are the merged ones.
    """
    claim = report.iri
    out.add((claim, RDF.type, CKG.Claim))
    out.add((claim, CKG.reportedIn, report.source))
    for p, o in report.kept:
        if p == CKG.hasEvidence:
            out.add((claim, p, o))
    values = {
        CKG.claimedDate: date_literal(report.date),
        CKG.claimedLocation: report.location,
        CKG.claimedPerpetrator: report.perpetrator,
        CKG.claimedFatalities: report.fatalities,
        CKG.claimedFatalitiesMin: report.fatalities_min,
        CKG.claimedFatalitiesMax: report.fatalities_max,
        CKG.claimedInjured: report.injured,
        CKG.claimedBackground: report.background,
    }
    for p, o in values.items():
        if o is not None:
            out.add((claim, p, o if isinstance(o, Node) else Literal(o)))


def _write_surface_forms(out: Graph | Triples, forms, node, entities) -> None:
    """Give each fused entity the text of every mention of it (or of an entity merged into it)."""
    for entity, text in forms:
        if node(entity) in entities:
            out.add((node(entity), CKG.surfaceForm, text))


def _top(counter: Counter):
    """The most frequent value, the first in text order on a tie."""
    return min(counter, key=lambda o: (-counter[o], str(o))) if counter else None


def _real_labels(s: URIRef, labels: Counter) -> Counter:
    """The labels of ``s`` without stubs, when it has any other.

    An article that only refers to an entity (e.g. as the parent of a force it names)
    labels it with its key's slug; any real label outranks that stub.
    """
    real = Counter({o: n for o, n in labels.items() if not _is_stub_label(s, o)})
    return real or labels


def _label(s: URIRef, labels: Counter):
    return _top(_real_labels(s, labels))


def _write_entity(out: Graph | Triples, s: URIRef, values: Mapping[str, Counter]) -> None:
    top = _top
    for t in values[str(RDF.type)]:
        out.add((s, RDF.type, t))
    labels = _real_labels(s, values[str(RDFS.label)])
    label = top(labels)
    names = set(labels) | set(values[str(SKOS.altLabel)])
    if label is not None:
        out.add((s, RDFS.label, label))
    for name in names - {label}:
        out.add((s, SKOS.altLabel, name))
    for name in set(values[str(SKOS.hiddenLabel)]) - names:
        out.add((s, SKOS.hiddenLabel, name))
    for p in (OWL.sameAs, CKG.reportedIn):
        for o in values[str(p)]:
            out.add((s, p, o))
    lats, longs = values[str(WGS.lat)], values[str(WGS.long)]
    if lats and longs:
        lat, lon = top(lats), top(longs)
        geometry = geometry_iri(s)
        out.add((s, WGS.lat, _canonical(lat)))
        out.add((s, WGS.long, _canonical(lon)))
        out.add((s, GEO.hasGeometry, geometry))
        out.add((geometry, RDF.type, GEO.Geometry))
        out.add((geometry, GEO.asWKT, wkt_point(float(lat), float(lon))))
    confidences = [float(c) for c in values[str(CKG.confidence)]]
    if confidences:
        out.add((s, CKG.confidence, decimal_literal(max(confidences), 3)))
    for p in (CKG.fromLexicon, CKG.generic):
        if values[str(p)]:
            out.add((s, p, Literal(any(bool(_python(v)) for v in values[str(p)]))))


def _folder(iri: URIRef) -> str:
    """The IRI folder of an entity, with persons counted as actors."""
    folder = str(iri)[len(str(ID)) :].split("/", 1)[0]
    return "actor" if folder == "person" else folder


def _canonical(term):
    """Write decimals one way: stores print "1.0" as "1", which would make a second, equal term."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return decimal_literal(float(term), 6)
    return term


def _python(term):
    return term.toPython() if isinstance(term, Literal) else term


def _int(term) -> int | None:
    return int(term) if term is not None else None


def _str(term) -> str | None:
    return str(term) if term is not None else None


def _is_stub_label(node: URIRef, label) -> bool:
    """True when ``label`` is just the last segment of ``node``'s IRI (a stub written for a reference).

    >>> _is_stub_label(URIRef("https://w3id.org/conflict-kg/id/actor/pakistan-armed-forces"), Literal("pakistan-armed-forces"))
    True
    """
    return str(label) == str(node).rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# The pieces kg.graph.incremental derives one entity, incident or report with
# ---------------------------------------------------------------------------

#: Predicates between entities, written between the nodes they were merged into.
RELATIONS = _RELATIONS
#: Write one merged entity node's triples (``out, node, values``).
write_entity = _write_entity
#: Write one incident's triples (``out, reports, incident``).
write_incident = _write_incident
#: A :class:`Report` from the values of one report node (``iri, graph, values``).
read_report = _report
#: Which unlisted entities are merged into a lexicon entity, from the summed entity rows.
merges = _redirects
#: Everything reachable from each node through a predicate (``graph, predicate``).
closure = _closure
#: Each place's (latitude, longitude) in a graph of fused entity nodes (``graph``).
coordinates = _coordinates
#: Write ``ckg:partOfClosure`` / ``ckg:memberOfClosure`` (``out, context``, optionally ``only``
#: some nodes).
write_closures = _write_closures
#: Give entity nodes their ``ckg:surfaceForm`` (``out, (entity, text) pairs, node, nodes``).
write_surface_forms = _write_surface_forms
