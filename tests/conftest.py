"""Shared fixtures: built graphs of the seed article and of the whole seeds/ folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_6c959af80028444d.txt"


def pytest_addoption(parser):
    parser.addoption(
        "--slow", action="store_true", default=False, help="run slow fault-injection tests in full"
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """An output folder built from the seed article alone."""
    import kg

    out = tmp_path_factory.mktemp("seed-out")
    report = kg.build([SEED_ARTICLE], out)
    assert report.ok, report.errors
    return out


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    """An output folder built from everything in seeds/ (the seed and the corpus)."""
    import kg

    out = tmp_path_factory.mktemp("seeds-out")
    report = kg.build([SEEDS], out)
    assert report.ok, report.errors
    return out


@pytest.fixture
def seed_store(seed_out):
    from kg.store.embedded import open_store

    with open_store(seed_out, read_only=True) as store:
        yield store


@pytest.fixture
def seeds_store(seeds_out):
    from kg.store.embedded import open_store

    with open_store(seeds_out, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def nlp():
    """A blank English pipeline with a sentencizer and the project's entity components."""
    import spacy

    from kg.extract.entities import add_entity_components

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    add_entity_components(pipeline)
    return pipeline


def keyed(nlp, text):
    """{surface: (kind, key)} of the entity spans ``nlp`` finds in ``text``."""
    return {e.text: (e.label_, e.ent_id_) for e in nlp(text).ents}
