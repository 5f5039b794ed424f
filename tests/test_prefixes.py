"""One prefix table: ``geo:`` is GeoSPARQL in the files, the CLI, the API and the endpoint."""

from __future__ import annotations

import threading

import httpx
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.core.namespaces import NAMESPACES, PREFIXES, QUERY_PREFIXES
from kg.graph.mapping import GEO
from kg.serve import make_server

GEOSPARQL = "http://www.opengis.net/ont/geosparql#"
# A pattern copied from graph.ttl as it is: its prefixes are the file's, none declared.
COPIED = "SELECT ?wkt WHERE { place:pk-pb-rawalpindi\\/geometry a geo:Geometry ; geo:asWKT ?wkt }"


@pytest.mark.parametrize(
    "table",
    [NAMESPACES, PREFIXES, QUERY_PREFIXES, {"geo": GEO}],
    ids=["ns", "files", "query", "map"],
)
def test_prefixes_geo_is_geosparql_in_every_table(table):
    assert str(table["geo"]) == GEOSPARQL


def test_prefixes_graph_ttl_declares_geo_as_geosparql(seed_out):
    assert f"@prefix geo: <{GEOSPARQL}> ." in (seed_out / "graph.ttl").read_text()


def _cli(out, query):
    result = CliRunner().invoke(cli, ["query", query, "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[1:]


def _api(out, query):
    with kg.open_store(out, read_only=True) as store:
        return [str(row[0]) for row in kg.run_query(store, query).rows]


def _endpoint(out, query):
    with make_server(out, port=0, workers=1) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            response = httpx.get(server.url, params={"query": query}, timeout=30)
        finally:
            server.shutdown()
    assert response.status_code == 200, response.text
    return [b["wkt"]["value"] for b in response.json()["results"]["bindings"]]


@pytest.mark.parametrize("ask", [_cli, _api, _endpoint], ids=["cli", "api", "endpoint"])
def test_prefixes_query_copied_from_graph_ttl_answers_everywhere(seed_out, ask):
    assert ask(seed_out, COPIED) == ["POINT(73.05 33.6)"]


def test_prefixes_cli_query_list_needs_no_graph(tmp_path):
    result = CliRunner().invoke(cli, ["query", "--list", "--out", str(tmp_path / "empty")])
    assert result.exit_code == 0, result.output
    assert "attacks_by_group" in result.output
    assert not (tmp_path / "empty").exists()
