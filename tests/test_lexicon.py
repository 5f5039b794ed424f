"""The actor and project lexicons: loading, keys, user extension files, data integrity."""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import get_gazetteer
from kg.extract.lexicon import (
    ENV_VAR,
    LexiconError,
    entry_key,
    get_lexicon,
    lexicon_files,
    load_lexicon,
)

HEADER = "id\tlabel\tkind\taliases\tparent\n"


@pytest.fixture
def fresh_lexicon():
    get_lexicon.cache_clear()
    yield
    get_lexicon.cache_clear()


@pytest.mark.parametrize(
    "key,alias",
    [
        ("actor:bla", "Baloch Liberation Army"),
        ("actor:ttp", "Fitna al-Khawarij"),
        ("actor:baloch-separatists", "Fitna al-Hindustan"),
        ("actor:frontier-corps", "FC"),
        ("actor:ispr", "military's media wing"),
        ("project:cpec", "CPEC"),
    ],
)
def test_lexicon_entry_has_alias(key, alias):
    entry = get_lexicon().entry(key)
    assert entry is not None and alias in entry.names


@pytest.mark.parametrize(
    "kind,ident,key",
    [
        ("ArmedGroup", "bla", "actor:bla"),
        ("Person", "sarfraz-bugti", "person:sarfraz-bugti"),
        ("Project", "cpec", "project:cpec"),
        ("Site", "x", "place:x"),
        ("Organization", "actor:y", "actor:y"),
    ],
)
def test_lexicon_entry_key_by_kind(kind, ident, key):
    assert entry_key(kind, ident) == key


@pytest.mark.parametrize(
    "key,field,value",
    [
        ("actor:bla-majeed-brigade", "parent", "actor:bla"),
        ("actor:jamaat-ul-ahrar", "parent", "actor:ttp"),
        ("project:cpec", "funded_by", "place:cn"),
        ("actor:security-forces", "generic", True),
        ("actor:bla", "generic", False),
    ],
)
def test_lexicon_entry_fields(key, field, value):
    assert getattr(get_lexicon().entry(key), field) == value


def test_lexicon_references_resolve():
    lexicon, gazetteer = get_lexicon(), get_gazetteer()
    dangling = [
        (entry.key, ref)
        for entry in lexicon
        for ref in (entry.parent, entry.funded_by, entry.jurisdiction)
        if ref and ref not in lexicon and ref not in gazetteer
    ]
    assert dangling == []


def test_lexicon_user_folder_adds_entries(tmp_path, monkeypatch, fresh_lexicon):
    (tmp_path / "mine.tsv").write_text(
        HEADER + "zfront\tZarghun Front\tArmedGroup\tZF|Zarghun Liberation Front\t\n"
    )
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    entry = get_lexicon().entry("actor:zfront")
    assert entry is not None and entry.aliases == ("ZF", "Zarghun Liberation Front")
    assert tmp_path / "mine.tsv" in lexicon_files()


@pytest.mark.parametrize(
    "row,message",
    [
        ("x\tX\tMonster\t\t\n", "unknown kind"),
        ("\tX\tArmedGroup\t\t\n", "missing id"),
        ("x\tX\tArmedGroup\t\t\textra\n", "cells"),
    ],
)
def test_lexicon_rejects_malformed_row(tmp_path, row, message):
    path = tmp_path / "bad.tsv"
    path.write_text(HEADER + row)
    with pytest.raises(LexiconError, match=message):
        load_lexicon([path])


def test_lexicon_rejects_other_tables(tmp_path):
    path = tmp_path / "triggers.tsv"
    path.write_text("phrase\tkind\nambushed\tAmbush\n")
    with pytest.raises(LexiconError, match="triggers.tsv:.*not a pack table"):
        load_lexicon([path])
