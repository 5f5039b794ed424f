"""Every named query parses, runs in Oxigraph and answers its question on a small hand-made dataset."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from handmade import other_reports, quetta_reports
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery

from kg.core.resources import queries_dir
from kg.graph.fusion import fused_graph
from kg.graph.mapping import CKG, document_graph, entity_iri

QUERIES = sorted(p.stem for p in queries_dir().glob("*.rq"))
REQUIRED = [
    "attacks_by_group",
    "attacks_on_project",
    "fatalities_by_province_month",
    "actors_in_district",
    "conflicting_claims",
    "event_sources",
    "claimed_vs_attributed",
    "events",
    "entities",
]


@pytest.fixture(scope="module")
def dataset():
    """Named graphs per article plus the fused default graph, in an in-memory Oxigraph store."""
    extractions = quetta_reports() + other_reports()
    graphs = [document_graph(ex) for ex in extractions]
    store = ox.Store()
    for g in graphs:
        store.load(
            g.serialize(format="nt").encode(),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(g.identifier),
        )
    fused = fused_graph(graphs)
    store.load(fused.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    contents = {ex.document.id: ex.document.content for ex in extractions}
    quetta = next(e for e in fused.subjects(RDF.type, CKG.SuicideBombing))
    return store, contents, quetta, graphs, fused


def run(store: ox.Store, name: str, **params) -> list[dict]:
    """Run a named query with parameters bound as RDF terms; rows map variable names to plain values."""
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    subs = {ox.Variable(k): _term(v) for k, v in params.items()}
    solutions = store.query(text, substitutions=subs)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def _term(value):
    if isinstance(value, URIRef):
        return ox.NamedNode(value)
    return ox.Literal(str(value))


def _params(name: str) -> list[str]:
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    return re.findall(r"^# param: (\w+) \((?:IRI|literal)\) — \S", text, flags=re.M)


def test_queries_include_the_named_set():
    assert set(REQUIRED) <= set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_queries_parse_and_document_their_parameters(name):
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("# ") and len(text.splitlines()[0]) > 20
    projected = prepareQuery(text).algebra["PV"]
    for param in _params(name):
        assert param in map(str, projected), f"{name}: parameter ?{param} must be projected"


@pytest.mark.parametrize("name", QUERIES)
def test_queries_run_unbound_and_answer(dataset, name):
    store = dataset[0]
    assert run(store, name), f"{name} returned nothing on the sample dataset"


def test_queries_attacks_by_group_counts_factions(dataset):
    rows = run(dataset[0], "attacks_by_group", group=entity_iri("actor:bla"))
    assert {r["perpetratorLabel"] for r in rows} == {
        "Balochistan Liberation Army",
        "Majeed Brigade",
    }
    assert {r["sources"] for r in rows if r["type"].endswith("SuicideBombing")} == {"4"}
    assert not any(
        r["type"].endswith("MilitaryOperation") for r in run(dataset[0], "attacks_by_group")
    )


def test_queries_attacks_on_project_include_its_parts(dataset):
    [row] = run(dataset[0], "attacks_on_project", project=entity_iri("project:cpec"))
    assert (row["partLabel"], row["date"], row["month"], row["perpetratorLabel"]) == (
        "Gwadar Port",
        "2024-03-20",
        "2024-03",
        "Majeed Brigade",
    )


def test_queries_fatalities_by_province_month(dataset):
    rows = run(dataset[0], "fatalities_by_province_month", province=entity_iri("place:pk-ba"))
    table = {r["month"]: (r["events"], r["fatalities"], r["fatalitiesMax"]) for r in rows}
    assert table == {
        "2024-03": ("1", "10", "10"),
        "2024-11": ("1", "24", "27"),
        "2025-01": ("2", "33", "33"),
    }


@pytest.mark.parametrize(
    "district,expected",
    [
        (
            "place:pk-ba-quetta",
            {
                ("Balochistan Liberation Army", "perpetrator"),
                ("Pakistan Army", "target"),
                ("Civilians", "target"),
            },
        ),
        (
            "place:pk-ba-kech",
            {
                ("Pakistani security forces", "perpetrator"),
                ("Tehreek-e-Taliban Pakistan", "perpetrator"),
                ("Civilians", "target"),
            },
        ),
    ],
)
def test_queries_actors_in_district(dataset, district, expected):
    rows = run(dataset[0], "actors_in_district", district=entity_iri(district))
    assert {(r["actorLabel"], r["role"]) for r in rows} == expected


def test_queries_conflicting_claims_list_every_source(dataset):
    rows = run(dataset[0], "conflicting_claims", field=Literal("fatalities"))
    assert sorted(int(r["claimedFatalities"]) for r in rows) == [24, 26, 26, 27]
    assert {r["documentId"] for r in rows} == {"q-ap", "q-ani", "q-ft", "q-br"}
    assert {r["fatalities"] for r in rows} == {"24"}


def test_queries_event_sources_point_at_the_sentences(dataset):
    store, contents, quetta = dataset[:3]
    rows = run(store, "event_sources", event=quetta)
    assert {r["documentId"] for r in rows} == {"q-ap", "q-ani", "q-ft", "q-br"}
    for r in rows:
        assert contents[r["documentId"]][int(r["start"]) : int(r["end"])] == r["sentence"]


@pytest.mark.parametrize(
    "actor,counts",
    [
        ("actor:bla", ("1", "0", "0", "1")),
        ("actor:ttp", ("0", "1", "0", "1")),
        ("actor:security-forces", ("0", "0", "1", "1")),
    ],
)
def test_queries_claimed_vs_attributed(dataset, actor, counts):
    [row] = run(dataset[0], "claimed_vs_attributed", actor=entity_iri(actor))
    assert (row["claimed"], row["attributed"], row["stated"], row["total"]) == counts


def test_queries_events_fill_acled_columns(dataset):
    rows = run(dataset[0], "events")
    assert len(rows) == 4
    [row] = [r for r in rows if r["ckg_type"] == "SuicideBombing"]
    expected = {
        "event_date": "2024-11-09",
        "time_precision": "1",
        "event_type": "Explosions/Remote violence",
        "actor1": "Balochistan Liberation Army",
        "inter1": "2",
        "actor2": "Civilians",
        "inter2": "7",
        "country": "Pakistan",
        "admin1": "Balochistan",
        "admin2": "Quetta District",
        "location": "Quetta railway station",
        "geo_precision": "1",
        "fatalities": "24",
        "fatalities_max": "27",
    }
    assert {k: row[k] for k in expected} == expected
    assert set(row["sources"].split(";")) == {"q-ap", "q-ani", "q-ft", "q-br"}


def test_queries_entities_list_surface_forms_and_sources(dataset):
    rows = run(dataset[0], "entities", type=CKG.ArmedGroup)
    bla = next(r for r in rows if r["label"] == "Balochistan Liberation Army")
    assert set(bla["mentions"].split(";")) == {"BLA", "Balochistan Liberation Army"}
    assert set(bla["sources"].split(";")) == {"q-ap", "q-ani", "q-br", "kech-op"}
    assert {r["typeName"] for r in rows} == {"ArmedGroup"}


@pytest.mark.parametrize("name,param", [(n, p) for n in QUERIES for p in _params(n)])
def test_queries_parameter_restricts_the_answer(dataset, name, param):
    kind = re.search(
        rf"^# param: {param} \((IRI|literal)\)", (queries_dir() / f"{name}.rq").read_text(), re.M
    )[1]
    nothing = URIRef("urn:nothing") if kind == "IRI" else Literal("nothing")
    assert run(dataset[0], name, **{param: nothing}) == []


def test_queries_event_parameter_picks_one_incident(dataset):
    store, _, quetta = dataset[:3]
    [row] = run(store, "events", event=quetta)
    assert row["iri"] == str(quetta)


@pytest.mark.filterwarnings(
    "ignore:Dataset.*is deprecated:DeprecationWarning"
)  # raised inside rdflib's engine
@pytest.mark.parametrize("name", QUERIES)
def test_queries_answer_alike_in_rdflib_and_oxigraph(dataset, name):
    store, _, _, graphs, fused = dataset
    ds = Dataset()
    for g in graphs:
        named = ds.graph(g.identifier)
        named += g
    default = ds.default_graph
    default += fused
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    in_rdflib = sorted((tuple(_plain(v) for v in row) for row in ds.query(text)), key=repr)
    in_oxigraph = sorted(
        (tuple(_plain(v) for v in row.values()) for row in run(store, name)), key=repr
    )
    assert in_rdflib == in_oxigraph


def _plain(value):
    """Compare values, not spellings: Oxigraph prints 26.0 as 26 and orders GROUP_CONCAT freely."""
    if value is None:
        return None
    try:
        return float(str(value))
    except ValueError:
        return tuple(sorted(str(value).split(";")))
