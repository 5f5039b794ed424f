"""Hand-made extractions for the RDF, fusion and query tests: a tiny world and a way to report on it.

``document()`` writes an article from sentences, ``evidence()`` finds a sentence's offsets in it,
``report()`` makes an :class:`EventRecord` from one of its sentences, and ``extraction()`` adds
every entity the records use, with their admin parents and the mentions the text holds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kg.core.model import (
    Document,
    Entity,
    EventRecord,
    Evidence,
    Extraction,
    Mention,
    Relation,
    Statistic,
)

WORLD = {
    e.key: e
    for e in [
        Entity("place:pk", "Pakistan", "Country", wikidata="Q843", lat=30.0, lon=70.0),
        Entity("place:cn", "China", "Country", wikidata="Q148", lat=35.0, lon=103.0),
        Entity(
            "place:pk-ba",
            "Balochistan",
            "Province",
            parent="place:pk",
            wikidata="Q163239",
            aliases=("Baluchistan",),
            lat=28.5,
            lon=65.5,
        ),
        Entity("place:pk-sd", "Sindh", "Province", parent="place:pk", wikidata="Q37211"),
        Entity("place:pk-ba-quetta", "Quetta District", "District", parent="place:pk-ba"),
        Entity(
            "place:pk-ba-quetta-city",
            "Quetta",
            "City",
            parent="place:pk-ba-quetta",
            lat=30.18,
            lon=66.99,
        ),
        Entity(
            "place:pk-ba-quetta-station",
            "Quetta railway station",
            "Site",
            parent="place:pk-ba-quetta-city",
            aliases=("railway station",),
        ),
        Entity(
            "place:pk-ba-kech",
            "Kech District",
            "District",
            parent="place:pk-ba",
            aliases=("Kech", "Ketch"),
        ),
        Entity(
            "place:pk-ba-turbat", "Turbat", "City", parent="place:pk-ba-kech", lat=26.0, lon=63.05
        ),
        Entity("place:pk-ba-gwadar", "Gwadar District", "District", parent="place:pk-ba"),
        Entity("place:pk-sd-karachi", "Karachi", "City", parent="place:pk-sd", wikidata="Q8660"),
        Entity("place:pk-sd-port-qasim", "Port Qasim", "Site", parent="place:pk-sd-karachi"),
        Entity(
            "place:pk-sd-karachi-university",
            "University of Karachi",
            "Site",
            parent="place:pk-sd-karachi",
        ),
        Entity(
            "actor:bla",
            "Balochistan Liberation Army",
            "ArmedGroup",
            aliases=("BLA", "Baloch Liberation Army"),
        ),
        Entity("actor:bla-majeed-brigade", "Majeed Brigade", "ArmedGroup", parent="actor:bla"),
        Entity("actor:ttp", "Tehreek-e-Taliban Pakistan", "ArmedGroup", aliases=("TTP",)),
        Entity(
            "actor:baloch-separatists",
            "Baloch separatist groups",
            "ArmedGroup",
            aliases=("Baloch militants",),
            generic=True,
        ),
        Entity(
            "actor:security-forces",
            "Pakistani security forces",
            "StateForce",
            aliases=("security forces",),
            generic=True,
        ),
        Entity("actor:pakistan-army", "Pakistan Army", "StateForce", aliases=("army", "soldiers")),
        Entity("actor:frontier-corps", "Frontier Corps", "StateForce", aliases=("FC",)),
        Entity("actor:ispr", "Inter-Services Public Relations", "Organization", aliases=("ISPR",)),
        Entity(
            "actor:civilians", "Civilians", "CivilianGroup", aliases=("passengers", "civilians")
        ),
        Entity("actor:chinese-nationals", "Chinese nationals", "CivilianGroup"),
        Entity("person:jeeyand-baloch", "Jeeyand Baloch", "Person"),
        Entity("project:cpec", "China-Pakistan Economic Corridor", "Project", aliases=("CPEC",)),
        Entity("project:gwadar-port", "Gwadar Port", "Project", parent="project:cpec"),
    ]
}


def document(
    doc_id: str, *sentences: str, title: str | None = None, published: str | None = None
) -> Document:
    """An article whose body is ``sentences`` joined by spaces."""
    return Document(
        id=doc_id,
        text=" ".join(sentences),
        title=title,
        published=date.fromisoformat(published) if published else None,
        source="Test Wire",
        url=f"https://news.example.org/{doc_id}",
    )


def evidence(doc: Document, sentence: str) -> Evidence:
    """The evidence for ``sentence``, which must occur in the document's content."""
    start = doc.content.index(sentence)
    return Evidence(doc.id, sentence, start, start + len(sentence))


def report(doc: Document, sentence: str, kind: str, **fields) -> EventRecord:
    """An event record read from one sentence of ``doc``."""
    fields.setdefault("id", f"{doc.id}-{kind}-{len(sentence)}")
    return EventRecord(kind=kind, evidence=[evidence(doc, sentence)], **fields)


def statistic(doc: Document, sentence: str, measure: str, value: int, **fields) -> Statistic:
    fields.setdefault("id", f"{doc.id}-{measure}")
    return Statistic(measure=measure, value=value, evidence=evidence(doc, sentence), **fields)


def relation(doc: Document, sentence: str, subject: str, predicate: str, obj: str) -> Relation:
    return Relation(subject, predicate, obj, evidence=evidence(doc, sentence), confidence=0.8)


def extraction(doc: Document, events=(), statistics=(), relations=(), keys=()) -> Extraction:
    """The extraction of ``doc``: its records plus every WORLD entity they use, with parents and mentions."""
    wanted = list(keys)
    for r in events:
        wanted += [r.location, r.perpetrator, *r.targets]
    for s in statistics:
        wanted += [s.scope, s.source]
    for r in relations:
        wanted += [r.subject, r.object]
    seen: dict[str, Entity] = {}
    todo = [k for k in wanted if k]
    while todo:
        key = todo.pop(0)
        if key in seen:
            continue
        seen[key] = replace(WORLD[key], mentions=_mentions(doc, WORLD[key]))
        if WORLD[key].parent:
            todo.append(WORLD[key].parent)
    return Extraction(doc, list(seen.values()), list(events), list(statistics), list(relations))


def _mentions(doc: Document, entity: Entity) -> list[Mention]:
    mentions = []
    for name in (entity.label, *entity.aliases):
        for match in re.finditer(rf"\b{re.escape(name)}\b", doc.content):
            if any(m.start <= match.start() < m.end for m in mentions):
                continue  # inside a longer name already found
            sentence = _sentence(doc, match.start())
            mentions.append(Mention(match.group(), match.start(), match.end(), sentence))
    return sorted(mentions, key=lambda m: m.start)


def _sentence(doc: Document, at: int) -> Evidence:
    content = doc.content
    dot = content.rfind(". ", 0, at)
    start = max(dot + 2 if dot >= 0 else 0, content.rfind("\n", 0, at) + 1)
    end = content.find(". ", at)
    end = len(content) if end == -1 else end + 1
    return Evidence(doc.id, content[start:end], start, end)


def quetta_reports() -> list[Extraction]:
    """Four articles on one suicide bombing, with tolls of 24, 26, 27 and 26 (the last as background)."""
    ap = document(
        "q-ap",
        "A suicide bomber killed 24 people at Quetta railway station on Saturday.",
        "The BLA claimed the attack on army personnel and passengers.",
        title="Bomber kills 24 at Quetta station",
        published="2024-11-09",
    )
    ani = document(
        "q-ani",
        "The death toll in the attack at Quetta railway station rose to 26, officials said on Saturday.",
        "The Balochistan Liberation Army claimed responsibility.",
        published="2024-11-09",
    )
    ft = document(
        "q-ft",
        "A suicide blast in Quetta killed 27 people, including 13 soldiers, on Saturday.",
        published="2024-11-09",
    )
    br = document(
        "q-br",
        "Security was tightened in Quetta on Monday.",
        "In November, an attack at Quetta railway station claimed by the BLA killed 26 people.",
        published="2024-12-02",
    )
    return [
        extraction(
            ap,
            [
                report(
                    ap,
                    ap.text.split(". ")[0] + ".",
                    "SuicideBombing",
                    date="2024-11-09",
                    location="place:pk-ba-quetta-station",
                    perpetrator="actor:bla",
                    perpetrator_basis="claimed",
                    fatalities=24,
                    confidence=0.8,
                    targets=["actor:pakistan-army", "actor:civilians"],
                    acled_event_type="Explosions/Remote violence",
                    acled_sub_event_type="Suicide bomb",
                )
            ],
        ),
        extraction(
            ani,
            [
                report(
                    ani,
                    ani.text.split(". ")[0] + ".",
                    "Attack",
                    date="2024-11-09",
                    location="place:pk-ba-quetta-station",
                    perpetrator="actor:bla",
                    perpetrator_basis="claimed",
                    fatalities=26,
                    confidence=0.7,
                )
            ],
        ),
        extraction(
            ft,
            [
                report(
                    ft,
                    ft.text,
                    "SuicideBombing",
                    date="2024-11-09",
                    location="place:pk-ba-quetta-city",
                    fatalities=27,
                    targets=["actor:pakistan-army"],
                    confidence=0.6,
                )
            ],
        ),
        extraction(
            br,
            [
                report(
                    br,
                    br.text.split(". ")[1],
                    "Attack",
                    date="2024-11",
                    date_text="In November",
                    location="place:pk-ba-quetta-station",
                    perpetrator="actor:bla",
                    perpetrator_basis="claimed",
                    fatalities=26,
                    background=True,
                )
            ],
        ),
    ]


def other_reports() -> list[Extraction]:
    """An attack on a CPEC project by a BLA faction, an operation with statistics, a TTP attack."""
    gw = document(
        "gwadar",
        "Militants of the Majeed Brigade stormed the Gwadar Port complex on Wednesday, and 10 people were killed.",
        published="2024-03-20",
    )
    op = document(
        "kech-op",
        "Security forces killed 27 terrorists in Kech on Sunday, ISPR said.",
        "ISPR said 383 soldiers were killed in 2024.",
        "CPEC is funded by China.",
        "The BLA targets CPEC.",
        title='ISPR: 27 "terrorists" killed <Kech>',
        published="2025-01-13",
    )
    tb = document(
        "turbat",
        "Six people were killed when a bus was attacked in Turbat on Saturday; officials blamed the TTP.",
        published="2025-01-05",
    )
    return [
        extraction(
            gw,
            [
                report(
                    gw,
                    gw.text,
                    "Attack",
                    date="2024-03-20",
                    location="place:pk-ba-gwadar",
                    perpetrator="actor:bla-majeed-brigade",
                    perpetrator_basis="claimed",
                    targets=["project:gwadar-port", "actor:security-forces"],
                    fatalities=10,
                )
            ],
        ),
        extraction(
            op,
            [
                report(
                    op,
                    op.text.split(" ISPR said 383")[0],
                    "MilitaryOperation",
                    date="2025-01-12",
                    location="place:pk-ba-kech",
                    perpetrator="actor:security-forces",
                    perpetrator_basis="stated",
                    fatalities=27,
                    acled_event_type="Battles",
                    acled_sub_event_type="Armed clash",
                )
            ],
            statistics=[
                statistic(
                    op,
                    "ISPR said 383 soldiers were killed in 2024.",
                    "soldiers killed",
                    383,
                    period="2024",
                    scope="place:pk",
                    source="actor:ispr",
                )
            ],
            relations=[
                relation(op, "CPEC is funded by China.", "project:cpec", "fundedBy", "place:cn"),
                relation(op, "The BLA targets CPEC.", "actor:bla", "targets", "project:cpec"),
            ],
        ),
        extraction(
            tb,
            [
                report(
                    tb,
                    tb.text,
                    "Attack",
                    date="2025-01-04",
                    location="place:pk-ba-turbat",
                    perpetrator="actor:ttp",
                    perpetrator_basis="attributed",
                    fatalities=6,
                    targets=["actor:civilians"],
                )
            ],
        ),
    ]
