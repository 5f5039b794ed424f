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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
    "document_rdf",
    "DocumentRdf",
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
    _map(_RdflibTerms(graph), extraction)
    return graph


def document_rdf(extraction: Extraction) -> DocumentRdf:
    """Return one article's named graph as N-Triples text, with its carried triples.

    The same triples as :func:`document_graph`, written as text without building rdflib
    objects: the build writes thousands of articles, and a store reads N-Triples
    far faster than rdflib builds a graph. The text is also what worker processes send back.

    Raises:
        MappingError: an entity kind, event kind or relation predicate the ontology lacks.
    """
    doc = extraction.document
    terms = _NTriplesTerms()
    mapper = _map(terms, extraction)
    return DocumentRdf(
        doc_id=doc.id,
        graph=str(graph_iri(doc.id)),
        content_hash=doc.content_hash,
        triples="".join(terms.lines),
        carried="".join(terms.carried(mapper.carried_nodes, _NT_ENTITY_PREFIXES)),
        warnings=tuple(extraction.warnings),
    )


def _map(terms, extraction: Extraction) -> _Mapper:
    mapper = _Mapper(terms, extraction)
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
    return mapper


@dataclass(frozen=True)
class DocumentRdf:
    """One article's named graph as N-Triples text, ready for a store to load.

    ``carried`` holds the triples the default graph repeats from it (see
    :func:`kg.graph.fusion.carried_triples`), also as N-Triples.
    """

    doc_id: str
    graph: str
    content_hash: str
    triples: str
    carried: str
    warnings: tuple[str, ...] = ()  # what the extractor cut or left out, to report


class _RdflibTerms:
    """Terms as rdflib objects, added to a Graph (the library's object model)."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    iri = staticmethod(lambda value: value)
    text = staticmethod(_text)
    plain = staticmethod(Literal)

    @staticmethod
    def integer(value: int) -> Literal:
        return Literal(int(value))

    @staticmethod
    def boolean(value: bool) -> Literal:
        return Literal(bool(value))

    @staticmethod
    def typed(lexical: str, datatype: URIRef) -> Literal:
        return Literal(lexical, datatype=datatype)


# N-Triples escapes for a string literal; clean_text has already dropped the other controls.
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NT_ENTITY_PREFIXES = tuple(f"<{_ID_TEXT}{folder}/" for folder in _DOCUMENT_FOLDERS)


class _NTriplesTerms:
    """Terms as N-Triples text, one line per triple."""

    def __init__(self):
        self.lines: list[str] = []
        self.by_subject: dict[str, list[str]] = {}
        self.iris: dict[str, str] = {}

    def add(self, s, p, o) -> None:
        if s is None:  # as rdflib's Graph.add refuses it
            raise MappingError(f"a triple without a subject: {p} {o}")
        if o is not None:
            line = f"{s} {p} {o} .\n"
            self.lines.append(line)
            self.by_subject.setdefault(s, []).append(line)

    def iri(self, value: str) -> str:
        known = self.iris.get(value)
        if known is None:
            known = self.iris[value] = f"<{value}>"
        return known

    @staticmethod
    def text(value: str) -> str:
        return '"' + clean_text(value).translate(_NT_ESCAPES) + '"'

    @staticmethod
    def plain(value: str) -> str:
        return '"' + value.translate(_NT_ESCAPES) + '"'

    def integer(self, value: int) -> str:
        return f'"{int(value)}"^^{self.iri(XSD.integer)}'

    def boolean(self, value: bool) -> str:
        return f'"{"true" if value else "false"}"^^{self.iri(XSD.boolean)}'

    def typed(self, lexical: str, datatype: URIRef) -> str:
        return '"' + lexical.translate(_NT_ESCAPES) + f'"^^{self.iri(datatype)}'

    def carried(self, nodes: Iterable[str], document_prefixes: tuple[str, ...]) -> Iterator[str]:
        """The lines of ``nodes`` whose object is no entity (see kg.graph.fusion.carried_triples)."""
        seen: set[str] = set()
        for node in nodes:
            for line in self.by_subject.get(node, ()):
                obj = line[len(node) + 1 :].split(" ", 1)[1]
                if line in seen or (
                    obj.startswith(_NT_ID) and not obj.startswith(document_prefixes)
                ):
                    continue
                seen.add(line)
                yield line


_NT_ID = f"<{_ID_TEXT}"


class _Mapper:
    """Adds one extraction's triples to a graph."""

    def __init__(self, terms, extraction: Extraction):
        self.terms = terms
        self.add = terms.add
        self.iri = terms.iri
        self.doc = extraction.document
        self.article_node = self.iri(article_iri(self.doc.id))
        # The article, evidence and statistic nodes: the default graph carries their triples.
        self.carried_nodes = [self.article_node]
        self._vocab: dict = {}
        self.entities = {e.key: e for e in extraction.entities}
        self.referenced: set[str] = set()
        # Evidence nodes already added, with their sentence literal, by (start, end) in this
        # document. Every mention in a sentence cites it; cleaning and adding it once per
        # citation made one long sentence full of names cost its length times its names.
        self.sentences: dict[tuple[int, int], tuple[URIRef, Literal]] = {}

    def v(self, term: URIRef):
        """An ontology term (class or property) as the writer's term, converted once."""
        known = self._vocab.get(term)
        if known is None:
            known = self._vocab[term] = self.iri(term)
        return known

    def text(self, value: str):
        return self.terms.text(value)

    def date(self, value: str | None):
        found = date_literal(value)
        return None if found is None else self.terms.typed(str(found), found.datatype)

    def decimal(self, value: float, places: int):
        found = decimal_literal(value, places)
        return None if found is None else self.terms.typed(str(found), XSD.decimal)

    def node(self, key: str | None) -> URIRef | None:
        """Return an entity key's IRI, remembering keys the extraction does not describe."""
        if not key:
            return None
        entity = self.entities.get(key)
        if entity is None:
            self.referenced.add(key)
        return self.iri(entity_iri(key, entity.kind if entity else None))

    def article(self) -> None:
        doc, a = self.doc, self.article_node
        self.add(a, self.v(RDF.type), self.v(CKG.Article))
        self.add(a, self.v(RDFS.label), self.text(doc.title or doc.id))
        if doc.title:
            self.add(a, self.v(DCTERMS.title), self.text(doc.title))
        if doc.published:
            self.add(
                a, self.v(DCTERMS.issued), self.terms.typed(doc.published.isoformat(), XSD.date)
            )
        if doc.source:
            self.add(a, self.v(DCTERMS.source), self.text(doc.source))
        if doc.url:
            self.add(a, self.v(SCHEMA.url), self.terms.typed(clean_text(doc.url), XSD.anyURI))
        self.add(a, self.v(CKG.documentId), self.text(doc.id))
        self.add(a, self.v(CKG.contentHash), self.terms.plain(doc.content_hash))

    def evidence(self, evidence: Evidence) -> tuple[URIRef, Literal]:
        """The evidence node of a sentence and its text, added to the graph the first time."""
        key = (int(evidence.start), int(evidence.end))
        known = self.sentences.get(key)
        if known is not None:  # the same offsets in one document: the same sentence
            return known
        node, sentence = self.iri(evidence_iri(self.doc.id, *key)), self.text(evidence.sentence)
        self.carried_nodes.append(node)
        self.add(node, self.v(RDF.type), self.v(CKG.Evidence))
        self.add(node, self.v(CKG.sentence), sentence)
        self.add(node, self.v(CKG.charStart), self.terms.integer(key[0]))
        self.add(node, self.v(CKG.charEnd), self.terms.integer(key[1]))
        self.add(node, self.v(CKG.reportedIn), self.article_node)
        self.sentences[key] = node, sentence
        return node, sentence

    def with_evidence(self, subject: URIRef, evidence: Iterable[Evidence]) -> None:
        for item in evidence:
            node, sentence = self.evidence(item)
            self.add(subject, self.v(CKG.evidence), sentence)
            self.add(subject, self.v(CKG.hasEvidence), node)

    def entity(self, entity: Entity) -> None:
        cls = ENTITY_CLASSES.get(entity.kind)
        if cls is None:
            raise MappingError(
                f"entity {entity.key!r} has kind {entity.kind!r}, not one of {sorted(ENTITY_CLASSES)}"
            )
        raw = entity_iri(entity.key, entity.kind)
        node = self.iri(raw)
        category = _category(entity.kind)
        self.add(node, self.v(RDF.type), self.v(cls))
        if _SUPERCLASS[category] != cls:
            self.add(node, self.v(RDF.type), self.v(_SUPERCLASS[category]))
        self.add(node, self.v(RDFS.label), self.text(entity.label))
        seen = {entity.label}
        for mention in entity.mentions:
            if mention.text not in seen:
                seen.add(mention.text)
                self.add(node, self.v(SKOS.altLabel), self.text(mention.text))
        for alias in entity.aliases:
            if alias not in seen:
                seen.add(alias)
                self.add(node, self.v(SKOS.hiddenLabel), self.text(alias))
        qid = _WIKIDATA.search(entity.wikidata.strip()) if entity.wikidata else None
        if qid:
            self.add(node, self.v(OWL.sameAs), self.iri(WD[qid.group(1)]))
        if entity.parent:
            link = self.v(CKG.memberOf) if category in ("actor", "person") else self.v(CKG.partOf)
            self.add(node, link, self.node(entity.parent))
        self.coordinates(node, raw, entity)
        self.add(node, self.v(CKG.confidence), self.decimal(entity.confidence, 3))
        self.add(node, self.v(CKG.fromLexicon), self.terms.boolean(entity.from_lexicon))
        if getattr(entity, "generic", False):
            self.add(node, self.v(CKG.generic), self.terms.boolean(True))
        if entity.mentions:
            self.add(node, self.v(CKG.reportedIn), self.article_node)
        for mention in entity.mentions:
            m = self.iri(mention_iri(self.doc.id, mention.start, mention.end))
            self.add(m, self.v(RDF.type), self.v(CKG.Mention))
            self.add(m, self.v(CKG.mentionOf), node)
            self.add(m, self.v(CKG.text), self.text(mention.text))
            self.add(m, self.v(CKG.charStart), self.terms.integer(mention.start))
            self.add(m, self.v(CKG.charEnd), self.terms.integer(mention.end))
            self.add(m, self.v(CKG.hasEvidence), self.evidence(mention.evidence)[0])
            self.add(m, self.v(CKG.reportedIn), self.article_node)

    def coordinates(self, node, raw: URIRef, entity: Entity) -> None:
        lat, lon = self.decimal(entity.lat, 6), self.decimal(entity.lon, 6)
        if lat is None or lon is None:
            return
        self.add(node, self.v(WGS.lat), lat)
        self.add(node, self.v(WGS.long), lon)
        geometry = self.iri(geometry_iri(raw))
        self.add(node, self.v(GEO.hasGeometry), geometry)
        self.add(geometry, self.v(RDF.type), self.v(GEO.Geometry))
        self.add(
            geometry,
            self.v(GEO.asWKT),
            self.terms.typed(str(wkt_point(entity.lat, entity.lon)), GEO.wktLiteral),
        )

    def event(self, n: int, record: EventRecord) -> None:
        cls = EVENT_CLASSES.get(record.kind)
        if cls is None:
            raise MappingError(
                f"event {record.id!r} has kind {record.kind!r}, not one of {sorted(EVENT_CLASSES)}"
            )
        node = self.iri(report_iri(self.doc.id, n))
        self.add(node, self.v(RDF.type), self.v(cls))
        self.add(node, self.v(RDF.type), self.v(CKG.Event))
        self.add(node, self.v(CKG.date), self.date(record.date))
        if record.date_text:
            self.add(node, self.v(CKG.dateText), self.text(record.date_text))
        self.add(node, self.v(CKG.location), self.node(record.location))
        self.add(node, self.v(CKG.perpetrator), self.node(record.perpetrator))
        if record.perpetrator_basis:
            self.add(node, self.v(CKG.perpetratorBasis), self.text(record.perpetrator_basis))
        for target in record.targets:
            self.add(node, self.v(CKG.target), self.node(target))
        for prop, value in (
            (self.v(CKG.fatalities), record.fatalities),
            (self.v(CKG.fatalitiesMax), record.fatalities_max),
            (self.v(CKG.injured), record.injured),
        ):
            if value is not None:
                self.add(node, prop, self.terms.integer(value))
        if record.acled_event_type:
            self.add(node, self.v(CKG.acledEventType), self.text(record.acled_event_type))
        if record.acled_sub_event_type:
            self.add(node, self.v(CKG.acledSubEventType), self.text(record.acled_sub_event_type))
        self.add(node, self.v(CKG.background), self.terms.boolean(record.background))
        if record.trigger:
            self.add(node, self.v(CKG.trigger), self.text(record.trigger))
        self.add(node, self.v(CKG.confidence), self.decimal(record.confidence, 3))
        self.with_evidence(node, record.evidence)
        self.add(node, self.v(CKG.reportedIn), self.article_node)

    def statistic(self, n: int, statistic: Statistic) -> None:
        node = self.iri(statistic_iri(self.doc.id, n))
        self.carried_nodes.append(node)
        self.add(node, self.v(RDF.type), self.v(CKG.CasualtyStatistic))
        self.add(node, self.v(CKG.measure), self.text(statistic.measure))
        self.add(node, self.v(CKG.value), self.terms.integer(statistic.value))
        self.add(node, self.v(CKG.period), self.date(statistic.period))
        self.add(node, self.v(CKG.scope), self.node(statistic.scope))
        self.add(node, self.v(CKG.statedBy), self.node(statistic.source))
        self.add(node, self.v(CKG.confidence), self.decimal(statistic.confidence, 3))
        self.with_evidence(node, [statistic.evidence])
        self.add(node, self.v(CKG.reportedIn), self.article_node)

    def relation(self, n: int, relation: Relation) -> None:
        predicate = RELATION_PREDICATES.get(relation.predicate)
        if predicate is None:
            raise MappingError(
                f"relation predicate {relation.predicate!r} is not one of {sorted(RELATION_PREDICATES)}"
            )
        predicate = self.v(predicate)
        subject, obj = self.node(relation.subject), self.node(relation.object)
        self.add(subject, predicate, obj)
        node = self.iri(statement_iri(self.doc.id, n))
        self.add(node, self.v(RDF.type), self.v(RDF.Statement))
        self.add(node, self.v(RDF.subject), subject)
        self.add(node, self.v(RDF.predicate), predicate)
        self.add(node, self.v(RDF.object), obj)
        self.add(node, self.v(CKG.confidence), self.decimal(relation.confidence, 3))
        if relation.evidence is not None:
            self.with_evidence(node, [relation.evidence])
        self.add(node, self.v(CKG.reportedIn), self.article_node)

    def stubs(self) -> None:
        """Type and label keys that events or relations use but the extraction does not describe."""
        kinds = {kind.lower(): cls for kind, cls in ENTITY_CLASSES.items()}
        for key in sorted(self.referenced):
            prefix, _, rest = key.partition(":")
            prefix = prefix.strip().lower()
            superclass = _SUPERCLASS.get(_CATEGORY.get(prefix, ""))
            if superclass is None:
                continue  # no kind to give it: the shapes report the untyped node
            node = self.iri(entity_iri(key))
            self.add(node, self.v(RDF.type), self.v(superclass))
            kind = kinds.get(prefix)
            self.add(node, self.v(RDF.type), self.v(kind) if kind is not None else None)
            self.add(node, self.v(RDFS.label), self.text(rest))
