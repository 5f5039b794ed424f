"""Export files: every format parses back, the tables follow ACLED, writes are atomic."""

from __future__ import annotations

import csv
import json
import pickle
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.core.errors import KgError
from kg.publish.export import (
    DEFAULT_FORMATS,
    EVENT_COLUMNS,
    UnknownFormat,
    available_formats,
    export,
    register,
    safe_cell,
    unregister,
    xml_safe,
)
from kg.store.embedded import open_store

ID = "https://w3id.org/conflict-kg/id/"

PREFIXES = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix id: <https://w3id.org/conflict-kg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# The fused default graph: three events. e1: two sources, a city; e2: no perpetrator,
# month precision, a district without coordinates; e3: sources disagree on the day.
FUSED = """
id:place\\/pk a ckg:Country, ckg:Place ; rdfs:label "Pakistan" ; wgs:lat 30.0 ; wgs:long 70.0 .
id:place\\/ba a ckg:Province, ckg:Place ; rdfs:label "Balochistan" ; ckg:partOf id:place\\/pk ;
    wgs:lat 28.5 ; wgs:long 65.5 .
id:place\\/kech a ckg:District, ckg:Place ; rdfs:label "Kech" ; ckg:partOf id:place\\/ba .
id:place\\/turbat a ckg:City, ckg:Place ; rdfs:label "Turbat" ; ckg:partOf id:place\\/kech ;
    wgs:lat 26.0 ; wgs:long 63.05 .
id:actor\\/bla a ckg:ArmedGroup, ckg:Actor ; rdfs:label "BLA" ;
    skos:altLabel "BLA", "Baloch Liberation Army" ; owl:sameAs <http://www.wikidata.org/entity/Q810176> ;
    ckg:memberOf id:actor\\/bras ; ckg:reportedIn id:article\\/d1 .
id:actor\\/bras a ckg:ArmedGroup, ckg:Actor ; rdfs:label "BRAS" .
id:actor\\/fc a ckg:StateForce, ckg:Actor ; rdfs:label "Frontier Corps" .
id:actor\\/evil a ckg:Organization, ckg:Actor ; rdfs:label "=HYPERLINK(\\"http://x\\")" ; wgs:lat -1.5 ; wgs:long -66.99 .
id:project\\/cpec a ckg:Project ; rdfs:label "CPEC" .
id:article\\/d1 a ckg:Article ; ckg:documentId "d1" ; dcterms:source "Dawn" ; dcterms:issued "2025-01-13"^^xsd:date .
id:article\\/d2 a ckg:Article ; ckg:documentId "d2" ; dcterms:source "The News" ; dcterms:issued "2025-01-12"^^xsd:date .
id:evidence\\/d1\\/0-40 ckg:sentence "Late sentence." ; ckg:charStart 0 ; ckg:reportedIn id:article\\/d1 .
id:evidence\\/d2\\/90-130 ckg:sentence "Earliest sentence." ; ckg:charStart 90 ; ckg:reportedIn id:article\\/d2 .

id:event\\/e1 a ckg:Ambush, ckg:Attack, ckg:Event ; ckg:date "2025-01-11"^^xsd:date ;
    ckg:acledEventType "Battles" ; ckg:acledSubEventType "Armed clash" ;
    ckg:location id:place\\/turbat ; ckg:perpetrator id:actor\\/bla ; ckg:target id:project\\/cpec, id:actor\\/fc ;
    ckg:fatalities 4 ; ckg:fatalitiesMax 6 ; ckg:confidence 0.9 ;
    ckg:hasClaim id:report\\/d1\\/0, id:report\\/d2\\/0 ;
    ckg:hasEvidence id:evidence\\/d1\\/0-40, id:evidence\\/d2\\/90-130 ;
    ckg:reportedIn id:article\\/d1, id:article\\/d2 .
id:event\\/e2 a ckg:SuicideBombing, ckg:Bombing, ckg:Event ; ckg:date "2024-12"^^xsd:gYearMonth ;
    ckg:location id:place\\/kech ; ckg:evidence "A bomber struck in Kech." ; ckg:reportedIn id:article\\/d1 .
id:event\\/e3 a ckg:Clash, ckg:Event ; ckg:date "2025-01-02"^^xsd:date, "2025-01-03"^^xsd:date ;
    ckg:conflictingClaim "date" ; ckg:location id:place\\/ba ; ckg:perpetrator id:actor\\/fc .
id:place\\/tump-tehsil a ckg:Site, ckg:Place ; rdfs:label "Tump Tehsil" ; ckg:partOf id:place\\/kech .
id:place\\/tump a ckg:City, ckg:Place ; rdfs:label "Tump" ; ckg:partOf id:place\\/tump-tehsil ;
    wgs:lat 26.1 ; wgs:long 62.37 .
id:actor\\/villagers a ckg:CivilianGroup, ckg:Actor ; rdfs:label "villagers" .
id:event\\/e4 a ckg:Bombing, ckg:Event ; ckg:date "2023"^^xsd:gYear ; ckg:location id:place\\/tump ;
    ckg:acledEventType "Explosions/Remote violence" ; ckg:acledSubEventType "Remote explosive/landmine/IED" ;
    ckg:perpetrator id:actor\\/bla, id:actor\\/bras ; ckg:perpetratorBasis "claimed" ;
    ckg:target id:actor\\/villagers, id:actor\\/fc ;
    ckg:fatalitiesMin 2 ; ckg:fatalities 5 ; ckg:fatalitiesMax 7 .
"""
# What each article's own named graph holds.
ARTICLES = {
    "d1": """
id:report\\/d1\\/0 a ckg:Ambush ; ckg:perpetrator id:actor\\/bla ; ckg:location id:place\\/turbat .
id:statement\\/d1\\/0 a rdf:Statement ; rdf:subject id:actor\\/bla ; rdf:predicate ckg:memberOf ;
    rdf:object id:actor\\/bras .
id:article\\/d1 ckg:documentId "d1" ; ckg:contentHash "h1" .
""",
    "d2": """
id:report\\/d2\\/0 a ckg:Ambush ; ckg:perpetrator id:actor\\/bla .
id:article\\/d2 ckg:documentId "d2" ; ckg:contentHash "h2" .
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store holding FUSED and ARTICLES, exported in every default format: (folder, files, store)."""
    out = tmp_path_factory.mktemp("export")
    with open_store(out) as store:
        store.replace_default_graph(Graph().parse(data=PREFIXES + FUSED, format="turtle"))
        for doc, turtle in ARTICLES.items():
            store.replace_document(doc, Graph().parse(data=PREFIXES + turtle, format="turtle"))
        files = export(store, out)
        yield out, files, store


def _table(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _row(rows: list[dict], key: str, value: str) -> dict:
    return next(row for row in rows if row[key] == value)


@pytest.mark.parametrize(
    "name,fmt,dataset",
    [("ttl", ox.RdfFormat.TURTLE, False), ("nt", ox.RdfFormat.N_TRIPLES, False),
     ("nq", ox.RdfFormat.N_QUADS, True), ("trig", ox.RdfFormat.TRIG, True)],
)  # fmt: skip
def test_export_rdf_files_parse_back_strictly(built, name, fmt, dataset):
    _out, files, store = built
    quads = list(ox.parse(path=files[name], format=fmt))  # strict: no lenient parsing
    assert len(quads) == (store.quad_count() if dataset else store.triple_count())


@pytest.mark.parametrize(
    "name,fmt", [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("trig", ox.RdfFormat.TRIG),
                 ("jsonld", ox.RdfFormat.JSON_LD)],
)  # fmt: skip
def test_export_files_converted_from_nquads_equal_the_stores_own(built, tmp_path, name, fmt):
    """With graph.nq in the same export the other files are converted from it; nothing changes."""
    _out, files, store = built
    alone = export(store, tmp_path, formats=[name])[name]
    assert {str(q) for q in ox.parse(path=files[name], format=fmt)} == {
        str(q) for q in ox.parse(path=alone, format=fmt)
    }


@pytest.mark.parametrize("name", ["jsonld"])
def test_export_jsonld_holds_every_graph(built, name):
    _out, files, _store = built
    document = json.loads(files[name].read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict) and "@graph" in document
    quads = {str(q) for q in ox.parse(path=files[name], format=ox.RdfFormat.JSON_LD)}
    assert quads == {str(q) for q in ox.parse(path=files["nq"], format=ox.RdfFormat.N_QUADS)}


@pytest.mark.parametrize(
    "event,key,value",
    [("id:event/e1", "fatalities", 4), ("id:event/e1", "@type", ["Ambush", "Attack", "Event"]),
     ("id:event/e1", "perpetrator", "id:actor/bla"), ("id:event/e1", "confidence", "0.9"),
     ("id:event/e2", "date", {"@value": "2024-12", "@type": "xsd:gYearMonth"})],
)  # fmt: skip
def test_export_jsonld_is_compact_with_json_values(built, event, key, value):
    _out, files, _store = built
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    node = next(n for n in document["@graph"] if n["@id"] == event)
    assert node[key] == value


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("frame_type,expected", [("Event", 4), ("Ambush", 1)])
def test_export_jsonld_frames_in_pyld(built, frame_type, expected):
    jsonld = pytest.importorskip("pyld.jsonld")
    from kg.core.resources import context_file

    _out, files, _store = built
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    framed = jsonld.frame(document, {"@context": context, "@type": frame_type})
    found = [n for n in framed["@graph"] if n["@id"].startswith("id:event/")]
    assert len(found) == expected


@pytest.mark.parametrize("kind", ["Class", "ObjectProperty", "DatatypeProperty"])
def test_export_jsonld_context_names_every_ontology_term(kind):
    from rdflib import OWL, RDF

    from kg.core.resources import context_file, ontology_file

    ontology = Graph().parse(ontology_file())
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    ckg = "https://w3id.org/conflict-kg/ontology#"
    names = {
        str(s)[len(ckg) :] for s in ontology.subjects(RDF.type, OWL[kind]) if str(s).startswith(ckg)
    }
    assert names and all(
        (context[n] if isinstance(context[n], str) else context[n]["@id"]) == f"ckg:{n}"
        for n in names
        if n in context
    )
    assert names <= set(context)


@pytest.mark.parametrize("name,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_network_files_read_back(built, name, read):
    _out, files, _store = built
    graph = read(files[name])
    labels = {data.get("label") for _, data in graph.nodes(data=True)}
    assert {"BLA", "Turbat", "CPEC"} <= labels
    assert graph.number_of_edges() > 0


@pytest.mark.parametrize(
    "value,expected",
    [("bad\x00\x1b\ufffechars", "badchars"), (["a", "b"], "a; b"), (None, None)],
)
@pytest.mark.parametrize(
    "write,read", [(nx.write_graphml, nx.read_graphml), (nx.write_gexf, nx.read_gexf)]
)
def test_export_xml_safe_cleans_attributes(tmp_path, value, expected, write, read):
    graph = nx.MultiDiGraph()
    graph.add_node("n\x01", note=value, score=1)
    graph.add_node("m", note="plain", score=2.5)  # mixed int/float becomes float
    graph.add_edge("n\x01", "m", key="rel", type="not-a-gexf-type", weight="heavy")
    path = tmp_path / "g.xml"
    write(xml_safe(graph, gexf=write is nx.write_gexf), path)
    back = read(path)
    assert back.nodes["n"].get("note") == expected and back.nodes["n"]["score"] == 1.0


def test_export_events_header_is_the_design_columns(built):
    _out, files, _store = built
    with open(files["events"], newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == EVENT_COLUMNS == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
        "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
        "notes", "fatalities", "tags", "timestamp",
        "ckg_type", "fatalities_min", "fatalities_max", "sources", "confidence", "iri",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "event,expected",
    [
        ("e1", {"event_id_cnty": "PAKe1", "year": "2025", "disorder_type": "Political violence",
                "actor1": "BLA", "assoc_actor_1": "", "inter1": "Rebel group", "actor2": "Frontier Corps",
                "inter2": "State forces", "interaction": "12", "civilian_targeting": "",
                "iso": "586", "region": "Southern Asia", "country": "Pakistan", "admin1": "Balochistan",
                "admin2": "Kech", "location": "Turbat", "latitude": "26.0", "geo_precision": "1",
                "time_precision": "1", "fatalities": "4", "fatalities_min": "4", "fatalities_max": "6",
                "ckg_type": "Ambush", "source": "Dawn; The News", "sources": "d1;d2",
                "notes": "Earliest sentence.", "event_type": "Battles", "confidence": "0.9",
                "timestamp": "1736726400", "tags": ""}),
        ("e2", {"actor1": "Unidentified Armed Group (Pakistan)", "inter1": "Political militia",
                "interaction": "30", "actor2": "", "admin2": "Kech", "latitude": "28.5",
                "geo_precision": "3", "time_precision": "3", "event_date": "2024-12-15",
                "ckg_type": "SuicideBombing", "notes": "A bomber struck in Kech.", "fatalities": "0",
                "fatalities_min": "", "fatalities_max": ""}),
        ("e3", {"time_precision": "2", "event_date": "2025-01-02", "inter1": "State forces",
                "interaction": "10", "admin1": "Balochistan", "admin2": "", "geo_precision": "3"}),
        ("e4", {"event_date": "2023-07-01", "year": "2023", "time_precision": "3", "actor1": "BLA",
                "assoc_actor_1": "BRAS", "actor2": "Frontier Corps", "assoc_actor_2": "villagers",
                "inter2": "State forces", "interaction": "12", "civilian_targeting": "Civilian targeting",
                "admin2": "Kech", "admin3": "Tump Tehsil", "location": "Tump",
                "tags": "claimed by BLA", "fatalities": "5", "fatalities_min": "2",
                "fatalities_max": "7", "disorder_type": "Political violence"}),
    ],
)  # fmt: skip
def test_export_events_rows_follow_acled(built, event, expected):
    _out, files, _store = built
    row = _row(_table(files["events"]), "iri", ID + "event/" + event)
    assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize("epoch", ["1700000000"])
def test_export_events_timestamp_follows_source_date_epoch(built, tmp_path, monkeypatch, epoch):
    _out, _files, store = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    rows = _table(export(store, tmp_path, formats=["csv"])["events"])
    assert {row["timestamp"] for row in rows} == {epoch}


@pytest.mark.parametrize("group_by", [["admin1", "month"]])
def test_export_events_csv_loads_in_pandas(seeds_out, group_by):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(seeds_out / "events.csv", keep_default_na=False)
    frame["event_date"] = pd.to_datetime(frame["event_date"], format="%Y-%m-%d")
    frame["month"] = frame["event_date"].dt.to_period("M")
    counts = frame.groupby(group_by).size()
    assert len(frame) > 0 and counts.sum() == len(frame)
    assert frame["fatalities"].dtype.kind == "i" and frame["year"].dtype.kind == "i"


@pytest.mark.parametrize(
    "iri,expected",
    [
        ("actor/bla", {"label": "BLA", "type": "ArmedGroup", "wikidata": "Q810176",
                       "mentions": "BLA;Baloch Liberation Army", "sources": "d1"}),
        ("place/turbat", {"type": "City", "latitude": "26.0", "longitude": "63.05"}),
    ],
)  # fmt: skip
def test_export_entities_rows(built, iri, expected):
    _out, files, _store = built
    row = _row(_table(files["entities"]), "id", ID + iri)
    assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    "source,relation,target,count",
    [("event/e1", "perpetrator", "actor/bla", "2"), ("event/e1", "location", "place/turbat", "1"),
     ("actor/bla", "memberOf", "actor/bras", "1"), ("place/kech", "partOf", "place/ba", "0")],
)  # fmt: skip
def test_export_edges_count_their_evidence(built, source, relation, target, count):
    _out, files, _store = built
    rows = _table(files["edges"])
    row = next(
        r
        for r in rows
        if (r["source"], r["relation"], r["target"]) == (ID + source, relation, ID + target)
    )
    assert row["evidence_count"] == count


@pytest.mark.parametrize(
    "value,expected",
    [("=1+2", "'=1+2"), ("+92 300", "'+92 300"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("-66.99", "-66.99"), ("-5", "-5"), ("Quetta", "Quetta")],
)  # fmt: skip
def test_export_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


def test_export_csv_injection_neutralised_in_file(built):
    _out, files, _store = built
    row = _row(_table(files["entities"]), "id", ID + "actor/evil")
    assert row["label"] == '\'=HYPERLINK("http://x")'
    assert (row["latitude"], row["longitude"]) == ("-1.5", "-66.99")


class _FailingStore:
    """Writes half a file, then fails, like a disk filling up mid-export."""

    def __init__(self, store):
        self.store = store

    def dump(self, path, fmt):
        Path(path).write_text("@prefix broken", encoding="utf-8")
        raise OSError("disk full")


@pytest.mark.parametrize("name,file", [("ttl", "graph.ttl"), ("trig", "graph.trig")])
def test_export_failed_writer_leaves_old_file(built, name, file):
    out, _files, store = built
    before = (out / file).read_bytes()
    with pytest.raises(OSError, match="disk full"):
        export(_FailingStore(store), out, formats=[name])
    assert (out / file).read_bytes() == before
    assert not list(out.glob(f".{file}.*"))  # no temporary file left behind


@pytest.mark.parametrize("prepare", [False, True])
def test_export_rdf_files_from_a_second_process_are_the_same_bytes(
    built, tmp_path, monkeypatch, prepare
):
    import os

    from kg.publish.export import start_rdf_files

    out, files, store = built
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert start_rdf_files(store, tmp_path) is None  # a small graph: written here
    pending = start_rdf_files(store, tmp_path, prepare=prepare, min_quads=0)
    assert pending is not None and pending.formats == ["ttl", "nt", "nq", "trig", "jsonld"]
    again = export(store, tmp_path, rdf_files=pending)
    assert list(again) == list(files)
    for name, path in files.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    assert not list(tmp_path.glob(".*"))  # no scratch file left


def test_export_rdf_file_failing_in_a_second_process_is_reported_as_here(
    built, tmp_path, monkeypatch
):
    import os

    from kg.publish.export import start_rdf_files
    from kg.publish.formats.base import ExportError

    _out, _files, store = built
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    errors = []
    for folder in ("here", "there"):
        (tmp_path / folder / "graph.nt").mkdir(parents=True)  # no file can replace a folder
        pending = start_rdf_files(
            store, tmp_path / folder, ["nt"], min_quads=0 if folder == "there" else 1 << 60
        )
        with pytest.raises(KgError) as caught:
            export(store, tmp_path / folder, ["nt"], rdf_files=pending)
        errors.append((type(caught.value), str(caught.value).replace(folder, "")))
    assert errors[0] == errors[1]
    copy = pickle.loads(pickle.dumps(ExportError("graph.nt", "disk full", 28)))
    assert (copy.filename, copy.strerror, copy.errno) == ("graph.nt", "disk full", 28)


@pytest.mark.parametrize("formats", [["ttl", "xlsx"], ["shp"]])
def test_export_unknown_format_names_available_and_writes_nothing(tmp_path, formats):
    with pytest.raises(UnknownFormat, match="available: .*csv.*ttl"):
        export(object(), tmp_path, formats=formats)
    assert not list(tmp_path.iterdir())


def test_export_registered_writer_is_used(tmp_path):
    register("count", lambda store, out: {"count": out / "count.txt"})
    try:
        assert export(None, tmp_path, formats=["count"]) == {"count": tmp_path / "count.txt"}
    finally:
        unregister("count")


def test_export_every_builtin_format_is_tested():
    tested = {
        "ttl",
        "nt",
        "nq",
        "trig",
        "jsonld",
        "graphml",
        "gexf",
        "cyjs",
        "csv",
        "geojson",
        "neo4j",
    }
    assert set(DEFAULT_FORMATS) == set(available_formats()) == tested


GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


@pytest.mark.parametrize("kind", ["Ambush", "ArmedGroup", "City"])
def test_export_gexf_colours_sizes_and_dates_for_gephi(built, kind):
    from xml.etree import ElementTree

    from kg.publish.viewer import TYPE_STYLE

    _out, files, _store = built
    root = ElementTree.parse(files["gexf"]).getroot()
    graph = root.find(f"{GEXF}graph")
    assert root.tag == f"{GEXF}gexf" and graph.get("timeformat") == "date"
    expected = TYPE_STYLE[kind][1]
    for node in graph.iter(f"{GEXF}node"):
        rgb = node.find(f"{VIZ}color").attrib
        assert node.find(f"{VIZ}size") is not None
        values = {a.get("for"): a.get("value") for a in node.iter(f"{GEXF}attvalue")}
        if values.get("type") == kind:
            assert "#" + "".join(f"{int(rgb[c]):02x}" for c in "rgb") == expected.lower()
        if values.get("group") == "Event" and "date" in values:
            assert node.get("start") <= node.get("end")
    assert "networkx_key" not in files["gexf"].read_text(encoding="utf-8")


@pytest.mark.parametrize("name,read", [("gexf", lambda p: nx.read_gexf(p, version="1.3")),
                                       ("graphml", nx.read_graphml)])  # fmt: skip
def test_export_network_files_keep_dates_and_evidence(built, name, read):
    _out, files, _store = built
    graph = read(files[name])
    by_label = {data.get("label"): data for _, data in graph.nodes(data=True)}
    assert by_label["BLA"]["type"] == "ArmedGroup"
    assert any(data.get("date") == "2024-12" for data in by_label.values())


@pytest.mark.parametrize("name", ["cyjs"])
def test_export_cytoscape_json_reads_in_networkx(built, name):
    _out, files, _store = built
    document = json.loads(files[name].read_text(encoding="utf-8"))
    graph = nx.cytoscape_graph(document)
    assert {"BLA", "Turbat"} <= {data["name"] for _, data in graph.nodes(data=True)}
    assert graph.number_of_edges() == len(document["elements"]["edges"]) > 0


@pytest.mark.parametrize("formats", [["graphml", "gexf", "cyjs", "csv"]])
def test_export_network_and_tables_are_byte_identical_across_exports(built, tmp_path, formats):
    _out, _files, store = built
    first = export(store, tmp_path / "a", formats=formats)
    second = export(store, tmp_path / "b", formats=formats)
    assert {k: p.read_bytes() for k, p in first.items()} == {
        k: p.read_bytes() for k, p in second.items()
    }


@pytest.mark.parametrize(
    "files", [("graph.graphml", "graph.gexf", "graph.cyjs", "graph.html", "events.csv")]
)
def test_export_builds_in_two_processes_write_the_same_bytes(tmp_path, files):
    """Python's string hashing differs between processes; the files must not."""
    import os
    import subprocess
    import sys

    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_6c959af80028444d.txt"
    root = Path(__file__).resolve().parent.parent
    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-c", "from kg.cli import cli; cli()", "build", str(seed), "--out", str(out)],
                       check=True, env=env, capture_output=True)  # fmt: skip
        outs.append(out)
    for name in files:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


@pytest.mark.parametrize("event,lon_lat", [("e1", [63.05, 26.0]), ("e4", [62.37, 26.1])])
def test_export_geojson_is_rfc7946_with_lon_lat(built, event, lon_lat):
    _out, files, _store = built
    collection = json.loads(files["geojson"].read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    by_id = {f["id"]: f for f in collection["features"]}
    assert len(by_id) == 4  # every fused event
    feature = by_id[ID + "event/" + event]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert feature["geometry"]["coordinates"] == lon_lat
    assert {"date", "type", "fatalities", "location", "perpetrator", "iri"} <= set(
        feature["properties"]
    )


@pytest.mark.parametrize("library", ["geojson", "shapely"])
def test_export_geojson_loads_in_gis_libraries(built, library):
    _out, files, _store = built
    text = files["geojson"].read_text(encoding="utf-8")
    if library == "geojson":
        geojson = pytest.importorskip("geojson")
        assert geojson.loads(text).is_valid
    else:
        shapely_geometry = pytest.importorskip("shapely.geometry")
        points = [
            shapely_geometry.shape(f["geometry"])
            for f in json.loads(text)["features"]
            if f["geometry"]
        ]
        assert points and all(
            p.is_valid and -180 <= p.x <= 180 and -90 <= p.y <= 90 for p in points
        )


_NEO4J_HEADER = re.compile(
    r"^(:ID|:LABEL|:START_ID|:END_ID|:TYPE|id:ID|[a-z_]+(:(int|float|string\[\]))?)$"
)


@pytest.mark.parametrize("name", ["neo4j_nodes", "neo4j_relationships"])
def test_export_neo4j_headers_follow_neo4j_admin(built, name):
    _out, files, _store = built
    with open(files[name], newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert all(_NEO4J_HEADER.match(column) for column in header), header
    assert {"id:ID", ":LABEL", "fatalities:int", "lat:float"} <= set(header) or header[:3] == [
        ":START_ID", ":END_ID", ":TYPE"]  # fmt: skip


@pytest.mark.parametrize("label", ["Event", "ArmedGroup", "City"])
def test_export_neo4j_relationships_join_nodes(built, label):
    _out, files, _store = built
    nodes = _table(files["neo4j_nodes"])
    ids = {row["id:ID"] for row in nodes}
    relationships = _table(files["neo4j_relationships"])
    assert relationships and all(
        r[":START_ID"] in ids and r[":END_ID"] in ids for r in relationships
    )
    assert any(label in row[":LABEL"].split(";") for row in nodes)
    cypher = files["neo4j_cypher"].read_text(encoding="utf-8")
    assert "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'" in cypher and f"`{label}`" in cypher
    assert {r[":TYPE"] for r in relationships} <= set(re.findall(r"\[:`(\w+)`", cypher))
