"""The remote store (kg/remote.py) against a real Oxigraph server on loopback, and push()."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.core.errors import KgError, QueryError, StoreError
from kg.store.base import FUSED_GRAPH
from kg.store.embedded import graph_iri, open_store
from kg.store.push import DEFAULT_GRAPH, PushError, push
from kg.store.remote import Endpoints, RemoteStore, endpoints_for, http_auth

pytestmark = pytest.mark.server

CKG = Namespace("https://w3id.org/conflict-kg/ontology#")
ID = Namespace("https://w3id.org/conflict-kg/id/")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
DOCS = ("doc-a", "doc-b", "doc-c")


def _article(doc: str) -> Graph:
    graph = Graph()
    article = ID[f"article/{doc}"]
    graph.add((article, CKG.documentId, Literal(doc)))
    graph.add((article, CKG.contentHash, Literal(f"sha256-{doc}")))
    graph.add((article, RDFS_LABEL, Literal(f'"{doc}" <b>\u062f\u0627\u0646</b>\n', lang="en")))
    evidence = BNode()
    graph.add((ID[f"report/{doc}/0"], CKG.hasEvidence, evidence))
    graph.add((evidence, CKG.sentence, Literal("Gunmen attacked a post.")))
    return graph


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """An output folder whose embedded store holds three articles and a fused graph."""
    out = tmp_path_factory.mktemp("remote-source")
    with open_store(out) as store:
        for doc in DOCS:
            store.replace_document(doc, _article(doc))
        fused = Graph()
        for i in range(5):
            fused.add((ID[f"event/e{i}"], CKG.fatalities, Literal(i)))
            fused.add((ID[f"event/e{i}"], RDFS_LABEL, Literal(f"event {i}")))
        store.replace_default_graph(fused)
    return out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real `oxigraph serve` on loopback; yields its base URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def remote(oxigraph):
    """The Oxigraph server, emptied, as a RemoteStore."""
    httpx.post(f"{oxigraph}/update", data={"update": "DROP ALL"}).raise_for_status()
    with RemoteStore(oxigraph, backoff=0) as store:
        yield store


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "http://h:7878",
            Endpoints("http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        ),
        (
            "http://h:7878/query",
            Endpoints("http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        ),
        (
            "http://h:3030/ds/",
            Endpoints("http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        ),
        (
            "http://h:3030/ds/sparql",
            Endpoints(
                "http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data"
            ),
        ),
        ("http://h:7878/sparql", Endpoints("http://h:7878/sparql", None, None)),
    ],
)
def test_remote_endpoints_for_oxigraph_fuseki_and_kg_serve(url, expected):
    assert endpoints_for(url) == expected


def test_remote_endpoints_explicit_urls_win():
    found = endpoints_for("http://h/ds", update_url="http://u/up", gsp_url="")
    assert found == Endpoints("http://h/ds/query", "http://u/up", None)


@pytest.mark.parametrize("mode", ["gsp", "update"])
def test_remote_push_then_read_back(source, remote, mode):
    target = remote if mode == "gsp" else RemoteStore(remote.endpoints.query, gsp_url="", backoff=0)
    report = push(source, target)
    assert (target.endpoints.gsp is None) is (mode == "update")
    with open_store(source, read_only=True) as local:
        assert report.documents == sorted(DOCS) and remote.documents() == local.documents()
        # The fused graph is also pushed as the named graph id:graph/fused.
        assert (
            remote.quad_count() == local.quad_count() + local.triple_count()
            and remote.triple_count() == local.triple_count()
        )
        for doc in DOCS:
            assert isomorphic(remote.document_graph(doc), local.document_graph(doc))
        assert isomorphic(remote.default_graph(), local.default_graph())


@pytest.mark.parametrize("mode", ["gsp", "update"])
def test_remote_push_again_is_idempotent(source, remote, mode):
    target = remote if mode == "gsp" else RemoteStore(remote.endpoints.query, gsp_url="", backoff=0)
    push(source, target)
    first = remote.quad_count()
    push(source, target)
    assert remote.quad_count() == first > 0


@pytest.mark.parametrize(
    "query,bindings,expected",
    [
        (
            "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            {"e": ID["event/e3"]},
            ["event 3"],
        ),
        (
            "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            {"l": Literal("event 1")},
            [str(ID["event/e1"])],
        ),
        (
            "SELECT ?e WHERE { ?e <https://w3id.org/conflict-kg/ontology#fatalities> ?n }",
            {"n": Literal(4)},
            [str(ID["event/e4"])],
        ),
    ],
)
def test_remote_query_binds_like_the_embedded_store(source, remote, query, bindings, expected):
    push(source, remote)
    with open_store(source, read_only=True) as local:
        assert [str(r[0]) for r in local.query(query, bindings).rows] == expected
    assert [str(r[0]) for r in remote.query(query, bindings).rows] == expected


def test_remote_query_value_cannot_change_the_query(source, remote):
    push(source, remote)
    evil = Literal('x" } UNION { ?e ?p ?l } #')
    query = "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    assert remote.query(query, {"l": evil}).rows == []


# The union counts the default graph, the article graphs and the fused graph's named copy.
@pytest.mark.parametrize("union,expected", [(False, 10), (True, 10 + 5 * len(DOCS) + 10)])
def test_remote_union_default_graph(source, remote, union, expected):
    push(source, remote)
    rows = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=union).rows
    assert int(rows[0][0]) == expected


@pytest.mark.parametrize(
    "query,check",
    [
        ("ASK { ?s ?p ?o }", lambda r: r.boolean is True),
        (
            "CONSTRUCT WHERE { ?s <https://w3id.org/conflict-kg/ontology#fatalities> ?n }",
            lambda r: len(r.graph) == 5,
        ),
    ],
)
def test_remote_query_ask_and_construct(source, remote, query, check):
    push(source, remote)
    assert check(remote.query(query))


def test_remote_reads_from_kg_serve(source):
    from kg.serve import make_server

    with make_server(source, port=0, workers=1) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with RemoteStore(server.url) as endpoint, open_store(source, read_only=True) as local:
            query = "SELECT ?e ?n WHERE { ?e <https://w3id.org/conflict-kg/ontology#fatalities> ?n } ORDER BY ?n"
            assert endpoint.query(query).rows == local.query(query).rows
            with pytest.raises(StoreError, match="read-only"):
                endpoint.replace_default_graph(Graph())
        server.shutdown()


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+xml", "application/sparql-results+json"]
)
def test_remote_reads_json_and_xml_results(source, accept):
    from kg.serve import make_server

    with make_server(source, port=0, workers=1) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with RemoteStore(server.url, transport=_forcing_accept(accept)) as endpoint:
            rows = endpoint.query(
                "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                "ORDER BY ?e LIMIT 2"
            ).rows
        server.shutdown()
    assert rows == [(ID["event/e0"], Literal("event 0")), (ID["event/e1"], Literal("event 1"))]


def _forcing_accept(accept: str):
    """A transport that sends every request with this Accept header, as a stubborn server would answer."""
    real = httpx.HTTPTransport()

    def handler(request):
        request.headers["Accept"] = accept
        return real.handle_request(request)

    return httpx.MockTransport(handler)


def _answering(content_type: str, body: bytes) -> RemoteStore:
    """A RemoteStore whose server answers every request with this body."""
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, headers={"Content-Type": content_type}, content=body)
    )
    return RemoteStore("http://user:pw@sparql.invalid/sparql", transport=transport, retries=0)


_TRIPLES = {  # one graph, as each RDF format a server may answer with
    "application/n-triples": b'<http://example.org/a> <http://example.org/p> "x\\u00e9"@en .\n'
    b'<http://example.org/a> <http://example.org/n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    "text/turtle; charset=utf-8": '@prefix ex: <http://example.org/> . ex:a ex:p "x\u00e9"@en ; ex:n 3 .'.encode(),
    "application/rdf+xml": '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
    '<ex:p xml:lang="en">x\u00e9</ex:p><ex:n rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">3'
    "</ex:n></rdf:Description></rdf:RDF>".encode(),
    "application/ld+json": b'{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", '
    b'"ex:p": {"@value": "x\\u00e9", "@language": "en"}, "ex:n": 3}',
}


@pytest.mark.parametrize("content_type", sorted(_TRIPLES))
def test_remote_reads_rdf_answers_in_every_format(content_type):
    expected = Graph().parse(data=_TRIPLES["application/n-triples"], format="nt")
    with _answering(content_type, _TRIPLES[content_type]) as store:
        assert isomorphic(store.query("CONSTRUCT WHERE { ?s ?p ?o }").graph, expected)


@pytest.mark.parametrize(
    "content_type,body,problem",
    [
        (
            "application/n-triples",
            b"<http://example.org/a> <http://example.org/p> .",
            "N-Triples that cannot be read",
        ),
        (
            "text/turtle",
            b"@prefix ex: <http://example.org/> . ex:a ex:p",
            "Turtle that cannot be read",
        ),
        (
            "application/ld+json",
            b'{"@id": "http://example.org/a", "@graph": [{"@id": "http://example.org/b", '
            b'"http://example.org/p": "x"}]}',
            "JSON-LD that cannot be read",
        ),
    ],
)
def test_remote_unreadable_rdf_answer_names_endpoint_and_problem(content_type, body, problem):
    with _answering(content_type, body) as store, pytest.raises(StoreError) as failed:
        store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert str(failed.value).startswith(f"http://sparql.invalid/sparql answered with {problem}: ")


def test_remote_relative_iris_resolve_against_the_endpoint_without_credentials():
    with _answering("text/turtle", b"<a> <b> <c> .") as store:
        [(subject, _p, _o)] = store.query("CONSTRUCT WHERE { ?s ?p ?o }").graph
    assert subject == URIRef("http://sparql.invalid/a")


def _flaky(failures: int, error: str):
    """A transport that fails ``failures`` times (a 503 or a connection error), then answers."""
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) <= failures:
            if error == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(503, text="busy")
        return httpx.Response(
            200,
            json={"head": {}, "boolean": True},
            headers={"Content-Type": "application/sparql-results+json"},
        )

    return httpx.MockTransport(handler), calls


@pytest.mark.parametrize("error", ["503", "connect"])
@pytest.mark.parametrize("failures", [1, 4])
def test_remote_retries_5xx_and_connection_errors(failures, error):
    transport, calls = _flaky(failures, error)
    with RemoteStore("http://127.0.0.1:9", backoff=0.01, retries=4, transport=transport) as store:
        assert store.query("ASK {}").boolean is True
    assert len(calls) == failures + 1


def test_remote_gives_up_after_the_retries():
    transport, calls = _flaky(99, "503")
    with (
        RemoteStore("http://127.0.0.1:9", backoff=0, retries=2, transport=transport) as store,
        pytest.raises(StoreError, match="after 3 attempts"),
    ):
        store.query("ASK {}")
    assert len(calls) == 3


@pytest.mark.parametrize("status,error", [(400, QueryError), (401, QueryError), (404, QueryError)])
def test_remote_does_not_retry_4xx(status, error):
    calls = []
    transport = httpx.MockTransport(
        lambda request: calls.append(request) or httpx.Response(status, text="no")
    )
    with (
        RemoteStore("http://127.0.0.1:9", backoff=0, transport=transport) as store,
        pytest.raises(error),
    ):
        store.query("ASK {}")
    assert len(calls) == 1


def test_remote_partial_push_reports_what_was_written_and_rerun_completes(source, remote):
    real = httpx.HTTPTransport()
    broken_graph = graph_iri("doc-b")

    def handler(request):  # a server that fails every write of doc-b's graph
        if request.method == "PUT" and request.url.params.get("graph") == broken_graph:
            return httpx.Response(500, text="injected failure")
        return real.handle_request(request)

    with (
        RemoteStore(
            remote.endpoints.query, backoff=0, retries=1, transport=httpx.MockTransport(handler)
        ) as flaky,
        pytest.raises(PushError) as failed,
    ):
        push(source, flaky)
    assert failed.value.written == ["doc-a"] and failed.value.pending == [
        "doc-b",
        "doc-c",
        DEFAULT_GRAPH,
    ]
    assert "doc-b" in str(failed.value) and list(remote.documents()) == ["doc-a"]
    push(source, remote)
    with open_store(source, read_only=True) as local:
        assert remote.quad_count() == local.quad_count() + local.triple_count()


def test_remote_read_only_refuses_writes(oxigraph):
    with (
        RemoteStore(oxigraph, read_only=True) as store,
        pytest.raises(StoreError, match="read-only"),
    ):
        store.replace_document("doc-a", _article("doc-a"))


def test_remote_error_messages_hide_credentials():
    transport = httpx.MockTransport(lambda request: httpx.Response(403, text="denied"))
    with (
        RemoteStore("http://user:secret@127.0.0.1:9", transport=transport) as store,
        pytest.raises(QueryError) as refused,
    ):
        store.query("ASK {}")
    assert "secret" not in str(refused.value) and "secret" not in repr(store)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("how", ["argument", "url"])
def test_remote_fused_graph_is_also_a_named_graph(source, remote, oxigraph, how):
    push(source, remote)
    assert FUSED_GRAPH not in [graph_iri(d) for d in remote.documents()]
    if how == "argument":
        rows = remote.query(COUNT, union=False, default_graph=FUSED_GRAPH).rows
    else:  # default-graph-uri given in the endpoint's URL is kept
        with RemoteStore(f"{oxigraph}/query?default-graph-uri={FUSED_GRAPH}") as store:
            assert store.endpoints.dataset == (("default-graph-uri", FUSED_GRAPH),)
            rows = store.query(COUNT).rows
    assert int(rows[0][0]) == 10


@pytest.mark.parametrize("status,attempts", [(400, 1), (404, 1), (501, 1), (503, 3)])
def test_remote_retries_only_what_may_pass_later(status, attempts):
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(status, text="no")

    store = RemoteStore(
        "http://h:7878", retries=2, backoff=0, transport=httpx.MockTransport(handler)
    )
    with store, pytest.raises(KgError):
        store.query("ASK {}")
    assert len(seen) == attempts


def _guarded(oxigraph_url: str, scheme: str):
    """A transport that answers 401 until the request carries ``scheme`` credentials, then
    passes it on to the real Oxigraph server."""
    real = httpx.HTTPTransport()

    def handler(request):
        header = request.headers.get("Authorization", "")
        if scheme == "basic" and header == "Basic dTpzM2NyZXQ=":  # u:s3cret
            return real.handle_request(request)
        if (
            scheme == "digest"
            and header.startswith('Digest username="u"')
            and "response=" in header
        ):
            return real.handle_request(request)
        challenge = (
            'Basic realm="kg"'
            if scheme == "basic"
            else 'Digest realm="kg", nonce="abc", qop="auth"'
        )
        return httpx.Response(401, headers={"WWW-Authenticate": challenge})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_remote_push_with_basic_and_digest_auth(source, remote, oxigraph, scheme):
    auth = http_auth("u", "s3cret", scheme)
    with RemoteStore(
        oxigraph, auth=auth, backoff=0, transport=_guarded(oxigraph, scheme)
    ) as guarded:
        report = push(source, guarded)
    assert report.documents == sorted(DOCS) and remote.triple_count() == 10


@pytest.mark.parametrize("scheme", ["basic"])
def test_remote_credentials_come_from_the_environment(oxigraph, monkeypatch, scheme):
    monkeypatch.setenv("KG_STORE_USER", "u")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    monkeypatch.setenv("KG_STORE_AUTH", scheme)
    with RemoteStore(oxigraph, transport=_guarded(oxigraph, scheme)) as store:
        assert store.query("ASK {}").boolean is True


@pytest.mark.parametrize("password_from", ["environment", "prompt"])
def test_remote_cli_push_takes_user_and_never_a_password_argument(
    source, remote, oxigraph, monkeypatch, password_from
):
    from click.testing import CliRunner

    from kg.cli import cli

    if password_from == "environment":
        monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    else:
        monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    result = CliRunner().invoke(
        cli, ["push", oxigraph, "--user", "u", "--out", str(source)], input="s3cret\n"
    )
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output and remote.triple_count() == 10
    answer = CliRunner().invoke(
        cli, ["query", COUNT, "--endpoint", oxigraph, "--graph", "fused", "--format", "json"]
    )
    assert json.loads(answer.output) == [{"n": 10}]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A real Virtuoso Open Source on loopback (apt-get install virtuoso-opensource)."""
    binary, template = shutil.which("virtuoso-t"), Path("/etc/virtuoso-opensource-7/virtuoso.ini")
    if binary is None or not template.is_file():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    config = template.read_text(encoding="utf-8")
    config = re.sub(r"(?m)^ServerPort\s*=\s*1111$", f"ServerPort = 127.0.0.1:{sql_port}", config)
    config = re.sub(r"(?m)^ServerPort\s*=\s*8890$", f"ServerPort = 127.0.0.1:{http_port}", config)
    config = re.sub(r"(?m)^(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)\s*=.*/([^/]+)$",
                    lambda m: f"{m.group(1)} = {folder / m.group(2)}", config)  # fmt: skip
    (folder / "virtuoso.ini").write_text(config, encoding="utf-8")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=1).raise_for_status()
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(30)


def test_remote_push_to_virtuoso_with_digest_auth(source, virtuoso):
    """Virtuoso: writes need digest auth on /sparql-auth and /sparql-graph-crud-auth, and
    its default graph is the union of all graphs, so the fused graph is read by name."""
    with RemoteStore(
        f"{virtuoso}/sparql",
        update_url=f"{virtuoso}/sparql-auth",
        gsp_url=f"{virtuoso}/sparql-graph-crud-auth",
        auth=http_auth("dba", "dba", "digest"),
        backoff=0,
    ) as store:
        report = push(source, store, default_graph=False)
        assert report.documents == sorted(DOCS)
        rows = store.query(COUNT, default_graph=FUSED_GRAPH).rows
        assert int(rows[0][0]) == 10
        assert isomorphic(store.document_graph("doc-a"), _article("doc-a"))
