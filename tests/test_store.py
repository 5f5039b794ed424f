"""The embedded store: one writer, readers alongside, whole-graph replacement, bound terms."""

from __future__ import annotations

import gc
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.core.errors import QueryError, StoreError, StoreLocked
from kg.store.embedded import graph_iri, open_store

ROOT = Path(__file__).resolve().parent.parent
CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
ID = Namespace("https://w3id.org/conflict-kg/id/")
DOCS = ("d1", "d2", "d3")
PREFIX = f"PREFIX ckg: <{CKG}>\n"


def version(doc: str, n: int) -> Graph:
    """Article ``doc`` at version ``n``: its size and every literal depend on ``n``."""
    graph = Graph()
    article = ID[f"article/{quote(doc, safe='')}"]
    graph.add((article, CKG.documentId, Literal(doc)))
    graph.add((article, CKG.contentHash, Literal(f"v{n}")))
    for i in range(30 + (n % 5) * 40):
        graph.add((ID[f"mention/{quote(doc, safe='')}/{i}"], CKG.text, Literal(f"{doc} v{n} #{i}")))
    geometry = BNode()  # blank nodes take the store's delete-by-pattern path
    graph.add((article, CKG.geometry, geometry))
    graph.add((geometry, CKG.wkt, Literal(f"POINT({n} 0)")))
    return graph


def fused(n: int) -> Graph:
    return version("fused", n)


# Rewrites every article graph and the default graph, round after round, forever.
WRITER = """
import sys
from pathlib import Path
from test_store import DOCS, fused, version
from kg.store.embedded import open_store

n = int(sys.argv[2])
with open_store(Path(sys.argv[1])) as store:
    while True:
        for doc in DOCS:
            store.replace_document(doc, version(doc, n))
        store.replace_default_graph(fused(n))
        print(n, flush=True)
        n += 1
"""

SECOND_WRITER = """
import sys, time
from pathlib import Path
from kg.core.errors import StoreLocked
from kg.store.embedded import open_store

start = time.perf_counter()
try:
    open_store(Path(sys.argv[1]))
except StoreLocked as error:
    print(f"{time.perf_counter() - start:.3f} {error}")
"""


def _spawn(code: str, *args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, text=True, env=env
    )


def _assert_whole_version(graph: Graph, make) -> None:
    """``graph`` must be exactly one complete version (its hash literal says which)."""
    markers = {str(o) for o in graph.objects(None, CKG.contentHash)}
    if len(markers) != 1:
        pytest.fail(f"partial graph: {len(graph)} triples, version markers {sorted(markers)}")
    expected = make(int(markers.pop()[1:]))
    if not isomorphic(graph, expected):
        _, only_stored, only_expected = graph_diff(to_isomorphic(graph), to_isomorphic(expected))
        pytest.fail(f"partial graph: {len(only_stored)} extra, {len(only_expected)} missing")


def test_store_kill_9_leaves_each_graph_old_or_new(tmp_path, request):
    rounds = 25 if request.config.getoption("--slow") else 3
    rng = random.Random(20250113)
    for r in range(rounds):
        child = _spawn(WRITER, tmp_path, r * 100)
        assert child.stdout.readline(), "the writer died before its first round"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with open_store(tmp_path) as store:  # the lock died with the writer
            for doc in DOCS:
                _assert_whole_version(store.document_graph(doc), lambda n, doc=doc: version(doc, n))
            _assert_whole_version(store.default_graph(), fused)


def test_store_second_writer_fails_at_once(tmp_path):
    with open_store(tmp_path):
        child = _spawn(SECOND_WRITER, tmp_path)
        output, _ = child.communicate(timeout=60)
    seconds, message = output.split(" ", 1)
    assert float(seconds) < 0.5
    assert f"being written by another process (pid {os.getpid()})" in message


def test_store_reader_sees_commits_and_does_not_block_writer(tmp_path):
    with open_store(tmp_path) as writer:
        writer.replace_document("d1", version("d1", 1))
        with open_store(tmp_path, read_only=True) as reader:
            writer.replace_document("d2", version("d2", 1))  # not blocked by the reader
            assert reader.documents() == {"d1": "v1"}  # a reader sees what was committed at open
        with open_store(tmp_path, read_only=True) as reader:
            assert reader.documents() == {"d1": "v1", "d2": "v1"}


class _LostFile:
    """A store view whose files the writer compacted away: every read fails as RocksDB does."""

    def __getattr__(self, _name):
        def fail(*_args, **_kwargs):
            raise OSError("IO error: No such file or directory: While open a file: 000033.sst")

        return fail


def test_store_reader_whose_view_lost_a_file_reopens_and_answers(tmp_path):
    with open_store(tmp_path) as writer:
        writer.replace_document("d1", version("d1", 1))
    with open_store(tmp_path, read_only=True) as reader:
        for read in (reader.documents, reader.graph_names, lambda: reader.document_graph("d1")):
            reader._store = _LostFile()
            assert read()
        assert reader.documents() == {"d1": "v1"}


def test_store_writer_does_not_hide_a_lost_file(tmp_path):
    with open_store(tmp_path) as writer:
        writer.replace_document("d1", version("d1", 1))
        real, writer._store = writer._store, _LostFile()
        try:
            with pytest.raises(StoreError, match="^cannot read the store .*No such file"):
                writer.documents()
        finally:
            writer._store = real


def test_store_reader_works_while_another_process_writes(tmp_path):
    child = _spawn(WRITER, tmp_path, 0)
    try:
        assert child.stdout.readline()
        for _ in range(5):
            with open_store(tmp_path, read_only=True) as reader:
                for doc in DOCS:
                    _assert_whole_version(
                        reader.document_graph(doc), lambda n, doc=doc: version(doc, n)
                    )
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("doc", ["d1", "dawn 2025/01 Kēch"])
def test_store_replace_document_is_idempotent(tmp_path, doc):
    with open_store(tmp_path) as store:
        store.replace_document(doc, version(doc, 1))
        first = store.quad_count()
        store.replace_document(doc, version(doc, 1))
        assert store.quad_count() == first == len(version(doc, 1))
        assert store.documents() == {doc: "v1"}


@pytest.mark.parametrize("old,new", [(1, 2), (4, 0)])
def test_store_replace_document_swaps_the_whole_graph(tmp_path, old, new):
    with open_store(tmp_path) as store:
        for doc in ("d1", "d2"):
            store.replace_document(doc, version(doc, old))
        store.replace_document("d1", version("d1", new))
        assert isomorphic(store.document_graph("d1"), version("d1", new))
        assert isomorphic(store.document_graph("d2"), version("d2", old))
        assert store.quad_count() == len(version("d1", new)) + len(version("d2", old))


@pytest.mark.parametrize("docs", [("d1", "d2", "d3")])
def test_store_remove_document_and_list_graphs(tmp_path, docs):
    with open_store(tmp_path) as store:
        for doc in docs:
            store.replace_document(doc, version(doc, 1))
        store.remove_document(docs[0])
        assert [doc for doc, _ in store.document_graphs()] == sorted(docs[1:])
        assert len(store.document_graph(docs[0])) == 0


@pytest.mark.parametrize("old,new", [(1, 3)])
def test_store_replace_default_graph_leaves_article_graphs(tmp_path, old, new):
    with open_store(tmp_path) as store:
        store.replace_document("d1", version("d1", 1))
        store.replace_default_graph(fused(old))
        store.replace_default_graph(fused(new))
        assert isomorphic(store.default_graph(), fused(new))
        assert store.triple_count() == len(fused(new))
        assert store.documents() == {"d1": "v1"}


@pytest.mark.parametrize("module", ["kg.store.base", "kg.store.terms", "kg.store.answers"])
def test_store_doctests_run(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_store_failed_update_request_writes_nothing(tmp_path):
    """One update request is one Oxigraph transaction: the atomic replacement relies on it."""
    with open_store(tmp_path) as store:
        store.replace_document("d1", version("d1", 1))
    disk = ox.Store(str(tmp_path / "store"))
    with pytest.raises(RuntimeError):
        disk.update(f"DROP GRAPH <{graph_iri('d1')}> ; DROP GRAPH <urn:no-such-graph>")
    del disk
    gc.collect()  # RocksDB releases the store when the object is dropped
    with open_store(tmp_path, read_only=True) as store:
        assert isomorphic(store.document_graph("d1"), version("d1", 1))


HOSTILE = ['x"} ; DROP ALL #', "x' } UNION { ?s ?p ?o } #", "\\u0022 } #", "x>"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "query,expected",
    [
        ("SELECT ?s ?text WHERE { ?s ckg:text ?text }", 1),  # projected: pyoxigraph substitution
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ckg:text ?text }", "1"),  # not projected: BIND
        ('SELECT (COUNT(*) AS ?n) # {\nWHERE { ?s ckg:text ?text FILTER(?text != "}{") } # }', "1"),
    ],
)
def test_store_bindings_are_terms_not_text(tmp_path, value, query, expected):
    graph = Graph()
    graph.add((ID.a, CKG.text, Literal(value)))
    graph.add((ID.b, CKG.text, Literal("other")))
    with open_store(tmp_path) as store:
        store.replace_default_graph(graph)
        rows = store.query(PREFIX + query, {"text": Literal(value)}).rows
        assert (len(rows) if isinstance(expected, int) else str(rows[0][0])) == expected
        assert store.quad_count() == 2


@pytest.mark.parametrize("bad", ["SELEC * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s nope:p ?o }"])
def test_store_query_syntax_error_is_query_error(tmp_path, bad):
    with open_store(tmp_path) as store, pytest.raises(QueryError, match="syntax"):
        store.query(bad)


@pytest.mark.parametrize("union,expected", [(False, 0), (True, 1)])
def test_store_query_union_reads_article_graphs(tmp_path, union, expected):
    with open_store(tmp_path) as store:
        store.replace_document("d1", version("d1", 1))
        rows = store.query(PREFIX + 'SELECT ?a WHERE { ?a ckg:documentId "d1" }', union=union).rows
        assert len(rows) == expected


@pytest.mark.parametrize(
    "term",
    [
        Literal("5", datatype=XSD.integer),
        Literal("2024-03", datatype=XSD.gYearMonth),
        Literal("کیچ", lang="ur"),
        Literal('line\nbreak \\ "quoted" \x00'),
        URIRef("https://w3id.org/conflict-kg/id/place/k%C4%93ch?x=1#y"),
    ],
)
def test_store_terms_round_trip(tmp_path, term):
    graph = Graph()
    graph.add((ID.a, CKG.value, term))
    with open_store(tmp_path) as store:
        store.replace_document("d1", graph)
        assert set(store.document_graph("d1")) == {(ID.a, CKG.value, term)}


@pytest.fixture(scope="module")
def scratch_store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("scratch")) as store:
        yield store


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text())
def test_store_any_string_literal_round_trips(scratch_store, text):
    graph = Graph()
    graph.add((ID.a, CKG.text, Literal(text)))
    scratch_store.replace_document("d1", graph)
    assert set(scratch_store.document_graph("d1").objects()) == {Literal(text)}


@pytest.mark.parametrize("action", ["replace_default_graph", "remove_document"])
def test_store_reader_refuses_writes(tmp_path, action):
    with open_store(tmp_path) as store:
        store.replace_document("d1", version("d1", 1))
    with (
        open_store(tmp_path, read_only=True) as reader,
        pytest.raises(StoreError, match="read-only"),
    ):
        getattr(reader, action)(Graph() if action == "replace_default_graph" else "d1")


@pytest.mark.parametrize("folder", ["never-built"])
def test_store_reader_of_missing_store_says_build_first(tmp_path, folder):
    with pytest.raises(StoreError, match="kg build"):
        open_store(tmp_path / folder, read_only=True)


@pytest.mark.parametrize("doc", ["d1"])
def test_store_same_process_second_writer_is_locked_too(tmp_path, doc):
    with open_store(tmp_path), pytest.raises(StoreLocked):
        open_store(tmp_path)
    with open_store(tmp_path) as store:  # released on close
        store.replace_document(doc, version(doc, 1))


@pytest.mark.parametrize("new", [True, False])
def test_store_write_documents_equals_replace_document(tmp_path, new):
    """Articles written as N-Triples leave the store as their rdflib graphs do."""
    from dataclasses import replace

    from handmade import other_reports, quetta_reports

    from kg.graph.mapping import document_graph, document_rdf

    items = [*quetta_reports(), *other_reports()]
    with open_store(tmp_path / "a") as a, open_store(tmp_path / "b") as b:
        if not new:  # an older version of each article is replaced
            for item in items:
                b.replace_document(item.document.id, document_graph(replace(item, events=[])))
        for item in items:
            a.replace_document(item.document.id, document_graph(item))
        b.write_documents([document_rdf(item) for item in items], new=new)
        quads = [
            sorted(
                str(q)
                for q in store.query(
                    "SELECT * { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
                ).rows
            )
            for store in (a, b)
        ]
    assert quads[0] == quads[1]


@pytest.mark.parametrize("loaded", [1, 3])
def test_store_interrupted_bulk_load_is_taken_out_on_opening(tmp_path, loaded):
    """A bulk load that a crash stopped (its file still there) leaves nothing behind."""
    from handmade import other_reports, quetta_reports

    from kg.graph.mapping import document_rdf
    from kg.store.embedded import LOADING_FILE

    first, *others = [document_rdf(item) for item in (*quetta_reports(), *other_reports())]
    with open_store(tmp_path) as store:
        store.write_documents([first], new=True)
        before = store.quad_count()
        store.write_documents(others[:loaded], new=True)  # a crash stopped the load here
    text = "".join(r.triples.replace(" .\n", f" <{r.graph}> .\n") + r.carried for r in others)
    (tmp_path / LOADING_FILE).write_text(text, encoding="utf-8")
    with open_store(tmp_path) as store:
        assert store.quad_count() == before
        assert set(store.documents()) == {first.doc_id}
    assert not (tmp_path / LOADING_FILE).exists()
