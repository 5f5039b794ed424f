"""The notebook API: DataFrames with Python values, the networkx graph, query parameters."""

from __future__ import annotations

import builtins
import json

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

import kg
from kg.cli import cli
from kg.publish.frames import MissingExtra


@pytest.mark.parametrize(
    "column,kind",
    [("event_date", "M"), ("fatalities", "i"), ("latitude", "f"), ("confidence", "f")],
)
def test_frames_events_frame_has_python_values(seeds_out, column, kind):
    pytest.importorskip("pandas")
    frame = kg.events_frame(seeds_out)
    assert len(frame) > 0
    assert frame[column].dtype.kind == kind
    by_month = frame.groupby([frame["event_date"].dt.to_period("M"), "admin1"], dropna=False).size()
    assert by_month.sum() == len(frame)


@pytest.mark.parametrize("column", ["mentions", "sources"])
def test_frames_entities_frame_lists_are_lists(seeds_out, column):
    pytest.importorskip("pandas")
    frame = kg.entities_frame(seeds_out)
    assert all(isinstance(value, list) for value in frame[column])
    assert frame["latitude"].dtype.kind == "f"


def test_frames_missing_pandas_names_the_extra(seeds_out, monkeypatch):
    real_import = builtins.__import__

    def without_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pandas)
    with pytest.raises(MissingExtra, match=r"conflict-kg\[pandas\]"):
        kg.events_frame(seeds_out)


@pytest.mark.parametrize("group", ["Actor", "Event", "Place"])
def test_frames_network_is_networkx(seeds_out, group):
    import networkx as nx

    graph = kg.network(seeds_out)
    assert isinstance(graph, nx.MultiDiGraph)
    assert any(data.get("group") == group for _, data in graph.nodes(data=True))


@pytest.mark.parametrize(
    "params,keywords",
    [({"n": 3}, {}), ({}, {"n": 3}), ({"n": 99}, {"n": 3}), ({"?n": Literal(3)}, {})],
)
def test_frames_run_query_takes_a_dict_or_keywords(seeds_store, params, keywords):
    result = kg.run_query(
        seeds_store, "SELECT ?n ?twice WHERE { BIND(?n * 2 AS ?twice) }", params, **keywords
    )
    assert [row[1].toPython() for row in result.rows] == [6]


@pytest.mark.parametrize("value", [URIRef("https://w3id.org/conflict-kg/id/actor/bla")])
def test_frames_run_query_keeps_terms(seeds_store, value):
    result = kg.run_query(seeds_store, "SELECT ?x WHERE { BIND(?x AS ?y) }", {"x": value})
    assert result.rows[0][0] == value


@pytest.mark.parametrize(
    "query,expected",
    [("SELECT (3 AS ?n) (0.5 AS ?d) (true AS ?b) ('x' AS ?s) WHERE {}",
      {"n": 3, "d": 0.5, "b": True, "s": "x"})],
)  # fmt: skip
def test_frames_cli_query_json_writes_numbers_as_numbers(seeds_out, query, expected):
    result = CliRunner().invoke(cli, ["query", query, "--format", "json", "--out", str(seeds_out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [expected]
