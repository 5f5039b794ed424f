"""A read-only SPARQL 1.1 Protocol endpoint over the store in ``OUT/store/``.

``kg serve`` answers ``GET /sparql?query=…``, ``POST`` form-encoded ``query=…`` and
``POST application/sparql-query`` (SPARQL 1.1 Protocol §2.1), with SPARQL JSON, XML,
CSV or TSV results and Turtle, N-Triples, JSON-LD or RDF/XML graphs chosen from the
``Accept`` header (:mod:`kg.serve.negotiation`). The default graph is the fused graph;
the articles' named graphs answer ``GRAPH ?g { … }``. ``/`` is an offline query page
(:mod:`kg.serve.page`) and ``/health`` reports counts. ``GET /sparql`` without a query
answers a browser (``Accept: text/html``) with the query page and anyone else with the
endpoint's SPARQL 1.1 Service Description in Turtle; ``HEAD`` answers as ``GET`` would,
without the body. A query may use the standard
prefixes without declaring them, as with ``kg query`` (:func:`kg.sparql.with_prefixes`).

Safety, in layers:

* Updates never run: the query form is checked before anything executes (every
  update form is refused with 403, :func:`kg.sparql.guard.check_query`), workers only
  call ``Store.query``, which parses queries alone, and the store is opened read-only.
* ``SERVICE`` is refused (400) by the same check. pyoxigraph *does* fetch ``SERVICE``
  endpoints over HTTP, so on Linux each worker also installs a seccomp filter that
  denies it IPv4/IPv6 sockets (:mod:`kg.serve.sandbox`): a query the scan missed
  still cannot reach the network.
* Each query runs in a worker *process* (:mod:`kg.serve.pool`); one that overruns
  ``timeout`` is killed and replaced, so a runaway query costs one worker for
  ``timeout`` seconds and the others keep answering. Heavy queries (a cross product in
  the text, or a query that ran slowly before: :mod:`kg.serve.lanes`) never take the
  last free worker, so lookups keep their milliseconds beside them.
* Results stop at ``max_rows`` and ``max_bytes`` (``X-Result-Truncated: true``, and a
  mark in the body, :func:`kg.serve.results.serialize`); request bodies larger than
  ``max_request_bytes`` get 413; error bodies are one plain-text line.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, urlsplit

from kg.core.errors import KgError, StoreError
from kg.core.limits import MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, MAX_ROWS
from kg.core.namespaces import PREFIXES
from kg.serve.lanes import Lanes
from kg.serve.negotiation import negotiate, offered
from kg.serve.page import CSP, query_page
from kg.serve.pool import Busy, Pool, QueryTimeout
from kg.sparql.binding import with_prefixes
from kg.sparql.guard import QueryRefused, check_query
from kg.store.embedded import STORE_DIR

__all__ = ["serve", "make_server", "SparqlServer", "ServeError"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Config:
    """The limits and switches every request is answered under."""

    timeout: float
    max_rows: int
    max_request_bytes: int
    cors: bool
    max_bytes: int = MAX_RESPONSE_BYTES
    allow_hosts: frozenset[str] = field(default_factory=frozenset)


class ServeError(KgError):
    """The endpoint cannot start: a bad option, or an address it cannot bind."""


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``server_close()`` also stops the worker processes."""

    daemon_threads = True

    def __init__(self, address, config: _Config, pool: Pool, page: bytes, family=socket.AF_INET):
        self.config, self.pool, self.page = config, pool, page
        self.lanes = Lanes()
        self.address_family = family  # TCPServer makes its socket of this family
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:7878/sparql``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host  # an IPv6 address, RFC 3986 §3.2.2
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-answer is routine (a closed tab, a killed curl):
        # one line for it, where the stdlib prints a chained traceback to stderr.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.warning("client %s went away: %s", client_address[0], type(error).__name__)
        else:
            log.error("error handling a request from %s", client_address[0], exc_info=error)


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
        if code == HTTPStatus.NOT_IMPLEMENTED:  # a method we have no do_ for: RFC 9110 §15.5.6
            self._refuse_method()
            return
        self._error(code, message or HTTPStatus(code).phrase)

    def do_GET(self):
        self._route("GET")

    def do_HEAD(self):
        self._route("GET")  # _send writes no body for HEAD

    def do_POST(self):
        self._route("POST")

    def do_OPTIONS(self):
        self._send(204, b"", None, {"Allow": self._allowed_methods()})

    def _allowed_methods(self) -> str:
        return ", ".join(m for m in ("GET", "HEAD", "POST", "OPTIONS") if hasattr(self, f"do_{m}"))

    def _refuse_method(self):
        self.close_connection = True
        self._error(
            405,
            "this endpoint is read-only: only GET and POST queries are accepted",
            {"Allow": self._allowed_methods()},
        )

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _route(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            if not _host_allowed(self.headers.get("Host"), self.server):
                self._error(
                    403,
                    "this Host is not served here; start kg serve with --allow-host NAME "
                    "to answer requests made to NAME",
                )
            elif len(self.path) > self.server.config.max_request_bytes:
                self._error(414, "the request URL is too long")
            elif url.path == "/" and method == "GET":
                self._send(
                    200,
                    self.server.page,
                    "text/html; charset=utf-8",
                    {"Content-Security-Policy": CSP},
                )
            elif url.path == "/health" and method == "GET":
                self._reply(self.server.pool.run({"kind": "health"}))
            elif url.path in ("/sparql", "/query"):  # /query: where Oxigraph server answers
                params = parse_qs(url.query, keep_blank_values=True)
                if method == "GET" and not {"query", "update"} & set(params):
                    self._describe()
                else:
                    self._sparql(method, params)
            else:
                self._error(404, "not found; the SPARQL endpoint is /sparql")
        except QueryRefused as refused:
            self._error(refused.status, str(refused))
        except Busy:
            self._error(503, "all query workers are busy; try again shortly", {"Retry-After": "1"})
        except QueryTimeout:
            self._error(
                504, f"the query was stopped after the {self.server.config.timeout:g} s time limit"
            )
        except (ConnectionError, TimeoutError):
            raise  # the client went away: nothing to answer (SparqlServer.handle_error)
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
            offers = offered(form)
            raise QueryRefused(
                406,
                f"cannot answer {form} in the accepted types; offered: "
                + ", ".join(dict.fromkeys(m for m, _ in offers)),
            )
        job = {
            "kind": "query",
            "query": text,
            "format": fmt,
            "max_rows": self.server.config.max_rows,
            "max_bytes": self.server.config.max_bytes,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        lanes = self.server.lanes
        start = time.monotonic()
        try:
            reply = self.server.pool.run(job, heavy=lanes.heavy(text))
        except QueryTimeout:
            lanes.observe(text, seconds=time.monotonic() - start, timed_out=True)
            raise
        lanes.observe(text, seconds=time.monotonic() - start)
        self._reply(reply)

    def _describe(self) -> None:
        """The query page for a browser; the Service Description for a SPARQL client."""
        if _prefers_html(self.headers.get("Accept")):
            self._send(
                200, self.server.page, "text/html; charset=utf-8", {"Content-Security-Policy": CSP}
            )
            return
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        endpoint = f"http://{host}{urlsplit(self.path).path}"
        body = _SERVICE.substitute(endpoint=endpoint.replace(">", "%3E")).encode()
        self._send(200, body, "text/turtle; charset=utf-8", {"Vary": "Accept"})

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


_SERVICE = Template(
    (Path(__file__).resolve().parent / "templates" / "service.ttl").read_text(encoding="utf-8")
)


def _prefers_html(accept: str | None) -> bool:
    """Whether ``Accept`` puts HTML above Turtle (a browser does; SPARQL clients do not).

    >>> _prefers_html("text/html,application/xhtml+xml,*/*;q=0.8"), _prefers_html("text/turtle")
    (True, False)
    >>> _prefers_html(None), _prefers_html("text/turtle;q=0.5, text/html")
    (False, True)
    """
    weights: dict[str, float] = {}
    for part in (accept or "").split(","):
        media, *parameters = (p.strip() for p in part.split(";"))
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[media.lower()] = max(q, weights.get(media.lower(), 0.0))
    html = max(weights.get("text/html", 0.0), weights.get("application/xhtml+xml", 0.0))
    return html > 0 and html > weights.get("text/turtle", 0.0)


def _host_allowed(header: str | None, server: SparqlServer) -> bool:
    """Whether a request's ``Host`` names this server.

    A web page can point a name it controls at 127.0.0.1 (DNS rebinding) and read the
    answers as same-origin; its requests still carry that name in ``Host``. So only the
    bound address, ``localhost`` on loopback, any address when bound to all of them
    (a rebinding attack needs a name, never an address) and the ``--allow-host``
    names are answered. An HTTP/1.0 request without ``Host`` is answered.
    """
    if header is None:
        return True
    host = header.strip().lower()
    if host.startswith("["):  # an IPv6 literal, RFC 3986 §3.2.2
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    host = host.rstrip(".")  # "localhost." is "localhost", a fully qualified name
    bound = ipaddress.ip_address(server.server_address[0])
    if host in server.config.allow_hosts:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" and bound.is_loopback
    return bound.is_unspecified or address == bound


def _check_options(
    port: int, timeout: float, max_rows: int, max_request_bytes: int, workers: int, max_bytes: int
) -> None:
    """Refuse option values the server cannot run with, before anything starts."""
    problems = [
        (not 0 <= port <= 65535, f"port {port} is not between 0 and 65535"),
        (not timeout > 0, f"timeout {timeout:g} is not a positive number of seconds"),
        (max_rows < 1, f"max rows {max_rows} is less than 1"),
        (max_request_bytes < 1, f"max request bytes {max_request_bytes} is less than 1"),
        (max_bytes < 1, f"max bytes {max_bytes} is less than 1"),
        (workers < 1, f"workers {workers} is less than 1"),
    ]
    for bad, message in problems:
        if bad:
            raise ServeError(message)


def _resolve(host: str, port: int) -> tuple[socket.AddressFamily, str]:
    """The address family and numeric address ``host`` binds, or a clean ServeError."""
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise ServeError(
            f"cannot bind host {host!r}: {getattr(error, 'strerror', None) or error}"
        ) from None
    return family, address[0]


def make_server(
    out: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    timeout: float = 10.0,
    max_rows: int = MAX_ROWS,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    cors: bool = False,
    workers: int = 2,
    max_bytes: int = MAX_RESPONSE_BYTES,
    allow_hosts: tuple[str, ...] = (),
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
        max_bytes: largest answer body, in bytes; a larger answer is cut and marked
            truncated (in the body and ``X-Result-Truncated: true``).
        allow_hosts: more names a request's ``Host`` may give (besides the bound
            address, and ``localhost`` on loopback); requests to others get 403.

    Raises:
        ServeError: an option is out of range, or the address cannot be bound.
        StoreError: there is no store in ``out`` or it cannot be read.
    """
    _check_options(port, timeout, max_rows, max_request_bytes, workers, max_bytes)
    family, address = _resolve(host, port)
    path = Path(out) / STORE_DIR
    if not (path / "CURRENT").is_file():
        raise StoreError(f"no graph store in {out} (run `kg build --out {out}` first)")
    pool = Pool(str(path.resolve()), workers, timeout, dict(PREFIXES))
    if not pool.sandboxed:
        log.warning(
            "query workers run without the network sandbox (Linux only); SERVICE is still refused"
        )
    names = frozenset(name.strip().lower().rstrip(".") for name in allow_hosts)
    config = _Config(timeout, max_rows, max_request_bytes, cors, max_bytes, names)
    try:
        return SparqlServer((address, port), config, pool, query_page(), family)
    except OSError as error:
        pool.close()
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(
    out: Path | str, host: str = "127.0.0.1", port: int = 7878, *, ready=None, **options
) -> None:
    """Answer SPARQL at ``http://HOST:PORT/sparql`` until interrupted (see :func:`make_server`).

    Args:
        ready: called with the endpoint's URL once it listens (so nothing is announced
            for a server that failed to start).
    """
    server = make_server(out, host, port, **options)
    if ready is not None:
        ready(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
