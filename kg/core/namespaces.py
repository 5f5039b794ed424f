"""The one table of namespaces and prefixes: files, queries and the endpoint all use it.

``geo:`` always means GeoSPARQL (``geo:hasGeometry``, ``geo:asWKT``) and ``wgs:`` the
W3C Basic Geo vocabulary (``wgs:lat``, ``wgs:long``), in the files kg writes, the
named queries, the prefixes ``kg query`` declares and those the endpoint declares.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

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
    "ACLED",
    "SKOS",
    "DCTERMS",
    "XSD",
    "RDF",
    "RDFS",
    "OWL",
    "NAMESPACES",
    "INSTANCE_KINDS",
    "PREFIXES",
    "QUERY_PREFIXES",
    "Terms",
]

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
ID = Namespace("https://w3id.org/conflict-kg/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
# W3C Basic Geo holds lat/long; GeoSPARQL (GEO) holds hasGeometry/asWKT. rdflib's own WGS
# constant uses an https IRI that differs from the published http one, so it is not reused.
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
#: ACLED's event types as SKOS concepts (ontology/acled.ttl).
ACLED = Namespace("https://w3id.org/conflict-kg/acled/")

#: The prefixes bound on every rdflib graph kg builds.
NAMESPACES: dict[str, Namespace] = {
    "ckg": CKG,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sem": SEM,
    "geo": GEO,
    "wgs": WGS,
    "time": TIME,
    "schema": SCHEMA,
    "wd": WD,
    "acled": ACLED,
}

#: The folders under ``id:`` that instance IRIs are minted in.
INSTANCE_KINDS = (
    "actor",
    "place",
    "project",
    "event",
    "article",
    "report",
    "evidence",
    "mention",
    "statistic",
    "statement",
    "graph",
)

#: Prefixes written into Turtle and TriG. Instances get one prefix per kind rather than
#: one ``id:`` prefix, which would force an escaped slash into every local name.
PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    **{kind: f"{ID}{kind}/" for kind in INSTANCE_KINDS},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "geo": str(GEO),
    "wgs": str(WGS),
    "sem": str(SEM),
    "time": str(TIME),
    "wd": str(WD),
    "acled": str(ACLED),
}

#: Prefixes a query may use without declaring them (``kg query``, :func:`kg.run_query`
#: and the endpoint alike): every prefix of the files, so a pattern copied from
#: ``graph.ttl`` runs as it is, and ``id:``.
QUERY_PREFIXES: dict[str, str] = {**PREFIXES, "id": str(ID)}


class Terms:
    """A namespace's terms, each made once.

    An rdflib :class:`~rdflib.Namespace` builds (and checks) a new term at every
    attribute access; code that writes hundreds of thousands of triples reads its
    predicates from a ``Terms`` instead. The terms are equal to the namespace's.

    >>> Terms(CKG).hasClaim == CKG.hasClaim
    True
    """

    def __init__(self, namespace: Namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._namespace[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str):
        return getattr(self, name)
