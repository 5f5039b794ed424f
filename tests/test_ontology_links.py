"""What ontology users rely on: graph.ttl validates alone, ACLED's scheme, Wikidata links."""

from __future__ import annotations

import csv
import re

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

from kg.core.resources import acled_scheme_file, lexicons_dir, ontology_file, shapes_file
from kg.core.taxonomy import acled_codes, taxonomy
from kg.graph.mapping import acled_concept_iri

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")


@pytest.mark.parametrize("inference", ["rdfs"])
def test_ontology_links_graph_ttl_alone_conforms(seed_out, inference):
    pyshacl = pytest.importorskip("pyshacl")
    conforms, _results, text = pyshacl.validate(
        Graph().parse(seed_out / "graph.ttl"),
        shacl_graph=Graph().parse(shapes_file()),
        ont_graph=Graph().parse(ontology_file()),
        inference=inference,
    )
    assert conforms, text[:2000]


@pytest.mark.parametrize("term,kind", [(GEO.wktLiteral, RDFS.Datatype), (SKOS.Concept, OWL.Class)])
def test_ontology_links_external_terms_are_declared(term, kind):
    ontology = Graph().parse(ontology_file())
    assert (term, RDF.type, kind) in ontology
    assert (term, RDF.type, OWL.Class) not in ontology or kind == OWL.Class


def _scheme() -> Graph:
    return Graph().parse(acled_scheme_file())


@pytest.mark.parametrize(
    "event_type,sub_event_type",
    sorted({(k.event_type, k.sub_event_type) for k in taxonomy() if k.event_type}
           | {(c.event_type, c.sub_event_type) for c in acled_codes() if c.event_type}),
)  # fmt: skip
def test_ontology_links_every_acled_code_is_a_concept(event_type, sub_event_type):
    scheme = _scheme()
    concept = acled_concept_iri(event_type, sub_event_type)
    assert (concept, RDF.type, SKOS.Concept) in scheme
    assert (concept, SKOS.prefLabel, Literal(sub_event_type or event_type)) in scheme


@pytest.mark.parametrize("check", ["broader", "scheme"])
def test_ontology_links_scheme_is_a_tree(check):
    scheme = _scheme()
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    tops = set(scheme.objects(None, SKOS.hasTopConcept))
    if check == "broader":
        assert all(c in tops or len(set(scheme.objects(c, SKOS.broader))) == 1 for c in concepts)
    else:
        assert all(scheme.value(c, SKOS.inScheme) is not None for c in concepts)


def test_ontology_links_fused_events_link_their_concept(seeds_store):
    scheme = _scheme()
    rows = seeds_store.query(
        "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
        "SELECT ?e ?c ?t WHERE { ?e ckg:acledEventType ?t . OPTIONAL { ?e ckg:acledType ?c } }"
    ).rows
    assert rows
    for _event, concept, _label in rows:
        assert isinstance(concept, URIRef) and (concept, RDF.type, SKOS.Concept) in scheme


_QID = re.compile(r"Q[1-9]\d*")


def _wikidata_ids() -> list[tuple[str, str]]:
    found = []
    for path in sorted(lexicons_dir().rglob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            if row.get("wikidata"):
                found.append((f"{path.name}:{row.get('id') or row.get('key')}", row["wikidata"]))
    return found


@pytest.mark.parametrize("where,qid", _wikidata_ids() or [("none", "Q1")])
def test_ontology_links_wikidata_ids_are_well_formed(where, qid):
    assert _QID.fullmatch(qid), f"{where}: {qid!r} is not a Wikidata item id"


def test_ontology_links_wikidata_ids_are_unique():
    seen: dict[str, str] = {}
    for where, qid in _wikidata_ids():
        assert qid not in seen, f"{qid} on {seen.get(qid)} and {where}"
        seen[qid] = where
