"""Embedded Oxigraph store vs an in-memory rdflib Graph on a generated conflict graph.

Generates about N triples in the ontology's shape (fused events with type, date,
fatalities, perpetrator, target, location, evidence; actors; a place hierarchy;
articles), then times for each engine: loading N-Triples, three aggregate queries,
and writing Turtle. It also times the conflict-kg paths that run on every build:
the transactional ``replace_default_graph`` and the CSV tables of :mod:`kg.export`.

    python benchmarks/bench_store.py                    # 1,000,000 triples
    python benchmarks/bench_store.py --triples 100000   # a quick run
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CKG = "https://w3id.org/conflict-kg/ontology#"
ID = "https://w3id.org/conflict-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
EVENT_KINDS = ["Attack", "Bombing", "Ambush", "Kidnapping", "MilitaryOperation", "Clash"]
TRIPLES_PER_EVENT = 13

QUERIES = {
    "attacks by perpetrator": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?actor (COUNT(?e) AS ?events) (SUM(?f) AS ?killed) WHERE {
          ?e a ckg:Event ; ckg:perpetrator ?actor ; ckg:fatalities ?f .
        } GROUP BY ?actor ORDER BY DESC(?events)""",
    "fatalities by province": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?province (SUM(?f) AS ?killed) WHERE {
          ?e ckg:location ?place ; ckg:fatalities ?f .
          ?place ckg:partOf* ?province . ?province a ckg:Province .
        } GROUP BY ?province""",
    "events by month": """
        PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
        SELECT ?month (COUNT(?e) AS ?events) WHERE {
          ?e a ckg:Event ; ckg:date ?d . BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
        } GROUP BY ?month ORDER BY ?month""",
}


def generate(path: Path, triples: int, seed: int = 7) -> int:
    """Write about ``triples`` N-Triples in the ontology's shape to ``path``; return the count."""
    rng = random.Random(seed)
    events = max(1, triples // TRIPLES_PER_EVENT)
    actors, districts, articles = max(5, events // 200), max(4, events // 500), max(2, events // 20)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .\n")

    provinces = [f"{ID}place/province-{i}" for i in range(4)]
    for i, province in enumerate(provinces):
        add(province, RDF_TYPE, f"<{CKG}Province>")
        add(province, LABEL, f'"Province {i}"')
    for d in range(districts):
        place = f"{ID}place/district-{d}"
        add(place, RDF_TYPE, f"<{CKG}District>")
        add(place, LABEL, f'"District {d}"')
        add(place, f"{CKG}partOf", f"<{provinces[d % 4]}>")
    for a in range(actors):
        actor = f"{ID}actor/group-{a}"
        add(actor, RDF_TYPE, f"<{CKG}{'ArmedGroup' if a % 3 else 'StateForce'}>")
        add(actor, LABEL, f'"Group {a}"')
    for a in range(articles):
        article = f"{ID}article/doc-{a}"
        add(article, RDF_TYPE, f"<{CKG}Article>")
        add(article, f"{CKG}documentId", f'"doc-{a}"')
    for e in range(events):
        event = f"{ID}event/{e:08x}"
        kind = rng.choice(EVENT_KINDS)
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        add(event, RDF_TYPE, f"<{CKG}{kind}>")
        add(event, RDF_TYPE, f"<{CKG}Event>")
        add(event, f"{CKG}date", f'"{day}"^^<{XSD}date>')
        add(event, f"{CKG}fatalities", f'"{rng.randint(0, 30)}"^^<{XSD}integer>')
        add(event, f"{CKG}perpetrator", f"<{ID}actor/group-{rng.randrange(actors)}>")
        add(event, f"{CKG}target", f"<{ID}actor/group-{rng.randrange(actors)}>")
        add(event, f"{CKG}location", f"<{ID}place/district-{rng.randrange(districts)}>")
        add(event, f"{CKG}acledEventType", '"Explosions/Remote violence"')
        add(event, f"{CKG}confidence", f'"0.{rng.randint(1, 9)}"^^<{XSD}decimal>')
        add(event, f"{CKG}reportedIn", f"<{ID}article/doc-{rng.randrange(articles)}>")
        add(event, f"{CKG}evidence", f'"Sentence {e} about a {kind.lower()} on {day}."')
        add(event, LABEL, f'"{kind} {e}"')
        add(event, f"{CKG}hasClaim", f"<{ID}report/doc-{rng.randrange(articles)}/{e}>")
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start
    print(f"  {name:38} {results[name]:8.2f} s", flush=True)


def run(triples: int, skip_rdflib: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "graph.nt"
        count = generate(source, triples)
        print(f"{count:,} triples ({source.stat().st_size / 1e6:.0f} MB of N-Triples)\n")
        ox_t: dict[str, float] = {}
        rdf_t: dict[str, float] = {}

        print("Oxigraph (pyoxigraph, on-disk RocksDB)")
        store = ox.Store(str(tmp / "store"))
        with timed(ox_t, "load N-Triples"):  # bulk_load: the loader for big files
            store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES)
        ox_rows = {}
        for name, query in QUERIES.items():
            with timed(ox_t, f"query: {name}"):
                ox_rows[name] = len(list(store.query(query)))
        with timed(ox_t, "write Turtle"):
            store.dump(str(tmp / "ox.ttl"), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        del store

        if not skip_rdflib:
            print("rdflib (in-memory Graph)")
            graph = Graph()
            with timed(rdf_t, "load N-Triples"):
                graph.parse(source, format="nt")
            for name, query in QUERIES.items():
                with timed(rdf_t, f"query: {name}"):
                    rows = len(list(graph.query(query)))
                assert rows == ox_rows[name], (
                    f"{name}: rdflib {rows} rows, Oxigraph {ox_rows[name]}"
                )
            with timed(rdf_t, "write Turtle"):
                graph.serialize(tmp / "rdflib.ttl", format="turtle")
        else:
            graph = Graph().parse(source, format="nt")

        print("conflict-kg paths")
        kg_t: dict[str, float] = {}
        from kg.publish.export import write_tables
        from kg.store.embedded import open_store

        with open_store(tmp / "kg") as kg_store:
            with timed(kg_t, "replace_default_graph (transactional)"):
                kg_store.replace_default_graph(graph)
            with timed(kg_t, "replace_default_graph again, unchanged"):
                kg_store.replace_default_graph(graph)
            with timed(kg_t, "export csv (events, entities, edges)"):
                write_tables(kg_store, tmp)

        if rdf_t:
            print(f"\n{'step':40} {'Oxigraph':>10} {'rdflib':>10} {'ratio':>8}")
            for name, seconds in ox_t.items():
                other = rdf_t[name]
                print(f"{name:40} {seconds:9.2f}s {other:9.2f}s {other / seconds:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples")
    parser.add_argument(
        "--skip-rdflib", action="store_true", help="time Oxigraph and conflict-kg only"
    )
    args = parser.parse_args()
    run(args.triples, skip_rdflib=args.skip_rdflib)


if __name__ == "__main__":
    main()
