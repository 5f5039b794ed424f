"""The `kg` command as a user runs it, on real files."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

SEED_ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "000_6c959af80028444d.txt"

EVENTS_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
    "ckg_type", "fatalities_min", "fatalities_max", "sources", "confidence", "iri",
]  # fmt: skip
ENTITIES_COLUMNS = [
    "id",
    "label",
    "type",
    "wikidata",
    "latitude",
    "longitude",
    "mentions",
    "sources",
]


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_cli_build_writes_every_output(seed_out):
    for name in (
        "graph.ttl",
        "graph.trig",
        "graph.jsonld",
        "graph.graphml",
        "events.csv",
        "entities.csv",
        "graph.html",
    ):
        assert (seed_out / name).stat().st_size > 0, name
    assert (seed_out / "store").is_dir()


@pytest.mark.parametrize(
    "name,columns", [("events.csv", EVENTS_COLUMNS), ("entities.csv", ENTITIES_COLUMNS)]
)
def test_cli_build_tables_have_design_columns(seed_out, name, columns):
    with open(seed_out / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == columns
    assert len(rows) > 1


def test_cli_build_summary_and_rebuild_is_idempotent(tmp_path):
    first = _run("build", SEED_ARTICLE, "--out", tmp_path)
    assert first.exit_code == 0, first.output
    pattern = r"1 documents \(1 built\), (\d[\d,]*) entities, (\d+) events, ([\d,]+) triples -> "
    triples = re.search(pattern, first.output).group(3)
    second = _run("build", SEED_ARTICLE, "--out", tmp_path)
    assert "1 unchanged" in second.output and f"{triples} triples" in second.output


def test_cli_build_bad_file_named_others_built(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED_ARTICLE, inputs / "good.txt")
    (inputs / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")
    result = _run("build", inputs, "--out", tmp_path / "out", "--published", "2025-01-13")
    assert result.exit_code == 1
    assert "broken.md" in result.stderr and "front matter" in result.stderr
    assert "1 documents (1 built, 1 failed)" in result.stdout


def test_cli_build_warns_of_a_cut_document_and_builds_the_part_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.ingest.limits.MAX_CHARS", 1000)
    first = SEED_ARTICLE.read_text(encoding="utf-8").split("\n")[
        0
    ]  # the military, in Ketch district
    text = (
        first
        + "\n"
        + "Officials said the area was cordoned off.\n" * 30
        + "Gunmen stormed a bank in Turbat."
    )
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    result = _run("build", article, "--out", tmp_path / "out", "--published", "2025-01-13")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"warning: {article}: the text is {len(text):,} characters long"
    )
    assert "1 documents (1 built, 1 warned)" in result.stdout
    places = _run(
        "query", "SELECT ?l WHERE { ?p a ckg:Place ; rdfs:label ?l }", "--out", tmp_path / "out"
    )
    assert "Kech District" in places.output and "Turbat" not in places.output


def test_cli_query_named_and_adhoc(seed_out):
    listed = _run("query", "--list", "--out", seed_out)
    assert "attacks_by_group" in listed.output
    adhoc = _run(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?e a ckg:Event }",
        "--format",
        "json",
        "--out",
        seed_out,
    )
    assert int(json.loads(adhoc.output)[0]["n"]) >= 4


def test_cli_query_param_is_bound_not_pasted(seed_out):
    result = _run(
        "query",
        "--name",
        "attacks_by_group",
        "--param",
        'group=x"} ; DROP ALL #',
        "--format",
        "csv",
        "--out",
        seed_out,
    )
    assert result.exit_code == 0, result.output


def test_cli_validate_passes_on_seed(seed_out):
    result = _run("validate", "--out", seed_out)
    assert result.exit_code == 0, result.output


def test_cli_reading_commands_need_a_built_folder(tmp_path):
    result = _run("query", "--name", "events", "--out", tmp_path / "empty")
    assert result.exit_code != 0 and "kg build" in result.output


def test_cli_installed_entry_point_runs(tmp_path):
    kg = shutil.which("kg") or pytest.skip("the kg entry point is not installed")
    done = subprocess.run([kg, "--help"], capture_output=True, text=True, check=True)
    assert "build" in done.stdout and sys.executable


def test_cli_analyze_writes_reports(seed_out):
    result = _run("analyze", "--out", seed_out)
    assert result.exit_code == 0, result.output
    assert "Central actors" in result.output
    for name in ("analysis.json", "analysis.md", "timeline.png"):
        assert (seed_out / name).stat().st_size > 0


def test_cli_path_shows_relations_on_each_hop(seed_out):
    result = _run("path", "Kech District", "Pakistan", "--out", seed_out)
    assert result.exit_code == 0, result.output
    assert "-partOf->" in result.output


def test_cli_view_focus_writes_neighbourhood(seed_out, tmp_path):
    target = tmp_path / "kech.html"
    result = _run(
        "view", "--focus", "Kech District", "--depth", "1", "--output", target, "--out", seed_out
    )
    assert result.exit_code == 0, result.output
    assert "Kech District" in target.read_text(encoding="utf-8")


def test_cli_why_names_article_and_sentence(seed_out):
    rows = json.loads(
        _run(
            "query",
            "SELECT ?e WHERE { ?e a ckg:MilitaryOperation }",
            "--format",
            "json",
            "--out",
            seed_out,
        ).output
    )
    result = _run("why", rows[0]["e"], "--out", seed_out)
    assert "000_6c959af80028444d" in result.output and "27 militants" in result.output


def test_cli_export_rewrites_one_format(seed_out):
    result = _run("export", "--format", "gexf", "--out", seed_out)
    assert result.exit_code == 0 and "graph.gexf" in result.output
