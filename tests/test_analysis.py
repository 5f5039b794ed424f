"""kg.publish.analysis on the hand-made graph in graph_fixtures (answers worked out by hand there)."""

import doctest
import io
import json

import networkx as nx
import pytest
from graph_fixtures import HOSTILE_LABELS, dataset, fused_graph, hostile_graph, iri
from rdflib import Dataset

import kg.publish.analysis
from kg.publish.analysis import (
    UnknownNode,
    analyze,
    centrality,
    communities,
    dyads,
    format_table,
    hotspots,
    shortest_paths,
    timeline,
    to_networkx,
    write_reports,
)
from kg.sparql.named import internal_query

# rdflib 7.6's own TriG parser and serializer call its deprecated API; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset:DeprecationWarning")


@pytest.fixture(scope="module")
def G():
    return to_networkx(dataset())


def test_analysis_doctests_run():
    assert doctest.testmod(kg.publish.analysis).failed == 0


@pytest.mark.parametrize(
    "path,kind,group",
    [("event/e1", "SuicideBombing", "Event"), ("event/e4", "Bombing", "Event"),
     ("actor/bla", "ArmedGroup", "Actor"), ("place/quetta", "District", "Place"),
     ("project/cpec", "Project", "Project")],
)  # fmt: skip
def test_analysis_node_takes_most_specific_class(G, path, kind, group):
    assert (G.nodes[iri(path)]["type"], G.nodes[iri(path)]["group"]) == (kind, group)


def test_analysis_dataset_reads_fused_default_graph(G):
    # The report behind e1 lives in article d1's graph; the fused event stands for it.
    assert iri("report/d1_0") not in G
    assert sorted(G) == sorted(to_networkx(fused_graph()))
    assert "[d1] The BLA claimed the attack." in G.nodes[iri("actor/bla")]["evidence"]


def test_analysis_trig_file_round_trip(G, tmp_path):
    path = tmp_path / "graph.trig"
    dataset().serialize(path, format="trig")
    loaded = Dataset()
    loaded.parse(path, format="trig")
    H = to_networkx(loaded)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))


@pytest.mark.parametrize("writer", [nx.write_graphml, nx.write_gexf])
def test_analysis_attributes_suit_graph_writers(G, writer):
    buffer = io.BytesIO()
    writer(G, buffer)
    assert b"Suicide bombing, Quetta, 2024-03-12" in buffer.getvalue()


@pytest.mark.parametrize(
    "source,relation,target,count",
    [("actor/bla", "memberOf", "actor/bras", 1), ("event/e1", "perpetrator", "actor/bla", 1),
     ("event/e2", "perpetrator", "actor/bla", 0), ("place/quetta", "partOf", "place/ba", 0)],
)  # fmt: skip
def test_analysis_edge_evidence_count(G, source, relation, target, count):
    assert G.edges[iri(source), iri(target), relation]["evidence_count"] == count


@pytest.mark.parametrize(
    "perpetrator,target,events,fatalities,dates",
    [("BLA", "Pakistan Army", 2, 5, ["2024-03-12", "2024-05-15"]),
     ("Pakistan Army", "BLA", 1, 10, ["2024-05-01"]), ("BLA", "CPEC", 1, 2, ["2024-04"])],
)  # fmt: skip
def test_analysis_dyads(G, perpetrator, target, events, fatalities, dates):
    found = {(d.perpetrator_label, d.target_label): d for d in dyads(G)}
    dyad = found[perpetrator, target]
    assert (dyad.events, dyad.fatalities, dyad.dates) == (events, fatalities, dates)


@pytest.mark.parametrize(
    "place,events,fatalities,direct",
    [("Pakistan", 6, 27, 0), ("Balochistan", 5, 20, 0), ("Khyber Pakhtunkhwa", 1, 7, 0),
     ("Kech", 3, 13, 3), ("Quetta", 2, 7, 2)],
)  # fmt: skip
def test_analysis_hotspots_roll_up(G, place, events, fatalities, direct):
    spot = next(h for h in hotspots(G) if h.label == place)
    assert (spot.events, spot.fatalities, spot.direct_events) == (events, fatalities, direct)


def test_analysis_timeline_per_month_and_actor(G):
    t = timeline(G)
    assert (t.months, t.events, t.fatalities) == (
        ["2024-03", "2024-04", "2024-05"], [2, 2, 2], [8, 9, 10]
    )  # fmt: skip
    assert t.by_actor["BLA"] == {"2024-03": [2, 8], "2024-04": [1, 2], "2024-05": [2, 10]}


@pytest.mark.parametrize(
    "group,first,degree,why",
    [("Actor", "BLA", 6, "perpetrator in 4 events, member of 1, target in 1 event"),
     ("Place", "Balochistan", 4, "contains 2 places, borders 1, part of 1")],
)  # fmt: skip
def test_analysis_centrality_ranks_and_explains(G, group, first, degree, why):
    top = centrality(G, top=3)[group][0]
    assert (top.label, top.degree, top.why) == (first, degree, why)


def test_analysis_communities_partition_nodes_deterministically(G):
    found = communities(G)
    members = [iri for c in found for iri in c.iris]
    assert sorted(members) == sorted(G) and found == communities(G)
    assert any({iri("actor/bla"), iri("actor/bras")} <= set(c.iris) for c in found)


@pytest.mark.parametrize(
    "a,b,first",
    [("baloch liberation army", "QUETTA",
      "BLA <-perpetrator- Suicide bombing, Quetta, 2024-03-12 -location-> Quetta"),
     (iri("project/cpec"), "china", "CPEC -fundedBy-> China"),
     ("Tehreek-e-Taliban", "bannu", "TTP <-perpetrator- Attack, Bannu, 2024-04-02 -location-> Bannu")],
)  # fmt: skip
def test_analysis_shortest_paths_by_name(G, a, b, first):
    paths = shortest_paths(G, a, b, k=3)
    assert paths[0].text() == first
    assert [len(p.hops) for p in paths] == sorted(len(p.hops) for p in paths)


@pytest.mark.parametrize("name", ["Lashkar-e-Nowhere", ""])
def test_analysis_shortest_paths_unknown_name(G, name):
    with pytest.raises(UnknownNode):
        shortest_paths(G, name, "BLA")


def test_analysis_write_reports(tmp_path):
    written = write_reports(analyze(to_networkx(hostile_graph())), tmp_path)
    assert [p.name for p in written] == ["analysis.json", "analysis.md", "timeline.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert json.loads(written[0].read_text())["dyads"][0]["perpetrator_label"] == "BLA"
    assert "<script>" not in written[1].read_text()  # labels are escaped for Markdown
    assert written[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("label", ["a $x^$ b", "US$ 5m"])
def test_analysis_timeline_png_keeps_dollars_literal(tmp_path, label):
    busy = "".join(f"event:e{n} ckg:perpetrator actor:x .\n" for n in range(2, 7))  # top 5 actors
    extra = f'actor:x a ckg:ArmedGroup ; rdfs:label "{label}" .\n{busy}'
    written = write_reports(analyze(to_networkx(fused_graph(extra))), tmp_path)
    assert written[2].stat().st_size > 10_000


@pytest.mark.parametrize("label", ["[bold]Red[/bold] Brigade", HOSTILE_LABELS[1]])
def test_analysis_format_table_keeps_labels_as_text(label):
    extra = f'actor:x a ckg:ArmedGroup ; rdfs:label "{label}" .\nevent:e3 ckg:perpetrator actor:x .'
    text = format_table(analyze(to_networkx(fused_graph(extra))), width=250)
    assert label in text


def test_analysis_store_network_equals_the_projection_of_the_whole_default_graph(seeds_store):
    """store_network leaves uncited evidence in the store; the projection is the same."""
    from kg.publish.analysis import store_network

    whole, fetched = to_networkx(seeds_store.default_graph()), store_network(seeds_store)
    assert dict(fetched.nodes(data=True)) == dict(whole.nodes(data=True))
    assert sorted(fetched.edges(keys=True, data=True)) == sorted(whole.edges(keys=True, data=True))
    assert (
        len(seeds_store.query(internal_query("network_source")).graph) < seeds_store.triple_count()
    )


def test_analysis_streamed_network_writes_the_same_files(seeds_store, tmp_path):
    """The projection of the store's rows, read one by one into Triples, writes the same
    network files as the projection of the query's rdflib graph."""
    from kg.publish.analysis import store_network
    from kg.publish.formats.neo4j import write_neo4j
    from kg.publish.formats.network_files import write_cytoscape, write_gexf, write_graphml

    graph = seeds_store.query(internal_query("network_source")).graph
    for name, G in (("graph", to_networkx(graph)), ("streamed", store_network(seeds_store))):
        folder = tmp_path / name
        folder.mkdir()
        write_graphml(G, folder / "graph.graphml")
        write_gexf(G, folder / "graph.gexf")
        write_cytoscape(G, folder / "graph.cyjs")
        write_neo4j(G, folder)
    files = sorted(p.relative_to(tmp_path / "graph") for p in (tmp_path / "graph").rglob("*.*"))
    assert len(files) == 6
    for file in files:
        assert (tmp_path / "streamed" / file).read_bytes() == (
            tmp_path / "graph" / file
        ).read_bytes()


def test_analysis_streamed_table_facts_equal_the_query_rows(seeds_store):
    from kg.publish.formats.csv_tables import table_facts

    rows = seeds_store.query(internal_query("table_facts")).rows
    streamed = table_facts(seeds_store)
    assert sum(len(v) for data in streamed.values() for v in data.values()) == len(rows)
    for s, p, o in rows:
        assert o in streamed[s][str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]]
