"""Builds with a user pack: the toy country end to end, and re-extraction when a pack changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.extract import ExtractorConfig
from kg.store.embedded import open_store

TOYLAND = Path(__file__).parent / "packs" / "toyland"
PREFIXES = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
# Every event with the country its location lies in and its perpetrator's label.
EVENTS = PREFIXES + (
    "SELECT ?country ?group WHERE { ?e a ckg:Event ; ckg:location/ckg:partOf* ?c ; "
    "ckg:perpetrator/rdfs:label ?group . ?c a ckg:Country ; rdfs:label ?country }"
)
# Any node or label that is Pakistan's, in any graph.
PAKISTANI = (
    "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER(CONTAINS(STR(?s), '/pk') || CONTAINS(STR(?s), 'pakistan') "
    "|| CONTAINS(LCASE(STR(?o)), 'pakistan')) }"
)


@pytest.fixture(scope="module")
def toy_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("toy") / "out"
    args = ["build", str(TOYLAND / "articles"), "--pack", str(TOYLAND), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--no-viewer"])
    assert result.exit_code == 0, result.output
    return out


def _rows(out, query):
    with open_store(out, read_only=True) as store:
        return {tuple(str(v) for v in row) for row in store.query(query).rows}


@pytest.mark.parametrize("country,group", [("Toyland", "Wooden Horse Brigade")])
def test_build_toy_pack_places_events_in_its_country(toy_build, country, group):
    assert _rows(toy_build, EVENTS) == {(country, group)}


def test_build_toy_pack_has_no_pakistani_entity(toy_build):
    assert _rows(toy_build, PAKISTANI) == set()


def test_build_reextracts_after_pack_edit(tmp_path):
    pack = Path(shutil.copytree(TOYLAND, tmp_path / "toyland"))
    inputs, out = [pack / "articles" / "gizmoburg-ambush.md"], tmp_path / "out"
    config = ExtractorConfig(packs=(pack,))
    kg.build(inputs, out, config=config, viewer=False)
    assert kg.build(inputs, out, config=config, viewer=False).unchanged == ["gizmoburg-ambush"]
    with (pack / "actors.tsv").open("a", encoding="utf-8") as handle:
        handle.write("tin-front\tTin Soldiers Front\tArmedGroup\tTSF\t\t\t\t\t\t\n")
    again = kg.build(inputs, out, config=config, viewer=False)
    assert again.built == ["gizmoburg-ambush"] and again.unchanged == []


@pytest.mark.parametrize(
    "text,unidentified",
    [("Gunmen killed two policemen on Friday.", "Unidentified Armed Group (Toyland)")],
)
def test_build_toy_pack_names_its_country_for_unknown_perpetrators(tmp_path, text, unidentified):
    (tmp_path / "a.md").write_text(f"---\npublished: 2031-03-08\n---\n{text}\n", encoding="utf-8")
    out = tmp_path / "out"
    kg.build([tmp_path / "a.md"], out, config=ExtractorConfig(packs=(TOYLAND,)), viewer=False)
    assert unidentified in (out / "events.csv").read_text(encoding="utf-8")
