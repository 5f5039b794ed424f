"""A read-only SPARQL 1.1 Protocol endpoint over the store in ``OUT/store/``.

``kg serve`` answers ``GET /sparql?query=…``, ``POST`` form-encoded ``query=…`` and
``POST application/sparql-query`` (SPARQL 1.1 Protocol §2.1), with SPARQL JSON, XML,
CSV or TSV results and Turtle, N-Triples, JSON-LD or RDF/XML graphs chosen from the
``Accept`` header. The default graph is the fused graph; the articles' named graphs
answer ``GRAPH ?g { … }``. ``/`` is an offline query page and ``/health`` reports counts.

Safety, in layers:

* Updates never run: the query form is checked before anything executes (every
  update form is refused with 403), workers only call ``Store.query``, which parses
  queries alone, and the store is opened read-only.
* ``SERVICE`` is refused (400) by :func:`check_query`. pyoxigraph *does* fetch
  ``SERVICE`` endpoints over HTTP, so on Linux each worker also installs a seccomp
  filter that denies it IPv4/IPv6 sockets: a query the scan missed still cannot
  reach the network.
* Each query runs in a worker *process* (pyoxigraph cannot be interrupted from a
  Python thread); one that overruns ``timeout`` is killed and replaced, so a runaway
  query costs one worker for ``timeout`` seconds and the others keep answering.
* Results stop at ``max_rows`` (``X-Result-Truncated: true``); bodies larger than
  ``max_request_bytes`` get 413; error bodies are one plain-text line.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import hashlib
import html
import json
import logging
import multiprocessing
import os
import queue
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.core.errors import StoreError
from kg.core.namespaces import PREFIXES
from kg.sparql.binding import with_prefixes
from kg.sparql.guard import QueryRefused, check_query

__all__ = ["serve", "make_server", "SparqlServer", "check_query", "QueryRefused", "negotiate"]

log = logging.getLogger(__name__)

# -- content negotiation -----------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    name: str  # a pyoxigraph QueryResultsFormat or RdfFormat attribute
    media_type: str


_JSON = _Format("JSON", "application/sparql-results+json")
_XML = _Format("XML", "application/sparql-results+xml")
_CSV = _Format("CSV", "text/csv; charset=utf-8")
_TSV = _Format("TSV", "text/tab-separated-values; charset=utf-8")
_TURTLE = _Format("TURTLE", "text/turtle; charset=utf-8")
_NTRIPLES = _Format("N_TRIPLES", "application/n-triples")
_JSONLD = _Format("JSON_LD", "application/ld+json")
_RDFXML = _Format("RDF_XML", "application/rdf+xml")
# Server preference first: the first format wins ties and answers */* or no Accept.
_RESULT_TYPES = (
    ("application/sparql-results+json", _JSON),
    ("application/json", _JSON),
    ("application/sparql-results+xml", _XML),
    ("application/xml", _XML),
    ("text/xml", _XML),
    ("text/csv", _CSV),
    ("text/tab-separated-values", _TSV),
)
_GRAPH_TYPES = (
    ("text/turtle", _TURTLE),
    ("application/x-turtle", _TURTLE),
    ("application/n-triples", _NTRIPLES),
    ("text/plain", _NTRIPLES),
    ("application/ld+json", _JSONLD),
    ("application/json", _JSONLD),
    ("application/rdf+xml", _RDFXML),
)


def negotiate(form: str, accept: str | None) -> _Format | None:
    """Pick the response format for a query ``form`` from an ``Accept`` header (RFC 9110 §12.5.1).

    Returns ``None`` when nothing acceptable is offered (answer 406).

    >>> negotiate("SELECT", "text/csv;q=0.9, application/sparql-results+xml").media_type
    'application/sparql-results+xml'
    >>> negotiate("CONSTRUCT", "image/png") is None
    True
    """
    offers = _GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else _RESULT_TYPES
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    # A type refused outright (q=0) is never sent, whichever alias matched (§12.4.2).
    refused = {r for r, q in ranges if q <= 0}
    best, best_q = None, 0.0
    for media_type, fmt in offers:
        if fmt.media_type.split(";")[0] in refused:
            continue
        kind = media_type.split("/")[0]
        # The most specific range that matches sets the quality (RFC 9110 §12.5.1).
        matches = [
            (3 if r == media_type else 2 if r == f"{kind}/*" else 1, q)
            for r, q in ranges
            if r in (media_type, f"{kind}/*", "*/*")
        ]
        q = max(matches)[1] if matches else 0.0
        if q > best_q:
            best, best_q = fmt, q
    return best


# -- the worker processes ------------------------------------------------------------------


def _forbid_network() -> bool:
    """Deny this process new IPv4/IPv6 sockets with a seccomp filter (Linux x86-64, arm64).

    A belt to :func:`check_query`'s braces: oxigraph evaluates ``SERVICE`` by HTTP.
    Returns whether the filter is in place.
    """
    arch = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}.get(os.uname().machine)
    if not sys.platform.startswith("linux") or arch is None:
        return False

    class Filter(ctypes.Structure):
        _fields_ = [
            ("code", ctypes.c_ushort),
            ("jt", ctypes.c_ubyte),
            ("jf", ctypes.c_ubyte),
            ("k", ctypes.c_uint32),
        ]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    load, jump_eq, ret = 0x20, 0x15, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET|K
    allow, refuse = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO|EPERM
    # seccomp_data: nr at 0, arch at 4, args[0] (the socket domain) at 16.
    rules = [
        (load, 0, 0, 4),
        (jump_eq, 0, 5, arch[0]),
        (load, 0, 0, 0),
        (jump_eq, 0, 3, arch[1]),
        (load, 0, 0, 16),
        (jump_eq, 2, 0, socket.AF_INET),
        (jump_eq, 1, 0, socket.AF_INET6),
        (ret, 0, 0, allow),
        (ret, 0, 0, refuse),
    ]
    filters = (Filter * len(rules))(*(Filter(*rule) for rule in rules))
    program = Program(len(rules), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    # PR_SET_NO_NEW_PRIVS (38) lets an unprivileged process install a filter;
    # PR_SET_SECCOMP (22), SECCOMP_MODE_FILTER (2). Threads started later inherit it.
    return libc.prctl(38, 1, 0, 0, 0) == 0 and libc.prctl(22, 2, ctypes.byref(program), 0, 0) == 0


class _Reader:
    """The worker's read-only store, reopened when the writer has changed the files."""

    def __init__(self, path: str):
        self.path = path
        self.signature = None
        self.store = None
        self.counts = None

    def get(self):
        import pyoxigraph as ox

        signature = _signature(self.path)
        if signature != self.signature or self.store is None:
            try:
                self.store, self.signature, self.counts = (
                    ox.Store.read_only(self.path),
                    signature,
                    None,
                )
            except OSError:
                if self.store is None:
                    raise  # otherwise keep answering from the last good snapshot
        return self.store


def _signature(path: str) -> list[tuple[str, int, int]]:
    """Names, sizes and times of the store's files: they change whenever a writer commits."""
    entries = []
    for entry in os.scandir(path):
        try:
            stat = entry.stat()
        except FileNotFoundError:  # compaction removed it between listing and stat
            continue
        entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return sorted(entries)


def _worker_main(conn, path: str, prefixes: dict[str, str]) -> None:
    """Serve jobs from ``conn`` until it closes: one query at a time, in this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    sandboxed = _forbid_network()
    reader = _Reader(path)
    try:
        reader.get()
    except OSError:
        conn.send(("failed", "the store could not be opened for reading"))
        return
    conn.send(("ready", sandboxed))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(_run_job(reader, job, prefixes, sandboxed))
        except Exception:  # noqa: BLE001 - the parent gets a clean message, never a trace
            conn.send(("error", 500, "the query could not be evaluated"))


def _run_job(reader: _Reader, job: dict, prefixes: dict[str, str], sandboxed: bool):
    import pyoxigraph as ox

    try:
        store = reader.get()
        if job["kind"] == "health":
            if reader.counts is None:
                graphs = sum(1 for _ in store.named_graphs())
                (row,) = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
                reader.counts = {
                    "triples": int(row[0].value),
                    "quads": len(store),
                    "graphs": graphs,
                }
            body = {"status": "ok", **reader.counts, "sandbox": sandboxed}
            return ("ok", "application/json", json.dumps(body).encode(), False)
        options = {}
        if job["default_graphs"]:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job["default_graphs"]]
        if job["named_graphs"]:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in job["named_graphs"]]
        result = store.query(job["query"], **options)
        return _serialize(result, job["format"], job["max_rows"], prefixes)
    except SyntaxError as error:
        return ("error", 400, f"SPARQL syntax error: {error}")
    except ValueError as error:
        return ("error", 400, f"bad request: {error}")
    except OSError:
        # A store read failed, or the sandbox stopped a network call: no detail leaves.
        return ("error", 500, "the query could not be evaluated")


def _serialize(result, fmt: _Format, max_rows: int, prefixes: dict[str, str]):
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        fmt = fmt if hasattr(ox.QueryResultsFormat, fmt.name) else _JSON
        return (
            "ok",
            fmt.media_type,
            result.serialize(format=getattr(ox.QueryResultsFormat, fmt.name)),
            False,
        )
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt if hasattr(ox.QueryResultsFormat, fmt.name) else _JSON
        names = [v.value for v in result.variables]
        rows = list(islice(result, max_rows + 1))
        truncated = len(rows) > max_rows
        body = _results_json(names, rows[:max_rows])
        if (
            fmt != _JSON
        ):  # the store's own writers, fed the rows we kept (fmt came by pickle: ==, not is)
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.name))
        return ("ok", fmt.media_type, body, truncated)
    fmt = fmt if hasattr(ox.RdfFormat, fmt.name) else _TURTLE
    triples = list(islice(result, max_rows + 1))
    body = ox.serialize(
        triples[:max_rows],
        format=getattr(ox.RdfFormat, fmt.name),
        **({"prefixes": prefixes} if fmt == _TURTLE else {}),
    )
    return ("ok", fmt.media_type, body, len(triples) > max_rows)


def _results_json(names: list[str], rows) -> bytes:
    """SPARQL 1.1 Query Results JSON Format (W3C Recommendation, §3)."""
    bindings = [
        {name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    return json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {  # RDF-star triple terms
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


class _Timeout(Exception):
    pass


class _Busy(Exception):
    pass


class _Worker:
    def __init__(self, context, path: str, prefixes: dict[str, str]):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, path, prefixes), daemon=True
        )
        self.process.start()
        child.close()
        self.sandboxed: bool | None = None

    def wait_ready(self, timeout: float) -> None:
        """Read the worker's hello (sent once its store is open)."""
        if self.sandboxed is not None:
            return
        if not self.conn.poll(timeout):
            raise _Timeout
        status, detail = self.conn.recv()
        if status != "ready":
            raise StoreError(detail)
        self.sandboxed = detail

    def kill(self) -> None:
        """End the process (at once: it may be deep in a query) and close the pipe; idempotent."""
        self.process.kill()
        self.process.join(2)
        with contextlib.suppress(OSError):  # closed already, by the thread that raced us here
            self.conn.close()


class _Pool:
    """Worker processes; a job that overruns its time is ended by killing its worker."""

    def __init__(self, path: str, size: int, timeout: float, prefixes: dict[str, str]):
        # forkserver forks each worker from a clean, single-threaded process that has
        # imported this module once, so a replacement starts in milliseconds.
        if "forkserver" in multiprocessing.get_all_start_methods():
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload([__name__])
        else:
            self._context = multiprocessing.get_context("spawn")
        self._path, self._prefixes, self.timeout = path, prefixes, timeout
        self.closed = False
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.replaced = 0
        workers = [self._spawn() for _ in range(max(1, size))]
        try:
            for worker in workers:
                worker.wait_ready(60)
        except StoreError:
            self.close()
            raise
        except (_Timeout, EOFError, OSError):
            self.close()
            # multiprocessing re-imports the main script in each worker (Python docs,
            # "Safe importing of main module"), so an unguarded script ends them at once.
            raise StoreError(
                "the query worker processes did not start; a script that calls "
                "make_server must do so under `if __name__ == '__main__':`"
            ) from None
        self.sandboxed = all(w.sandboxed for w in workers)
        for worker in workers:
            self._idle.put(worker)

    def _spawn(self) -> _Worker | None:
        with self._lock:  # under the lock, so close() cannot miss a worker started meanwhile
            if self.closed:
                return None
            worker = _Worker(self._context, self._path, self._prefixes)
            self._all.add(worker)
            return worker

    def run(self, job: dict):
        """Run ``job`` on an idle worker; raises _Busy (none came free) or _Timeout."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise _Busy from None
        deadline = time.monotonic() + self.timeout
        try:
            worker.wait_ready(self.timeout)
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise _Timeout
            reply = worker.conn.recv()
        except (_Timeout, EOFError, OSError, StoreError) as error:
            self._replace(worker)
            if isinstance(error, _Timeout):
                raise
            return ("error", 500, "the query worker failed")
        self._idle.put(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        fresh = self._spawn()
        if fresh is not None:  # admitted to the idle queue once started, so no query waits on it
            threading.Thread(target=self._admit, args=(fresh,), daemon=True).start()

    def _admit(self, worker: _Worker) -> None:
        try:
            worker.wait_ready(60)
        except (StoreError, _Timeout, EOFError, OSError):
            with self._lock:
                self._all.discard(worker)
            worker.kill()
            if not self.closed:
                log.error("a replacement query worker did not start; %d remain", len(self._all))
            return
        self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self.closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()


# -- HTTP ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    timeout: float
    max_rows: int
    max_request_bytes: int
    cors: bool


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``server_close()`` also stops the worker processes."""

    daemon_threads = True

    def __init__(self, address, config: _Config, pool: _Pool, page: bytes):
        self.config, self.pool, self.page = config, pool, page
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "conflict-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for
    # the client's delayed ACK (~40 ms on Linux) on every keep-alive request.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        log.debug("%s " + format, self.address_string(), *args)

    def send_error(self, code, message=None, explain=None):
        # The stdlib's error page is HTML and names the server; ours is one line of text.
        self._error(code, message or HTTPStatus(code).phrase)

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_OPTIONS(self):
        self._send(204, b"", None, {"Allow": "GET, POST, OPTIONS"})

    def _refuse_method(self):
        self.close_connection = True
        self._error(
            405,
            "this endpoint is read-only: only GET and POST queries are accepted",
            {"Allow": "GET, POST, OPTIONS"},
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _route(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            if len(self.path) > self.server.config.max_request_bytes:
                self._error(414, "the request URL is too long")
            elif url.path == "/" and method == "GET":
                self._send(
                    200,
                    self.server.page,
                    "text/html; charset=utf-8",
                    {"Content-Security-Policy": _CSP},
                )
            elif url.path == "/health" and method == "GET":
                self._reply(self.server.pool.run({"kind": "health"}))
            elif url.path in ("/sparql", "/query"):  # /query: where Oxigraph server answers
                self._sparql(method, parse_qs(url.query, keep_blank_values=True))
            else:
                self._error(404, "not found; the SPARQL endpoint is /sparql")
        except QueryRefused as refused:
            self._error(refused.status, str(refused))
        except _Busy:
            self._error(503, "all query workers are busy; try again shortly", {"Retry-After": "1"})
        except _Timeout:
            self._error(
                504, f"the query was stopped after the {self.server.config.timeout:g} s time limit"
            )
        except Exception:  # noqa: BLE001 - log it; the client gets no trace
            log.exception("error answering %s %s", method, self.path)
            self._error(500, "internal error")

    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "POST":
            params = self._post_params(params)
        if "update" in params:  # SPARQL 1.1 Protocol §2.2: update operations
            raise QueryRefused(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise QueryRefused(400, "give exactly one query (SPARQL 1.1 Protocol §2.1)")
        # The same undeclared standard prefixes `kg query` and kg.run_query accept.
        text = with_prefixes(queries[0])
        form = check_query(text)
        fmt = negotiate(form, self.headers.get("Accept"))
        if fmt is None:
            offers = _GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else _RESULT_TYPES
            raise QueryRefused(
                406,
                f"cannot answer {form} in the accepted types; offered: "
                + ", ".join(dict.fromkeys(m for m, _ in offers)),
            )
        self._reply(
            self.server.pool.run(
                {
                    "kind": "query",
                    "query": text,
                    "format": fmt,
                    "max_rows": self.server.config.max_rows,
                    "default_graphs": params.get("default-graph-uri", []),
                    "named_graphs": params.get("named-graph-uri", []),
                }
            )
        )

    def _post_params(self, url_params: dict[str, list[str]]) -> dict[str, list[str]]:
        """Read a POST body: form-encoded, or a query / update sent directly (Protocol §2.1.2-3)."""
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            raise QueryRefused(411, "a POST needs a Content-Length")
        if int(length) > self.server.config.max_request_bytes:
            self.close_connection = True  # the body stays unread
            raise QueryRefused(
                413, f"the request body is larger than {self.server.config.max_request_bytes} bytes"
            )
        body = self.rfile.read(int(length))
        kind = self.headers.get_content_type()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryRefused(400, "the request body is not UTF-8") from None
        if kind == "application/x-www-form-urlencoded":
            return parse_qs(text, keep_blank_values=True)
        if kind == "application/sparql-update":
            raise QueryRefused(403, "this endpoint is read-only: SPARQL Update is refused")
        if kind == "application/sparql-query":
            return {**{k: v for k, v in url_params.items() if k != "update"}, "query": [text]}
        raise QueryRefused(
            415, "send application/sparql-query or application/x-www-form-urlencoded"
        )

    def _reply(self, reply) -> None:
        if reply[0] == "error":
            _, status, message = reply
            self._error(status, message)
            return
        _, media_type, body, truncated = reply
        extra = {"X-Result-Truncated": "true"} if truncated else {}
        self._send(200, body, media_type, extra)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        self._send(status, f"{message}\n".encode(), "text/plain; charset=utf-8", extra or {})

    def _send(self, status: int, body: bytes, media_type: str | None, extra: dict) -> None:
        self.send_response(status)
        if media_type:
            self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in extra.items():
            self.send_header(key, value)
        if self.server.config.cors:  # Fetch Standard §3.2: the CORS protocol
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
            self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(
    out: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 100_000,
    cors: bool = False,
    workers: int = 2,
) -> SparqlServer:
    """Open the store in ``out`` read-only and return a server ready to ``serve_forever()``.

    Args:
        out: the output folder; the store is ``OUT/store/``.
        host: address to bind; loopback by default.
        port: TCP port; 0 picks a free one (see ``server.url``).
        timeout: seconds a query may run before its worker is killed (answer 504).
        max_rows: result rows (or triples) returned at most (``X-Result-Truncated: true``).
        max_request_bytes: largest request body or URL (answer 413 / 414).
        cors: send CORS headers so pages from other origins may query.
        workers: query processes; one runaway query occupies one of them.

    Raises:
        StoreError: there is no store in ``out`` or it cannot be read.
    """
    from kg.store.embedded import STORE_DIR

    path = Path(out) / STORE_DIR
    if not (path / "CURRENT").is_file():
        raise StoreError(f"no graph store in {out} (run `kg build --out {out}` first)")
    pool = _Pool(str(path.resolve()), workers, timeout, dict(PREFIXES))
    if not pool.sandboxed:
        log.warning(
            "query workers run without the network sandbox (Linux only); SERVICE is still refused"
        )
    config = _Config(timeout, max_rows, max_request_bytes, cors)
    try:
        return SparqlServer((host, port), config, pool, _page())
    except OSError:
        pool.close()
        raise


def serve(out: Path | str, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Answer SPARQL at ``http://HOST:PORT/sparql`` until interrupted (see :func:`make_server`)."""
    server = make_server(out, host, port, **options)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# -- the query page ----------------------------------------------------------------------------

_STYLE = """body{font:14px system-ui,sans-serif;margin:1.5em;max-width:70em}
textarea{width:100%;height:14em;font:13px monospace}table{border-collapse:collapse;margin-top:1em}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
pre{white-space:pre-wrap}#status{margin-left:1em;color:#555}"""
# Every value reaches the page through textContent or option.text, never innerHTML.
_SCRIPT = """const queries = JSON.parse(document.getElementById('queries').textContent);
const pick = document.getElementById('pick'), text = document.getElementById('query');
const out = document.getElementById('out'), status = document.getElementById('status');
for (const q of queries) { pick.add(new Option(q.name + (q.description ? ' - ' + q.description : ''), q.name)); }
pick.onchange = () => { const q = queries.find(x => x.name === pick.value); if (q) text.value = q.text; };
function cell(row, tag, value) { const c = document.createElement(tag); c.textContent = value; row.appendChild(c); }
document.getElementById('run').onclick = async () => {
  out.replaceChildren(); status.textContent = 'running...';
  const started = performance.now();
  try {
    const r = await fetch('sparql', {method: 'POST', body: text.value, headers: {
      'Content-Type': 'application/sparql-query',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
    const body = await r.text(), ms = Math.round(performance.now() - started);
    if (!r.ok) { status.textContent = r.status + ' ' + body; return; }
    if ((r.headers.get('Content-Type') || '').includes('sparql-results+json')) {
      const data = JSON.parse(body);
      if ('boolean' in data) { status.textContent = String(data.boolean) + ' (' + ms + ' ms)'; return; }
      const table = document.createElement('table'), head = table.insertRow();
      for (const v of data.head.vars) cell(head, 'th', v);
      for (const b of data.results.bindings) {
        const row = table.insertRow();
        for (const v of data.head.vars) cell(row, 'td', b[v] ? b[v].value : '');
      }
      out.appendChild(table);
      status.textContent = data.results.bindings.length + ' rows (' + ms + ' ms)';
    } else {
      const pre = document.createElement('pre'); pre.textContent = body; out.appendChild(pre);
      status.textContent = ms + ' ms';
    }
    if (r.headers.get('X-Result-Truncated')) status.textContent += ' - truncated at the row limit';
  } catch (e) { status.textContent = 'request failed: ' + e; }
};"""
_DEFAULT_QUERY = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?type ?date ?killed WHERE {
  ?event a ?type ; ckg:date ?date .
  OPTIONAL { ?event ckg:fatalities ?killed }
} ORDER BY DESC(?date) LIMIT 50"""


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# No network but the endpoint itself; inline code allowed only by its hash.
_CSP = (
    f"default-src 'none'; script-src {_digest(_SCRIPT)}; style-src {_digest(_STYLE)}; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _page() -> bytes:
    """The query page: a textarea, the named queries as examples, and a run button."""
    try:
        from kg.sparql.named import list_queries

        examples = [
            {"name": q.name, "description": q.description, "text": q.text} for q in list_queries()
        ]
    except (FileNotFoundError, OSError):
        examples = []  # ontology/queries/ missing or empty: the page works without examples
    # JSON in a data block: escape <, > and & so no text can close the script element.
    data = (
        json.dumps(examples).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>conflict-kg SPARQL</title>
<style>{_STYLE}</style></head><body>
<h1>conflict-kg SPARQL endpoint</h1>
<p>Read-only. Default graph: the fused graph; one named graph per article (<code>GRAPH ?g</code>).</p>
<p><label>Example: <select id="pick"><option value="">choose a named query</option></select></label></p>
<textarea id="query" spellcheck="false">{html.escape(_DEFAULT_QUERY)}</textarea>
<p><button id="run">Run</button><span id="status"></span></p>
<div id="out"></div>
<script type="application/json" id="queries">{data}</script>
<script>{_SCRIPT}</script>
</body></html>""".encode()
