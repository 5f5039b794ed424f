"""The seed article, built with `kg build`, answers the questions analysts ask of it (SPARQL)."""

from __future__ import annotations

import pytest

from kg.sparql.named import run_query

PREFIXES = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Each: (event class, date, place label the event lies in, minimum fatalities, perpetrator label pattern)
SEED_EVENTS = [
    ("MilitaryOperation", "2025-01-13", "Kech", 27, "Pakistan"),
    ("Ambush", "2025-01-04", "Kech", 6, "Baloch"),
    ("Attack", "2024-11", "Quetta", 26, "Baloch"),
    ("Attack", "2024-08", "Balochistan", 39, "Baloch"),
]


def _ask(store, body: str) -> bool:
    return run_query(store, PREFIXES + f"ASK {{ {body} }}").boolean


@pytest.mark.parametrize("kind,when,place,killed,perpetrator", SEED_EVENTS)
def test_seed_event_found_with_its_fields(seed_store, kind, when, place, killed, perpetrator):
    body = f"""
      ?e a ckg:{kind} ; ckg:date ?d ; ckg:fatalities ?n ; ckg:location ?loc ; ckg:perpetrator ?p ;
         ckg:evidence ?sentence .
      ?p rdfs:label ?plabel .
      ?loc ckg:partOf* ?in . ?in rdfs:label ?inlabel .
      ?loc ckg:partOf* ?province . ?province a ckg:Province ; ckg:partOf ?country . ?country a ckg:Country .
      FILTER(STRSTARTS(STR(?d), "{when}") && ?n >= {killed})
      FILTER(CONTAINS(?inlabel, "{place}") && CONTAINS(?plabel, "{perpetrator}"))
    """
    assert _ask(seed_store, body), (
        f"no {kind} on {when} in {place} with >= {killed} killed by {perpetrator}"
    )


@pytest.mark.parametrize(
    "body",
    [
        '?cpec a ckg:Project ; rdfs:label ?l ; ckg:fundedBy ?cn . ?cn rdfs:label "China" . FILTER(CONTAINS(?l, "Economic Corridor"))',
        '?cpec a ckg:Project . { ?g ckg:targets ?cpec } UNION { ?e ckg:target ?cpec ; ckg:perpetrator ?g } ?g rdfs:label ?gl . FILTER(CONTAINS(?gl, "Baloch"))',
        '?b rdfs:label "Balochistan" ; ckg:partOf ?pk ; ckg:bordersWith ?af, ?ir . ?pk rdfs:label "Pakistan" . ?af rdfs:label "Afghanistan" . ?ir rdfs:label "Iran"',
        "?s a ckg:CasualtyStatistic ; ckg:value 383 ; ckg:evidence ?e1 . ?t a ckg:CasualtyStatistic ; ckg:value 925",
    ],
    ids=[
        "cpec-funded-by-china",
        "cpec-targeted-by-baloch-separatists",
        "balochistan-borders",
        "statistics",
    ],
)
def test_seed_graph_holds_fact(seed_store, body):
    assert _ask(seed_store, body)


def test_seed_every_event_traces_to_its_sentence_and_article(seed_store):
    rows = run_query(
        seed_store,
        PREFIXES
        + """
      SELECT ?e WHERE { ?e a ckg:Event . FILTER NOT EXISTS {
        ?e ckg:reportedIn ?a ; ckg:evidence ?s . ?a a ckg:Article } }""",
    ).rows
    assert rows == []
