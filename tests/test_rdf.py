"""kg.graph.mapping maps hand-made extractions onto the layout of ontology/README.md, with stable, valid IRIs."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pyoxigraph
import pytest
from handmade import WORLD, document, extraction, other_reports, quetta_reports, report
from hypothesis import given
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.core.model import Extraction, Relation
from kg.core.resources import shapes_file
from kg.graph.fusion import fused_graph
from kg.graph.mapping import (
    CKG,
    ID,
    MappingError,
    article_iri,
    date_literal,
    document_graph,
    entity_iri,
    graph_iri,
    mint_iri,
    report_iri,
)
from kg.publish.validate import validate_graph

GOLDEN = Path(__file__).parent / "golden"
CASES = {"quetta-ap": lambda: quetta_reports()[0], "kech-operation": lambda: other_reports()[1]}


def _assert_same(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graphs differ\n--- expected only\n"
            + only_expected.serialize(format="nt")
            + "\n--- actual only\n"
            + only_actual.serialize(format="nt")
        )


def _conforms(graph: Graph) -> tuple[bool, str]:
    conforms, _, text = validate(graph, shacl_graph=Graph().parse(shapes_file()))
    return conforms, text


@pytest.mark.parametrize("name", sorted(CASES))
def test_rdf_document_graph_matches_golden(name):
    actual = document_graph(CASES[name]())
    path = GOLDEN / f"{name}.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        path.write_text(actual.serialize(format="turtle"), encoding="utf-8")
    _assert_same(Graph().parse(path), actual)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rdf_document_graph_passes_shapes(name):
    conforms, text = _conforms(document_graph(CASES[name]()))
    assert conforms, text


@pytest.mark.parametrize(
    "change,message",
    [
        ({"fatalities": 30, "fatalities_max": 20}, "at most ckg:fatalitiesMax"),
        ({"fatalities": -1}, "MinInclusive"),
        ({"perpetrator_basis": "rumoured"}, "perpetratorBasis"),
        ({"confidence": 1.5}, "between 0 and 1"),
        ({"evidence": []}, "ckg:evidence"),
    ],
)
def test_rdf_shapes_reject_bad_event(change, message):
    ex = quetta_reports()[0]
    ex.events[0] = replace(ex.events[0], **change)
    conforms, text = _conforms(document_graph(ex))
    assert not conforms and message in text


@pytest.mark.parametrize("extra", [CKG.Ambush, CKG.Attack])
def test_rdf_shapes_reject_two_event_classes(extra):
    graph = document_graph(quetta_reports()[0])  # a SuicideBombing
    graph.add((report_iri("q-ap", 1), RDF.type, extra))
    conforms, text = _conforms(graph)
    assert not conforms and "exactly one event class" in text


def test_rdf_graphs_pass_kg_validate_with_rdfs_inference():
    """`kg validate` checks the union of all graphs with the ontology and RDFS inference on."""
    graphs = [document_graph(ex) for ex in quetta_reports() + other_reports()]
    union = Graph()
    for g in [*graphs, fused_graph(graphs)]:
        union += g
    report = validate_graph(union)
    assert report.conforms, report.text


def test_rdf_document_graph_is_deterministic_without_blank_nodes():
    first, second = (document_graph(ex) for ex in (quetta_reports()[0], quetta_reports()[0]))
    assert set(first) == set(second)
    assert not any(isinstance(t, BNode) for triple in first for t in triple)
    assert first.identifier == graph_iri("q-ap")


@pytest.mark.parametrize(
    "kind,key,expected",
    [
        ("ArmedGroup", "actor:bla", "actor/bla"),
        ("Person", "person:jeeyand-baloch", "person/jeeyand-baloch"),
        ("District", "place:pk-ba-kech", "place/pk-ba-kech"),
        ("District", "Dera  Ghazi Khan", "place/dera-ghazi-khan"),
        ("ArmedGroup", "Lashkar-e-Jhangvi\u200b", "actor/lashkar-e-jhangvi"),
        ("City", "Zürich", "place/zurich"),
        ("Project", "project:cpec", "project/cpec"),
        ("place", "Operation: Azm-e-Istehkam", "place/operation-azm-e-istehkam"),
    ],
)
def test_rdf_mint_iri_from_keys_and_labels(kind, key, expected):
    assert mint_iri(kind, key) == ID[expected]


@pytest.mark.parametrize(
    "a,b", [("بلوچستان", "سندھ"), ("Ø 1", "Å 1"), ("x" * 200 + "a", "x" * 200 + "b")]
)
def test_rdf_mint_iri_keeps_distinct_names_apart(a, b):
    assert mint_iri("place", a) != mint_iri("place", b)


@given(kind=st.text(max_size=20), text=st.text())
def test_rdf_mint_iri_is_valid_and_deterministic_for_any_text(kind, text):
    for make in (lambda: mint_iri(kind, text), lambda: graph_iri(text), lambda: article_iri(text)):
        iri = make()
        assert iri == make()
        assert str(iri).isascii() and not any(c in str(iri) for c in ' <>"{}|\\^`')
        pyoxigraph.NamedNode(str(iri))  # raises on an invalid IRI


@pytest.mark.parametrize(
    "label",
    [
        'The "Fateh" Squad <BLA>',
        "line one\nline two",
        "tab\tand & ampersand",
        "bell\x07 and nul\x00 gone",
    ],
)
def test_rdf_labels_survive_serialisation_verbatim(label):
    doc = document("odd", "Nothing happened.")
    entity = replace(WORLD["actor:bla"], key="actor:odd", label=label, from_lexicon=False)
    graph = document_graph(Extraction(doc, [entity]))
    expected = label.replace("\x07", "").replace("\x00", "")
    for fmt in ("turtle", "nt", "xml"):
        again = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        assert again.value(entity_iri("actor:odd"), RDFS.label) == Literal(expected)


def test_rdf_entity_keeps_surface_forms_parent_and_coordinates():
    graph = document_graph(quetta_reports()[0])
    bla, city = entity_iri("actor:bla"), entity_iri("place:pk-ba-quetta-city")
    assert {
        (bla, RDF.type, CKG.ArmedGroup),
        (bla, RDF.type, CKG.Actor),
        (bla, SKOS.altLabel, Literal("BLA")),
    } <= set(graph)
    assert graph.value(city, CKG.partOf) == entity_iri("place:pk-ba-quetta")
    assert (city, CKG.reportedIn, article_iri("q-ap")) in graph
    assert (
        str(
            graph.value(
                graph.value(city, URIRef("http://www.opengis.net/ont/geosparql#hasGeometry")),
                URIRef("http://www.opengis.net/ont/geosparql#asWKT"),
            )
        )
        == "POINT(66.99 30.18)"
    )


def test_rdf_relation_gets_a_direct_triple_and_a_statement():
    graph = document_graph(other_reports()[1])
    cpec, china = entity_iri("project:cpec"), entity_iri("place:cn")
    assert (cpec, CKG.fundedBy, china) in graph
    statement = next(graph.subjects(RDF.object, china))
    assert (
        graph.value(statement, RDF.subject) == cpec
        and graph.value(statement, CKG.evidence) is not None
    )


def test_rdf_unknown_key_gets_a_typed_stub():
    doc = document("stub", "Gunmen attacked a post in Panjgur.")
    ex = Extraction(doc, events=[report(doc, doc.text, "Attack", location="place:pk-ba-panjgur")])
    graph = document_graph(ex)
    assert (entity_iri("place:pk-ba-panjgur"), RDF.type, CKG.Place) in graph


@pytest.mark.parametrize(
    "ex",
    [
        lambda: extraction(document("k", "x."), [report(document("k", "x."), "x.", "Massacre")]),
        lambda: Extraction(
            document("k", "x."), relations=[Relation("actor:bla", "likes", "actor:ttp")]
        ),
        lambda: Extraction(document("k", "x."), [replace(WORLD["actor:bla"], kind="Militia")]),
    ],
    ids=["event-kind", "predicate", "entity-kind"],
)
def test_rdf_unknown_kind_or_predicate_raises(ex):
    with pytest.raises(MappingError):
        document_graph(ex())


@pytest.mark.parametrize(
    "text,datatype",
    [
        ("2024-11-09", XSD.date),
        ("2024-11", XSD.gYearMonth),
        ("2024", XSD.gYear),
        ("2024-13", None),
        ("soon", None),
    ],
)
def test_rdf_date_literal_keeps_precision(text, datatype):
    literal = date_literal(text)
    assert (literal.datatype if literal is not None else None) == datatype


@pytest.mark.parametrize("names", [500])
def test_rdf_long_sentence_is_cleaned_once_however_many_mentions(monkeypatch, names):
    """A sentence naming an actor ``names`` times gets one evidence node, its text cleaned once."""
    import kg.graph.mapping

    sizes: list[int] = []
    real = kg.graph.mapping.clean_text
    monkeypatch.setattr(
        kg.graph.mapping, "clean_text", lambda text: sizes.append(len(text)) or real(text)
    )

    def cleanings_and_nodes(n: int) -> tuple[int, int]:
        doc = document("long", "The BLA" + ", the BLA" * n + " attacked a post.")
        sizes.clear()
        graph = document_graph(extraction(doc, keys=["actor:bla"]))
        assert len(list(graph.subjects(RDF.type, CKG.Mention))) == n + 1
        return sum(size >= len(doc.text) for size in sizes), len(
            set(graph.subjects(RDF.type, CKG.Evidence))
        )

    assert cleanings_and_nodes(names) == cleanings_and_nodes(1) == (1, 1)


@pytest.mark.parametrize("case", [*range(4), "hostile"])
def test_rdf_document_rdf_states_what_document_graph_states(case):
    """The N-Triples the build writes hold the triples of :func:`document_graph`, carried ones too."""
    from kg.graph.fusion import carried_triples
    from kg.graph.mapping import document_rdf

    cases = [*quetta_reports(), *other_reports()]
    if case == "hostile":
        doc = document(
            'q"uote\\d', 'A "quoted"\\ \r\n BLA attack\u200b in \tQuetta.', title='"T"\r'
        )
        item = extraction(doc, keys=["actor:bla", "place:pk-ba-quetta"])
    else:
        item = cases[case]
    rdf = document_rdf(item)
    graph = document_graph(item)
    assert rdf.graph == str(graph.identifier)
    _assert_same(graph, Graph().parse(data=rdf.triples, format="nt"))
    carried = Graph()
    for triple in carried_triples(graph):
        carried.add(triple)
    _assert_same(carried, Graph().parse(data=rdf.carried, format="nt"))
