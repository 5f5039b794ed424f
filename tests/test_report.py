"""kg.publish.report, incidents, sources and layout: what the viewer and the brief read."""

import networkx as nx
import pytest
from click.testing import CliRunner
from graph_fixtures import PREFIXES, dataset, fused_graph
from rdflib import Dataset

from kg.publish.analysis import to_networkx
from kg.publish.incidents import incidents
from kg.publish.layout import EXACT_LIMIT, layout_positions
from kg.publish.report import build_brief, write_report
from kg.publish.sources import graph_sources, safe_url

pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset:DeprecationWarning")

# e1 as two articles told it: 5 killed (Dawn, with a link), 7 killed (an outlet whose
# "link" is a script).
CLAIMS = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
article:d1 dcterms:source "Dawn" ; dcterms:issued "2024-03-13"^^xsd:date ;
    schema:url "https://www.dawn.com/news/1" .
article:d2 a ckg:Article ; ckg:documentId "d2" ; dcterms:source "Evil Times" ;
    schema:url "javascript:alert(1)" .
event:e1 ckg:hasClaim report:d2_0 .
graph:d1 { report:d1_0 ckg:reportedIn article:d1 ; ckg:fatalities 5 .
           article:d1 ckg:documentId "d1" . }
graph:d2 { report:d2_0 ckg:reportedIn article:d2 ; ckg:fatalities 7 ; ckg:injured 12 .
           article:d2 ckg:documentId "d2" . }
"""


@pytest.fixture(scope="module")
def claimed():
    ds = dataset()
    ds.parse(data=PREFIXES + CLAIMS, format="trig")
    return ds


@pytest.fixture(scope="module")
def network(claimed):
    return to_networkx(claimed)


def _e1(network):
    return next(n for n in network if n.endswith("/e1"))


@pytest.mark.parametrize("doc,outlet,url", [("d1", "Dawn", "https://www.dawn.com/news/1"),
                                            ("d2", "Evil Times", None)])  # fmt: skip
def test_sources_cite_outlet_and_only_web_links(claimed, doc, outlet, url):
    article = graph_sources(claimed).articles[doc]
    assert (article.outlet, article.url) == (outlet, url)


def test_sources_keep_each_claim_side_by_side(claimed, network):
    sources = graph_sources(claimed)
    claims = sources.conflicting(_e1(network))
    assert sorted((c.doc, c.fatalities, c.injured) for c in claims) == [
        ("d1", 5, None),
        ("d2", 7, 12),
    ]


@pytest.mark.parametrize(
    "url,safe",
    [("https://a.org/x", True), ("http://a.org", True), ("javascript:alert(1)", False),
     ("data:text/html,x", False), (" JAVASCRIPT:x", False), ("https://a.org/ x", False)],
)  # fmt: skip
def test_sources_safe_url(url, safe):
    assert (safe_url(url) is not None) is safe


@pytest.mark.parametrize(
    "event,label,admin1,located",
    [("e1", "2024-03-12 · Quetta · Suicide bombing", "Balochistan", True),
     ("e3", "2024-04-02 · Bannu · Attack", "Khyber Pakhtunkhwa", False)],
)  # fmt: skip
def test_incidents_label_province_and_coordinates(network, event, label, admin1, located):
    row = next(i for i in incidents(network) if i.id.endswith("/" + event))
    assert (row.label, row.admin1, row.lat is not None) == (label, admin1, located)


@pytest.mark.parametrize("n", [5, EXACT_LIMIT + 50])
def test_layout_places_every_node_apart(n):
    G = nx.path_graph(n)
    G.add_node("alone")
    pos = layout_positions(G)
    assert set(pos) == set(G) and len(set(pos.values())) == len(G)


@pytest.mark.parametrize(
    "start,end,admin1,count",
    [(None, None, None, 6), ("2024-04-01", "2024-04-30", None, 2),
     (None, None, "balochistan", 5), ("2024-05-01", None, "Khyber Pakhtunkhwa", 0)],
)  # fmt: skip
def test_report_selects_period_and_province(network, start, end, admin1, count):
    assert len(build_brief(network, start=start, end=end, admin1=admin1).incidents) == count


def test_report_counts_actors_and_conflicts(claimed, network):
    brief = build_brief(network, graph_sources(claimed))
    assert brief.actors[0][:2] == ("BLA", 4)
    assert [i.id for i, _ in brief.conflicts] == [_e1(network)]


@pytest.mark.parametrize("fmt,expected", [("html", "<a href=\"https://www.dawn.com/news/1\""),
                                          ("md", "| Dawn | 2024-03-13 | 5 | – |")])  # fmt: skip
def test_report_writes_sources_and_claims(claimed, network, tmp_path, fmt, expected):
    brief = build_brief(network, graph_sources(claimed))
    text = write_report(brief, tmp_path / f"report.{fmt}", fmt).read_text()
    assert expected in text and "javascript:" not in text


@pytest.mark.parametrize("label", ["<img src=x onerror=alert(1)>", "a | b"])
def test_report_escapes_labels(tmp_path, label):
    extra = f'actor:bla rdfs:label "{label}" .'
    G = to_networkx(fused_graph(extra))
    brief = build_brief(G)
    html = write_report(brief, tmp_path / "r.html", "html").read_text()
    md = write_report(brief, tmp_path / "r.md", "md").read_text()
    assert "<img" not in html and "<img" not in md and "a | b |" not in md


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_command_writes_the_brief(seeds_out, tmp_path, fmt):
    from kg.cli import cli

    target = tmp_path / f"brief.{fmt}"
    args = ["report", "--out", str(seeds_out), "--from", "2024-01-01", "--to", "2024-12-31",
            "--admin1", "Balochistan", "--format", fmt, "--output", str(target)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Balochistan Liberation Army" in target.read_text()


def test_report_command_without_a_store_says_so(tmp_path):
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "none")])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_report_dataset_without_claims_has_none():
    assert graph_sources(Dataset()).claims == {}
