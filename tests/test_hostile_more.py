"""Hostile input beyond the articles: planted files, markup, queries, clients and servers."""

from __future__ import annotations

import gc
import os
import stat
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


# -- the endpoint -------------------------------------------------------------------

DEEP_BRACES = "SELECT * WHERE " + "{" * 4000 + " ?s ?p ?o " + "}" * 4000
DEEP_PARENS = "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"
# 600 bytes that double a string at each step: gigabytes from a few rows.
CONCAT_BOMB = (
    "SELECT ?x WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?s), STR(?s), STR(?s)) AS ?a) "
    + "".join(
        f"BIND(CONCAT(?{a}, ?{a}, ?{a}, ?{a}) AS ?{b}) "
        for a, b in zip("abcdefghi", "bcdefghij", strict=True)
    )
    + "BIND(?j AS ?x) }"
)


@pytest.fixture(scope="module")
def serve_out(tmp_path_factory):
    return _tiny_out(tmp_path_factory.mktemp("serve"), [f"event {i}" for i in range(40)])


@pytest.fixture(scope="module")
def server(serve_out):
    import threading

    from kg.serve import make_server

    server = make_server(serve_out, port=0, timeout=20, workers=1, max_bytes=200_000)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("sparql", [DEEP_BRACES, DEEP_PARENS])
def test_hostile_deep_query_refused_by_cli(serve_out, tmp_path, sparql):
    query = tmp_path / "deep.rq"
    query.write_text(sparql)
    result = _run("query", "--file", str(query), "--out", str(serve_out))
    assert result.exit_code == 1
    assert (
        result.output.strip() == "Error: query nested too deeply: more than 100 levels of brackets"
    )


@pytest.mark.parametrize("sparql", [DEEP_BRACES, DEEP_PARENS])
def test_hostile_deep_query_refused_by_endpoint(server, sparql):
    import httpx

    response = httpx.post(server.url, data={"query": sparql}, timeout=30)
    assert response.status_code == 400 and "nested too deeply" in response.text


@pytest.mark.parametrize(
    "accept,mark",
    [
        ("application/sparql-results+json", b'"link": ["urn:conflict-kg:result-truncated"]'),
        ("application/sparql-results+xml", b'<link href="urn:conflict-kg:result-truncated"/>'),
        ("text/csv", None),
    ],
)
def test_hostile_concat_bomb_answer_capped_in_bytes(server, accept, mark):
    import httpx

    assert len(CONCAT_BOMB) < 700
    response = httpx.post(
        server.url, data={"query": CONCAT_BOMB}, headers={"Accept": accept}, timeout=60
    )
    assert response.status_code == 200
    assert len(response.content) <= 200_000
    assert response.headers["X-Result-Truncated"] == "true"
    assert mark is None or mark in response.content


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml"])
def test_hostile_graph_answer_capped_in_bytes_and_marked(server, accept):
    import httpx

    query = CONCAT_BOMB.replace("SELECT ?x WHERE", "CONSTRUCT { ?s ?p ?x } WHERE")
    response = httpx.post(server.url, data={"query": query}, headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200 and len(response.content) <= 200_000
    assert b"truncated" in response.content.splitlines()[-1]


@pytest.mark.parametrize(
    "args,problem",
    [
        (["--port", "70000"], "70000 is not in the range"),
        (["--port", "-1"], "-1 is not in the range"),
        (["--port", "http"], "'http' is not a valid integer"),
        (["--timeout", "-5"], "-5.0 is not in the range"),
        (["--max-rows", "-1"], "-1 is not in the range"),
        (["--max-bytes", "0"], "0 is not in the range"),
        (["--workers", "0"], "0 is not in the range"),
        (["--host", "no such host.invalid"], "cannot bind host"),
        (["--host", "203.0.113.9"], "cannot listen on 203.0.113.9"),
    ],
)
def test_hostile_serve_bad_options_fail_cleanly(serve_out, args, problem):
    result = _run("serve", "--out", str(serve_out), *args)
    assert result.exit_code != 0 and problem in result.output
    assert "SPARQL endpoint:" not in result.output


def test_hostile_serve_port_in_use_fails_cleanly(serve_out, server):
    port = str(server.server_address[1])
    result = _run("serve", "--out", str(serve_out), "--port", port)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert len(result.output.strip().splitlines()) == 1


def test_hostile_aborted_clients_log_one_line_each(server, caplog):
    import socket
    import struct
    import time

    request = b"GET /sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with caplog.at_level("WARNING"):
        for _ in range(30):
            with socket.create_connection(server.server_address[:2]) as sock:
                # SO_LINGER 0: the close is a reset, as from a killed client
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.sendall(request)
        time.sleep(2)
    assert "Traceback" not in caplog.text
    assert any("went away" in record.getMessage() for record in caplog.records)
    assert all(record.exc_info is None for record in caplog.records)
    assert all("\n" not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
def test_hostile_unknown_methods_get_405_with_allow(server, method):
    import httpx

    response = httpx.request(method, server.url, timeout=10)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


@pytest.mark.parametrize(
    "host,status",
    [
        ("attacker.example", 403),
        ("attacker.example:{port}", 403),
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("LOCALHOST.", 200),
        ("127.0.0.2", 403),
    ],
)
def test_hostile_host_header_checked_against_bound_address(server, host, status):
    import httpx

    host = host.format(port=server.server_address[1])
    response = httpx.get(server.url, params={"query": "ASK {}"}, headers={"Host": host}, timeout=10)
    assert response.status_code == status


def test_hostile_allow_host_admits_a_name(serve_out):
    import threading

    import httpx

    from kg.serve import make_server

    with make_server(serve_out, port=0, workers=1, allow_hosts=("kg.lan",)) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ok = httpx.get(server.url, params={"query": "ASK {}"}, headers={"Host": "KG.lan:80"})
        other = httpx.get(server.url, params={"query": "ASK {}"}, headers={"Host": "kg.lan.evil"})
        server.shutdown()
    assert (ok.status_code, other.status_code) == (200, 403)


# -- 3 and 11: atomic writes ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_hostile_atomic_write_refuses_non_regular_target(tmp_path, kind):
    from kg.core.errors import OutputError
    from kg.core.files import atomic_write

    target = tmp_path / "graph.html"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path("/dev/full")
    before = os.stat(target)
    with pytest.raises(OutputError, match="not a regular file"):
        atomic_write(target, lambda fh: fh.write(b"x"))
    after = os.stat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_hostile_view_output_device_refused(serve_out, tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = _run("view", "--out", str(serve_out), "--output", str(fifo))
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: cannot write {fifo}: it exists and is not")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_hostile_stale_temp_files_removed_by_next_writer(tmp_path):
    from kg.store.lock import WriterLock

    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".graph.nq.k2j4x9_a.tmp", out / ".events.csv.abcdefgh.tmp"]
    kept = [out / "notes.tmp", out / ".graph.nq.fresh123.tmp"]
    for path in stale + kept:
        path.write_text("half")
    for path in [*stale, kept[0]]:
        os.utime(path, (1, 1))
    lock = WriterLock(out, out / "store")
    lock.acquire()
    lock.release()
    assert [p.exists() for p in stale + kept] == [False, False, True, True]


# -- 12 and 13: what the CLI prints --------------------------------------------------

OSC_TITLE = "\x1b]0;owned\x07"
OSC_LINK = "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\"
ESCAPES = [OSC_TITLE, OSC_LINK, "\x9b31m", "\u202eevil", "\x1b[2J"]


@pytest.fixture(scope="module")
def escape_out(tmp_path_factory):
    return _tiny_out(tmp_path_factory.mktemp("escapes"), [f"Kech {e} raid" for e in ESCAPES])


@pytest.mark.parametrize("fmt", ["table"])
def test_hostile_query_table_escapes_control_characters(escape_out, fmt):
    result = _run("query", "SELECT ?l { ?e ?p ?l }", "--out", str(escape_out), "--format", fmt)
    assert result.exit_code == 0
    assert not set(result.output) & {"\x1b", "\x07", "\x9b", "\u202e"}
    assert "\\x1b]0;owned\\x07" in result.output


@pytest.mark.parametrize("escape", ESCAPES)
def test_hostile_messages_escape_file_names_and_names(escape_out, tmp_path, escape):
    for args in (
        ["build", str(tmp_path / f"a{escape}.txt"), "--out", str(tmp_path / "o")],
        ["path", f"x{escape}", "y", "--out", str(escape_out)],
        ["query", "--name", f"q{escape}", "--out", str(escape_out)],
        ["query", "SELECT * {}", "--param", f"k{escape}", "--out", str(escape_out)],
    ):
        result = _run(*args)
        assert result.exit_code != 0
        assert not set(result.output) & {"\x1b", "\x07", "\x9b", "\u202e"}, args


def test_hostile_printable_keeps_text_and_json_valid():
    import json

    from kg.core.terminal import printable

    assert printable("Zehrī Qādir\tsaid\n") == "Zehrī Qādir\tsaid\n"
    assert json.loads(printable(json.dumps("a\x9bb", ensure_ascii=False), json=True)) == "a\x9bb"


@pytest.mark.parametrize(
    "a,b", [("Kech", "kech"), ("Kech", "https://w3id.org/conflict-kg/id/place/kech")]
)
def test_hostile_path_between_a_node_and_itself_says_so(a, b):
    import networkx as nx

    from kg.publish.analysis import shortest_paths

    G = nx.MultiDiGraph()
    G.add_node("https://w3id.org/conflict-kg/id/place/kech", label="Kech")
    (path,) = shortest_paths(G, a, b)
    assert path.text() == "Kech (both names are this node)"


@pytest.mark.parametrize("name,message", [("nowhere", "Error: No node named 'nowhere'")])
def test_hostile_error_messages_carry_no_stray_quotes(serve_out, name, message):
    result = _run("path", name, "event 3", "--out", str(serve_out))
    assert result.output.strip() == message


# -- 10: remote stores that drip or flood ------------------------------------------------


class _Hostile:
    """A tiny HTTP server on 127.0.0.1 that answers every request in a hostile way."""

    def __init__(self, how: str):
        import socket
        import threading

        self.how = how
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        import threading

        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):

        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        try:
            conn.recv(65536)
            if self.how == "drip-body":
                conn.sendall(head + b"\r\n")
                data = b'{"head": {"vars": []}, "results": {"bindings": []}}' * 100
            elif self.how == "drip-head":
                data = head
            else:  # flood: an endless chunked body
                conn.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
                while not self.done.is_set():
                    conn.sendall(b"10000\r\n" + b" " * 0x10000 + b"\r\n")
                return
            for byte in data:
                if self.done.wait(0.5):
                    return
                conn.sendall(bytes([byte]))
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.done.set()
        self.sock.close()


@pytest.mark.parametrize("how", ["drip-body", "drip-head"])
def test_hostile_remote_store_drip_stopped_at_deadline(how):
    import time

    from kg.store.remote import RemoteStore

    server = _Hostile(how)
    store = RemoteStore(server.url, deadline=2, timeout=30, retries=0)
    start = time.monotonic()
    with pytest.raises(StoreError, match="no complete answer within 2 s"):
        store.query("ASK {}")
    assert time.monotonic() - start < 4
    store.close()
    server.close()


def test_hostile_remote_store_flood_stopped_at_size_cap():
    from kg.store.remote import RemoteStore

    server = _Hostile("flood")
    store = RemoteStore(server.url, max_bytes=1_000_000, retries=0)
    with pytest.raises(StoreError, match="larger than 1000000 bytes"):
        store.query("ASK {}")
    store.close()
    server.close()


@pytest.mark.parametrize("command", ["query", "push"])
def test_hostile_cli_remote_drip_ends_with_one_line(serve_out, monkeypatch, command):
    import time

    from kg.core import limits

    monkeypatch.setattr(limits, "REMOTE_DEADLINE", 2.0)
    server = _Hostile("drip-body")
    args = (
        ["query", "ASK {}", "--endpoint", server.url]
        if command == "query"
        else ["push", server.url.replace("/sparql", "/ds/query"), "--out", str(serve_out)]
    )
    start = time.monotonic()
    result = _run(*args)
    server.close()
    assert time.monotonic() - start < 10
    assert result.exit_code == 1 and "no complete answer within 2 s" in result.output
    assert len(result.output.strip().splitlines()) == 1


# -- 14: spreadsheets -------------------------------------------------------------------


@pytest.mark.parametrize("size", [32_767, 32_768, 2_000_000])
def test_hostile_csv_cell_cut_at_excel_limit(size):
    from kg.publish.formats.csv_tables import MAX_CELL_CHARS, safe_cell

    cell = safe_cell("=" + "x" * (size - 1))
    assert len(cell) <= MAX_CELL_CHARS
    assert cell.endswith(" [cut]") == (size + 1 > MAX_CELL_CHARS)


@pytest.mark.parametrize("excel", [False, True])
def test_hostile_export_excel_writes_bom(tmp_path, excel):
    out = _tiny_out(tmp_path, ["Zehrī " + "x" * 40_000])
    result = _run("export", "--out", str(out), "--format", "csv", *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.output
    for name in ("events.csv", "entities.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf") is excel


def test_hostile_build_excel_writes_bom(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Gunmen attacked a Levies post in Panjgur on Monday, killing three soldiers."
    )
    result = _run("build", str(article), "--out", str(tmp_path / "o"), "--no-viewer", "--excel")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_id")


# -- 15: dates outside the calendar -----------------------------------------------------


@pytest.mark.parametrize(
    "published,text,warned",
    [
        ("0001-01-01", "Militants attacked a post in Kech yesterday, killing three soldiers.", "yesterday"),
        ("2024-03-01", "Militants attacked a post in Kech 999999 days ago, killing three soldiers.", None),
        ("9999-12-31", "Gunmen killed five policemen in Quetta on 31 December. Militants attacked "
         "a post in Kech two days after the blast, killing three soldiers.", None),
    ],
)  # fmt: skip
def test_hostile_dates_outside_calendar_built_without_them(tmp_path, published, text, warned):
    article = tmp_path / "far.md"
    article.write_text(f"---\npublished: {published}\n---\n{text}\n")
    result = _run("build", str(article), "--out", str(tmp_path / "o"), "--no-viewer")
    assert result.exit_code == 0, result.output
    assert "1 documents (1 built" in result.output
    if warned:
        assert (
            f"warning: {article}: the date '{warned}' falls outside the calendar" in result.output
        )


# -- 1: memory --------------------------------------------------------------------------


def _articles(folder: Path, names: str) -> list[Path]:
    paths = []
    for name in names:
        path = folder / f"{name}.txt"
        path.write_text(f"Report {name}. Gunmen attacked a Levies post in Panjgur, killing three.")
        paths.append(path)
    return paths


def test_hostile_build_streams_one_extraction_at_a_time(tmp_path, monkeypatch):
    import kg
    import kg.extract
    import kg.graph.mapping

    real, made, seen = kg.extract.extract_many, [], []
    to_rdf = kg.graph.mapping.document_rdf

    def counting(documents, **options):
        for extraction in real(documents, **options):
            made.append(extraction.document.id)
            yield extraction

    def mapping(extraction):
        seen.append(len(made))  # each extraction is turned into text before the next is made
        return to_rdf(extraction)

    monkeypatch.setattr(kg.extract, "extract_many", counting)
    monkeypatch.setattr(kg.graph.mapping, "document_rdf", mapping)
    report = kg.build(_articles(tmp_path, "abcd"), tmp_path / "o", viewer=False)
    assert report.ok and seen == [1, 2, 3, 4]


def test_hostile_stream_failure_retries_the_rest_one_by_one(tmp_path, monkeypatch):
    import kg
    import kg.extract

    real = kg.extract.extract_many

    def failing(documents, **options):
        for extraction in real(documents, **options):
            if extraction.document.id == "b":
                raise ValueError("bad")
            yield extraction

    monkeypatch.setattr(kg.extract, "extract_many", failing)
    report = kg.build(_articles(tmp_path, "abcd"), tmp_path / "o", viewer=False)
    assert sorted(report.built) == ["a", "c", "d"]
    assert [e.message for e in report.errors] == ["extraction failed: ValueError: bad"]


def _dense(size: int) -> str:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_memory import dense_text

    return dense_text(size)


def test_hostile_dense_article_mentions_capped_with_warning(tmp_path):
    from kg.core.limits import MAX_MENTIONS

    article = tmp_path / "dense.txt"
    article.write_text(_dense(120_000))
    result = _run("build", str(article), "--out", str(tmp_path / "o"), "--no-viewer")
    assert result.exit_code == 0, result.output
    assert f"warning: {article}: " in result.output
    assert f"mentions of entities; kept the first {MAX_MENTIONS}" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("kind,size", [("article", 1_100_000), ("jsonl", 390_000)])
def test_hostile_dense_input_built_in_bounded_memory(tmp_path, kind, size):
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_memory import peak_rss_mb

    if kind == "article":
        path = tmp_path / "dense.txt"
        path.write_text(_dense(size))
    else:
        path = tmp_path / "feed.jsonl"
        path.write_text(
            "\n".join(
                json.dumps({"id": f"r{i}", "text": f"Record {i}. " + _dense(size)})
                for i in range(3)
            )
        )
    peak, _seconds, summary = peak_rss_mb([path], tmp_path / "o")
    print(f"{kind}: peak {peak:.0f} MB; {summary}")
    assert " built" in summary and " 0 documents" not in summary and peak < 600, (peak, summary)


@pytest.mark.parametrize("url", ["http://[::1", "http://h:x/sparql", "http://u:secret@[::1/q"])
def test_hostile_malformed_endpoint_url_is_one_line(url):
    result = _run("query", "ASK {}", "--endpoint", url)
    assert result.exit_code == 1 and result.output.startswith("Error: not a valid URL")
    assert "secret" not in result.output
