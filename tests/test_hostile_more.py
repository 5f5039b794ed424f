"""Hostile input beyond the articles: planted files, markup, queries, clients and servers."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.core.errors import StoreError

CKG = "https://w3id.org/conflict-kg/ontology#"
ID = "https://w3id.org/conflict-kg/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _tiny_out(out: Path, labels: list[str]) -> Path:
    """An output folder whose store holds one event per label (no extraction needed)."""
    store = ox.Store(str(out / "store"))
    for i, label in enumerate(labels):
        event = ox.NamedNode(f"{ID}event/e{i}")
        store.add(ox.Quad(event, ox.NamedNode(LABEL), ox.Literal(label)))
    store.flush()
    del store
    gc.collect()  # RocksDB lets go of the folder when the object is dropped
    return out


def _run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


# -- 2: a planted store.lock -------------------------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_hostile_lock_file_never_followed_or_truncated(tmp_path, kind):
    from kg.store.lock import WriterLock

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    lock = out / "store.lock"
    {
        "symlink": lambda: lock.symlink_to("../victim.txt"),
        "fifo": lambda: os.mkfifo(lock),
        "folder": lock.mkdir,
    }[kind]()
    with pytest.raises(StoreError, match="lock file"):
        WriterLock(out, out / "store").acquire()
    assert victim.read_text() == "precious"


def test_hostile_lock_symlink_refused_by_build(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "store.lock").symlink_to("../victim.txt")
    article = tmp_path / "a.txt"
    article.write_text("Militants attacked a post in Kech.")
    result = _run("build", str(article), "--out", str(out), "--no-viewer", "--force")
    assert result.exit_code != 0 and "symbolic link" in result.output
    assert victim.read_text() == "precious"


# -- 4: article text is never Rich markup ------------------------------------------

MARKUP_TITLES = [
    "Raid [/] in Kech",
    "[bold red]x[/bold red]",
    "[link=https://evil.example]Kech[/link]",
    ":warning: [i]Quetta",
]


@pytest.fixture(scope="module")
def markup_out(tmp_path_factory):
    return _tiny_out(tmp_path_factory.mktemp("markup"), MARKUP_TITLES)


@pytest.mark.parametrize("title", MARKUP_TITLES)
def test_hostile_query_table_prints_markup_as_text(markup_out, title):
    result = _run("query", "SELECT ?l { ?e ?p ?l }", "--out", str(markup_out))
    assert result.exit_code == 0, result.output
    assert title in result.output
    assert "\x1b]8;" not in result.output  # no hidden hyperlink
