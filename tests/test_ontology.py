"""The ontology and the shapes load everywhere, declare the contract's terms and stay OWL 2 DL friendly."""

from __future__ import annotations

import pyoxigraph
import pytest
from handmade import other_reports, quetta_reports
from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.resources import ontology_file, shapes_file
from kg.graph.mapping import CKG, document_graph

ONTOLOGY = URIRef("https://w3id.org/conflict-kg/ontology")

# DESIGN.md's contract and ontology/README.md's layout: users' queries rely on these names.
CLASSES = [
    "Actor",
    "ArmedGroup",
    "StateForce",
    "Government",
    "CivilianGroup",
    "Person",
    "Organization",
    "Place",
    "Country",
    "Province",
    "District",
    "City",
    "Site",
    "Event",
    "Attack",
    "Bombing",
    "SuicideBombing",
    "Ambush",
    "Hijacking",
    "Kidnapping",
    "MilitaryOperation",
    "Clash",
    "Assassination",
    "Project",
    "Article",
    "CasualtyStatistic",
    "Mention",
    "Evidence",
]
PROPERTIES = [
    "perpetrator",
    "perpetratorBasis",
    "target",
    "location",
    "partOf",
    "date",
    "fatalities",
    "fatalitiesMax",
    "injured",
    "reportedIn",
    "evidence",
    "confidence",
    "fundedBy",
    "bordersWith",
    "opposes",
    "memberOf",
    "hasEvidence",
    "charStart",
    "charEnd",
    "sentence",
    "text",
    "mentionOf",
    "hasClaim",
    "conflictingClaim",
    "acledEventType",
    "acledSubEventType",
    "dateText",
    "trigger",
    "background",
    "contentHash",
    "documentId",
    "measure",
    "value",
    "period",
    "scope",
    "statedBy",
    "targets",
    "locatedIn",
    "generic",
    "fromLexicon",
]
SUBCLASSES = (
    [(k, "Actor") for k in CLASSES[1:7]]
    + [(k, "Place") for k in CLASSES[8:13]]
    + [
        (k, "Event")
        for k in (
            "Attack",
            "Bombing",
            "Ambush",
            "Hijacking",
            "Kidnapping",
            "MilitaryOperation",
            "Clash",
        )
    ]
    + [("SuicideBombing", "Bombing")]
)
DECLARED = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
}
BUILT_IN = (str(RDF), str(RDFS), str(OWL))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


@pytest.mark.parametrize("path", [ontology_file(), shapes_file()], ids=["ontology", "shapes"])
def test_ontology_files_load_in_rdflib_and_oxigraph(path):
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(path)) > 100


@pytest.mark.parametrize("name", CLASSES)
def test_ontology_declares_contract_class(ontology, name):
    assert (CKG[name], RDF.type, OWL.Class) in ontology
    assert ontology.value(CKG[name], RDFS.label) and ontology.value(CKG[name], RDFS.comment)


@pytest.mark.parametrize("name", PROPERTIES)
def test_ontology_declares_contract_property(ontology, name):
    kinds = set(ontology.objects(CKG[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"ckg:{name} is not declared"
    assert ontology.value(CKG[name], RDFS.label) and ontology.value(CKG[name], RDFS.comment)


@pytest.mark.parametrize("sub,sup", SUBCLASSES)
def test_ontology_class_hierarchy(ontology, sub, sup):
    assert (CKG[sub], RDFS.subClassOf, CKG[sup]) in ontology


def test_ontology_header_and_part_of_is_transitive(ontology):
    for p in (
        OWL.versionInfo,
        RDFS.label,
        RDFS.comment,
        URIRef("http://purl.org/dc/terms/license"),
    ):
        assert ontology.value(ONTOLOGY, p) is not None, p
    assert (CKG.partOf, RDF.type, OWL.TransitiveProperty) in ontology


def test_ontology_declares_every_external_term_it_uses(ontology):
    """OWL 2 DL (and Protégé) want each predicate and each named class in an axiom declared."""
    used = {p for p in ontology.predicates() if not str(p).startswith(BUILT_IN)}
    used |= {o for o in ontology.objects(None, RDFS.subClassOf) if not isinstance(o, BNode)}
    used |= {o for o in ontology.objects(None, RDFS.subPropertyOf)}
    undeclared = {t for t in used if not set(ontology.objects(t, RDF.type)) & DECLARED}
    assert not undeclared, sorted(undeclared)


def test_ontology_declares_every_term_the_graphs_use(ontology):
    graph = Graph()
    for extraction in quetta_reports() + other_reports():
        graph += document_graph(extraction)
    used = {
        t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(CKG))
    }
    used |= {p for p in graph.predicates() if not str(p).startswith(BUILT_IN)}
    used |= {c for c in graph.objects(None, RDF.type) if not str(c).startswith(BUILT_IN)}
    declared = {t for t in used if set(ontology.objects(t, RDF.type)) & DECLARED}
    assert used - declared == set()


def test_ontology_shapes_are_valid_shacl():
    conforms, _, text = validate(Graph(), shacl_graph=Graph().parse(shapes_file()), meta_shacl=True)
    assert conforms, text
