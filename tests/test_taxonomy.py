"""The taxonomy table defines every event kind; the code, the shapes and the ontology agree with it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.cli import cli
from kg.core.model import EVENT_KINDS
from kg.core.resources import TAXONOMY_ENV_VAR, ontology_file, shapes_file, taxonomy_dir
from kg.core.taxonomy import (
    ROOT,
    TaxonomyError,
    acled_for,
    ancestors,
    family_of,
    fusion_family_of,
    parent_of,
    taxonomy,
)
from kg.graph.event_shapes import write_event_kind_shapes
from kg.graph.mapping import CKG, EVENT_CLASSES
from kg.graph.matching import event_family
from kg.publish.viewer import TYPE_STYLE

KINDS = [kind.name for kind in taxonomy()]
ROOT_DIR = Path(__file__).resolve().parent.parent
HOWTO = ROOT_DIR / "docs" / "adding-an-event-type.md"
# The how-to's code blocks: the table row it adds, ..., the commands that check the result.
BLOCKS = re.findall(r"```\w*\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


def test_taxonomy_is_the_models_list_of_kinds():
    assert tuple(KINDS) == EVENT_KINDS
    assert list(EVENT_CLASSES) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_taxonomy_parent_is_the_ontologys_superclass(ontology, kind):
    parents = {p for p in ontology.objects(CKG[kind], RDFS.subClassOf) if str(p).startswith(CKG)}
    assert parents == {CKG[parent_of(kind)]}


def test_taxonomy_lists_every_event_class_of_the_ontology(ontology):
    below = {
        str(c).removeprefix(str(CKG))
        for c in ontology.transitive_subjects(RDFS.subClassOf, CKG[ROOT])
        if str(c).startswith(CKG)
    }
    assert below - {ROOT} == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_taxonomy_label_is_the_ontologys_label(ontology, kind):
    [label] = ontology.objects(CKG[kind], RDFS.label)
    assert str(label) == next(k.label for k in taxonomy() if k.name == kind)


def test_taxonomy_shapes_file_is_written_from_the_table():
    stale = write_event_kind_shapes(check=True)
    assert not stale, "run `python -m kg.graph.event_shapes` to rewrite ontology/shapes.ttl"


@pytest.mark.parametrize(
    "old,new",
    [
        ("ckg:Ambush ckg:Hijacking", "ckg:Ambush"),
        ("sh:qualifiedMaxCount 0", "sh:qualifiedMaxCount 1"),
    ],
)
def test_taxonomy_shapes_are_rewritten_when_they_drift(tmp_path, old, new):
    path = tmp_path / "shapes.ttl"
    path.write_text(shapes_file().read_text(encoding="utf-8").replace(old, new, 1), "utf-8")
    assert write_event_kind_shapes(path, check=True)
    assert write_event_kind_shapes(path)
    assert path.read_text(encoding="utf-8") == shapes_file().read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "kind,extraction,fusion",
    [
        ("SuicideBombing", "attack", "violence"),
        ("Hijacking", "abduction", "violence"),
        ("Clash", "engagement", "operation"),
        ("MilitaryOperation", "engagement", "operation"),
        ("Kidnapping", "abduction", "kidnapping"),
    ],
)
def test_taxonomy_families(kind, extraction, fusion):
    assert family_of(kind) == extraction
    assert fusion_family_of(kind) == event_family(kind) == fusion


@pytest.mark.parametrize(
    "kind,target,codes",
    [
        ("Attack", "forces", ("Battles", "Armed clash")),
        ("Attack", "civilians", ("Violence against civilians", "Attack")),
        ("Attack", "*", (None, None)),
        ("SuicideBombing", "forces", ("Explosions/Remote violence", "Suicide bomb")),
        ("Riot", "*", (None, None)),
    ],
)
def test_taxonomy_acled_for(kind, target, codes):
    assert acled_for(kind, target) == codes


@pytest.mark.parametrize("kind", KINDS)
def test_taxonomy_viewer_draws_each_kind_as_the_table_says(kind):
    row = next(k for k in taxonomy() if k.name == kind)
    assert TYPE_STYLE[kind] == (row.shape, row.colour)


@pytest.mark.parametrize(
    "row,problem",
    [
        ("Raid\tOperation\t1\tengagement\toperation\t\t\t\t#000000\tdiamond\traid", "parent"),
        ("Raid\tEvent\tfirst\tengagement\toperation\t\t\t\t#000000\tdiamond\traid", "rank"),
        ("Attack\tEvent\t1\tattack\tviolence\t\t\t\t#000000\tdiamond\tattack", "again"),
    ],
)
def test_taxonomy_rejects_a_malformed_row(tmp_path, monkeypatch, row, problem):
    folder = tmp_path / "taxonomy"
    shutil.copytree(taxonomy_dir(), folder)
    with (folder / "event_kinds.tsv").open("a", encoding="utf-8") as table:
        table.write(row + "\n")
    monkeypatch.setenv(TAXONOMY_ENV_VAR, str(folder))
    with pytest.raises(TaxonomyError, match=problem):
        taxonomy()


# What a new kind must reach: run in a fresh interpreter, since the model's list of kinds is
# read once, when kg is imported.
_PROBE = """
import json
from kg.cli import cli
from kg.core.model import EVENT_KINDS
from kg.core.taxonomy import acled_for
from kg.extract.wordlists import get_wordlists
from kg.graph.event_shapes import event_kind_shapes
from kg.graph.mapping import EVENT_CLASSES
from kg.graph.matching import event_family, most_specific_kind
from kg.publish.viewer import TYPE_STYLE

print(json.dumps({
    "model": "DroneStrike" in EVENT_KINDS,
    "mapping": str(EVENT_CLASSES.get("DroneStrike")),
    "fusion": event_family("DroneStrike"),
    "fused_kind": most_specific_kind(["Attack", "DroneStrike"]),
    "extraction": get_wordlists().family("DroneStrike"),
    "acled": acled_for("DroneStrike"),
    "shapes": event_kind_shapes().count("ckg:DroneStrike"),
    "viewer": TYPE_STYLE.get("DroneStrike"),
}))
"""
HEADER, DRONE_STRIKE = BLOCKS[0].splitlines()  # the row docs/adding-an-event-type.md adds


@pytest.mark.parametrize(
    "field,expected",
    [
        ("model", True),
        ("mapping", str(CKG.DroneStrike)),
        ("fusion", "violence"),
        ("fused_kind", ["DroneStrike", False]),
        ("extraction", "attack"),
        ("acled", ["Explosions/Remote violence", "Air/drone strike"]),
        # ckgsh:EventShape's list of all kinds, the lists of the shapes of the other kinds
        # below a kind (SuicideBombing, AirStrike), and the target of the new
        # ckgsh:DroneStrikeShape (not in the list of top kinds: it is below Attack)
        ("shapes", 4),
        ("viewer", ["diamond", "#a6761d"]),
    ],
)
def test_taxonomy_added_kind_reaches_every_stage(added_kind, field, expected):
    assert added_kind[field] == expected


@pytest.fixture(scope="module")
def added_kind(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("user") / "taxonomy"
    shutil.copytree(taxonomy_dir(), folder)
    with (folder / "event_kinds.tsv").open("a", encoding="utf-8") as table:
        table.write(DRONE_STRIKE + "\n")
    env = {**os.environ, TAXONOMY_ENV_VAR: str(folder), "PYTHONPATH": str(ROOT_DIR)}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    "kind,expected", [("SuicideBombing", ("Bombing",)), ("Attack", ()), ("Riot", ())]
)
def test_taxonomy_ancestors_stop_below_event(kind, expected):
    assert ancestors(kind) == expected


def test_taxonomy_howto_row_has_the_tables_columns():
    table = (taxonomy_dir() / "event_kinds.tsv").read_text(encoding="utf-8").splitlines()
    assert next(line for line in table if not line.startswith("#")) == HEADER
    assert len(DRONE_STRIKE.split("\t")) == len(HEADER.split("\t"))


@pytest.mark.parametrize("command", BLOCKS[-1].splitlines())
def test_taxonomy_howto_check_commands_run(tmp_path, command):
    program, *args = shlex.split(command.replace("/tmp/eval", str(tmp_path / "eval")))
    env = {**os.environ, "PYTHONPATH": str(ROOT_DIR)}
    if program == "kg":
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    elif program == "pytest":
        # Leaves this test out of the run it starts, which would otherwise start itself again.
        run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
        run += ["-k", "not howto_check_commands"]
        subprocess.run(run, cwd=ROOT_DIR, env=env, check=True, capture_output=True)
    else:
        assert program == "python"
        subprocess.run([sys.executable, *args], cwd=ROOT_DIR, env=env, check=True)
