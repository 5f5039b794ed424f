"""The viewer, the report and the query page of `kg serve` on the seeds graph, in headless Chromium.

Each page is loaded once for its DOM and once for a screenshot. With ``KG_SCREENSHOTS=1``
the screenshots are also written to ``docs/screenshots/``, which the README shows.
"""

import os
import re
import shutil
import subprocess
import threading
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
def pages(seeds_out, tmp_path_factory):
    """Every page rendered from the seeds graph, dumped and screenshot, all at once."""
    from kg.publish.analysis import store_network
    from kg.publish.report import build_brief, write_report
    from kg.publish.sources import store_sources
    from kg.publish.viewer import render_viewer
    from kg.serve import make_server
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
    server = make_server(seeds_out, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    files["query"] = server.url.replace("/sparql", "/")
    runs = {}
    for name, (page, fragment, size) in PAGES.items():
        url = files[page] + ("#" + fragment.replace("DETAILS", conflicted) if fragment else "")
        runs[name] = _run(url, tmp / f"p-{name}", size, "--dump-dom")
        runs[name + ".png"] = _run(url, tmp / f"s-{name}", size, f"--screenshot={tmp / name}.png")
    out = {name: run.communicate(timeout=180)[0] for name, run in runs.items()}
    server.shutdown()
    server.server_close()
    if os.environ.get("KG_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for name in PAGES:
            shutil.copyfile(tmp / f"{name}.png", DOCS / f"{name}.png")
    return {"dom": out, "png": {name: tmp / f"{name}.png" for name in PAGES}}


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
