"""Region packs: the schema-checked loader, `kg lexicon check`, the config and its fingerprint."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.core.model import Document
from kg.core.packs import LexiconError, load_pack, read_table
from kg.extract import ExtractorConfig, extract

TOYLAND = Path(__file__).parent / "packs" / "toyland"
ACTORS = "id\tlabel\tkind\taliases\n"


@pytest.fixture
def toy_copy(tmp_path):
    """A copy of the toy pack that a test may break or edit."""
    return Path(
        shutil.copytree(TOYLAND, tmp_path / "toyland", ignore=shutil.ignore_patterns("articles"))
    )


@pytest.mark.parametrize(
    "name,text,message,line",
    [
        ("actors.tsv", "id\tlabel\taliases\nx\tX\tXX\n", "bad header: missing kind", 1),
        ("actors.tsv", "# c\nid\tlabel\tkind\tcolour\n", "unknown column 'colour'", 2),
        ("actors.tsv", ACTORS + "x\tX\tArmedGroup\tXX\textra\n", "5 cells for 4 columns", 2),
        ("actors.tsv", ACTORS + "x\tX\tArmedGroup\n", "3 cells for 4 columns", 2),
        ("actors.tsv", ACTORS + "x\tX\tMonster\t\n", "unknown kind 'Monster'", 2),
        ("places.tsv", "id\tlabel\tkind\tlat\nx\tX\tArmedGroup\t1\n", "unknown kind", 2),
        ("places.tsv", "id\tlabel\tkind\tlat\nx\tX\tCity\tnorth\n", "not a number", 2),
        ("mine.tsv", "phrase\tkind\nambushed\tAmbush\n", "not a pack table", None),
    ],
)
def test_packs_read_table_names_file_and_line(tmp_path, name, text, message, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        read_table(path)
    assert caught.value.path == str(path) and caught.value.line == line


@pytest.mark.parametrize(
    "text,message",
    [
        ("name: x\ncolour: red\n", "unknown keys"),
        ("countries:\n  Toyland: {}\n", "ISO 3166-1"),
        ("countries:\n  XT:\n    forces: [soldiers]\n", "forces: expected a mapping"),
        ("default_country: XQ\ncountries:\n  XT: {}\n", "default_country"),
    ],
)
def test_packs_load_pack_rejects_bad_pack_yaml(tmp_path, text, message):
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        load_pack(tmp_path)
    assert "pack.yaml" in str(caught.value) and caught.value.line is not None


@pytest.mark.parametrize("code,word,key", [("XT", "soldiers", "actor:toyland-army")])
def test_packs_load_pack_reads_forces(code, word, key):
    country = next(c for c in load_pack(TOYLAND).countries if c.code == code)
    assert country.forces[word] == key and country.key == f"place:{code.lower()}"


@pytest.mark.parametrize("args", [["lexicon", "check"], ["lexicon", "check", str(TOYLAND)]])
def test_cli_lexicon_check_passes_good_packs(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "actors.tsv" in result.output and result.output.rstrip().endswith("ok")


@pytest.mark.parametrize(
    "name,line,text",
    [
        ("actors.tsv", 3, "toyland-army\tRoyal Toyland Army\tSpaceForce\t\t\t\t\t\t\t\n"),
        ("places.tsv", 3, "xt\tToyland\tCountry\n"),
    ],
)
def test_cli_lexicon_check_names_file_and_line(toy_copy, name, line, text):
    path = toy_copy / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = text
    path.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "check", str(toy_copy)])
    assert result.exit_code == 1
    assert f"{path}:{line}:" in result.output


def test_cli_lexicon_check_finds_unknown_force(toy_copy):
    path = toy_copy / "pack.yaml"
    path.write_text(path.read_text().replace("police: toyland-police", "police: no-such-force"))
    result = CliRunner().invoke(cli, ["lexicon", "check", str(toy_copy)])
    assert result.exit_code == 1 and "actor:no-such-force" in result.output


def test_config_fingerprint_follows_file_bytes(toy_copy, tmp_path):
    before = ExtractorConfig(packs=(toy_copy,)).fingerprint()
    moved = Path(shutil.copytree(toy_copy, tmp_path / "elsewhere" / "toyland"))
    assert ExtractorConfig(packs=(moved,)).fingerprint() == before
    with (toy_copy / "actors.tsv").open("a", encoding="utf-8") as handle:
        handle.write("tin-soldiers\tTin Soldiers Front\tArmedGroup\t\t\t\t\t\t\t\n")
    assert ExtractorConfig(packs=(toy_copy,)).fingerprint() != before


def test_config_from_env_reads_every_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_LEXICONS", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    config = ExtractorConfig.from_env([TOYLAND])
    assert config.packs == (tmp_path / "a", tmp_path / "b", TOYLAND)


@pytest.mark.parametrize(
    "text,packs,force",
    [
        ("Five soldiers were killed in Gizmoburg on Friday.", (TOYLAND,), "actor:toyland-army"),
        ("Five soldiers were killed in Turbat on Friday.", (TOYLAND,), "actor:pakistan-army"),
        ("Five soldiers were killed in Turbat on Friday.", (), "actor:pakistan-army"),
        ("Police said three policemen died in Marbleton.", (TOYLAND,), "actor:toyland-police"),
        ("Five soldiers were killed in Mopti on Friday.", (), None),
    ],
)
def test_extract_generic_force_follows_country(text, packs, force):
    extraction = extract(
        Document("d1", text, published=date(2031, 3, 8)), ExtractorConfig(packs=packs)
    )
    forces = {e.key for e in extraction.entities if e.kind == "StateForce" and e.mentions}
    assert forces == ({force} if force else set())


@pytest.mark.parametrize(
    "name,row,text,kind",
    [
        (
            "triggers.jsonl",
            '{"phrase": "zapped", "kind": "Ambush", "strength": 0.9}\n',
            "Militants zapped a convoy in Turbat on Friday, officials said.",
            "Ambush",
        )
    ],
)
def test_config_user_pack_extends_word_lists(tmp_path, name, row, text, kind):
    (tmp_path / name).write_text(row, encoding="utf-8")
    document = Document("d1", text, published=date(2025, 1, 5))
    assert extract(document, ExtractorConfig()).events == []
    assert [e.kind for e in extract(document, ExtractorConfig(packs=(tmp_path,))).events] == [kind]


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"phrase": "zapped", "kind": "Ambush"', "not JSON"),
        ('{"phrase": "zapped", "kind": "Ambush"}', "phrase, kind and strength"),
        ('{"phrase": "zapped", "kind": "Ambush", "strength": 1, "colour": "red"}', "unknown keys"),
    ],
)
def test_cli_lexicon_check_reads_triggers(toy_copy, line, message):
    (toy_copy / "triggers.jsonl").write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "check", str(toy_copy)])
    assert (
        result.exit_code == 1 and "triggers.jsonl:1:" in result.output and message in result.output
    )
