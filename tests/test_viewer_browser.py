"""The viewer in a real headless Chromium with the network blocked.

The hostile fixture graph is rendered, and every view of it is loaded in its own
headless Chromium (a DOM dump, or a screenshot), all started together. The page marks ``<html data-kg-drawn="N">`` once the layout has stabilised, and
``data-kg-errors`` on any script error, console error or CSP violation (a blocked fetch
or inline handler); a hostile label that ran would set ``data-pwned``.
"""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from graph_fixtures import HOSTILE_LABELS, hostile_graph

from kg.publish.analysis import to_networkx
from kg.publish.sources import graph_sources
from kg.publish.viewer import render_viewer

# Article d1, behind e1, as an outlet named with markup and a link that is a script.
HOSTILE_EVENT = "https://w3id.org/conflict-kg/id/event/e1"
HOSTILE_ARTICLE = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/conflict-kg/id/article/d1> a ckg:Article ; ckg:documentId "d1" ;
    dcterms:source "<img src=x onerror=\\"document.documentElement.setAttribute('data-pwned','outlet')\\">" ;
    schema:url "javascript:document.documentElement.setAttribute('data-pwned','url')" .
"""

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
    pytest.skip(
        "headless Chromium not found at /usr/bin/chromium (apt-get install -y chromium)",
        allow_module_level=True,
    )

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--hide-scrollbars", "--window-size=1280,800",
    # Every host resolves to nothing and every request goes to a closed port: offline.
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000",
]  # fmt: skip


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


class _Dom(HTMLParser):
    """The <html> attributes, every start tag, and the text under chosen ids."""

    WATCH = ("kg-details", "kg-status", "kg-search-result", "kg-map-note")

    def __init__(self):
        super().__init__()
        self.root, self.tags, self.text = {}, [], dict.fromkeys(self.WATCH, "")
        self.ids: dict[str, dict] = {}  # attributes of every element with an id
        self._open: list[tuple[str, int]] = []  # (watched id, depth inside it)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.root = attrs
        if attrs.get("id"):
            self.ids[attrs["id"]] = attrs
        self._open = [(i, d + 1) for i, d in self._open]
        if attrs.get("id") in self.WATCH:
            self._open.append((attrs["id"], 1))

    def handle_endtag(self, tag):
        self._open = [(i, d - 1) for i, d in self._open if d > 1]

    def handle_data(self, data):
        for watched, _ in self._open:
            self.text[watched] += data


# The views under test, each a page, a URL fragment and whether to screenshot it.
# 28 nodes in the hostile graph: 10 events (May 2024 holds e5 and e6) and 2 countries.
VIEWS = {
    "focus": ("focus", "", True),
    "may": ("full", "from=2024-05-01&to=2024-05-31&hide=Country&q=pakistan%20army", False),
    "baloch": ("full", "q=Baloch", False),
    "smuggled": ("smuggled", "", False),
    "june": ("full", "from=2024-06-01&to=2024-06-30", False),
    "perpetrators": ("full", "step=week&by=perpetrator", False),
    "source": ("sourced", "pick=" + HOSTILE_EVENT, False),
}


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    """Render the pages, then load every view in its own Chromium, all at once."""
    tmp = tmp_path_factory.mktemp("browser")
    G = to_networkx(hostile_graph())
    pages = {
        "focus": render_viewer(G, tmp / "focus.html", focus=HOSTILE_LABELS[0], depth=3),
        "full": render_viewer(G, tmp / "full.html"),
        "smuggled": render_viewer(G, tmp / "smuggled.html"),
        "sourced": render_viewer(
            G,
            tmp / "sourced.html",
            sources=graph_sources(hostile_graph().parse(data=HOSTILE_ARTICLE)),
        ),
    }
    # The error marker must be live: a remote image smuggled into a page has to trip it.
    html = pages["smuggled"].read_text()
    pages["smuggled"].write_text(
        html.replace("</body>", '<img src="https://example.org/x.png"></body>')
    )
    runs = {}
    for name, (page, fragment, shoot) in VIEWS.items():
        url = pages[page].as_uri() + (f"#{fragment}" if fragment else "")
        runs[name] = _chromium(url, tmp / f"profile-{name}", "--dump-dom")
        if shoot:
            runs[f"{name}.png"] = _chromium(
                url, tmp / f"profile-{name}-png", f"--screenshot={tmp / f'{name}.png'}"
            )
    results = {}
    for name, run in runs.items():
        out, log = run.communicate(timeout=180)
        dom = _Dom()
        dom.feed(out)
        results[name] = {"dom": dom, "log": log, "shot": tmp / name}
    return results


def test_viewer_browser_draws_the_network(views):
    # Within 3 hops of hostile0: its attack, Quetta, and Quetta's 6 other neighbours.
    dom = views["focus"]["dom"]
    assert dom.root.get("data-kg-drawn") == "9", dom.root
    assert dom.text["kg-status"].startswith("Drawn: 9 of 9 nodes shown")


@pytest.mark.parametrize("view", ["focus", "focus.png", "may", "baloch"])
def test_viewer_browser_reports_no_errors(views, view):
    assert "data-kg-errors" not in views[view]["dom"].root
    assert not re.findall(r"CONSOLE[^\n]*", views[view]["log"])


def test_viewer_browser_detects_a_blocked_fetch(views):
    assert views["smuggled"]["dom"].root.get("data-kg-errors")


def test_viewer_browser_hostile_label_is_text(views):
    dom = views["focus"]["dom"]
    assert "data-pwned" not in dom.root
    assert "img" not in dom.tags
    assert dom.text["kg-details"].startswith(HOSTILE_LABELS[0])


def _hue_pixels(pane, hue: float) -> int:
    """Saturated, bright pixels within 6 degrees of a hue: a class colour plain or selected."""
    from matplotlib.colors import rgb_to_hsv

    hsv = rgb_to_hsv(pane)
    off = abs(hsv[..., 0] * 360 - hue)
    return int(((np.minimum(off, 360 - off) < 6) & (hsv[..., 1] > 0.5) & (hsv[..., 2] > 0.5)).sum())


def test_viewer_browser_screenshot_shows_nodes(views):
    from matplotlib.image import imread

    # The network pane alone, between the class list and the map, above the timeline; the
    # legend's own dots and the timeline's bars would otherwise pass for drawn nodes.
    pane = imread(views["focus.png"]["shot"])[70:600, 285:830, :3]
    # The ArmedGroup dot (#d62728; selected, the focus node is drawn lighter with a dark
    # border) and the four Attack diamonds (#ff7f0e): each covers thousands of pixels.
    assert _hue_pixels(pane, 360) > 1000
    assert _hue_pixels(pane, 28) > 4000


@pytest.mark.parametrize(
    "view,shown,matches",
    [("may", 5, "1 match"),  # May's 2 events and the 3 nodes they link to
     ("baloch", 28, "2 matches")],  # BLA by its alias, Balochistan by its label
)  # fmt: skip
def test_viewer_browser_filters_and_search_from_link(views, view, shown, matches):
    dom = views[view]["dom"]
    assert dom.root.get("data-kg-drawn") == str(shown)
    assert dom.text["kg-search-result"] == matches


@pytest.mark.parametrize("view,markers,unlocated", [("baloch", 6, 4), ("june", 4, 0)])
def test_viewer_browser_map_places_incidents(views, view, markers, unlocated):
    # Quetta has coordinates (6 events there, 4 of them in June); Kech and Bannu have none.
    svg = views[view]["dom"].ids["kg-map"]
    assert (svg["data-kg-markers"], svg["data-kg-unlocated"]) == (str(markers), str(unlocated))
    assert views[view]["dom"].tags.count("path") > 100  # the borders


@pytest.mark.parametrize("view,brush", [("june", "2024-06-01/2024-06-30"), ("baloch", None)])
def test_viewer_browser_timeline_shows_the_period(views, view, brush):
    svg = views[view]["dom"].ids["kg-timeline"]
    assert svg.get("data-kg-brush") == brush and int(svg["data-kg-buckets"]) >= 4


@pytest.mark.parametrize("view", ["june", "baloch"])
def test_viewer_browser_period_hides_places_without_events(views, view):
    shown = int(views[view]["dom"].root["data-kg-drawn"])
    assert shown == {"june": 9, "baloch": 28}[view]  # June: 4 attacks, 4 actors, Quetta


def test_viewer_browser_source_link_and_outlet_stay_inert(views):
    dom = views["source"]["dom"]
    assert "data-pwned" not in dom.root and "data-kg-errors" not in dom.root
    assert "img" not in dom.tags and "a" not in dom.tags  # the script link is shown as text
    assert "onerror" in dom.text["kg-details"] and "javascript:" not in dom.text["kg-details"]


def test_viewer_browser_timeline_by_perpetrator_keeps_labels_as_text(views):
    dom = views["perpetrators"]["dom"]
    assert "data-pwned" not in dom.root and "img" not in dom.tags
    assert int(dom.ids["kg-timeline"]["data-kg-buckets"]) > 8  # weeks, not months
