"""Hostile input through the whole `kg build`: a clear error per bad file, valid outputs."""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.ingest import MAX_BYTES, MAX_LINE_CHARS
from kg.store.embedded import open_store

GOOD = (
    "Gunmen of the Balochistan Liberation Army attacked a Levies post in Panjgur on Monday, "
    "killing three soldiers, officials said."
)
PERSON = "Chief Minister Zehr\u012b Q\u0101dir said militants attacked a convoy in Quetta, killing five soldiers."
BILLION_LAUGHS = "\n".join(
    [
        f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9) if i else 'lol'}]"
        for i in range(9)
    ]
)
# Each marker sits where a browser shows nothing; none may reach any output file.
HIDDEN_HTML = (
    "<!DOCTYPE html><html><head><title>Raid in Kech</title><style>p {content: 'STYLEMARK'}</style>"
    "<script>var x = 'SCRIPTMARK';</script></head><body>"
    "<template><title>TEMPLATEMARK</title><p>TEMPLATEMARK</p></template><!-- COMMENTMARK -->"
    "<svg><title>SVGMARK</title></svg><noscript>NOSCRIPTMARK</noscript>"
    f"<p>Page. {GOOD}</p><script type='module'>SCRIPTMARK()</script></body></html>"
)
MARKERS = ("SCRIPTMARK", "STYLEMARK", "TEMPLATEMARK", "COMMENTMARK", "SVGMARK", "NOSCRIPTMARK")
JSONL_LINES = [
    json.dumps({"id": "feed-ok-1", "text": f"Feed. {GOOD}"}),
    "[1, 2, 3]",
    json.dumps({"id": "feed-ok-1", "text": "A second record with the same id."}),
    json.dumps({"id": {"nested": 1}, "text": GOOD}),
    "[" * 100_000,
    '{"id": "big-int", "text": "x", "n": ' + "1" * 5000 + "}",
    json.dumps({"id": None, "text": "Militants torched a school in Kech district."}),
    json.dumps({"id": "surrogate", "text": "Gunmen \ud800 attacked a post in Kech."}),
    '{"id": "cut", "text": "A blast hit Quet',
]

# name -> (bytes, problem in the error), or None when the file must build.
FILES: dict[str, tuple[bytes, str | None]] = {
    "good.txt": (GOOD.encode(), None),
    "cp1252.txt": (("\u201cKech\u201d: " + GOOD).encode("cp1252"), None),
    # Each good file says something of its own: the same text twice is one document.
    "utf16.txt": (f"Wide. {GOOD}".encode("utf-16-le"), None),
    "bom.md": (codecs.BOM_UTF8 + f"---\ntitle: BOM\n---\nMarked. {GOOD}".encode(), None),
    "invalid-utf8.txt": (GOOD.encode() + b" \xff\xfe\xc3( end", None),
    "page.html": (HIDDEN_HTML.encode(), None),
    "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
    "elf.md": (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 500, "binary"),
    "open.md": (b"---\ntitle: never closed\n" + GOOD.encode(), "no closing '---'"),
    "tag.md": (
        b"---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\nbody",
        "not valid YAML",
    ),
    "bomb.md": (f"---\n{BILLION_LAUGHS}\n---\nbody".encode(), "aliases"),
    "date.md": (b"---\npublished: 2024-02-30\n---\n" + GOOD.encode(), "invalid value"),
    "deep.md": (b"---\ntitle: " + b"[" * 30_000 + b"\n---\nbody", "nested more than 32 levels"),
    "feed.jsonl": ("\n".join(JSONL_LINES).encode(), None),
}
JSONL_ERRORS = [
    (2, "a line must be a JSON object"),
    (3, "duplicate document id 'feed-ok-1'"),
    (4, "'id' must be a string or an integer"),
    (5, "nested too deeply"),
    (6, "not valid JSON"),
    (9, "not valid JSON"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Every hostile file in one folder, built once with `kg build`."""
    inputs, out = tmp_path_factory.mktemp("hostile-in"), tmp_path_factory.mktemp("hostile-out")
    for name, (raw, _problem) in FILES.items():
        (inputs / name).write_bytes(raw)
    result = CliRunner().invoke(
        cli, ["build", str(inputs), "--out", str(out)], catch_exceptions=False
    )
    return inputs, out, result


@pytest.mark.parametrize("name,problem", [(n, p) for n, (_raw, p) in FILES.items() if p])
def test_hostile_bad_file_error_names_file_and_problem(hostile, name, problem):
    _inputs, _out, result = hostile
    lines = [line for line in result.stderr.splitlines() if f"{os.sep}{name}:" in line]
    assert len(lines) == 1, result.output
    assert problem in lines[0]


@pytest.mark.parametrize("number,problem", JSONL_ERRORS)
def test_hostile_jsonl_error_names_line(hostile, number, problem):
    _inputs, _out, result = hostile
    assert any(
        f"feed.jsonl:{number}: " in line and problem in line for line in result.stderr.splitlines()
    ), result.stderr


def test_hostile_good_files_and_records_are_built(hostile):
    _inputs, out, result = hostile
    expected = {
        n.rsplit(".", 1)[0] for n, (_raw, p) in FILES.items() if not p and n != "feed.jsonl"
    }
    expected |= {"feed-ok-1", "feed-7", "surrogate"}
    with open_store(out, read_only=True) as store:
        assert set(store.documents()) == expected
    assert result.exit_code == 1 and not (Path.cwd() / "PWNED").exists()


@pytest.mark.parametrize("doc", ["bom", "cp1252", "utf16", "invalid-utf8", "page"])
def test_hostile_decoded_text_reaches_graph(hostile, doc):
    _inputs, out, _result = hostile
    with open_store(out, read_only=True) as store:
        sentences = [str(o) for _s, _p, o in store.document_graph(doc).triples((None, None, None))]
    assert any("Panjgur" in s for s in sentences)
    assert not any("\ufeff" in s for s in sentences)


@pytest.mark.parametrize("marker", MARKERS)
def test_hostile_hidden_html_never_reaches_outputs(hostile, marker):
    _inputs, out, _result = hostile
    files = [f for f in out.iterdir() if f.is_file()]
    assert len(files) >= 10
    assert not [f.name for f in files if marker.encode() in f.read_bytes()]


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.nq", ox.RdfFormat.N_QUADS),
        ("graph.trig", ox.RdfFormat.TRIG),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_hostile_rdf_outputs_parse_strictly(hostile, name, fmt):
    _inputs, out, _result = hostile
    quads = list(ox.parse(path=str(out / name), format=fmt))
    assert len(quads) > 50


# -- names: invisible characters, normal forms, characters that mean something elsewhere --

NAME_VARIANTS = {
    "nfc.txt": PERSON,
    "nfd.txt": unicodedata.normalize("NFD", PERSON),
    "zero-width.txt": PERSON.replace("Zehr", "Ze\u200bhr").replace(
        "Q\u0101", "Q\u200d\u0101\u2060"
    ),
    "bidi.md": "---\ntitle: Convoy\n---\n"
    + PERSON.replace("dir", "\u202edir\u202c").replace("Zehr", "\u2066Zehr"),
    "refs.html": "<p>"
    + PERSON.replace("Zehr", "Ze&#x200B;hr&#8207;").replace("\u012b", "i&#x304;")
    + "</p>",
}
HOSTILE_LABELS = [
    'Bob "The Hammer" Group',
    "<Tigers> & \\Lions\\ Front",
    "</script><script>alert(1)</script> Brigade",
    "=cmd|' /C calc'!A0 Army",
    "+Plus Army",
    "@Sum Group",
    "-Minus Front",
    "Bell\x07Vertical\x0bEscape\x1bNel\x85 Tanzeem",
]
ALIASES = [
    "Hammer Group",
    "Tigers Lions",
    "Script Brigade",
    "Calc Army",
    "Plus Army",
    "Sum Group",
    "Minus Front",
    "Bell Tanzeem",
]
TOWNS = ["Kech", "Panjgur", "Gwadar", "Quetta", "Mastung", "Khuzdar", "Kalat", "Zhob"]
DAYS = ["1 March", "2 March", "3 March", "4 March", "5 March", "6 March", "7 March", "8 March"]
NEWLINE_RECORD = {
    "id": '=cmd()|"<>\\\n</script> id',
    "title": "Line one\nLine two </script> =1+1",
    "source": '=HYPERLINK("http://evil.example/","click")',
    "url": "javascript:alert(1)",
    "published": "2024-05-01",
}


@pytest.fixture(scope="module")
def names(tmp_path_factory):
    """A build with a user lexicon of hostile labels and every variant of one name."""
    inputs, out = tmp_path_factory.mktemp("names-in"), tmp_path_factory.mktemp("names-out")
    lexicon = tmp_path_factory.mktemp("lexicon")
    rows = ["id\tlabel\tkind\taliases\twikidata"]
    rows += [
        f'hostile {i} "<>\\\t{label}\tArmedGroup\t{alias}\tQ{i + 1}"> <x'
        for i, (label, alias) in enumerate(zip(HOSTILE_LABELS, ALIASES, strict=True))
    ]
    (lexicon / "hostile.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for n, (name, text) in enumerate(NAME_VARIANTS.items()):
        # A sentence of its own, so that no two variants are the same text (one document).
        (inputs / name).write_text(
            f"{text}\n\n{'Officials confirmed it. ' * (n + 1)}", encoding="utf-8"
        )
    text = "\n\n".join(
        f"Militants of the {alias} attacked a police station in {town} on {day}, killing {i + 2} people."
        for i, (alias, town, day) in enumerate(zip(ALIASES, TOWNS, DAYS, strict=True))
    )
    (inputs / "feed.jsonl").write_text(
        json.dumps({**NEWLINE_RECORD, "text": text}) + "\n", encoding="utf-8"
    )
    env = {**os.environ, "KG_LEXICONS": str(lexicon)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kg.cli import cli; cli()",
            "build",
            str(inputs),
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def _rows(out: Path, name: str) -> list[dict]:
    with open(out / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_hostile_name_variants_are_one_entity(names):
    people = [r for r in _rows(names, "entities.csv") if r["type"] == "Person"]
    assert [r["label"] for r in people] == ["Zehr\u012b Q\u0101dir"]
    assert people[0]["sources"].split(";") == sorted(n.rsplit(".", 1)[0] for n in NAME_VARIANTS)


def test_hostile_iris_have_no_invisible_characters(names):
    iris = {
        t.value
        for q in ox.parse(path=str(names / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        for t in (q.subject, q.predicate, q.object, q.graph_name)
        if isinstance(t, ox.NamedNode)
    }
    assert len(iris) > 100
    bad = [i for i in iris if any(unicodedata.category(c)[0] in "CZ" or not c.isascii() for c in i)]
    assert not bad


@pytest.mark.parametrize("label", [*HOSTILE_LABELS, NEWLINE_RECORD["title"]])
def test_hostile_labels_kept_verbatim_in_graph(names, label):
    graph = ox.Store()
    graph.load(path=str(names / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    labels = {
        s.object.value
        for s in graph.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None
        )
    }
    # Verbatim but for the C0 controls that XML 1.0 (hence RDF/XML, GraphML) cannot hold.
    assert re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", label) in labels


@pytest.mark.parametrize("name", ["events.csv", "entities.csv", "edges.csv"])
def test_hostile_csv_cells_never_formulas(names, name):
    rows = _rows(names, name)
    cells = [cell for row in rows for cell in row.values()]
    assert len(rows) >= 3 and any(cell.startswith("'=") for cell in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c[:1] == "-" and not c.lstrip("-").replace(".", "").isdigit()]


def test_hostile_newline_record_round_trips_to_tables(names):
    [event] = [r for r in _rows(names, "events.csv") if "Hammer" in (r["actor1"] or "")]
    assert event["sources"] == "'" + NEWLINE_RECORD["id"]
    assert event["source"] == "'" + NEWLINE_RECORD["source"]


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_hostile_network_files_free_of_control_characters(names, name):
    raw = (names / name).read_text(encoding="utf-8")
    assert not [c for c in raw if unicodedata.category(c) == "Cc" and c not in "\t\n\r\x85"]
    graph = (nx.read_graphml if name.endswith("graphml") else nx.read_gexf)(names / name)
    assert any("</script>" in str(d.get("label", "")) for _n, d in graph.nodes(data=True))


# -- size ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,problem",
    [
        ("big.txt", f"file is {50 * 1024 * 1024:,} bytes; the limit is {MAX_BYTES:,}"),
        ("big.jsonl", f"the line is more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}"),
    ],
)
def test_hostile_oversized_input_refused_in_bounded_memory(tmp_path, name, problem):
    big = tmp_path / name
    with open(big, "wb") as handle:
        handle.write(json.dumps({"text": GOOD}).encode() + b"\n" + b" " * 100)
        handle.truncate(50 * 1024 * 1024)  # the rest: NUL bytes, and no newline
    (tmp_path / "warm.jsonl").write_text(json.dumps({"text": GOOD}), encoding="utf-8")
    kg.build(
        [tmp_path / "warm.jsonl"], tmp_path / "out", viewer=False, formats=["ttl"]
    )  # imports, caches
    tracemalloc.start()
    report = kg.build([big], tmp_path / "out", viewer=False, formats=["ttl"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [error] = report.errors
    assert error.message == problem and error.path == str(big)
    assert peak < 20 * 1024 * 1024
    assert report.built == (["big-1"] if name.endswith(".jsonl") else [])


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
def test_hostile_five_million_character_line_refused_quickly(tmp_path, suffix):
    line = ("militants attacked a convoy near Quetta " * 125_000)[:5_000_000]
    body = (
        json.dumps({"text": line})
        if suffix == ".jsonl"
        else f"<p>{line}</p>"
        if suffix == ".html"
        else line
    )
    path = tmp_path / f"long{suffix}"
    path.write_text(("\n" if suffix == ".jsonl" else "short first line\n") + body, encoding="utf-8")
    start = time.perf_counter()
    report = kg.build([path], tmp_path / "out", viewer=False, formats=["ttl"])
    assert time.perf_counter() - start < 30
    [error] = report.errors
    assert f"characters long; the limit is {MAX_LINE_CHARS:,}" in str(error)
    assert str(error).startswith(f"{path}:2: ") or suffix == ".html"


@pytest.mark.parametrize("kind", ["fifo", "device", "loop"])
def test_hostile_special_files_do_not_hang(tmp_path, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(folder / "pipe.txt")
    elif kind == "device":
        (folder / "zero.txt").symlink_to("/dev/zero")
    else:
        (folder / "again").symlink_to(folder, target_is_directory=True)
    report = kg.build([folder], tmp_path / "out", viewer=False, formats=["ttl"])
    assert report.built == ["good"]
    assert [e.message for e in report.errors] == (
        [] if kind == "loop" else ["not a regular file (a device, pipe or socket)"]
    )


@pytest.mark.parametrize("bad", ["bad"])
def test_hostile_article_the_mapping_fails_on_is_reported_and_others_built(
    tmp_path, monkeypatch, bad
):
    import kg.graph.mapping

    real = kg.graph.mapping.document_rdf

    def mapping(extraction):
        if extraction.document.id == bad:
            raise ValueError("boom")
        return real(extraction)

    monkeypatch.setattr("kg.graph.mapping.document_rdf", mapping)
    for doc in (bad, "good"):
        (tmp_path / f"{doc}.txt").write_text(f"{doc.title()}. {GOOD}", encoding="utf-8")
    report = kg.build([tmp_path], tmp_path / "out", viewer=False, formats=["ttl"])
    assert report.built == ["good"]
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / bad}.txt: mapping to RDF failed: ValueError: boom"
    ]
