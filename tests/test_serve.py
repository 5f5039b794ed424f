"""kg serve: the read-only SPARQL 1.1 Protocol endpoint (kg/serve/)."""

from __future__ import annotations

import csv
import gc
import io
import json
import socket
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.serve import QueryRefused, check_query, make_server, negotiate, query_page

pytestmark = pytest.mark.server

CKG = "https://w3id.org/conflict-kg/ontology#"
ID = "https://w3id.org/conflict-kg/id/"
PREFIX = f"PREFIX ckg: <{CKG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
EVENTS = 30  # fused events in the default graph, 3 triples each
DOCS = {"doc-a": 4, "doc-b": 2}  # article graphs and their triple counts
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
TIMEOUT = 1.5


def _quads() -> list[ox.Quad]:
    n, lit = ox.NamedNode, ox.Literal
    quads = []
    for i in range(EVENTS):
        event = n(f"{ID}event/e{i}")
        quads += [
            ox.Quad(event, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(f"{CKG}Attack")),
            ox.Quad(
                event,
                n(f"{CKG}fatalities"),
                lit(str(i), datatype=n("http://www.w3.org/2001/XMLSchema#integer")),
            ),
            ox.Quad(
                event,
                n("http://www.w3.org/2000/01/rdf-schema#label"),
                lit(f'attack "{i}" <script>x</script>\n', language="en"),
            ),
        ]
    for doc, count in DOCS.items():
        graph = n(f"{ID}graph/{doc}")
        quads += [
            ox.Quad(
                n(f"{ID}report/{doc}/{j}"), n(f"{CKG}reportedIn"), n(f"{ID}article/{doc}"), graph
            )
            for j in range(count)
        ]
    return quads


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve-out")
    store = ox.Store(str(out / "store"))
    store.extend(_quads())
    store.flush()
    del store
    gc.collect()  # RocksDB releases the store when the object is dropped
    return out


@pytest.fixture(scope="module")
def server(out):
    server = make_server(out, port=0, timeout=TIMEOUT, max_rows=25, max_request_bytes=2000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _fingerprint(out: Path) -> list[str]:
    return sorted(str(q) for q in ox.Store.read_only(str(out / "store")))


def _ask(server, query: str, accept: str | None = None, how: str = "get") -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        return httpx.get(server.url, params={"query": query}, headers=headers, timeout=30)
    if how == "form":
        return httpx.post(server.url, data={"query": query}, headers=headers, timeout=30)
    return httpx.post(
        server.url,
        content=query.encode(),
        timeout=30,
        headers={**headers, "Content-Type": "application/sparql-query"},
    )


def _count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_serve_answers_get_form_and_direct_post(server, how):
    response = _ask(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", how=how)
    assert _count(response) == EVENTS * 3  # the default graph is the fused graph alone


def test_serve_also_answers_at_oxigraph_query_path(server):
    response = httpx.get(
        server.url.replace("/sparql", "/query"), params={"query": "ASK { ?s ?p ?o }"}
    )
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/html, application/xml;q=0.9, */*;q=0.1", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
    ],
)
def test_serve_negotiates_select_formats(server, out, accept, fmt):
    query = PREFIX + "SELECT ?e ?n ?l { ?e ckg:fatalities ?n ; rdfs:label ?l } ORDER BY ?n LIMIT 5"
    response = _ask(server, query, accept)
    assert response.headers["Content-Type"].startswith(fmt.media_type.split(";")[0])
    expected = list(ox.Store.read_only(str(out / "store")).query(query))
    if fmt == ox.QueryResultsFormat.CSV:  # CSV keeps lexical forms only (SPARQL 1.1 CSV/TSV §2)
        got = list(csv.reader(io.StringIO(response.text)))
        assert got == [["e", "n", "l"], *([t.value for t in row] for row in expected)]
    else:
        got = [[str(t) for t in row] for row in ox.parse_query_results(response.content, fmt)]
        assert got == [[str(t) for t in row] for row in expected] and len(got) == 5


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, not ours
@pytest.mark.parametrize(
    "accept,rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        (None, "turtle"),
    ],
)
def test_serve_negotiates_graph_formats(server, out, accept, rdflib_format):
    query = (
        PREFIX
        + "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e ckg:fatalities ?n ; rdfs:label ?l FILTER(?n < 10) }"
    )
    response = _ask(server, query, accept)
    assert response.status_code == 200, response.text
    got = Graph().parse(data=response.content, format=rdflib_format)
    expected = Graph().parse(
        data=b"".join(
            ox.serialize([t], format=ox.RdfFormat.N_TRIPLES)
            for t in ox.Store.read_only(str(out / "store")).query(query)
        ),
        format="nt",
    )
    assert isomorphic(got, expected) and len(got) == 10


def test_serve_turtle_uses_the_project_prefixes(server):
    response = _ask(server, PREFIX + "CONSTRUCT WHERE { ?e ckg:fatalities ?n }", "text/turtle")
    assert b"@prefix ckg: <https://w3id.org/conflict-kg/ontology#>" in response.content
    assert b"ckg:fatalities" in response.content


@pytest.mark.parametrize(
    "query,accept",
    [
        ("SELECT * { ?s ?p ?o }", "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"),
        ("ASK {}", "image/png"),
    ],
)
def test_serve_refuses_unacceptable_types_with_406(server, query, accept):
    response = _ask(server, query, accept)
    assert response.status_code == 406 and "offered" in response.text


@pytest.mark.parametrize(
    "method,fmt", [("GET", "json"), ("POST", "json"), ("GET", "xml"), ("POST", "xml")]
)
def test_serve_sparqlwrapper_gets_correct_answers(server, method, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(server.url)
    client.setQuery(PREFIX + "SELECT (SUM(?n) AS ?total) { ?e ckg:fatalities ?n }")
    client.setMethod(method)
    client.setReturnFormat(fmt)
    result = client.queryAndConvert()
    total = (
        result["results"]["bindings"][0]["total"]["value"]
        if fmt == "json"
        else result.getElementsByTagName("literal")[0].firstChild.data
    )
    assert int(total) == sum(range(EVENTS))


def test_serve_named_graphs_answer_graph_patterns(server):
    query = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    rows = _ask(server, query).json()["results"]["bindings"]
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == {
        f"{ID}graph/{d}": n for d, n in DOCS.items()
    }


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_serve_protocol_default_graph_uri(server, doc):
    params = {
        "query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "default-graph-uri": f"{ID}graph/{doc}",
    }
    assert _count(httpx.get(server.url, params=params)) == DOCS[doc]


UPDATES = [
    f"INSERT DATA {{ <{ID}x> <{ID}p> 1 }}",
    f"DELETE DATA {{ <{ID}event/e1> a <{CKG}Attack> }}",
    "DELETE WHERE { ?s ?p ?o }",
    f"WITH <{ID}graph/doc-a> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"PREFIX ckg: <{CKG}>\nINSERT {{ ?s a ckg:Bombing }} WHERE {{ ?s a ckg:Attack }}",
    "DROP ALL",
    f"DROP GRAPH <{ID}graph/doc-a>",
    "CLEAR DEFAULT",
    "CLEAR ALL",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    f"CREATE GRAPH <{ID}graph/new>",
    f"ADD DEFAULT TO <{ID}graph/doc-a>",
    f"MOVE <{ID}graph/doc-a> TO DEFAULT",
    f"COPY DEFAULT TO <{ID}graph/doc-b>",
]


@pytest.mark.parametrize("how", ["get-update", "form-update", "sparql-update", "as-query"])
@pytest.mark.parametrize("update", UPDATES)
def test_serve_refuses_every_update_and_store_is_unchanged(server, out, update, how):
    before = _fingerprint(out)
    if how == "get-update":
        response = httpx.get(server.url, params={"update": update})
    elif how == "form-update":
        response = httpx.post(server.url, data={"update": update})
    elif how == "sparql-update":
        response = httpx.post(
            server.url, content=update, headers={"Content-Type": "application/sparql-update"}
        )
    else:
        response = _ask(server, update, how="form")
    assert response.status_code == 403 and "read-only" in response.text
    assert _fingerprint(out) == before


@pytest.mark.parametrize(
    "method,query",
    [
        ("PUT", f"graph={ID}graph/doc-a"),
        ("DELETE", "default"),
        ("PATCH", ""),
        ("POST-query-then-update", "SELECT * {} ; INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ],
)
def test_serve_refuses_graph_store_writes_and_smuggled_updates(server, out, method, query):
    before = _fingerprint(out)
    if method.startswith("POST"):
        response = _ask(server, query, how="direct")
    else:
        response = httpx.request(
            method, f"{server.url}?{query}", content=b"<urn:a> <urn:b> <urn:c> ."
        )
    assert 400 <= response.status_code < 500
    assert _fingerprint(out) == before


SERVICE_QUERIES = [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",
    "SELECT * { SERVICESILENT<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",  # oxigraph parses keywords glued
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * { SERVICEex:sparql { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o FILTER(?o<1)SERVICE#>\n<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",  # '<' compares here
    "SELECT * { ?s ?p ?o FILTER(?o<'x>')SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } # '\n}",
    "SELECT * { ?s ?p ?o FILTER(?o<<http://x#>)SERVICE <http://127.0.0.1:9/sparql> { } }",
    "SELECT * { ?s <http://x#\\u0041> ?o . SERVICE <http://127.0.0.1:9/sparql> { } }",
    "PREFIX ex: <http://x/> SELECT * { ?s ex:a\\# ?o . SERVICE <http://127.0.0.1:9/sparql> { } }",
    "SELECT * { FILTER(?a<1 && EXISTS{ SERVICE <http://127.0.0.1:9/sparql> { } }) }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_serve_refuses_service(server, query):
    response = _ask(server, query, how="direct")
    assert response.status_code == 400 and "SERVICE" in response.text


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}",
        "SELECT ?service { ?service <http://example.org/service#name> ?o }",
        f"SELECT * {{ ?s ?p <{ID}actor/inter-services-intelligence> }}",
        "PREFIX ex: <http://x/> SELECT * { ?s ex:service ?o FILTER(?o<3&&?o>1) }",
        "SELECT * { VALUES (?a ?b) { (<http://x#a> <http://x/inter-services#b>) } }",
    ],
)
def test_serve_check_query_accepts_service_in_names_strings_comments(query):
    assert check_query(query) == "SELECT"


def test_serve_network_sandbox_stops_service_the_check_missed(server):
    """Second layer: a SERVICE query sent straight to a worker cannot open a socket."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the seccomp network sandbox is Linux-only")
    assert server.pool.sandboxed
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    query = (
        f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/q> {{ ?s ?p ?o }} }}"
    )
    reply = server.pool.run(
        {
            "kind": "query",
            "query": query,
            "format": negotiate("SELECT", None),
            "max_rows": 10,
            "default_graphs": [],
            "named_graphs": [],
        }
    )
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    assert reply[:2] == ("error", 500)


@pytest.mark.parametrize(
    "request_args",
    [
        {"params": {"query": "SELECT * WHERE { ?s ?p }"}},
        {"params": {"update": "DROP ALL"}},
        {"params": {"query": SERVICE_QUERIES[0]}},
        {"params": {"query": ["ASK {}", "ASK {}"]}},
        {"params": {"query": "SELECT * {}"}, "headers": {"Accept": "image/png"}},
    ],
)
def test_serve_error_bodies_are_one_clean_line(server, out, request_args):
    response = httpx.get(server.url, **request_args)
    assert 400 <= response.status_code < 500
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.text
    assert body.count("\n") == 1 and len(body) < 400
    assert "Traceback" not in body and str(out) not in body and 'File "' not in body


def test_serve_runaway_query_times_out_while_simple_ones_answer(server):
    result = {}
    runaway = threading.Thread(target=lambda: result.update(r=_ask(server, RUNAWAY)))
    started = time.monotonic()
    runaway.start()
    time.sleep(0.2)  # let it take a worker
    latencies = []
    while runaway.is_alive() and time.monotonic() - started < 10:
        t = time.monotonic()
        assert _ask(server, "ASK { ?s ?p ?o }").status_code == 200
        latencies.append(time.monotonic() - t)
    runaway.join()
    assert result["r"].status_code == 504 and "time limit" in result["r"].text
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 3
    assert len(latencies) >= 3 and max(latencies) < 1.0


def test_serve_keeps_a_worker_for_lookups_while_heavy_queries_run(server):
    """Two runaways on two workers: one runs, the other waits; lookups are never blocked."""
    results = []
    runaways = [
        threading.Thread(target=lambda: results.append(_ask(server, RUNAWAY))) for _ in range(2)
    ]
    started = time.monotonic()
    for thread in runaways:
        thread.start()
    time.sleep(0.2)
    latencies = []
    while any(t.is_alive() for t in runaways) and time.monotonic() - started < 15:
        t = time.monotonic()
        assert _ask(server, "ASK { ?s ?p ?o }").status_code == 200
        latencies.append(time.monotonic() - t)
    for thread in runaways:
        thread.join()
    # The second runaway waited for the first one's worker: it ends a time limit later.
    assert sorted(r.status_code for r in results) in ([504, 504], [503, 504])
    assert time.monotonic() - started >= 2 * TIMEOUT - 0.5 or 503 in [
        r.status_code for r in results
    ]
    assert len(latencies) >= 5 and max(latencies) < 1.0


def test_serve_remembers_a_slow_query_as_heavy(server):
    """A query that ran into the time limit is heavy the next time, however it is spaced."""
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    assert server.lanes.heavy(slow)  # two cross products: heavy by its shape
    lookup = "SELECT ?o { <urn:x> ?p ?o }"
    assert not server.lanes.heavy(lookup)
    server.lanes.observe(lookup, seconds=TIMEOUT, timed_out=True)
    assert server.lanes.heavy("SELECT ?o {  <urn:x>  ?p ?o  }")


def test_serve_answers_again_after_a_worker_was_killed(server):
    assert _ask(server, RUNAWAY).status_code == 504
    for _ in range(4):  # both workers, one of them new
        assert _count(_ask(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")) == EVENTS * 3


@pytest.mark.parametrize(
    "query,rows,truncated",
    [
        ("SELECT * { ?s ?p ?o }", 25, True),
        ("SELECT * { ?s ?p ?o } LIMIT 25", 25, False),
        ("SELECT * { ?s ?p ?o } LIMIT 5", 5, False),
        ("CONSTRUCT WHERE { ?s ?p ?o }", 25, True),
    ],
)
def test_serve_caps_result_rows(server, query, rows, truncated):
    response = _ask(server, query, "application/sparql-results+json, application/n-triples")
    assert response.status_code == 200
    count = (
        len(response.json()["results"]["bindings"])
        if query.startswith("SELECT")
        else len([line for line in response.text.splitlines() if not line.startswith("#")])
    )
    assert count == rows
    assert response.headers.get("X-Result-Truncated") == ("true" if truncated else None)


@pytest.mark.parametrize("size,status", [(1900, 200), (2100, 413)])
def test_serve_caps_request_size(server, size, status):
    query = "ASK {}" + " " * (size - 6)
    assert _ask(server, query, how="direct").status_code == status


def test_serve_caps_url_length(server):
    response = httpx.get(server.url, params={"query": "ASK {}" + " " * 3000})
    assert response.status_code == 414


@pytest.mark.parametrize("cors", [False, True])
def test_serve_sends_cors_headers_only_when_asked(out, cors):
    with make_server(out, port=0, cors=cors, workers=1) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        response = _ask(server, "ASK {}")
        server.shutdown()
    assert ("Access-Control-Allow-Origin" in response.headers) is cors


def test_serve_binds_loopback_by_default(out):
    with make_server(out, port=0, workers=1) as server:
        assert server.server_address[0] == "127.0.0.1"


def test_serve_health_reports_counts(server):
    body = httpx.get(server.url.replace("/sparql", "/health")).json()
    assert body["status"] == "ok" and body["triples"] == EVENTS * 3
    assert body["quads"] == EVENTS * 3 + sum(DOCS.values()) and body["graphs"] == len(DOCS)


@pytest.mark.parametrize(
    "module", ["kg.serve.negotiation", "kg.sparql.guard", "kg.serve.endpoint", "kg.serve.results"]
)
def test_serve_doctests_run(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_serve_page_is_offline_and_lists_named_queries(server):
    from kg.sparql.named import list_queries

    response = httpx.get(server.url.replace("/sparql", "/"))
    page = response.text
    assert (
        response.status_code == 200
        and "default-src 'none'" in response.headers["Content-Security-Policy"]
    )
    assert "innerHTML" not in page and 'src="http' not in page and 'href="http' not in page
    assert all(json.dumps(q.name) in page for q in list_queries())


@pytest.mark.parametrize("queries", [[], "missing"])
def test_serve_page_without_named_queries(monkeypatch, queries):
    import kg.sparql.named

    def fake():
        if queries == "missing":
            raise FileNotFoundError("ontology/queries")
        return queries

    monkeypatch.setattr(kg.sparql.named, "list_queries", fake)
    assert b"<textarea" in query_page() and b'id="queries">[]</script>' in query_page()


def test_serve_page_escapes_query_text(monkeypatch):
    import kg.sparql.named
    from kg.sparql.named import NamedQuery

    evil = NamedQuery("x", "</script><img src=x onerror=alert(1)>", "d & </script>", ())
    monkeypatch.setattr(kg.sparql.named, "list_queries", lambda: [evil])
    page = query_page().decode()
    assert "<img" not in page and page.count("</script>") == 3  # queries, prefixes, script


@pytest.mark.parametrize(
    "query,form",
    [
        ("SELECT * {}", "SELECT"),
        ("ask {}", "ASK"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        (
            "# comment\nBASE <http://x/>\nPREFIX a: <http://a/> PREFIX : <http://b/>\nCONSTRUCT WHERE {}",
            "CONSTRUCT",
        ),
    ],
)
def test_serve_check_query_finds_the_form(query, form):
    assert check_query(query) == form


@pytest.mark.parametrize(
    "query,status",
    [
        ("DROP ALL", 403),
        ("PREFIX a: <http://a/> INSERT DATA {}", 403),
        ("hello", 400),
        ("", 400),
        (
            "PREFIXa:<http://a/> SELECT * {}",
            400,
        ),  # not read as a query: refused rather than guessed
    ],
)
def test_serve_check_query_refuses(query, status):
    with pytest.raises(QueryRefused) as refused:
        check_query(query)
    assert refused.value.status == status


@pytest.mark.parametrize(
    "form,accept,media",
    [
        ("SELECT", None, "application/sparql-results+json"),
        (
            "SELECT",
            "text/csv;q=0.5, text/tab-separated-values",
            "text/tab-separated-values; charset=utf-8",
        ),
        ("ASK", "application/*", "application/sparql-results+json"),
        ("CONSTRUCT", "*/*", "text/turtle; charset=utf-8"),
        ("DESCRIBE", "application/json", "application/ld+json"),
        ("CONSTRUCT", "text/turtle;q=0, */*;q=0.1", "application/n-triples"),
    ],
)
def test_serve_negotiate(form, accept, media):
    assert negotiate(form, accept).media_type == media


@pytest.mark.parametrize("path", ["/sparql", "/sparql?query=ASK%20%7B%7D", "/"])
def test_serve_head_answers_headers_without_body(server, path):
    response = httpx.head(server.url.replace("/sparql", "") + path)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) > 0


@pytest.mark.parametrize("accept", [None, "text/turtle", "application/sparql-results+json"])
def test_serve_describes_itself_without_a_query(server, accept):
    from rdflib import URIRef
    from rdflib.namespace import RDF, Namespace

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    response = httpx.get(server.url, headers={"Accept": accept} if accept else {})
    assert response.headers["Content-Type"].startswith("text/turtle")
    description = Graph().parse(data=response.text, format="turtle")
    service = URIRef(server.url)
    assert (service, RDF.type, sd.Service) in description
    assert (service, sd.endpoint, service) in description


@pytest.mark.parametrize("accept", ["text/html,application/xhtml+xml,*/*;q=0.8"])
def test_serve_browser_gets_the_query_page_at_sparql(server, accept):
    response = httpx.get(server.url, headers={"Accept": accept})
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.content == query_page()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_serve_truncated_result_says_so_to_sparqlwrapper(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    from kg.serve.results import TRUNCATED_LINK

    client = SPARQLWrapper(server.url)
    client.setQuery("SELECT * { ?s ?p ?o }")
    client.setReturnFormat(fmt)
    result = client.queryAndConvert()
    if fmt == "json":
        assert result["truncated"] is True
        assert result["head"]["link"] == [TRUNCATED_LINK]
    else:
        links = [link.getAttribute("href") for link in result.getElementsByTagName("link")]
        assert links == [TRUNCATED_LINK]


@pytest.mark.parametrize("query", ["SELECT * { ?s ?p ?o } LIMIT 5"])
def test_serve_complete_result_has_no_marker(server, query):
    body = _ask(server, query).json()
    assert "truncated" not in body and "link" not in body["head"]
