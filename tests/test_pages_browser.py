"""The viewer, the report and the query page of `kg serve` on the seeds graph, in headless Chromium.

Each page is loaded once for its DOM and once for a screenshot. With ``KG_SCREENSHOTS=1``
the screenshots are also written to ``docs/screenshots/``, which the README shows.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset:DeprecationWarning"),
]

CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium") or "")
        if p and os.access(p, os.X_OK)
    ),
    None,
)
if CHROMIUM is None:
    pytest.skip("headless Chromium not found at /usr/bin/chromium", allow_module_level=True)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    # Only loopback answers: the pages must need nothing else.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--virtual-time-budget=15000",
]  # fmt: skip

# name -> (page, URL fragment, window size)
PAGES = {
    "viewer": ("viewer", "", "1400,900"),
    "viewer-details": ("viewer", "pick=DETAILS", "1400,900"),
    "viewer-period": ("viewer", "from=2024-08-01&to=2024-12-31", "1400,900"),
    "report": ("report", "", "1100,1400"),
    "query": ("query", "name=attacks_by_group&group=actor:bla&run=1", "1200,800"),
    "query-error": (
        "query",
        "query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20%3Fy%20%7D&run=1",
        "1200,400",
    ),
}


def _run(url: str, profile: Path, size: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--window-size={size}", f"--user-data-dir={profile}", *extra, url],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def query_url(seeds_out):
    """The query page of `kg serve` on the seeds graph."""
    from kg.serve import make_server

    server = make_server(seeds_out, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url.replace("/sparql", "/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pages(seeds_out, query_url, tmp_path_factory):
    """Every page rendered from the seeds graph, dumped and screenshot, all at once."""
    from kg.publish.analysis import store_network
    from kg.publish.report import build_brief, write_report
    from kg.publish.sources import store_sources
    from kg.publish.viewer import render_viewer
    from kg.store import open_store

    tmp = tmp_path_factory.mktemp("pages")
    with open_store(seeds_out, read_only=True) as store:
        G, sources = store_network(store), store_sources(store)
    conflicted = next(e for e in sources.claims if sources.conflicting(e))
    files = {
        "viewer": render_viewer(G, tmp / "graph.html", sources=sources).as_uri(),
        "report": write_report(
            build_brief(G, sources, start="2024-01-01", end="2024-12-31", admin1="Balochistan"),
            tmp / "report.html",
        ).as_uri(),
    }
    files["query"] = query_url
    runs = {}
    for name, (page, fragment, size) in PAGES.items():
        url = files[page] + ("#" + fragment.replace("DETAILS", conflicted) if fragment else "")
        runs[name] = _run(url, tmp / f"p-{name}", size, "--dump-dom")
        runs[name + ".png"] = _run(url, tmp / f"s-{name}", size, f"--screenshot={tmp / name}.png")
    out = {name: run.communicate(timeout=180)[0] for name, run in runs.items()}
    if os.environ.get("KG_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for name in PAGES:
            shutil.copyfile(tmp / f"{name}.png", DOCS / f"{name}.png")
    return {"dom": out, "png": {name: tmp / f"{name}.png" for name in PAGES}, "files": files}


def _attr(dom: str, element_id: str, name: str) -> str | None:
    tag = re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', dom)
    found = re.search(rf'\b{name}="([^"]*)"', tag.group(0)) if tag else None
    return found.group(1) if found else None


@pytest.mark.parametrize("name", ["viewer", "viewer-details", "viewer-period", "report"])
def test_pages_browser_draw_without_errors(pages, name):
    root = re.search(r"<html[^>]*>", pages["dom"][name]).group(0)
    assert 'data-kg-drawn="' in root and "data-kg-errors" not in root


@pytest.mark.parametrize("name,least", [("viewer", 50), ("viewer-period", 5), ("report", 10)])
def test_pages_browser_map_has_markers(pages, name, least):
    assert int(_attr(pages["dom"][name], "kg-map", "data-kg-markers")) >= least


def test_pages_browser_period_shows_a_brush_and_fewer_incidents(pages):
    dom = pages["dom"]
    assert _attr(dom["viewer-period"], "kg-timeline", "data-kg-brush") == "2024-08-01/2024-12-31"
    period = int(_attr(dom["viewer-period"], "kg-map", "data-kg-markers"))
    assert period < int(_attr(dom["viewer"], "kg-map", "data-kg-markers"))


def test_pages_browser_details_show_claims_side_by_side(pages):
    dom = pages["dom"]["viewer-details"]
    details = dom[dom.index('id="kg-details"') : dom.index("<h2>Classes")]
    assert "Sources disagree on the toll" in details and 'class="kg-claims"' in details
    assert "javascript:" not in details


@pytest.mark.parametrize(
    "name,expected",
    [("query", r"\d+ rows \("),
     ("query-error", "The query has a mistake at line 1, column 2\\d")],
)  # fmt: skip
def test_pages_browser_query_page_runs_and_explains(pages, name, expected):
    status = re.search(r'id="status"[^>]*>([^<]*)<', pages["dom"][name]).group(1)
    assert re.search(expected, status), status
    assert "expected one of" not in status


def test_pages_browser_query_page_shows_labels_and_prefixed_names(pages):
    dom = pages["dom"]["query"]
    assert "Balochistan Liberation Army<small>actor:bla</small>" in dom
    assert 'id="csv"' in dom and _attr(dom, "csv", "hidden") is None


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_browser_screenshots_are_not_blank(pages, name):
    from matplotlib.image import imread

    pixels = imread(pages["png"][name])[..., :3]
    assert pixels.std() > 0.05  # a page that drew nothing is a flat colour


class _Chromium:
    """Headless Chromium driven over ``--remote-debugging-pipe``: real mouse input."""

    def __init__(self, url: str, size: str = "1400,900"):
        to_read, self._to_write = os.pipe()
        self._from_read, from_write = os.pipe()

        def wire():  # Chromium reads commands on fd 3 and writes replies on fd 4.
            a, b = os.dup2(to_read, 100), os.dup2(from_write, 101)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self._proc = subprocess.Popen(
            [CHROMIUM, *FLAGS[:-1], "--remote-debugging-pipe", f"--window-size={size}",
             f"--user-data-dir={self._profile.name}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_read)
        os.close(from_write)
        self._buffer, self._id, self._session = b"", 0, None
        target = self.send("Target.createTarget", url=url)["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def send(self, method: str, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._to_write, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_read, 1 << 16)
                assert chunk, "Chromium closed the pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply["error"]
                return reply.get("result", {})

    def js(self, expression: str):
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply["result"].get("value")

    def wait_drawn(self) -> None:
        for _ in range(200):
            if self.js("document.documentElement.getAttribute('data-kg-drawn')"):
                return
            time.sleep(0.05)
        raise AssertionError("the page never finished drawing")

    def box(self, selector: str) -> dict:
        return json.loads(self.js(f"JSON.stringify(document.querySelector({json.dumps(selector)}).getBoundingClientRect())"))  # fmt: skip

    def mouse(self, kind: str, x: float, y: float, **extra) -> None:
        pressed = 0 if kind in ("mouseReleased", "mouseWheel") else 1
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                  buttons=pressed, clickCount=1, **extra)  # fmt: skip

    def close(self) -> None:
        self._proc.kill()
        self._proc.wait()
        self._profile.cleanup()


@pytest.fixture(scope="module")
def live_page(pages):
    """The seeds viewer the screenshots were taken of."""
    return pages["files"]["viewer"]


@pytest.fixture
def live(live_page):
    """The seeds viewer open in a Chromium that takes mouse input."""
    browser = _Chromium(live_page)
    browser.wait_drawn()
    yield browser
    browser.close()


def _markers(browser) -> int:
    return int(browser.js("document.getElementById('kg-map').getAttribute('data-kg-markers')"))


def _shown(browser) -> int:
    return int(
        re.match(
            r"\D*(\d+) of", browser.js("document.getElementById('kg-status').textContent")
        ).group(1)
    )


@pytest.mark.parametrize("start,stop", [(0.55, 0.75), (0.9, 0.7)])  # either direction
def test_pages_browser_brush_drag_filters_map_and_network(live, start, stop):
    before, nodes = _markers(live), _shown(live)
    box = live.box("#kg-timeline")
    y = box["y"] + box["height"] * 0.6
    live.mouse("mousePressed", box["x"] + box["width"] * start, y)
    live.mouse("mouseMoved", box["x"] + box["width"] * stop, y)
    live.mouse("mouseReleased", box["x"] + box["width"] * stop, y)
    brush = live.js("document.getElementById('kg-timeline').getAttribute('data-kg-brush')")
    first, last = brush.split("/")
    assert first < last and live.js("document.getElementById('kg-from').value") == first
    assert 0 < _markers(live) < before and _shown(live) < nodes


def test_pages_browser_map_click_shows_details(live):
    # A marker that is one incident (a cluster's title counts its incidents) and that no
    # other marker covers at its centre, so the click lands on it.
    index = live.js(
        "Array.from(document.querySelectorAll('#kg-map .kg-marker'))"
        ".findIndex(function (m) { if (/incidents/.test(m.textContent)) return false;"
        " var r = m.getBoundingClientRect();"
        " var hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        " return hit !== null && m.contains(hit); })"
    )
    assert index >= 0
    box = live.box(f"#kg-map .kg-marker:nth-of-type({index + 1})")
    live.mouse("mousePressed", box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    live.mouse("mouseReleased", box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    title = live.js("document.querySelector('#kg-details .kg-card-title').textContent")
    label = live.js(f"document.querySelectorAll('#kg-map .kg-marker')[{index}].textContent")
    # An incident's title: its date at the precision known (or "Undated"), place and kind.
    assert title == label and re.match(r"(\d{4}(-\d{2}){0,2}|Undated) · ", title)


def test_pages_browser_zoom_labels_more_nodes(live):
    before = int(live.js("document.documentElement.getAttribute('data-kg-labels')"))
    box = live.box("#kg-network")
    for _ in range(4):
        live.mouse("mouseWheel", box["x"] + box["width"] / 2, box["y"] + box["height"] / 2,
                   deltaX=0, deltaY=-300)  # fmt: skip
    time.sleep(0.5)
    assert int(live.js("document.documentElement.getAttribute('data-kg-labels')")) > before


@pytest.mark.parametrize("query,header", [("attacks_by_group", "group,groupLabel,event,type")])
def test_pages_browser_query_page_downloads_csv(query_url, query, header):
    browser = _Chromium(query_url + f"#name={query}&group=actor:bla&run=1", size="1200,800")
    try:
        for _ in range(200):
            if browser.js("!document.getElementById('csv').hidden"):
                break
            time.sleep(0.05)
        text = browser.js("csv(lastResult)")  # what the Download CSV button saves
        assert text.startswith(header) and "https://w3id.org/conflict-kg/id/actor/bla" in text
    finally:
        browser.close()
