"""The large-graph measures: igraph's answers stand in for networkx's on the same graph."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.publish import analysis, measures

igraph = pytest.importorskip("igraph")


@pytest.fixture
def big(monkeypatch):
    """A 600-node graph with communities, measured by igraph (threshold lowered)."""
    G = nx.planted_partition_graph(6, 100, 0.08, 0.002, seed=3)
    U = nx.Graph()
    U.add_weighted_edges_from((u, v, 1 + (u + v) % 3) for u, v in G.edges())
    monkeypatch.setattr(measures, "COMPILED_FROM", 500)
    assert measures.backend(U) == "igraph"
    return U


def _networkx(monkeypatch, fn, *args, **kwargs):
    with monkeypatch.context() as m:
        m.setattr(measures, "COMPILED_FROM", 10**9)
        return fn(*args, **kwargs)


def test_pagerank_agrees_with_networkx(big, monkeypatch):
    ours = measures.pagerank(big)
    theirs = _networkx(monkeypatch, measures.pagerank, big)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[n] - theirs[n]) for n in ours) < 1e-5


def test_exact_betweenness_equals_networkx(big, monkeypatch):
    ours = measures.betweenness(big, k=None)
    theirs = _networkx(monkeypatch, measures.betweenness, big, None)
    assert max(abs(ours[n] - theirs[n]) for n in ours) < 1e-9


def test_sampled_betweenness_ranks_the_brokers_as_networkx_does(big, monkeypatch):
    ours = measures.betweenness(big, k=120, seed=0)
    theirs = _networkx(monkeypatch, measures.betweenness, big, 120, 0)
    top = sorted(theirs, key=theirs.get, reverse=True)[:10]
    assert len(set(top) & set(sorted(ours, key=ours.get, reverse=True)[:15])) >= 8


def test_louvain_finds_the_planted_communities_and_repeats_itself(big):
    found = measures.louvain(big, seed=42)
    assert found == measures.louvain(big, seed=42)
    assert sorted(map(len, found), reverse=True)[:6] == pytest.approx([100] * 6, abs=10)
    assert set().union(*found) == set(big)


def test_analyze_says_which_backend_measured_it(monkeypatch):
    G = nx.MultiDiGraph()
    for i in range(40):
        a = i % 5 if i < 30 else 3  # A3 is named in the most events
        G.add_node(f"e{i}", group="Event", type="Attack", date="2024-01-01")
        G.add_node(f"a{a}", group="Actor", type="ArmedGroup", label=f"A{a}")
        G.add_edge(f"e{i}", f"a{a}", key="perpetrator", relation="perpetrator")
    assert not any("igraph" in n for n in analysis.analyze(G).notes)
    monkeypatch.setattr(measures, "COMPILED_FROM", 10)
    result = analysis.analyze(G)
    assert any("igraph" in n for n in result.notes)
    assert result.centrality["Actor"][0].label == "A3"
