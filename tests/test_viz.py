"""kg.viz: the page is offline, self-contained and inert whatever the labels say."""

import base64
import doctest
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import HOSTILE_LABELS, dataset, hostile_graph

import kg.publish.viewer
from kg.publish.analysis import UnknownNode, to_networkx
from kg.publish.viewer import json_for_html, neighbourhood, render_viewer

TEMPLATES = Path(kg.publish.viewer.__file__).parent / "templates"

# rdflib 7.6's own TriG parser and serializer call its deprecated API; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset:DeprecationWarning")


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._text = True, ""

    def handle_data(self, data):
        if self._in_script:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
            self.scripts.append((self.tags[-1][1] if self.tags else {}, self._text))


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _payload(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("viewer") / "graph.html"
    render_viewer(to_networkx(hostile_graph()), path, title=HOSTILE_LABELS[2])
    return path.read_text(encoding="utf-8")


def test_viz_doctests_run():
    assert doctest.testmod(kg.publish.viewer).failed == 0


def test_viz_page_loads_nothing_remote(hostile_page):
    for tag, attrs in _parse(hostile_page).tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or ""), (tag, attrs)
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag


@pytest.mark.parametrize("name", ["viewer.html", "viewer.js"])
def test_viz_template_never_writes_markup(name):
    text = (TEMPLATES / name).read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in text


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_viz_hostile_labels_stay_data(hostile_page, label):
    assert label not in hostile_page
    assert label in [item["label"] for item in _payload(hostile_page)["info"]]


def test_viz_hostile_labels_add_no_script_blocks(hostile_page):
    scripts = _parse(hostile_page).scripts
    own = len(kg.publish.viewer.page_scripts())
    assert [attrs for attrs, _ in scripts] == [
        {"type": "application/json", "id": "kg-data"},
        *[{}] * (1 + own),
    ]
    assert hostile_page.lower().count("</script") == 2 + own


def test_viz_csp_allows_exactly_the_page_scripts(hostile_page):
    csp = re.search(r'Content-Security-Policy" content="([^"]*)"', hostile_page).group(1)
    inline = [text for attrs, text in _parse(hostile_page).scripts if not attrs]
    hashes = [base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in inline]
    allowed = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert allowed == [f"'sha256-{h}'" for h in hashes]
    assert "default-src 'none'" in csp and "unsafe-inline" not in allowed


@pytest.mark.parametrize(
    "text", ["</script><script>alert(1)</script>", "a\u2028b\u2029c", "x & y <!--"]
)
def test_vizjson_for_html_is_inert_and_lossless(text):
    out = json_for_html({"label": text})
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"label": text}


def test_viz_writes_only_the_target(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pyvis's own writer would drop lib/ here
    render_viewer(to_networkx(dataset()), tmp_path / "out" / "view.html")
    assert [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*"))] == [
        "out", "out/view.html"
    ]  # fmt: skip


@pytest.mark.parametrize("max_nodes,shown", [(10, 10), (2000, 50)])
def test_viz_large_graph_is_cut_with_a_note(tmp_path, max_nodes, shown):
    G = nx.MultiDiGraph(nx.barabasi_albert_graph(50, 2, seed=1))
    nx.set_node_attributes(G, "Actor", "group")
    page = render_viewer(G, tmp_path / "v.html", max_nodes=max_nodes).read_text()
    payload = _payload(page)
    assert len(payload["nodes"]) == shown
    assert bool(payload["notes"]) == (shown < 50)


@pytest.mark.parametrize("name,depth,count", [("BLA", 1, 7), ("bras", 1, 2), ("BRAS", 2, 7)])
def test_viz_neighbourhood(name, depth, count):
    assert len(neighbourhood(to_networkx(dataset()), name, depth)) == count


def test_viz_focus_draws_neighbourhood_and_selects_it(tmp_path):
    page = render_viewer(to_networkx(dataset()), tmp_path / "v.html", focus="BLA", depth=1)
    payload = _payload(page.read_text())
    assert len(payload["nodes"]) == 7 and "within 1 hops" in payload["notes"][0]
    assert payload["info"][payload["focus"]]["label"] == "BLA"


@pytest.mark.parametrize("focus", [HOSTILE_LABELS[0], None], ids=["focus", "whole"])
def test_viz_page_is_the_same_in_two_processes(tmp_path, focus):
    """A neighbourhood's node order follows Python's string hashing; the page must not."""
    import os
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    script = (
        "import sys; from pathlib import Path; from graph_fixtures import hostile_graph;"
        "from kg.publish.analysis import to_networkx; from kg.publish.viewer import render_viewer;"
        f"render_viewer(to_networkx(hostile_graph()), Path(sys.argv[1]), focus={focus!r}, depth=3)"
    )
    pages = []
    for hash_seed in ("1", "2"):
        page = tmp_path / f"{hash_seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed,
               "PYTHONPATH": os.pathsep.join([str(tests.parent), str(tests)])}  # fmt: skip
        subprocess.run([sys.executable, "-c", script, str(page)], check=True, env=env)
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]


def test_viz_unknown_focus_raises(tmp_path):
    with pytest.raises(UnknownNode):
        render_viewer(to_networkx(dataset()), tmp_path / "v.html", focus="nobody")
    assert not list(tmp_path.iterdir())


def test_viz_empty_graph_renders(tmp_path):
    payload = _payload(render_viewer(nx.MultiDiGraph(), tmp_path / "v.html").read_text())
    assert (payload["nodes"], payload["edges"], payload["notes"]) == ([], [], [])


@pytest.mark.parametrize("focus,depth", [("BLA", 1), (None, 2)])
def test_viz_map_incidents_are_those_of_the_view(tmp_path, focus, depth):
    G = to_networkx(dataset())
    payload = _payload(render_viewer(G, tmp_path / "v.html", focus=focus, depth=depth).read_text())
    drawn = {n["id"] for n in payload["nodes"]}
    events = sum(1 for _, d in G.nodes(data=True) if d["group"] == "Event")
    mapped = {i["id"] for i in payload["incidents"]}
    assert mapped <= drawn and (focus is not None or len(mapped) == events)
