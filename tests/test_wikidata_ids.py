"""Wikidata ids of the shipped packs: well formed, unique, each with a source, in the graph."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import OWL

from kg.cli import cli
from kg.core.namespaces import WD
from kg.core.packs import WIKIDATA_SOURCES, pack_tables, read_table, shipped_packs
from kg.graph.mapping import entity_iri

QID = re.compile(r"^Q[1-9][0-9]*$")
# A source is a public file pinned to a commit, or a web page.
SOURCE = re.compile(r"^https://github\.com/[^/\s]+/[^/\s]+/blob/[0-9a-f]{40}/\S+$|^https?://\S+$")
TOYLAND = Path(__file__).parent / "packs" / "toyland"
_KEY_PREFIX = {"actors": "actor", "places": "place", "projects": "project"}


def _ids() -> list[tuple[Path, str, str, str]]:
    """(pack folder, table, row id, wikidata) of every row of the shipped packs with an id."""
    return [
        (folder, path.stem, row["id"], row["wikidata"])
        for folder in shipped_packs()
        for path in pack_tables(folder)
        for _, row in read_table(path)
        if row.get("wikidata")
    ]


def _sources(folder: Path) -> list[dict[str, str]]:
    path = folder / WIKIDATA_SOURCES
    return [row for _, row in read_table(path, "wikidata_sources")] if path.is_file() else []


def test_wikidata_ids_the_issue_names_are_there():
    ids = {(table, ident): qid for _, table, ident, qid in _ids()}
    for ident in ("pk", "pk-ba", "pk-kp", "pk-sd", "pk-pb", "pk-ba-quetta-city"):
        assert ("places", ident) in ids, ident


@pytest.mark.parametrize("folder,table,ident,qid", _ids())
def test_wikidata_ids_are_well_formed(folder, table, ident, qid):
    assert QID.match(qid), f"{folder.name}/{table}.tsv {ident}: {qid!r} is not a Wikidata item id"


def test_wikidata_ids_are_unique():
    seen: dict[str, str] = {}
    for folder, table, ident, qid in _ids():
        where = f"{folder.name}/{table}.tsv {ident}"
        assert qid not in seen, f"{qid} on {seen.get(qid)} and {where}"
        seen[qid] = where


@pytest.mark.parametrize("folder,table,ident,qid", _ids())
def test_wikidata_ids_each_have_a_source(folder, table, ident, qid):
    rows = [r for r in _sources(folder) if (r["table"], r["id"]) == (table, ident)]
    assert len(rows) == 1, f"{table}.tsv {ident} ({qid}): {len(rows)} rows in {WIKIDATA_SOURCES}"
    row = rows[0]
    assert row["qid"] == qid
    assert SOURCE.match(row["source"]), row["source"]
    assert row.get("evidence"), f"{table}.tsv {ident}: say what the source says"


@pytest.mark.parametrize("folder", shipped_packs())
def test_wikidata_sources_name_rows_that_carry_their_id(folder):
    ids = {(table, ident): qid for f, table, ident, qid in _ids() if f == folder}
    for row in _sources(folder):
        assert QID.match(row["qid"]), row
        assert ids.get((row["table"], row["id"])) == row["qid"], row


def test_wikidata_ids_reach_the_graph(seeds_out):
    """owl:sameAs on the entity node and the wikidata column of entities.csv, both from the
    pack row, for every entity of the seeds build that has one."""
    expected = {
        entity_iri(f"{_KEY_PREFIX[table]}:{ident}"): qid
        for _, table, ident, qid in _ids()
        if table in _KEY_PREFIX
    }
    graph = Graph().parse(seeds_out / "graph.ttl")
    same = {
        (s, str(o)[len(str(WD)) :])
        for s, o in graph.subject_objects(OWL.sameAs)
        if str(o).startswith(str(WD))
    }
    assert same and all(expected.get(s) == qid for s, qid in same), same
    nodes = set(graph.subjects())
    missing = [s for s in expected if s in nodes and (s, expected[s]) not in same]
    assert not missing
    for ident in ("pk", "pk-ba", "pk-ba-quetta-city"):
        assert (entity_iri(f"place:{ident}"), expected[entity_iri(f"place:{ident}")]) in same
    with open(seeds_out / "entities.csv", encoding="utf-8", newline="") as handle:
        table = {row["id"]: row["wikidata"] for row in csv.DictReader(handle)}
    for subject, qid in same:
        assert table.get(str(subject)) == qid


# -- `kg lexicon check` holds a pack's ids and its sources together --------------------------
@pytest.fixture
def toy_copy(tmp_path):
    return Path(
        shutil.copytree(TOYLAND, tmp_path / "toyland", ignore=shutil.ignore_patterns("articles"))
    )


def _set_wikidata(pack: Path, ident: str, qid: str) -> int:
    """Give the places.tsv row ``ident`` a Wikidata id; return its line number."""
    path = pack / "places.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    column = lines[header].split("\t").index("wikidata")
    number = next(i for i, line in enumerate(lines) if line.split("\t")[0] == ident)
    cells = lines[number].split("\t")
    cells[column] = qid
    lines[number] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


SOURCES = "table\tid\tqid\tsource\tevidence\n"
ROW = "places\txt\tQ99\thttps://example.org/toyland\tToyland is Q99\n"


def _check(pack: Path):
    return CliRunner().invoke(cli, ["lexicon", "check", str(pack)])


def test_cli_lexicon_check_passes_ids_with_sources(toy_copy):
    _set_wikidata(toy_copy, "xt", "Q99")
    (toy_copy / WIKIDATA_SOURCES).write_text(SOURCES + ROW, encoding="utf-8")
    result = _check(toy_copy)
    assert result.exit_code == 0, result.output
    assert WIKIDATA_SOURCES in result.output


def test_cli_lexicon_check_finds_id_without_source(toy_copy):
    _set_wikidata(toy_copy, "xt", "Q99")
    line = _set_wikidata(toy_copy, "xt-nb", "Q98")
    (toy_copy / WIKIDATA_SOURCES).write_text(SOURCES + ROW, encoding="utf-8")
    result = _check(toy_copy)
    assert result.exit_code == 1
    assert f"{toy_copy / 'places.tsv'}:{line}:" in result.output and "Q98" in result.output


@pytest.mark.parametrize(
    "row,message",
    [
        ("places\txt\tQ98\thttps://example.org\tx\n", "Q98 for places.tsv 'xt', which has Q99"),
        ("places\tnowhere\tQ97\thttps://example.org\tx\n", "no places.tsv row 'nowhere'"),
        ("places\txt\tq99\thttps://example.org\tx\n", "is not a Wikidata item id"),
    ],
)
def test_cli_lexicon_check_finds_bad_source_row(toy_copy, row, message):
    _set_wikidata(toy_copy, "xt", "Q99")
    (toy_copy / WIKIDATA_SOURCES).write_text(SOURCES + ROW + row, encoding="utf-8")
    result = _check(toy_copy)
    assert result.exit_code == 1
    assert f"{toy_copy / WIKIDATA_SOURCES}:3:" in result.output and message in result.output
