"""Turn extractions into RDF: the one module that knows the ontology's IRIs and mints instance IRIs.

Each document becomes the content of its own named graph (:func:`document_graph`), laid out
as ``ontology/README.md`` describes. Instance IRIs come from lexicon ids, normalised labels,
document ids and offsets, or hashes, never from raw text, and no blank nodes are used, so
adding the same document twice (to a local or a remote store) yields the same triples.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.core.dates import parse_partial_date
from kg.core.errors import KgError
from kg.core.model import (
    ACTOR_KINDS,
    EVENT_KINDS,
    PLACE_KINDS,
    Entity,
    EventRecord,
    Evidence,
    Extraction,
    Relation,
    Statistic,
)
from kg.core.namespaces import ACLED, CKG, GEO, ID, NAMESPACES, SCHEMA, SEM, TIME, WD, WGS

__all__ = [
    "CKG",
    "ID",
    "SEM",
    "PROV",
    "GEO",
    "WGS",
    "TIME",
    "SCHEMA",
    "WD",
    "NAMESPACES",
    "ENTITY_CLASSES",
    "EVENT_CLASSES",
    "RELATION_PREDICATES",
    "MappingError",
    "slugify",
    "mint_iri",
    "entity_iri",
    "graph_iri",
    "article_iri",
    "mention_iri",
    "evidence_iri",
    "report_iri",
    "statistic_iri",
    "statement_iri",
    "event_iri",
    "geometry_iri",
    "acled_concept_iri",
    "is_entity_iri",
    "date_literal",
    "decimal_literal",
    "wkt_point",
    "clean_text",
    "bind_namespaces",
    "document_graph",
]

_ID_TEXT = str(ID)

ENTITY_CLASSES = {kind: CKG[kind] for kind in (*ACTOR_KINDS, *PLACE_KINDS, "Project")}
EVENT_CLASSES = {kind: CKG[kind] for kind in EVENT_KINDS}
#: Relation.predicate values and the ontology properties they become.
RELATION_PREDICATES = {
    name: CKG[name]
    for name in ("partOf", "locatedIn", "bordersWith", "fundedBy", "opposes", "memberOf", "targets")
}

# Key prefixes (``actor:bla``) and entity kinds, by the IRI folder they mint into.
_CATEGORY = {
    **{kind.lower(): "actor" for kind in ACTOR_KINDS},
    **{kind.lower(): "place" for kind in PLACE_KINDS},
    "person": "person",
    "actor": "actor",
    "place": "place",
    "project": "project",
}
_SUPERCLASS = {"actor": CKG.Actor, "person": CKG.Actor, "place": CKG.Place, "project": CKG.Project}
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,99}")
_WIKIDATA = re.compile(r"(?:^|/|:)(Q[1-9][0-9]*)$")
# Characters XML 1.0 forbids; they would make RDF/XML and GraphML exports unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class MappingError(KgError):
    """An extraction uses a kind or predicate the ontology does not have."""


# ---------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------


def slugify(text: str, max_length: int = 80) -> str:
    """Return a lowercase ASCII slug of ``text``, safe as one IRI path segment.

    Invisible and control characters are dropped, compatibility forms folded (NFKC) and
    accents removed. When letters had to be dropped (non-Latin scripts), the slug was cut,
    or nothing is left, a short hash of the text is appended so distinct names stay distinct.

    >>> slugify("Kharkiv  Oblast"), slugify("Zhob\\u200b District"), slugify("Ķēčh")
    ('kharkiv-oblast', 'zhob-district', 'kech')
    >>> slugify("") == slugify("") and len(slugify("")) == 10
    True
    """
    cleaned = _strip_invisible(unicodedata.normalize("NFKC", text)).casefold()
    chars, lossy = [], False
    for ch in unicodedata.normalize("NFKD", cleaned):
        if ch.isascii():
            chars.append(ch)
        elif unicodedata.category(ch).startswith("M"):
            continue  # a combining accent: "é" -> "e"
        else:
            lossy = lossy or ch.isalnum()
            chars.append("-")
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(chars)).strip("-")
    if lossy or not slug or len(slug) > max_length:
        digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug[:max_length].rstrip('-')}-{digest}" if slug else digest
    return slug


def mint_iri(kind: str, key_or_label: str) -> URIRef:
    """Return the stable IRI of an entity from its key or label.

    A key's prefix (``actor:``, ``person:``, ``place:``, ``project:`` or an entity kind such as
    ``district:``) chooses the IRI folder; otherwise ``kind`` (``"actor"``, ``"place"``, an
    entity kind such as ``"ArmedGroup"``, or any other word) does.

    >>> mint_iri("ArmedGroup", "actor:bla")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/actor/bla')
    >>> mint_iri("place", "Kharkiv Oblast")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/place/kharkiv-oblast')
    """
    prefix, sep, rest = key_or_label.partition(":")
    if sep and prefix.strip().lower() in _CATEGORY:
        category, local = _CATEGORY[prefix.strip().lower()], rest
    else:
        category, local = _category(kind), key_or_label
    return ID[f"{category}/{slugify(local)}"]


def entity_iri(key: str, kind: str | None = None) -> URIRef:
    """Return the IRI of the entity with this key (see :func:`mint_iri`).

    >>> entity_iri("place:pk-ba-kech")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/place/pk-ba-kech')
    """
    return mint_iri(kind or "entity", key)


def graph_iri(doc_id: str) -> URIRef:
    """Return the IRI of a document's named graph.

    >>> graph_iri("001-quetta")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/graph/001-quetta')
    """
    return ID[f"graph/{_segment(doc_id)}"]


def article_iri(doc_id: str) -> URIRef:
    """Return the IRI of a document's article node.

    >>> article_iri("a b")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/article/a-b-c8687a08aa')
    """
    return ID[f"article/{_segment(doc_id)}"]


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Return the IRI of the mention at ``[start, end)`` of a document.

    >>> mention_iri("001-quetta", 17, 23)
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/mention/001-quetta/17-23')
    """
    return ID[f"mention/{_segment(doc_id)}/{int(start)}-{int(end)}"]


def evidence_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Return the IRI of the evidence sentence at ``[start, end)`` of a document."""
    return ID[f"evidence/{_segment(doc_id)}/{int(start)}-{int(end)}"]


def report_iri(doc_id: str, n: int) -> URIRef:
    """Return the IRI of a document's ``n``-th event report (1-based)."""
    return ID[f"report/{_segment(doc_id)}/{int(n)}"]


def statistic_iri(doc_id: str, n: int) -> URIRef:
    """Return the IRI of a document's ``n``-th statistic (1-based)."""
    return ID[f"statistic/{_segment(doc_id)}/{int(n)}"]


def statement_iri(doc_id: str, n: int) -> URIRef:
    """Return the IRI of the ``rdf:Statement`` of a document's ``n``-th relation (1-based)."""
    return ID[f"statement/{_segment(doc_id)}/{int(n)}"]


def event_iri(fusion_key: str) -> URIRef:
    """Return the IRI of a fused incident: a hash of its fusion key.

    >>> event_iri("violence|2024-11-09|place/quetta") == event_iri("violence|2024-11-09|place/quetta")
    True
    """
    return ID[
        f"event/{hashlib.sha256(fusion_key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
    ]


def acled_concept_iri(event_type: str | None, sub_event_type: str | None = None) -> URIRef | None:
    """Return the concept of ontology/acled.ttl for an ACLED event type and sub-event type.

    >>> acled_concept_iri("Explosions/Remote violence", "Suicide bomb")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/acled/explosions-remote-violence/suicide-bomb')
    >>> acled_concept_iri("Battles"), acled_concept_iri(None, "Attack")
    (rdflib.term.URIRef('https://w3id.org/conflict-kg/acled/battles'), None)
    """
    if not event_type:
        return None
    path = slugify(event_type)
    return ACLED[f"{path}/{slugify(sub_event_type)}" if sub_event_type else path]


def geometry_iri(place: URIRef) -> URIRef:
    """Return the IRI of a place's point geometry.

    >>> geometry_iri(URIRef("https://w3id.org/conflict-kg/id/place/pk-ba"))
    rdflib.term.URIRef('https://w3id.org/conflict-kg/id/place/pk-ba/geometry')
    """
    return URIRef(f"{place}/geometry")


# IRI folders of nodes that belong to one document or incident; every other folder
# under ``id:`` holds entities (actors, persons, places, projects, other kinds).
_DOCUMENT_FOLDERS = (
    "article",
    "evidence",
    "mention",
    "report",
    "statistic",
    "statement",
    "graph",
    "event",
)


def is_entity_iri(value: object) -> bool:
    """True when ``value`` (an IRI or its text) names an entity minted by :func:`mint_iri`.

    >>> is_entity_iri(ID["place/pk-ba"]), is_entity_iri(ID["evidence/doc/1-9"]), is_entity_iri("x")
    (True, False, False)
    """
    text = str(value)
    if not text.startswith(_ID_TEXT) or isinstance(value, Literal):
        return False
    folder = text[len(_ID_TEXT) :].split("/", 1)[0]
    return bool(folder) and folder not in _DOCUMENT_FOLDERS


def _category(kind: str) -> str:
    return _CATEGORY.get(kind.strip().lower()) or slugify(kind, max_length=40)


def _segment(doc_id: str) -> str:
    """Keep a safe document id as it is; otherwise slug it and add a hash of the raw id."""
    if _SAFE_SEGMENT.fullmatch(doc_id):
        return doc_id
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    base = slugify(doc_id, max_length=60)
    return f"{base}-{digest}"


# ---------------------------------------------------------------------------
# Literals
# ---------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Return ``text`` without the control characters XML 1.0 forbids; all else verbatim.

    >>> clean_text('say "hi" <b>\\x00\\n')
    'say "hi" <b>\\n'
    """
    return _XML_ILLEGAL.sub("", text)


# ckg:date keeps the precision the text gave (DESIGN.md, "The ontology contract").
_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(value: str | None) -> Literal | None:
    """Return a typed literal at the precision of ``value``, or None if it is no valid date.

    >>> [str(date_literal(v).datatype).split("#")[1] for v in ("2024-11-09", "2024-11", "2024")]
    ['date', 'gYearMonth', 'gYear']
    >>> date_literal("2024-02-30") is None
    True
    """
    found = parse_partial_date(value.strip() if value else None)
    if found is None:
        return None
    return Literal(str(found), datatype=_DATATYPES[found.precision])


def decimal_literal(value: float, places: int = 6) -> Literal | None:
    """Return an ``xsd:decimal`` literal rounded to ``places``, or None for NaN and infinities.

    >>> decimal_literal(0.5), decimal_literal(float("nan"))
    (rdflib.term.Literal('0.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')), None)
    """
    if value is None or not math.isfinite(value):
        return None
    return Literal(_number(value, places), datatype=XSD.decimal)


def wkt_point(lat: float, lon: float) -> Literal:
    """Return a GeoSPARQL WKT point (longitude first, as WKT in CRS84 has it).

    >>> str(wkt_point(30.18, 67))
    'POINT(67.0 30.18)'
    """
    return Literal(f"POINT({_number(lon)} {_number(lat)})", datatype=GEO.wktLiteral)


def _strip_invisible(text: str) -> str:
    # Category C holds control, format (zero-width, bidi marks), surrogate, private and unassigned.
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def _number(value: float, places: int = 6) -> str:
    """Return the canonical xsd:decimal form: no exponent, one digit at least after the point.

    Serialisers rewrite "1" as "1.0"; using the canonical form keeps graphs equal after a round trip.
    """
    text = format(Decimal(str(round(float(value), places))).normalize(), "f")
    return text if "." in text else f"{text}.0"


def _text(value: str) -> Literal:
    return Literal(clean_text(value))


def _bool(value: bool) -> Literal:
    return Literal(bool(value))


# ---------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------


def bind_namespaces(graph: Graph) -> Graph:
    """Bind the project's prefixes (``ckg:``, ``id:``, ``sem:`` ...) on ``graph`` and return it."""
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def document_graph(extraction: Extraction) -> Graph:
    """Return the content of one article's named graph, per ``ontology/README.md``.

    Args:
        extraction: everything the extractor found in one document.

    Returns:
        A graph whose identifier is :func:`graph_iri` of the document.

    Raises:
        MappingError: an entity kind, event kind or relation predicate the ontology lacks.
    """
    doc = extraction.document
    graph = bind_namespaces(Graph(identifier=graph_iri(doc.id)))
    mapper = _Mapper(graph, extraction)
    mapper.article()
    for entity in extraction.entities:
        mapper.entity(entity)
    for n, record in enumerate(extraction.events, start=1):
        mapper.event(n, record)
    for n, statistic in enumerate(extraction.statistics, start=1):
        mapper.statistic(n, statistic)
    for n, relation in enumerate(extraction.relations, start=1):
        mapper.relation(n, relation)
    mapper.stubs()
    return graph


class _Mapper:
    """Adds one extraction's triples to a graph."""

    def __init__(self, graph: Graph, extraction: Extraction):
        self.graph = graph
        self.doc = extraction.document
        self.article_node = article_iri(self.doc.id)
        self.entities = {e.key: e for e in extraction.entities}
        self.referenced: set[str] = set()
        # Evidence nodes already added, with their sentence literal, by (start, end) in this
        # document. Every mention in a sentence cites it; cleaning and adding it once per
        # citation made one long sentence full of names cost its length times its names.
        self.sentences: dict[tuple[int, int], tuple[URIRef, Literal]] = {}

    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def node(self, key: str | None) -> URIRef | None:
        """Return an entity key's IRI, remembering keys the extraction does not describe."""
        if not key:
            return None
        entity = self.entities.get(key)
        if entity is None:
            self.referenced.add(key)
        return entity_iri(key, entity.kind if entity else None)

    def article(self) -> None:
        doc, a = self.doc, self.article_node
        self.add(a, RDF.type, CKG.Article)
        self.add(a, RDFS.label, _text(doc.title or doc.id))
        if doc.title:
            self.add(a, DCTERMS.title, _text(doc.title))
        if doc.published:
            self.add(a, DCTERMS.issued, Literal(doc.published.isoformat(), datatype=XSD.date))
        if doc.source:
            self.add(a, DCTERMS.source, _text(doc.source))
        if doc.url:
            self.add(a, SCHEMA.url, Literal(clean_text(doc.url), datatype=XSD.anyURI))
        self.add(a, CKG.documentId, _text(doc.id))
        self.add(a, CKG.contentHash, Literal(doc.content_hash))

    def evidence(self, evidence: Evidence) -> tuple[URIRef, Literal]:
        """The evidence node of a sentence and its text, added to the graph the first time."""
        key = (int(evidence.start), int(evidence.end))
        known = self.sentences.get(key)
        if known is not None:  # the same offsets in one document: the same sentence
            return known
        node, sentence = evidence_iri(self.doc.id, *key), _text(evidence.sentence)
        self.add(node, RDF.type, CKG.Evidence)
        self.add(node, CKG.sentence, sentence)
        self.add(node, CKG.charStart, Literal(key[0]))
        self.add(node, CKG.charEnd, Literal(key[1]))
        self.add(node, CKG.reportedIn, self.article_node)
        self.sentences[key] = node, sentence
        return node, sentence

    def with_evidence(self, subject: URIRef, evidence: Iterable[Evidence]) -> None:
        for item in evidence:
            node, sentence = self.evidence(item)
            self.add(subject, CKG.evidence, sentence)
            self.add(subject, CKG.hasEvidence, node)

    def entity(self, entity: Entity) -> None:
        cls = ENTITY_CLASSES.get(entity.kind)
        if cls is None:
            raise MappingError(
                f"entity {entity.key!r} has kind {entity.kind!r}, not one of {sorted(ENTITY_CLASSES)}"
            )
        node = entity_iri(entity.key, entity.kind)
        category = _category(entity.kind)
        self.add(node, RDF.type, cls)
        if _SUPERCLASS[category] != cls:
            self.add(node, RDF.type, _SUPERCLASS[category])
        self.add(node, RDFS.label, _text(entity.label))
        seen = {entity.label}
        for mention in entity.mentions:
            if mention.text not in seen:
                seen.add(mention.text)
                self.add(node, SKOS.altLabel, _text(mention.text))
        for alias in entity.aliases:
            if alias not in seen:
                seen.add(alias)
                self.add(node, SKOS.hiddenLabel, _text(alias))
        qid = _WIKIDATA.search(entity.wikidata.strip()) if entity.wikidata else None
        if qid:
            self.add(node, OWL.sameAs, WD[qid.group(1)])
        if entity.parent:
            link = CKG.memberOf if category in ("actor", "person") else CKG.partOf
            self.add(node, link, self.node(entity.parent))
        self.coordinates(node, entity)
        self.add(node, CKG.confidence, decimal_literal(entity.confidence, 3))
        self.add(node, CKG.fromLexicon, _bool(entity.from_lexicon))
        if getattr(entity, "generic", False):
            self.add(node, CKG.generic, _bool(True))
        if entity.mentions:
            self.add(node, CKG.reportedIn, self.article_node)
        for mention in entity.mentions:
            m = mention_iri(self.doc.id, mention.start, mention.end)
            self.add(m, RDF.type, CKG.Mention)
            self.add(m, CKG.mentionOf, node)
            self.add(m, CKG.text, _text(mention.text))
            self.add(m, CKG.charStart, Literal(int(mention.start)))
            self.add(m, CKG.charEnd, Literal(int(mention.end)))
            self.add(m, CKG.hasEvidence, self.evidence(mention.evidence)[0])
            self.add(m, CKG.reportedIn, self.article_node)

    def coordinates(self, node: URIRef, entity: Entity) -> None:
        lat, lon = decimal_literal(entity.lat), decimal_literal(entity.lon)
        if lat is None or lon is None:
            return
        self.add(node, WGS.lat, lat)
        self.add(node, WGS.long, lon)
        geometry = geometry_iri(node)
        self.add(node, GEO.hasGeometry, geometry)
        self.add(geometry, RDF.type, GEO.Geometry)
        self.add(geometry, GEO.asWKT, wkt_point(entity.lat, entity.lon))

    def event(self, n: int, record: EventRecord) -> None:
        cls = EVENT_CLASSES.get(record.kind)
        if cls is None:
            raise MappingError(
                f"event {record.id!r} has kind {record.kind!r}, not one of {sorted(EVENT_CLASSES)}"
            )
        node = report_iri(self.doc.id, n)
        self.add(node, RDF.type, cls)
        self.add(node, RDF.type, CKG.Event)
        self.add(node, CKG.date, date_literal(record.date))
        if record.date_text:
            self.add(node, CKG.dateText, _text(record.date_text))
        self.add(node, CKG.location, self.node(record.location))
        self.add(node, CKG.perpetrator, self.node(record.perpetrator))
        if record.perpetrator_basis:
            self.add(node, CKG.perpetratorBasis, _text(record.perpetrator_basis))
        for target in record.targets:
            self.add(node, CKG.target, self.node(target))
        for prop, value in (
            (CKG.fatalities, record.fatalities),
            (CKG.fatalitiesMax, record.fatalities_max),
            (CKG.injured, record.injured),
        ):
            if value is not None:
                self.add(node, prop, Literal(int(value)))
        if record.acled_event_type:
            self.add(node, CKG.acledEventType, _text(record.acled_event_type))
        if record.acled_sub_event_type:
            self.add(node, CKG.acledSubEventType, _text(record.acled_sub_event_type))
        self.add(node, CKG.background, _bool(record.background))
        if record.trigger:
            self.add(node, CKG.trigger, _text(record.trigger))
        self.add(node, CKG.confidence, decimal_literal(record.confidence, 3))
        self.with_evidence(node, record.evidence)
        self.add(node, CKG.reportedIn, self.article_node)

    def statistic(self, n: int, statistic: Statistic) -> None:
        node = statistic_iri(self.doc.id, n)
        self.add(node, RDF.type, CKG.CasualtyStatistic)
        self.add(node, CKG.measure, _text(statistic.measure))
        self.add(node, CKG.value, Literal(int(statistic.value)))
        self.add(node, CKG.period, date_literal(statistic.period))
        self.add(node, CKG.scope, self.node(statistic.scope))
        self.add(node, CKG.statedBy, self.node(statistic.source))
        self.add(node, CKG.confidence, decimal_literal(statistic.confidence, 3))
        self.with_evidence(node, [statistic.evidence])
        self.add(node, CKG.reportedIn, self.article_node)

    def relation(self, n: int, relation: Relation) -> None:
        predicate = RELATION_PREDICATES.get(relation.predicate)
        if predicate is None:
            raise MappingError(
                f"relation predicate {relation.predicate!r} is not one of {sorted(RELATION_PREDICATES)}"
            )
        subject, obj = self.node(relation.subject), self.node(relation.object)
        self.add(subject, predicate, obj)
        node = statement_iri(self.doc.id, n)
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, subject)
        self.add(node, RDF.predicate, predicate)
        self.add(node, RDF.object, obj)
        self.add(node, CKG.confidence, decimal_literal(relation.confidence, 3))
        if relation.evidence is not None:
            self.with_evidence(node, [relation.evidence])
        self.add(node, CKG.reportedIn, self.article_node)

    def stubs(self) -> None:
        """Type and label keys that events or relations use but the extraction does not describe."""
        kinds = {kind.lower(): cls for kind, cls in ENTITY_CLASSES.items()}
        for key in sorted(self.referenced):
            prefix, _, rest = key.partition(":")
            prefix = prefix.strip().lower()
            superclass = _SUPERCLASS.get(_CATEGORY.get(prefix, ""))
            if superclass is None:
                continue  # no kind to give it: the shapes report the untyped node
            node = entity_iri(key)
            self.add(node, RDF.type, superclass)
            self.add(node, RDF.type, kinds.get(prefix))
            self.add(node, RDFS.label, _text(rest))
