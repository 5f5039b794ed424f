"""No network, no stray file reads: XML entities, JSON-LD contexts and SERVICE stay inert.

An audit hook (PEP 578) in a child process records every socket connection, URL request,
process start and file open while `kg` builds, queries and exports documents crafted to
provoke them; a canary TCP server on loopback catches what native code (pyoxigraph's
HTTP client) might send past the hook.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.core.errors import KgError
from kg.core.resources import ontology_dir
from kg.sparql.named import list_queries
from kg.store.embedded import open_store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6c959af80028444d.txt"
GOOD = "Gunmen of the Balochistan Liberation Army attacked a Levies post in Panjgur on Monday, killing three."

AUDITED = r"""
import json, os, sys
events = []
WATCH = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
         "socket.sendto", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
         "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "webbrowser.open")

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        events.append(["open", os.path.abspath(os.fsdecode(args[0]))])
    elif event.startswith(WATCH):
        events.append([event, repr(args)[:300]])

sys.addaudithook(hook)
from kg.cli import cli

for argv in json.loads(sys.argv[1]):
    try:
        cli.main(argv, prog_name="kg", standalone_mode=False)
    except SystemExit:
        pass
    except Exception as error:
        events.append(["error", f"{argv[0]}: {type(error).__name__}: {error}"])
print(json.dumps(events))
"""


class _Canary:
    """A loopback TCP server that records every connection made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096))
                except OSError:
                    self.hits.append(b"")

    def close(self):
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def canary():
    trap = _Canary()
    yield trap.url, trap.hits
    trap.close()


def _crafted_inputs(folder: Path, url: str, secret: Path) -> None:
    """Documents whose text and metadata point at the canary and at a secret file."""
    folder.mkdir()
    (folder / "page.html").write_text(
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]><html><head>'
        f'<link rel="stylesheet" href="{url}/style.css"><script src="{url}/x.js"></script></head><body>'
        f'<img src="{url}/pixel.png"><iframe src="file://{secret}"></iframe>'
        f"<p>&xxe; {GOOD} Read more at {url}/article.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "front.md").write_text(
        # Text of its own: the same text as another input would be skipped as a copy.
        f"---\nurl: {url}/front\nsource: file://{secret}\n---\nFront. {GOOD}",
        encoding="utf-8",
    )
    records = [
        {
            "@context": f"{url}/context.jsonld",
            "@id": f"{url}/node",
            "id": "ld",
            "text": GOOD,
            "url": f"{url}/ld",
        },
        {
            "id": "sparql",
            "text": f"{GOOD} SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        },
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (folder / "rdfxml.txt").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file://{secret}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="{url}/x">&e; {GOOD}</rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )


def _allowed_roots(tmp_path: Path) -> tuple[str, ...]:
    import matplotlib

    paths = sysconfig.get_paths()
    return tuple(
        str(Path(p).resolve())
        for p in (
            tmp_path / "in",
            tmp_path / "out",
            ROOT,
            sys.prefix,
            sys.base_prefix,
            paths["stdlib"],
            paths["purelib"],
            paths["platlib"],
            matplotlib.get_cachedir(),
            matplotlib.get_configdir(),
            "/usr/share/fonts",
            "/usr/local/share/fonts",
            "/usr/share/zoneinfo",
            "/etc/localtime",
            "/dev/null",
            "/dev/urandom",
        )
    )


@pytest.fixture(scope="module")
def audited_run(tmp_path_factory):
    """Build, query, export, validate, analyze and view crafted documents under the audit hook."""
    tmp_path, trap = tmp_path_factory.mktemp("audited"), _Canary()
    secret = tmp_path / "secret" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-CANARY", encoding="utf-8")
    _crafted_inputs(tmp_path / "in", trap.url, secret)
    out = str(tmp_path / "out")
    commands = [["build", str(tmp_path / "in"), "--out", out]]
    commands += [["query", "--name", q.name, "--out", out] for q in list_queries()]
    commands += [
        ["export", "--out", out],
        ["validate", "--out", out],
        ["analyze", "--out", out],
        ["view", "--out", out],
    ]
    try:
        done = subprocess.run(
            [sys.executable, "-c", AUDITED, json.dumps(commands)],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    finally:
        trap.close()
    assert done.returncode == 0, done.stderr
    events = json.loads(done.stdout.strip().splitlines()[-1])
    return tmp_path, events, trap.hits, secret


def test_security_commands_make_no_network_requests(audited_run):
    _tmp, events, hits, _secret = audited_run
    assert [e for e in events if e[0] == "error"] == []
    # matplotlib runs fc-list once to find the system fonts when it has no font cache yet.
    assert [e for e in events if e[0] != "open" and "'fc-list'" not in e[1]] == []
    assert hits == []


def test_security_commands_open_only_expected_files(audited_run):
    tmp_path, events, _hits, secret = audited_run
    opened = {path for kind, path in events if kind == "open"}
    assert any(p.endswith("page.html") for p in opened)  # the hook saw the inputs being read
    assert str(secret) not in opened and "/etc/passwd" not in opened
    roots = _allowed_roots(tmp_path)
    assert sorted(p for p in opened if not str(Path(p).resolve()).startswith(roots)) == []


def test_security_secret_never_reaches_outputs(audited_run):
    tmp_path, _events, _hits, _secret = audited_run
    with open_store(tmp_path / "out", read_only=True) as store:
        assert set(store.documents()) == {"page", "front", "ld", "sparql", "rdfxml"}
    files = [f for f in (tmp_path / "out").iterdir() if f.is_file()]
    assert len(files) >= 10
    assert [f.name for f in files if b"SECRET-CANARY" in f.read_bytes()] == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o . SERVICE SILENT <{url}/silent> {{ ?s ?p ?x }} }} LIMIT 1",
    ],
)
def test_security_sparql_service_never_reaches_network(seed_out, canary, query):
    url, hits = canary
    result = CliRunner().invoke(cli, ["query", query.format(url=url), "--out", str(seed_out)])
    assert hits == []
    assert result.exit_code == 1 and "SERVICE" in result.output


# -- RDF read from elsewhere: the shipped ontology, and answers of a remote store --------


@pytest.mark.parametrize("path", sorted(ontology_dir().rglob("*.ttl")), ids=lambda p: p.name)
def test_security_shipped_rdf_is_turtle_without_doctype(path):
    raw = path.read_bytes()
    assert b"<!DOCTYPE" not in raw and b"<!ENTITY" not in raw
    assert len(list(ox.parse(raw, ox.RdfFormat.TURTLE))) > 10


def _remote_answering(content_type: str, body: bytes):
    httpx = pytest.importorskip("httpx")
    from kg.store.remote import RemoteStore

    def answer(request):
        return httpx.Response(200, headers={"Content-Type": content_type}, content=body)

    return RemoteStore(
        "http://sparql.invalid/sparql", transport=httpx.MockTransport(answer), retries=0
    )


def _rdfxml(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY ext SYSTEM "file://{secret}">'
        '<!ENTITY int "EXPANDED-ENTITY">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        "<ex:p>&int;</ex:p><ex:q>&ext;</ex:q></rdf:Description></rdf:RDF>"
    ).encode()


def _laughs(depth: int = 6) -> bytes:
    """RDF/XML whose one literal expands to 10**depth characters ("billion laughs"), DOCTYPE inside the root."""
    entities = '<!ENTITY a0 "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, depth)
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns:ex="http://example.org/"><!doctype rdf:RDF [{entities}]>'
        f'<rdf:Description rdf:about="http://example.org/a"><ex:p>&a{depth - 1};</ex:p>'
        "</rdf:Description></rdf:RDF>"
    ).encode()


@pytest.mark.parametrize("kind", ["external-entity", "laughs-inside-root"])
def test_security_remote_rdfxml_doctype_refused(tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CANARY", encoding="utf-8")
    body = _rdfxml(secret) if kind == "external-entity" else _laughs()
    store = _remote_answering("application/rdf+xml", body)
    with pytest.raises(
        KgError, match="http://sparql.invalid/sparql answered with RDF/XML that declares a DOCTYPE"
    ):
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_security_remote_xml_results_doctype_refused(tmp_path):
    body = (
        b'<?xml version="1.0"?><!DOCTYPE sparql [<!ENTITY int "EXPANDED-ENTITY">]>'
        b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>true</boolean></sparql>'
    )
    store = _remote_answering("application/sparql-results+xml", body)
    with pytest.raises(KgError, match="SPARQL XML results that declares a DOCTYPE"):
        store.query("ASK { ?s ?p ?o }")


def test_security_remote_jsonld_context_not_fetched(canary):
    url, hits = canary
    body = json.dumps(
        {"@context": f"{url}/context.jsonld", "@id": "http://example.org/a", "p": "x"}
    ).encode()
    store = _remote_answering("application/ld+json", body)
    with pytest.raises(
        KgError, match="sparql.invalid/sparql answered with JSON-LD .* remote @context"
    ):
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert hits == []
