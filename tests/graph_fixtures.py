"""A small hand-made conflict graph in the ontology, with answers computable by hand.

Places: Pakistan > Balochistan > {Quetta, Kech}; Pakistan > Khyber Pakhtunkhwa > Bannu;
China. Actors: BLA (memberOf BRAS), TTP, Pakistan Army, Frontier Corps, Chinese
nationals. Project: CPEC (fundedBy China). Events (fused, default graph):

    e1 SuicideBombing 2024-03-12 Quetta  BLA  -> Army            5 killed
    e2 Ambush         2024-03-20 Kech    BLA  -> Frontier Corps  3
    e3 Attack         2024-04-02 Bannu   TTP  -> Army            7
    e4 Bombing        2024-04    Quetta  BLA  -> CPEC, Chinese   2
    e5 MilitaryOp     2024-05-01 Kech    Army -> BLA            10
    e6 Clash          2024-05-15 Kech    BLA  -> Army            (none given)

Article d1 has its own named graph with the report behind e1 and a mention of BLA.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

PREFIXES = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix project: <https://w3id.org/conflict-kg/id/project/> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix article: <https://w3id.org/conflict-kg/id/article/> .
@prefix evidence: <https://w3id.org/conflict-kg/id/evidence/> .
@prefix report: <https://w3id.org/conflict-kg/id/report/> .
@prefix mention: <https://w3id.org/conflict-kg/id/mention/> .
@prefix statement: <https://w3id.org/conflict-kg/id/statement/> .
@prefix graph: <https://w3id.org/conflict-kg/id/graph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""

FUSED = """
place:pk a ckg:Country, ckg:Place ; rdfs:label "Pakistan" .
place:cn a ckg:Country, ckg:Place ; rdfs:label "China" .
place:ba a ckg:Province, ckg:Place ; rdfs:label "Balochistan" ; ckg:partOf place:pk ;
    ckg:bordersWith place:kp .
place:kp a ckg:Province, ckg:Place ; rdfs:label "Khyber Pakhtunkhwa" ; ckg:partOf place:pk .
place:quetta a ckg:District, ckg:Place ; rdfs:label "Quetta" ; ckg:partOf place:ba ;
    geo:lat 30.18 ; geo:long 66.99 .
place:kech a ckg:District, ckg:Place ; rdfs:label "Kech" ; ckg:partOf place:ba .
place:bannu a ckg:District, ckg:Place ; rdfs:label "Bannu" ; ckg:partOf place:kp .

actor:bla a ckg:ArmedGroup, ckg:Actor ; rdfs:label "BLA" ;
    skos:altLabel "Baloch Liberation Army" ; ckg:memberOf actor:bras ;
    owl:sameAs <http://www.wikidata.org/entity/Q810176> ; ckg:reportedIn article:d1 .
actor:bras a ckg:ArmedGroup, ckg:Actor ; rdfs:label "BRAS" .
actor:ttp a ckg:ArmedGroup, ckg:Actor ; rdfs:label "TTP" ; skos:altLabel "Tehreek-e-Taliban Pakistan" .
actor:army a ckg:StateForce, ckg:Actor ; rdfs:label "Pakistan Army" .
actor:fc a ckg:StateForce, ckg:Actor ; rdfs:label "Frontier Corps" .
actor:chinese a ckg:CivilianGroup, ckg:Actor ; rdfs:label "Chinese nationals" .
project:cpec a ckg:Project ; rdfs:label "CPEC" ; ckg:fundedBy place:cn .

article:d1 a ckg:Article ; ckg:documentId "d1" .
article:d2 a ckg:Article ; ckg:documentId "d2" .
evidence:d1_0-40 a ckg:Evidence ; ckg:sentence "A suicide bomber killed five soldiers in Quetta." ;
    ckg:reportedIn article:d1 .

event:e1 a ckg:SuicideBombing, ckg:Bombing, ckg:Event ; ckg:date "2024-03-12"^^xsd:date ;
    ckg:location place:quetta ; ckg:perpetrator actor:bla ; ckg:target actor:army ;
    ckg:fatalities 5 ; ckg:hasEvidence evidence:d1_0-40 ; ckg:hasClaim report:d1_0 ;
    ckg:evidence "A suicide bomber killed five soldiers in Quetta." ;
    ckg:reportedIn article:d1, article:d2 .
event:e2 a ckg:Ambush, ckg:Event ; ckg:date "2024-03-20"^^xsd:date ; ckg:location place:kech ;
    ckg:perpetrator actor:bla ; ckg:target actor:fc ; ckg:fatalities 3 .
event:e3 a ckg:Attack, ckg:Event ; ckg:date "2024-04-02"^^xsd:date ; ckg:location place:bannu ;
    ckg:perpetrator actor:ttp ; ckg:target actor:army ; ckg:fatalities 7 .
event:e4 a ckg:Bombing, ckg:Event ; ckg:date "2024-04"^^xsd:gYearMonth ;
    ckg:location place:quetta ; ckg:perpetrator actor:bla ;
    ckg:target project:cpec, actor:chinese ; ckg:fatalities 2 .
event:e5 a ckg:MilitaryOperation, ckg:Event ; ckg:date "2024-05-01"^^xsd:date ;
    ckg:location place:kech ; ckg:perpetrator actor:army ; ckg:target actor:bla ;
    ckg:fatalities 10 .
event:e6 a ckg:Clash, ckg:Event ; ckg:date "2024-05-15"^^xsd:date ; ckg:location place:kech ;
    ckg:perpetrator actor:bla ; ckg:target actor:army .
"""

ARTICLE_D1 = """
graph:d1 {
    report:d1_0 a ckg:SuicideBombing, ckg:Event ; ckg:date "2024-03-12"^^xsd:date ;
        ckg:location place:quetta ; ckg:perpetrator actor:bla ; ckg:fatalities 5 ;
        ckg:hasEvidence evidence:d1_0-40 .
    mention:d1_50-53 a ckg:Mention ; ckg:mentionOf actor:bla ; ckg:text "BLA" ;
        ckg:hasEvidence evidence:d1_50-90 .
    evidence:d1_50-90 a ckg:Evidence ; ckg:sentence "The BLA claimed the attack." ;
        ckg:reportedIn article:d1 .
    statement:d1_0 a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> actor:bla ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ckg:memberOf ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> actor:bras .
}
"""

IDS = "https://w3id.org/conflict-kg/id/"

#: Labels an article could carry that would run script if a viewer used innerHTML.
HOSTILE_LABELS = [
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    '</script><script>document.documentElement.setAttribute("data-pwned","break")</script>',
    'see <a href="javascript:alert(1)">href=</a> \u2028 & more',
]


def iri(path: str) -> str:
    """``iri("actor/bla")`` -> the full instance IRI."""
    return IDS + path


def fused_graph(extra: str = "") -> Graph:
    """The fused view only, as a plain Graph; ``extra`` is more Turtle to add."""
    return Graph().parse(data=PREFIXES + FUSED + extra, format="turtle")


def dataset() -> Dataset:
    """The fused default graph plus article d1's named graph, as read from a .trig export."""
    ds = Dataset()
    ds.parse(data=PREFIXES + FUSED + ARTICLE_D1, format="trig")
    return ds


def hostile_graph() -> Graph:
    """The fused graph plus actors whose labels, aliases and evidence are hostile markup."""
    lines = []
    for n, label in enumerate(HOSTILE_LABELS):
        text = label.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(
            f'actor:hostile{n} a ckg:ArmedGroup ; rdfs:label "{text}" ; '
            f'skos:altLabel "{text} alias" .\n'
            f"event:h{n} a ckg:Attack ; ckg:perpetrator actor:hostile{n} ; "
            f'ckg:location place:quetta ; ckg:date "2024-06-0{n + 1}"^^xsd:date ; '
            f'ckg:evidence "{text} in a sentence" .\n'
        )
    return fused_graph("".join(lines))
