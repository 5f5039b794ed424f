"""kg.graph.fusion turns per-article graphs into one node per entity and per incident, keeping every claim."""

from __future__ import annotations

import pyoxigraph
import pytest
from handmade import document, extraction, other_reports, quetta_reports, report
from hypothesis import given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from kg.core.model import Entity, Extraction
from kg.core.resources import shapes_file
from kg.graph.fusion import FusionContext, Report, cluster_reports, compatible, fused_graph
from kg.graph.mapping import CKG, article_iri, document_graph, entity_iri
from kg.graph.matching import fuse_cluster


def _fuse(extractions) -> Graph:
    return fused_graph(document_graph(ex) for ex in extractions)


def _events(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, CKG.Event))


def _attack(doc_id: str, day: str, place: str, kind: str = "Attack", **fields) -> Extraction:
    doc = document(doc_id, f"Gunmen struck on {day}, killing several people.")
    return extraction(doc, [report(doc, doc.text, kind, date=day, location=place, **fields)])


def test_fuse_four_reports_of_one_bombing_become_one_event():
    fused = _fuse(quetta_reports())
    [event] = _events(fused)
    assert fused.value(event, CKG.fatalitiesMin) == Literal(24)
    assert fused.value(event, CKG.fatalities) == Literal(24)  # same-day reports tie: the lower
    assert fused.value(event, CKG.fatalitiesMax) == Literal(27)
    assert (event, CKG.conflictingClaim, Literal("fatalities")) in fused
    assert (
        len(set(fused.objects(event, CKG.hasClaim)))
        == len(set(fused.objects(event, CKG.reportedIn)))
        == 4
    )


@pytest.mark.parametrize(
    "prop,expected",
    [
        (CKG.date, Literal("2024-11-09", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        (CKG.location, entity_iri("place:pk-ba-quetta-station")),
        (CKG.perpetrator, entity_iri("actor:bla")),
        (CKG.perpetratorBasis, Literal("claimed")),
        (RDF.type, CKG.SuicideBombing),
        (CKG.background, Literal(False)),
    ],
)
def test_fuse_keeps_the_most_specific_values(prop, expected):
    fused = _fuse(quetta_reports())
    [event] = _events(fused)
    assert (event, prop, expected) in fused


def test_fuse_month_precision_background_joins_the_dated_incident():
    ap, *_, background = quetta_reports()
    fused = _fuse([ap, background])
    [event] = _events(fused)
    assert str(fused.value(event, CKG.date)) == "2024-11-09"
    assert (event, CKG.dateText, Literal("In November")) in fused


@pytest.mark.parametrize(
    "a,b",
    [
        (("d1", "2024-08-26", "place:pk-ba-kech"), ("d2", "2024-08-26", "place:pk-ba-quetta")),
        (
            ("d1", "2024-08-26", "place:pk-ba-kech"),
            ("d2", "2024-08-26", "place:pk-ba-kech", "MilitaryOperation"),
        ),
        (("d1", "2024-08-26", "place:pk-ba-kech"), ("d2", "2024-08-29", "place:pk-ba-kech")),
        (("d1", "2024-08", "place:pk-ba-kech"), ("d2", "2024-09-01", "place:pk-ba-turbat")),
    ],
    ids=["other-district", "other-family", "days-apart", "other-month"],
)
def test_fuse_distinct_incidents_stay_apart(a, b):
    assert len(_events(_fuse([_attack(*a), _attack(*b)]))) == 2


@pytest.mark.parametrize(
    "kinds,expected",
    [
        # One source's "attack on the train" is another's hijacking (event_kinds.tsv header).
        (("Attack", "Hijacking"), 1),
        # "An exchange of fire" is how one source reports another's operation.
        (("MilitaryOperation", "Clash"), 1),
        (("Attack", "Clash"), 2),
        (("Kidnapping", "Hijacking"), 2),
    ],
)
def test_fuse_reports_of_one_fusion_family_become_one_event(kinds, expected):
    reports = [
        _attack(doc_id, "2025-03-11", "place:pk-ba-kech", kind)
        for doc_id, kind in zip(("d1", "d2"), kinds, strict=True)
    ]
    assert len(_events(_fuse(reports))) == expected


@pytest.mark.parametrize(
    "perpetrators,expected",
    [
        # Same day, place and kind: one incident, its perpetrator a flagged conflicting claim.
        (("actor:bla", "actor:ttp"), 1),
        (("actor:bla", "actor:bla-majeed-brigade"), 1),
        (("actor:baloch-separatists", "actor:bla"), 1),
        (("actor:bla", None), 1),
    ],
)
def test_fuse_perpetrators_disagreeing_on_the_same_occurrence_is_one_event(perpetrators, expected):
    reports = [
        _attack(
            f"d{i}", "2024-08-26", "place:pk-ba-kech", perpetrator=p, targets=["actor:civilians"]
        )
        for i, p in enumerate(perpetrators)
    ]
    assert len(_events(_fuse(reports))) == expected


def test_fuse_umbrella_and_sub_event_stay_apart_across_sources():
    def wave(doc_id, total):
        doc = document(
            doc_id,
            f"Coordinated attacks across Balochistan killed {total}.",
            "In Kech, 23 were shot.",
        )
        sentences = doc.text.split(". ")
        return extraction(
            doc,
            [
                report(
                    doc,
                    sentences[0] + ".",
                    "Attack",
                    date="2024-08-26",
                    location="place:pk-ba",
                    perpetrator="actor:bla",
                    fatalities=total,
                ),
                report(
                    doc,
                    sentences[1],
                    "Attack",
                    date="2024-08-26",
                    location="place:pk-ba-kech",
                    perpetrator="actor:bla",
                    fatalities=23,
                ),
            ],
        )

    fused = _fuse([wave("dawn", 50), wave("reuters", 72)])
    tolls = sorted(
        (int(fused.value(e, CKG.fatalities)), int(fused.value(e, CKG.fatalitiesMax)))
        for e in _events(fused)
    )
    assert tolls == [(23, 23), (50, 72)]


def test_fuse_vague_report_matching_two_incidents_equally_joins_neither():
    doc = document("two", "A blast hit Kech.", "Another blast hit Gwadar.")
    both = extraction(
        doc,
        [
            report(
                doc, "A blast hit Kech.", "Bombing", date="2024-08-26", location="place:pk-ba-kech"
            ),
            report(
                doc,
                "Another blast hit Gwadar.",
                "Bombing",
                date="2024-08-26",
                location="place:pk-ba-gwadar",
            ),
        ],
    )
    vague = _attack("vague", "2024-08", "place:pk-ba")
    assert len(_events(_fuse([both, vague]))) == 3


def test_fuse_entities_merge_with_union_of_labels_and_sources():
    fused = _fuse(quetta_reports())
    bla = entity_iri("actor:bla")
    assert {str(o) for o in fused.objects(bla, SKOS.altLabel)} == {"BLA"}
    assert set(fused.objects(bla, CKG.reportedIn)) == {
        article_iri(d) for d in ("q-ap", "q-ani", "q-br")
    }
    assert len(set(fused.objects(bla, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))) == 1


def test_fuse_unlisted_label_joins_the_lexicon_entity_it_names():
    doc = document("u", "The Baloch Liberation Army said it did it.")
    unlisted = Entity(
        "actor:baloch liberation army", "Baloch Liberation Army", "ArmedGroup", from_lexicon=False
    )
    ex = Extraction(doc, [unlisted], [report(doc, doc.text, "Attack", perpetrator=unlisted.key)])
    fused = _fuse([ex, quetta_reports()[0]])
    assert set(fused.objects(None, CKG.perpetrator)) == {entity_iri("actor:bla")}
    assert (entity_iri(unlisted.key), None, None) not in fused


def test_fuse_is_deterministic_and_order_free():
    graphs = [document_graph(ex) for ex in quetta_reports() + other_reports()]
    forward, backward = fused_graph(graphs), fused_graph(reversed(graphs))
    assert set(forward) == set(backward) and isomorphic(forward, backward)


def test_fuse_works_from_graphs_read_back_from_a_store():
    graphs = [document_graph(ex) for ex in quetta_reports() + other_reports()]
    store = pyoxigraph.Store()
    for g in graphs:
        store.load(
            g.serialize(format="nt").encode(),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            to_graph=pyoxigraph.NamedNode(str(g.identifier)),
        )
    dumped = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    read = [_graph_from_quads(dumped, g.identifier) for g in graphs]
    assert set(fused_graph(read)) == set(fused_graph(graphs))


def _graph_from_quads(nquads: bytes, name: URIRef) -> Graph:
    lines = [
        line for line in nquads.decode().splitlines() if line.rstrip(" .").endswith(f"<{name}>")
    ]
    triples = "\n".join(line.rstrip(" .")[: -len(f"<{name}>")].rstrip() + " ." for line in lines)
    return Graph(identifier=name).parse(data=triples, format="nt")


def test_fuse_output_passes_shapes():
    conforms, _, text = validate(
        _fuse(quetta_reports() + other_reports()), shacl_graph=Graph().parse(shapes_file())
    )
    assert conforms, text


def test_fuse_second_build_adds_new_reports_to_the_same_incident():
    first, *rest = quetta_reports()
    alone = _fuse([first])
    together = _fuse([first, *rest])
    assert _events(alone) == _events(together)


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (dict(date="2024-11-09"), dict(date="2024-11"), True),
        (dict(date="2024-11-09"), dict(date="2024-10"), False),
        (dict(location="quetta"), dict(location="station"), True),
        (dict(location="kech"), dict(location="station"), False),
        (dict(kind="Kidnapping"), dict(kind="Attack"), False),
        (dict(source="same"), dict(source="same"), False),
    ],
)
def test_fuse_compatible(a, b, expected):
    ctx = FusionContext(
        places={"station": frozenset({"quetta", "pk-ba"}), "kech": frozenset({"pk-ba"})}
    )
    base = dict(kind="Attack", source="one")
    left = Report(iri=URIRef("urn:a"), **{**base, **a})
    right = Report(iri=URIRef("urn:b"), **{**base, "source": "two", **b})
    assert compatible(left, right, ctx) is expected


_KP = frozenset({URIRef("place:pk-kp"), URIRef("place:pk")})
_TOWNS = {
    URIRef("place:pk-kp-lakki-city"): _KP | {URIRef("place:pk-kp-lakki")},
    URIRef("place:pk-kp-lakki"): _KP,
    URIRef("place:pk-kp-pezu"): _KP | {URIRef("place:pk-kp-lakki")},
    URIRef("place:pk-kp-tank"): _KP,
    URIRef("place:pk-kp-gomal"): _KP | {URIRef("place:pk-kp-tank")},
}


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # "in Lakki" names the town and its district: a village of the district is one place
        ("place:pk-kp-lakki-city", "place:pk-kp-pezu", True),
        ("place:pk-kp-pezu", "place:pk-kp-lakki-city", True),
        ("place:pk-kp-lakki-city", "place:pk-kp-gomal", False),
    ],
)
def test_fuse_a_town_named_like_its_district_is_compatible_with_the_district(a, b, expected):
    ctx = FusionContext(places=_TOWNS)
    left = Report(URIRef("urn:a"), "one", "SuicideBombing", "2024-08-26", URIRef(a), URIRef("ttp"))
    right = Report(URIRef("urn:b"), "two", "SuicideBombing", "2024-08-26", URIRef(b), URIRef("x"))
    assert compatible(left, right, ctx) is expected


@pytest.mark.parametrize("order", [slice(None), slice(None, None, -1)])
def test_fuse_cluster_reports_links_a_chain_in_any_order(order):
    ctx = FusionContext(places={URIRef("station"): frozenset({URIRef("quetta")})})
    reports = [
        Report(
            URIRef("urn:1"),
            "ap",
            "SuicideBombing",
            "2024-11-09",
            URIRef("station"),
            targets=frozenset({"army"}),
        ),
        Report(
            URIRef("urn:2"),
            "ft",
            "Bombing",
            "2024-11-09",
            URIRef("quetta"),
            targets=frozenset({"army"}),
        ),
        Report(URIRef("urn:3"), "br", "Attack", "2024-11", URIRef("station")),
        Report(URIRef("urn:4"), "xx", "Kidnapping", "2024-11-09", URIRef("station")),
    ]
    groups = cluster_reports(reports[order], ctx)
    assert [[str(r.iri) for r in g] for g in groups] == [["urn:1", "urn:2", "urn:3"], ["urn:4"]]


def _wave(doc_id: str, reports: list[tuple[str, str, int, list[str]]]) -> Extraction:
    """An article about one day's wave: (kind, place, toll, targets) per incident, all by the BLA."""
    doc = document(doc_id, " ".join(f"Attack {i} killed people." for i in range(len(reports))))
    return extraction(
        doc,
        [
            report(
                doc,
                f"Attack {i} killed people.",
                kind,
                id=f"{doc_id}-{i}",
                date="2024-08-26",
                location=place,
                perpetrator="actor:bla",
                fatalities=toll,
                targets=targets,
            )
            for i, (kind, place, toll, targets) in enumerate(reports)
        ],
    )


def test_fuse_sub_incident_joins_its_district_report_not_the_umbrella():
    """A town-level report and a district-level report of one toll are one incident,
    even when the other article also carries a province-wide umbrella story."""
    civilians = ["actor:civilians"]
    first = _wave(
        "d1", [("Attack", "place:pk-ba", 50, civilians), ("Attack", "place:pk-ba-turbat", 6, [])]
    )
    second = _wave(
        "d2",
        [("Attack", "place:pk-ba", 72, civilians), ("Attack", "place:pk-ba-kech", 6, civilians)],
    )
    fused = _fuse([first, second])
    tolls = sorted(int(fused.value(e, CKG.fatalities)) for e in _events(fused))
    assert tolls == [6, 50]


# -- the store keeps the default graph equal to what fused_graph derives ------------------


def _quads(graph) -> set[str]:
    """Triples as the store writes them (it normalises literals such as decimals)."""
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return {str(q) for q in store}


def _expected_default(store) -> set[str]:
    return _quads(fused_graph(graph for _, graph in store.document_graphs()))


def test_fuse_store_default_graph_is_what_fused_graph_derives(seeds_store):
    assert _quads(seeds_store.default_graph()) == _expected_default(seeds_store)


def test_fuse_store_stays_equal_through_replacing_and_removing_articles(tmp_path):
    from kg.graph.fusion import refresh_fused
    from kg.store.embedded import open_store

    extractions = quetta_reports() + other_reports()
    with open_store(tmp_path) as store:
        for ex in extractions:
            store.replace_document(ex.document.id, document_graph(ex))
        refresh_fused(store)
        assert _quads(store.default_graph()) == _expected_default(store)
        # one article now tells a different story, another is withdrawn
        first, second = extractions[0], extractions[1]
        changed = extraction(
            first.document, [report(first.document, first.document.text, "Ambush")]
        )
        store.replace_document(first.document.id, document_graph(changed))
        store.remove_document(second.document.id)
        refresh_fused(store)
        assert _quads(store.default_graph()) == _expected_default(store)
        assert second.document.id not in store.documents()
        assert not set(store.default_graph().subjects(None, article_iri(second.document.id)))


def test_fuse_store_opened_empty_reads_no_old_fused_part(tmp_path, monkeypatch):
    """A store empty when opened has no fused part to read before the first fusion writes
    one; later fusions, and those of a reopened store, read and replace the old part."""
    from kg.graph.fusion import refresh_fused
    from kg.graph.mapping import document_rdf
    from kg.store.embedded import OxigraphStore, open_store

    extractions = quetta_reports() + other_reports()
    first, second = extractions[0], extractions[1]
    with open_store(tmp_path) as store:
        store.write_documents([document_rdf(ex) for ex in extractions], new=True)

        def unread(*_args):
            raise AssertionError("the old fused part was read")

        with monkeypatch.context() as patch:
            patch.setattr(OxigraphStore, "_carried_subjects", unread)
            refresh_fused(store)
        assert _quads(store.default_graph()) == _expected_default(store)
        changed = extraction(
            first.document, [report(first.document, first.document.text, "Ambush")]
        )
        store.replace_document(first.document.id, document_graph(changed))
        refresh_fused(store)
        assert _quads(store.default_graph()) == _expected_default(store)
    with open_store(tmp_path) as store:
        store.remove_document(second.document.id)
        refresh_fused(store)
        assert _quads(store.default_graph()) == _expected_default(store)
        assert not set(store.default_graph().subjects(None, article_iri(second.document.id)))


# -- finding candidate pairs by date and place loses no match -------------------------------

_DAYS = [f"2024-03-0{d}" for d in (1, 2, 3, 4, 5, 9)] + ["2024-03", "2024", "2024-04-01", None]
_PLACES = [None, *(URIRef(f"https://w3id.org/conflict-kg/id/place/{p}") for p in ("a", "a1", "b"))]
_ACTORS = [None, *(URIRef(f"https://w3id.org/conflict-kg/id/actor/{p}") for p in ("x", "y"))]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # article
            st.sampled_from(["Attack", "Bombing", "Ambush", "MilitaryOperation", "Clash"]),
            st.sampled_from(_DAYS),
            st.sampled_from(_PLACES),
            st.sampled_from(_ACTORS),
            st.sampled_from([None, 3, 5]),
            st.sampled_from([None, "2024-03-03", "2024-03-06"]),  # published
        ),
        max_size=14,
    ),
    st.integers(0, 2),
)
@settings(max_examples=150, deadline=None)
def test_fuse_clusters_equal_those_of_comparing_every_pair(rows, window):
    import kg.graph.matching

    reports = [
        Report(
            iri=URIRef(f"https://w3id.org/conflict-kg/id/report/d{doc}/{i}"),
            source=article_iri(f"d{doc}"),
            kind=kind,
            date=day,
            location=place,
            perpetrator=actor,
            fatalities=toll,
            published=published,
        )
        for i, (doc, kind, day, place, actor, toll, published) in enumerate(rows)
    ]
    province, country = (URIRef(f"https://w3id.org/conflict-kg/id/place/{p}") for p in "pc")
    places = {
        _PLACES[1]: frozenset({province, country}),
        _PLACES[2]: frozenset({_PLACES[1], province, country}),
        _PLACES[3]: frozenset({province, country}),
    }
    ctx = FusionContext(places=places, window_days=window)

    def every_pair(members, *_):
        return ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])

    blocked = cluster_reports(reports, ctx)
    original = kg.graph.matching.candidate_pairs
    kg.graph.matching.candidate_pairs = every_pair
    try:
        brute = cluster_reports(reports, ctx)
    finally:
        kg.graph.matching.candidate_pairs = original
    assert blocked == brute


_NAMESAKE = "https://w3id.org/conflict-kg/id/place/pk-kp-bannu"
_BANNU_PLACES = [
    None,
    *(URIRef(_NAMESAKE + suffix) for suffix in ("", "-city", "-city-bazaar", "-mir-ali")),
]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # article
            st.sampled_from(["Attack", "Bombing", "Clash"]),
            st.sampled_from(["2024-03-01", "2024-03-02", "2024-03", "2024", "2024-04", "2023"]),
            st.sampled_from([*_PLACES, *_BANNU_PLACES]),
            st.sampled_from(_ACTORS),
        ),
        max_size=16,
    )
)
@settings(max_examples=150, deadline=None)
def test_fuse_coarse_dates_are_paired_by_place_without_losing_a_match(rows):
    """A month- or year-dated report is looked up only at the places it may share an
    incident with (its own, those around or inside it, a town's namesake district): every
    pair that scores is still a candidate."""
    from kg.graph.matching import affinity, candidate_pairs

    reports = [
        Report(
            iri=URIRef(f"https://w3id.org/conflict-kg/id/report/d{doc}/{i}"),
            source=article_iri(f"d{doc}"),
            kind=kind,
            date=day,
            location=place,
            perpetrator=actor,
        )  # fmt: skip
        for i, (doc, kind, day, place, actor) in enumerate(rows)
    ]
    province, country = (URIRef(f"https://w3id.org/conflict-kg/id/place/{p}") for p in "pc")
    district = URIRef(_NAMESAKE)
    places = {
        _PLACES[1]: frozenset({province, country}),
        _PLACES[2]: frozenset({_PLACES[1], province, country}),
        _PLACES[3]: frozenset({province, country}),
        district: frozenset({province, country}),
        _BANNU_PLACES[2]: frozenset({district, province, country}),
        _BANNU_PLACES[3]: frozenset({_BANNU_PLACES[2], district, province, country}),
        _BANNU_PLACES[4]: frozenset({district, province, country}),
    }
    ctx = FusionContext(places=places)

    def scoring(pairs):
        ordered = (sorted((a, b), key=lambda r: str(r.iri)) for a, b in pairs)
        return {(a.iri, b.iri) for a, b in ordered if affinity(a, b, ctx)}

    every = ((a, b) for i, a in enumerate(reports) for b in reports[i + 1 :])
    found = list(candidate_pairs(reports, 1, places))
    assert len({frozenset((a.iri, b.iri)) for a, b in found}) == len(found)  # once each
    assert scoring(found) == scoring(every)


def _toll_report(doc_id: str, published: str, toll: int, background: bool = False) -> Extraction:
    doc = document(doc_id, f"A bomb in Quetta killed {toll} people.", published=published)
    record = report(
        doc, doc.text, "Bombing", date="2024-11-09", location="place:pk-ba-quetta-station",
        fatalities=toll, background=background,
    )  # fmt: skip
    return extraction(doc, [record])


@pytest.mark.parametrize(
    "reports,expected",
    [
        # the toll mounts: the latest report is the best estimate
        ([("d1", "2024-11-09", 20), ("d2", "2024-11-10", 26)], (20, 26, 26)),
        # a later report that is only background does not overrule the incident's own reports
        ([("d1", "2024-11-09", 24), ("d2", "2024-11-10", 26), ("d3", "2024-12-01", 30, True)],
         (24, 26, 30)),
        # an early report that is revised down still counts as the highest claim
        ([("d1", "2024-11-09", 30), ("d2", "2024-11-11", 21)], (21, 21, 30)),
    ],
)  # fmt: skip
def test_fuse_tolls_are_lowest_best_and_highest_claims(reports, expected):
    fused = _fuse([_toll_report(*r) for r in reports])
    [event] = _events(fused)
    props = (CKG.fatalitiesMin, CKG.fatalities, CKG.fatalitiesMax)
    assert tuple(fused.value(event, p).toPython() for p in props) == expected


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # a day apart: two incidents blamed on two groups
        (("d1", "2024-08-26", "place:pk-ba-kech"), ("d2", "2024-08-27", "place:pk-ba-kech"), 2),
        # only the month known: nothing says it is the same occurrence
        (("d1", "2024-08", "place:pk-ba-kech"), ("d2", "2024-08", "place:pk-ba-kech"), 2),
        # the same day in one province: too wide to be sure
        (("d1", "2024-08-26", "place:pk-ba"), ("d2", "2024-08-26", "place:pk-ba"), 2),
    ],
)
def test_fuse_perpetrators_disagreeing_elsewhere_stay_apart(a, b, expected):
    reports = [
        _attack(*a, perpetrator="actor:bla", targets=["actor:civilians"]),
        _attack(*b, perpetrator="actor:ttp", targets=["actor:civilians"]),
    ]
    assert len(_events(_fuse(reports))) == expected


def test_fuse_perpetrator_disagreement_is_flagged():
    reports = [
        _attack(f"d{i}", "2024-08-26", "place:pk-ba-kech", perpetrator=p)
        for i, p in enumerate(("actor:bla", "actor:ttp"))
    ]
    fused = _fuse(reports)
    [event] = _events(fused)
    assert (event, CKG.conflictingClaim, Literal("perpetrator")) in fused


_TOWN = {
    "jail-road": frozenset({"sibi-city", "sibi", "pk-ba", "pk"}),
    "thandi-sarak": frozenset({"sibi-city", "sibi", "pk-ba", "pk"}),
    "sibi-city": frozenset({"sibi", "pk-ba", "pk"}),
    "dehpal": frozenset({"sibi", "pk-ba", "pk"}),
}


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # one bombing told at two landmarks of one town, the same day
        (dict(location="jail-road"), dict(location="thandi-sarak"), True),
        (dict(location="jail-road"), dict(location="thandi-sarak", kind="Bombing"), True),
        # another day, another kind, or only the district in common: apart
        (dict(location="jail-road"), dict(location="thandi-sarak", date="2025-04-03"), False),
        (dict(location="jail-road"), dict(location="thandi-sarak", kind="Kidnapping"), False),
        (dict(location="jail-road"), dict(location="dehpal"), False),
    ],
)
def test_fuse_two_sites_of_one_town_on_one_day_are_compatible(a, b, expected):
    ctx = FusionContext(places={URIRef(k): frozenset(map(URIRef, v)) for k, v in _TOWN.items()})
    base = dict(kind="SuicideBombing", source="one", date="2025-04-02")
    a = {**a, "location": URIRef(a["location"])}
    b = {**b, "location": URIRef(b["location"])}
    left = Report(iri=URIRef("urn:a"), **{**base, **a})
    right = Report(iri=URIRef("urn:b"), **{**base, "source": "two", **b})
    assert compatible(left, right, ctx) is expected


def test_fuse_two_reports_at_two_landmarks_of_one_town_cluster_as_one_incident():
    ctx = FusionContext(places={URIRef(k): frozenset(map(URIRef, v)) for k, v in _TOWN.items()})
    reports = [
        Report(URIRef("urn:1"), "ap", "SuicideBombing", "2025-04-02", URIRef("jail-road")),
        Report(URIRef("urn:2"), "pti", "Bombing", "2025-04-02", URIRef("thandi-sarak")),
        Report(URIRef("urn:3"), "afp", "SuicideBombing", "2025-04-02", URIRef("dehpal")),
    ]
    groups = cluster_reports(reports, ctx)
    assert [[str(r.iri) for r in g] for g in groups] == [["urn:1", "urn:2"], ["urn:3"]]


def _dated(doc_id: str, day: str, published: str, place: str, text: str) -> Extraction:
    doc = document(doc_id, text, published=published)
    return extraction(doc, [report(doc, doc.text, "Attack", date=day, location=place)])


@pytest.mark.parametrize(
    "second,expected",
    [
        # The follow-up dates the siege by the day the operation ended, and appeared the next day.
        (("d2", "2024-03-12", "2024-03-13", "place:pk-ba-quetta"), 1),
        # A village of the district the first story named.
        (("d2", "2024-03-12", "2024-03-12", "place:pk-ba-quetta-station"), 1),
        # Another district: another incident.
        (("d2", "2024-03-12", "2024-03-13", "place:pk-ba-kech"), 2),
        # Written long after the day it gives: a later incident, not a follow-up.
        (("d2", "2024-03-12", "2024-03-20", "place:pk-ba-quetta"), 2),
        # Three days on is more than a follow-up's reach.
        (("d2", "2024-03-13", "2024-03-14", "place:pk-ba-quetta"), 2),
    ],
    ids=["next-day-story", "village-in-district", "other-district", "late-story", "too-far"],
)
def test_fuse_follow_up_dated_by_its_own_news_joins_the_first_report(second, expected):
    first = _dated(
        "d1",
        "2024-03-10",
        "2024-03-11",
        "place:pk-ba-quetta",
        "Militants stormed a police compound in Quetta on Sunday and took guards hostage.",
    )
    doc_id, day, published, place = second
    later = _dated(
        doc_id,
        day,
        published,
        place,
        "Commandos ended the standoff at the compound on Tuesday, killing the attackers.",
    )
    assert len(_events(_fuse([first, later]))) == expected


@pytest.mark.parametrize(
    "kinds,expected",
    [(("Bombing", "Bombing"), 1), (("Bombing", "Kidnapping"), 2)],
    ids=["same-kind", "other-kind"],
)
def test_fuse_two_sites_of_a_city_without_a_district_are_one_incident(kinds, expected):
    """Karachi sits directly under its province: two landmarks of the city the same day are
    one incident told at two sites."""
    first = _attack("d1", "2024-06-03", "place:pk-sd-port-qasim", kinds[0])
    second = _attack("d2", "2024-06-03", "place:pk-sd-karachi-university", kinds[1])
    assert len(_events(_fuse([first, second]))) == expected


@pytest.mark.parametrize(
    "clash,expected",
    [
        # The post's attackers were driven off: the other wire calls it an exchange of fire.
        (("2025-01-22", "place:pk-ba-kech", 4), 1),
        (("2025-01-22", "place:pk-ba-turbat", 4), 1),
        # Another toll: a second fight that day, e.g. the raid answering the attack.
        (("2025-01-22", "place:pk-ba-kech", 9), 2),
        (("2025-01-22", "place:pk-ba-kech", None), 2),
        # Another day, or only the province in common.
        (("2025-01-23", "place:pk-ba-kech", 4), 2),
        (("2025-01-22", "place:pk-ba", 4), 2),
    ],
    ids=["its-district", "same-town", "other-toll", "no-toll", "next-day", "province"],
)
def test_fuse_attack_told_elsewhere_as_a_clash_with_the_same_toll_is_one_event(clash, expected):
    day, place, toll = clash
    doc = document(
        "d1", "Militants stormed a Levies post in Kech on Wednesday; four attackers died."
    )
    attack = extraction(
        doc,
        [
            report(
                doc,
                doc.text,
                "Attack",
                date="2025-01-22",
                location="place:pk-ba-turbat",
                fatalities=4,
            )
        ],
    )
    other = document("d2", "Four militants were killed in an exchange of fire with the Levies.")
    clash_report = extraction(
        other, [report(other, other.text, "Clash", date=day, location=place, fatalities=toll)]
    )
    assert len(_events(_fuse([attack, clash_report]))) == expected


@pytest.mark.parametrize(
    "clash,expected",
    [
        # The wire counts the soldiers and the attackers; the editorial only the soldiers.
        (("place:pk-ba-kech", ["actor:frontier-corps"]), 1),
        (("place:pk-ba-turbat", ["actor:frontier-corps"]), 1),
        # No victim in common: the FC's own raid later that day.
        (("place:pk-ba-kech", ["actor:ttp"]), 2),
        (("place:pk-ba-kech", []), 2),
        # Only the province in common.
        (("place:pk-ba", ["actor:frontier-corps"]), 2),
    ],
    ids=["its-district", "a-town-of-it", "other-victim", "no-victim", "province"],
)
def test_fuse_attack_and_clash_on_one_victim_with_other_tolls_is_one_event(clash, expected):
    """An attack on an FC camp in one report, and in another the exchange of fire that
    drove the attackers off, the same day and place with the same victim: one fight, even
    where one toll counts the attackers who died and the other does not."""
    place, targets = clash
    doc = document("d1", "Gunmen raided an FC camp in Kech on Monday, killing two.")
    attack = extraction(
        doc,
        [
            report(
                doc,
                doc.text,
                "Attack",
                date="2025-03-10",
                location="place:pk-ba-kech",
                targets=["actor:frontier-corps"],
                fatalities=2,
            )
        ],
    )
    other = document("d2", "Two FC men and three raiders died in a gunfight near the camp.")
    fight = extraction(
        other,
        [
            report(
                other,
                other.text,
                "Clash",
                date="2025-03-10",
                location=place,
                targets=targets,
                fatalities=5,
            )
        ],
    )
    assert len(_events(_fuse([attack, fight]))) == expected


def test_fuse_attack_by_a_group_and_a_clash_credited_to_the_forces_stay_apart():
    """Militants' attack on a post, and the forces' raid elsewhere in the district that day:
    the same toll by chance."""
    first = _attack("d1", "2025-01-22", "place:pk-ba-turbat", perpetrator="actor:bla", fatalities=4)
    second = _attack(
        "d2",
        "2025-01-22",
        "place:pk-ba-kech",
        "Clash",
        perpetrator="actor:security-forces",
        fatalities=4,
    )
    assert len(_events(_fuse([first, second]))) == 2


def test_fuse_bombing_and_clash_of_one_toll_stay_apart():
    """A roadside bomb is not the fight a clash report describes, whatever the toll."""
    first = _attack("d1", "2025-01-22", "place:pk-ba-kech", "Bombing", fatalities=4)
    second = _attack("d2", "2025-01-22", "place:pk-ba-kech", "Clash", fatalities=4)
    assert len(_events(_fuse([first, second]))) == 2


@pytest.mark.parametrize(
    "comment,expected",
    [
        # An editorial two days on gives the toll and the district, not the day.
        (("Bombing", "place:pk-ba-kech", 6, "2024-03-12"), 1),
        (("Bombing", "place:pk-ba-turbat", 6, "2024-03-10"), 1),
        (("Attack", "place:pk-ba-kech", 6, "2024-03-12"), 1),
        # Another toll, only the province, or written weeks later: maybe another blast.
        (("Bombing", "place:pk-ba-kech", 9, "2024-03-12"), 2),
        (("Bombing", "place:pk-ba", 6, "2024-03-12"), 2),
        (("Bombing", "place:pk-ba-kech", 6, "2024-04-20"), 2),
        (("Bombing", "place:pk-ba-kech", 6, "2024-03-09"), 2),
        (("Ambush", "place:pk-ba-kech", 6, "2024-03-12"), 2),
    ],
    ids=[
        "district-editorial",
        "same-town",
        "general-kind",
        "other-toll",
        "province",
        "weeks-later",
        "written-before",
        "other-kind",
    ],
)
def test_fuse_undated_comment_with_the_same_toll_joins_the_dated_incident(comment, expected):
    kind, place, toll, published = comment
    news = document(
        "d1",
        "A bomb hidden in a cart killed six people in Turbat on Sunday.",
        published="2024-03-10",
    )
    first = extraction(
        news,
        [
            report(
                news,
                news.text,
                "Bombing",
                date="2024-03-10",
                location="place:pk-ba-turbat",
                fatalities=6,
            )
        ],
    )
    view = document(
        "d2",
        "The blast that took six lives in Kech shows how thin security is.",
        published=published,
    )
    second = extraction(view, [report(view, view.text, kind, location=place, fatalities=toll)])
    assert len(_events(_fuse([first, second]))) == expected


def test_fuse_undated_report_is_compared_only_with_the_days_it_may_comment_on():
    """An undated editorial is weighed against the reports of the week before it appeared
    in its district, not against every report its district ever had."""
    from kg.graph.matching import candidate_pairs

    def at(n, day, place, published=None):
        return Report(
            URIRef(f"urn:r{n}"), URIRef(f"urn:d{n}"), "Bombing", day, URIRef(place),
            published=published,
        )  # fmt: skip

    places = {
        URIRef("village"): frozenset({URIRef("district"), URIRef("province"), URIRef("pk")}),
        URIRef("district"): frozenset({URIRef("province"), URIRef("pk")}),
    }
    editorial = at(0, None, "district", published="2024-06-12")
    recent = at(1, "2024-06-10", "village")
    old = at(2, "2023-02-01", "village")
    later = at(3, "2024-06-14", "village")
    pairs = {
        frozenset((a.iri, b.iri))
        for a, b in candidate_pairs([editorial, recent, old, later], 1, places)
    }
    assert frozenset((editorial.iri, recent.iri)) in pairs
    assert frozenset((editorial.iri, old.iri)) not in pairs
    assert frozenset((editorial.iri, later.iri)) not in pairs


_SD = frozenset({URIRef("place:pk-sd"), URIRef("place:pk")})
_PB = frozenset({URIRef("place:pk-pb"), URIRef("place:pk")})
_GAZETTEER = {
    # a town the gazetteer knows only by its province, and districts around it
    URIRef("place:pk-sd-kandhkot"): _SD,
    URIRef("place:pk-sd-kashmore"): _SD,
    URIRef("place:pk-sd-kashmore-guddu"): _SD | {URIRef("place:pk-sd-kashmore")},
    URIRef("place:pk-sd-hyderabad"): _SD,
    URIRef("place:pk-pb-rajanpur"): _PB,
    # two sites of one district
    URIRef("place:pk-kp-nw"): _KP,
    URIRef("place:pk-kp-nw-ghulam-khan"): _KP | {URIRef("place:pk-kp-nw")},
    URIRef("place:pk-kp-nw-miranshah"): _KP | {URIRef("place:pk-kp-nw")},
}
_POSITIONS = {
    URIRef("place:pk-sd-kandhkot"): (28.24, 69.18),
    URIRef("place:pk-sd-kashmore"): (28.43, 69.58),
    URIRef("place:pk-sd-kashmore-guddu"): (28.42, 69.69),
    URIRef("place:pk-sd-hyderabad"): (25.39, 68.37),
    URIRef("place:pk-pb-rajanpur"): (28.60, 69.90),
}
_NEAR = FusionContext(
    places=_GAZETTEER, towns=frozenset({URIRef("place:pk-sd-kandhkot")}), coordinates=_POSITIONS
)


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # "in Kandhkot" in one report, the district or a village of it in the next
        (dict(location="place:pk-sd-kandhkot"), dict(location="place:pk-sd-kashmore"), True),
        (dict(location="place:pk-sd-kashmore-guddu"), dict(location="place:pk-sd-kandhkot"), True),
        (
            dict(location="place:pk-sd-kandhkot", kind="Attack"),
            dict(location="place:pk-sd-kashmore", kind="Bombing"),
            True,
        ),
        # far away, in another province, another day or another kind: apart
        (dict(location="place:pk-sd-kandhkot"), dict(location="place:pk-sd-hyderabad"), False),
        (dict(location="place:pk-sd-kandhkot"), dict(location="place:pk-pb-rajanpur"), False),
        (
            dict(location="place:pk-sd-kandhkot"),
            dict(location="place:pk-sd-kashmore", date="2023-05-03"),
            False,
        ),
        (
            dict(location="place:pk-sd-kandhkot"),
            dict(location="place:pk-sd-kashmore", kind="Kidnapping"),
            False,
        ),
    ],
    ids=["district", "village", "less-exact-kind", "far", "other-province", "other-day", "kind"],
)
def test_fuse_a_town_known_only_by_its_province_is_compatible_with_a_place_near_it(a, b, expected):
    base = dict(kind="Attack", date="2023-05-01", source="one")
    left = Report(URIRef("urn:a"), **{**base, **a, "location": URIRef(a["location"])})
    right = Report(
        URIRef("urn:b"), **{**base, "source": "two", **b, "location": URIRef(b["location"])}
    )
    assert compatible(left, right, _NEAR) is expected


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # a border skirmish told at the crossing by one wire and at the town by another
        (dict(fatalities=2), dict(fatalities=2), True),
        (dict(fatalities=0), dict(fatalities=0), True),
        # without the same toll, or of another kind or day, two incidents of the district
        (dict(fatalities=2), dict(fatalities=3), False),
        (dict(fatalities=None), dict(fatalities=None), False),
        (dict(fatalities=2), dict(fatalities=2, kind="Attack"), False),
        (dict(fatalities=2), dict(fatalities=2, date="2023-10-02"), False),
    ],
    ids=["same-toll", "none-killed", "other-toll", "no-toll", "other-kind", "other-day"],
)
def test_fuse_two_sites_of_one_district_with_the_same_toll_are_compatible(a, b, expected):
    base = dict(kind="Clash", date="2023-10-01")
    left = Report(
        URIRef("urn:a"), "one", location=URIRef("place:pk-kp-nw-ghulam-khan"), **{**base, **a}
    )
    right = Report(
        URIRef("urn:b"), "two", location=URIRef("place:pk-kp-nw-miranshah"), **{**base, **b}
    )
    assert compatible(left, right, _NEAR) is expected


def _near_town_world() -> dict[str, Entity]:
    places = [
        Entity("place:pk", "Pakistan", "Country", lat=30.0, lon=70.0),
        Entity("place:pk-sd", "Sindh", "Province", parent="place:pk", lat=26.0, lon=68.5),
        Entity("place:pk-sd-kashmore", "Kashmore District", "District", parent="place:pk-sd",
               lat=28.43, lon=69.58),
        Entity("place:pk-sd-kandhkot", "Kandhkot", "City", parent="place:pk-sd",
               lat=28.24, lon=69.18),
        Entity("place:pk-sd-hyderabad", "Hyderabad", "City", parent="place:pk-sd",
               lat=25.39, lon=68.37),
    ]  # fmt: skip
    return {e.key: e for e in places}


@pytest.mark.parametrize(
    "town,expected",
    [("place:pk-sd-kandhkot", 1), ("place:pk-sd-hyderabad", 2)],
    ids=["near", "far"],
)
def test_fuse_reports_at_a_town_without_district_and_the_district_near_it_are_one_event(
    town, expected
):
    """The first wire names the district, the next day's paper only the town it happened
    near, which the gazetteer places in the province alone; a town far off stays apart."""
    world = _near_town_world()
    texts = {
        "place:pk-sd-kashmore": "Bandits raided a police picket in Kashmore district, killing four.",
        town: f"Outlaws stormed a police picket near {world[town].label}, killing three.",
    }
    extractions = []
    for n, (place, text) in enumerate(texts.items()):
        doc = document(f"d{n}", text)
        record = report(doc, text, "Attack", date="2023-05-01", location=place, fatalities=4 - n)
        keys = {place, world[place].parent, "place:pk"}
        extractions.append(Extraction(doc, [world[k] for k in sorted(keys)], [record], [], []))
    assert len(_events(_fuse(extractions))) == expected


_KOHISTAN = {
    # the old district and the two it was split into, side by side under the province
    URIRef("place:pk-kp-kohistan"): _KP,
    URIRef("place:pk-kp-upper-kohistan"): _KP,
    URIRef("place:pk-kp-lower-kohistan"): _KP,
    URIRef("place:pk-kp-dasu"): _KP | {URIRef("place:pk-kp-upper-kohistan")},
    URIRef("place:pk-kp-pattan"): _KP | {URIRef("place:pk-kp-lower-kohistan")},
    URIRef("place:pk-kp"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-gb-chilas"): frozenset({URIRef("place:pk-gb"), URIRef("place:pk")}),
    URIRef("place:pk-gb"): frozenset({URIRef("place:pk")}),
}
_KOHISTAN_AT = {
    URIRef("place:pk-kp-kohistan"): (35.28, 73.30),  # given at its old headquarters
    URIRef("place:pk-kp-dasu"): (35.29, 73.29),
    URIRef("place:pk-kp-pattan"): (35.03, 73.03),
    URIRef("place:pk-kp"): (35.29, 73.28),
    URIRef("place:pk-gb-chilas"): (35.30, 73.31),
}


@pytest.mark.parametrize(
    "a,b,expected",
    [
        # the town in one report, the district it headed before the split in the other
        (dict(location="place:pk-kp-dasu"), dict(location="place:pk-kp-kohistan"), True),
        (
            dict(location="place:pk-kp-dasu", kind="Bombing"),
            dict(location="place:pk-kp-kohistan", kind="SuicideBombing"),
            True,
        ),
        # a town some way off, another day, another kind, another province
        (dict(location="place:pk-kp-pattan"), dict(location="place:pk-kp-kohistan"), False),
        (
            dict(location="place:pk-kp-dasu"),
            dict(location="place:pk-kp-kohistan", date="2024-03-27"),
            False,
        ),
        (
            dict(location="place:pk-kp-dasu"),
            dict(location="place:pk-kp-kohistan", kind="Kidnapping"),
            False,
        ),
        (dict(location="place:pk-kp-kohistan"), dict(location="place:pk-gb-chilas"), False),
    ],
    ids=["old-district", "less-exact-kind", "far", "other-day", "kind", "across"],
)
def test_fuse_two_places_a_few_km_apart_are_compatible_whatever_the_hierarchy(a, b, expected):
    ctx = FusionContext(places=_KOHISTAN, coordinates=_KOHISTAN_AT)
    base = dict(kind="Bombing", date="2024-03-26", source="one")
    left = Report(URIRef("urn:a"), **{**base, **a, "location": URIRef(a["location"])})
    right = Report(
        URIRef("urn:b"), **{**base, "source": "two", **b, "location": URIRef(b["location"])}
    )
    assert compatible(left, right, ctx) is expected


def test_fuse_a_town_and_a_district_beside_it_give_the_incident_the_town():
    """Told "in Pattan" by one source and by the district it lay in before the split by
    another, the incident is placed at the town, the more exact of the two."""
    ctx = FusionContext(places=_KOHISTAN, coordinates=_KOHISTAN_AT)
    reports = [
        Report(URIRef("urn:1"), "one", "Bombing", "2024-03-26", URIRef("place:pk-kp-kohistan")),
        Report(URIRef("urn:2"), "two", "Bombing", "2024-03-26", URIRef("place:pk-kp-pattan")),
    ]
    incident = fuse_cluster(reports, ctx)
    assert incident.location == URIRef("place:pk-kp-pattan")
    assert "location" in incident.conflicts


def test_fuse_two_unlisted_villages_of_one_district_the_same_day_stay_apart():
    """Villages the lexicon does not hold are given their district's position, which says
    nothing of how far apart they are: only the district in common, two incidents."""
    world = _near_town_world()
    extractions = []
    for n, name in enumerate(("Bakhshu Khan", "Tangwani Bazar")):
        key = f"place:pk-sd-kashmore-{name.lower().replace(' ', '-')}"
        village = Entity(key, name, "City", parent="place:pk-sd-kashmore", lat=28.43, lon=69.58,
                         from_lexicon=False)  # fmt: skip
        text = f"Robbers shot dead {n + 1} shopkeepers in {name} on Monday."
        doc = document(f"d{n}", text)
        record = report(doc, text, "Attack", date="2023-05-01", location=key, fatalities=n + 1)
        entities = [village] + [
            world[k] for k in ("place:pk-sd-kashmore", "place:pk-sd", "place:pk")
        ]
        extractions.append(Extraction(doc, entities, [record], [], []))
    assert len(_events(_fuse(extractions))) == 2


def _road_world(*villages: tuple[str, str, str]) -> dict[str, Entity]:
    """Two neighbouring districts of one province, a district of another, and villages."""
    places = [
        Entity("place:pk", "Pakistan", "Country", lat=30.0, lon=70.0),
        Entity("place:pk-kp", "Khyber Pakhtunkhwa", "Province", parent="place:pk",
               lat=34.0, lon=71.5),
        Entity("place:pk-pb", "Punjab", "Province", parent="place:pk", lat=31.0, lon=72.5),
        Entity("place:pk-kp-tank", "Tank District", "District", parent="place:pk-kp",
               lat=32.2, lon=70.4),
        Entity("place:pk-kp-dera-ismail-khan", "Dera Ismail Khan District", "District",
               parent="place:pk-kp", lat=31.8, lon=70.9),
        Entity("place:pk-pb-bhakkar", "Bhakkar District", "District", parent="place:pk-pb",
               lat=31.6, lon=71.1),
    ]  # fmt: skip
    for district, slug, name in villages:
        places.append(
            Entity(f"{district}-{slug}", name, "City", parent=district, from_lexicon=False)
        )
    return {e.key: e for e in places}


def _village_reports(world, rows) -> list[Extraction]:
    extractions = []
    for n, (key, kind, day, text) in enumerate(rows):
        doc = document(f"d{n}", text)
        record = report(doc, text, kind, date=day, location=key)
        keys, parent = [key], world[key].parent
        while parent:
            keys.append(parent)
            parent = world[parent].parent
        extractions.append(Extraction(doc, [world[k] for k in keys], [record], [], []))
    return extractions


@pytest.mark.parametrize(
    "second,expected",
    [
        # the same roadside stop, spelt otherwise and named by another landmark, put in the
        # district next door by the second paper, told a day later
        (("place:pk-kp-tank", "kotla-saiddan-morr", "Kotla Saiddan Morr", "Kidnapping",
          "2024-06-02"), 1),
        # the name without its landmark word
        (("place:pk-kp-tank", "kotla-saidan", "Kotla Saidan", "Kidnapping", "2024-06-01"), 1),
        # another village, another kind, another province, too many days apart
        (("place:pk-kp-tank", "kotla-jam", "Kotla Jam", "Kidnapping", "2024-06-01"), 2),
        (("place:pk-kp-tank", "kotla-saiddan-morr", "Kotla Saiddan Morr", "Bombing",
          "2024-06-01"), 2),
        (("place:pk-pb-bhakkar", "kotla-saidan-adda", "Kotla Saidan Adda", "Kidnapping",
          "2024-06-01"), 2),
        (("place:pk-kp-tank", "kotla-saiddan-morr", "Kotla Saiddan Morr", "Kidnapping",
          "2024-06-04"), 2),
        # the very same name in the next district: a name many places bear
        (("place:pk-kp-tank", "kotla-saidan-adda", "Kotla Saidan Adda", "Kidnapping",
          "2024-06-01"), 2),
    ],
    ids=["spelt-otherwise", "no-landmark", "other-village", "other-kind", "other-province",
         "other-week", "same-name"],
)  # fmt: skip
def test_fuse_one_roadside_locality_named_two_ways_in_two_districts_is_one_event(second, expected):
    """One paper puts the abduction at "Kotla Saidan Adda" in one district, the next at
    "Kotla Saiddan Morr" in the district beside it: one locality on the road between the
    two district towns, one incident; another village or kind stays apart."""
    district, slug, name, kind, day = second
    first = ("place:pk-kp-dera-ismail-khan", "kotla-saidan-adda", "Kotla Saidan Adda")
    world = _road_world(first, (district, slug, name))
    rows = [
        (f"{first[0]}-{first[1]}", "Kidnapping", "2024-06-01",
         f"Gunmen abducted a customs officer from {first[2]} on Saturday."),
        (f"{district}-{slug}", kind, day,
         f"Armed men seized a customs officer at {name} on the road, police said."),
    ]  # fmt: skip
    assert len(_events(_fuse(_village_reports(world, rows)))) == expected


def _running_world() -> dict[str, Entity]:
    places = [
        Entity("place:pk", "Pakistan", "Country", lat=30.0, lon=70.0),
        Entity("place:pk-kp", "Khyber Pakhtunkhwa", "Province", parent="place:pk",
               lat=34.0, lon=71.5),
        Entity("place:pk-kp-orakzai", "Orakzai District", "District", parent="place:pk-kp",
               lat=33.7, lon=70.9),
        Entity("place:pk-kp-hangu", "Hangu District", "District", parent="place:pk-kp",
               lat=33.5, lon=71.1),
        Entity("place:pk-kp-orakzai-kalaya", "Kalaya", "City", parent="place:pk-kp-orakzai",
               from_lexicon=False),
        Entity("place:pk-kp-orakzai-mishti-mela", "Mishti Mela", "City",
               parent="place:pk-kp-orakzai", from_lexicon=False),
        Entity("place:pk-kp-hangu-doaba", "Doaba", "City", parent="place:pk-kp-hangu",
               from_lexicon=False),
    ]  # fmt: skip
    return {e.key: e for e in places}


@pytest.mark.parametrize(
    "later,expected",
    [
        # the toll rose as the fight went on, told from another village of the district
        (dict(date="2024-05-09", location="place:pk-kp-orakzai-mishti-mela", fatalities=21), 1),
        (dict(date="2024-05-07", location="place:pk-kp-orakzai", fatalities=9), 1),
        # the same toll, a side named, another district, another kind, too long after
        (dict(date="2024-05-09", location="place:pk-kp-orakzai-mishti-mela", fatalities=4), 2),
        (
            dict(date="2024-05-09", location="place:pk-kp-orakzai-mishti-mela", fatalities=21,
                 perpetrator="actor:ttp"),
            2,
        ),
        (dict(date="2024-05-09", location="place:pk-kp-hangu-doaba", fatalities=21), 2),
        (
            dict(date="2024-05-09", location="place:pk-kp-orakzai-mishti-mela", fatalities=21,
                 kind="Attack"),
            2,
        ),
        (dict(date="2024-05-12", location="place:pk-kp-orakzai-mishti-mela", fatalities=21), 2),
    ],
    ids=["village", "district", "same-toll", "named", "other-district", "attack", "too-late"],
)  # fmt: skip
def test_fuse_a_fight_of_several_days_told_by_its_mounting_toll_is_one_event(later, expected):
    """Two tribes fought for a week: the first paper tells of the first days' dead, the
    next of the toll that had risen by the sixth day; one fight. A toll that did not rise,
    a side named, another district or a gap of more than a week leaves two."""
    world = _running_world()
    kind = later.pop("kind", "Clash")
    rows = [
        ("d1", "Clash", dict(date="2024-05-03", location="place:pk-kp-orakzai-kalaya",
                             fatalities=4), "2024-05-06",
         "Four people died on Friday as two tribes fought over grazing land in Kalaya."),
        ("d2", kind, later, later["date"],
         f"The toll from the tribal fighting rose to {later['fatalities']}, officials said."),
    ]  # fmt: skip
    extractions = []
    for doc_id, event_kind, fields, published, text in rows:
        doc = document(doc_id, text, published=published)
        record = report(doc, text, event_kind, **fields)
        keys, parent = [fields["location"]], world[fields["location"]].parent
        while parent:
            keys.append(parent)
            parent = world[parent].parent
        entities = [world[k] for k in keys]
        if fields.get("perpetrator"):
            entities.append(
                Entity(fields["perpetrator"], "Tehreek-e-Taliban Pakistan", "ArmedGroup")
            )
        extractions.append(Extraction(doc, entities, [record], [], []))
    assert len(_events(_fuse(extractions))) == expected


_TWO_TOWNS = {
    URIRef("place:pk-kp"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-kp-kohat"): _KP,
    URIRef("place:pk-kp-hangu"): _KP,
    URIRef("place:pk-kp-kohat-city"): _KP | {URIRef("place:pk-kp-kohat")},
    URIRef("place:pk-kp-hangu-city"): _KP | {URIRef("place:pk-kp-hangu")},
    URIRef("place:pk-kp-kohat-city-saddar-bazaar"): _KP
    | {URIRef("place:pk-kp-kohat"), URIRef("place:pk-kp-kohat-city")},
    URIRef("place:pk-kp-hangu-city-saddar"): _KP
    | {URIRef("place:pk-kp-hangu"), URIRef("place:pk-kp-hangu-city")},
    URIRef("place:pk-kp-hangu-saddar"): _KP | {URIRef("place:pk-kp-hangu")},
    URIRef("place:pk-kp-kohat-sadar-adda"): _KP | {URIRef("place:pk-kp-kohat")},
}


@pytest.mark.parametrize(
    "a,b,towns,expected",
    [
        # a quarter named alike in two towns of neighbouring districts is two places
        ("place:pk-kp-kohat-city-saddar-bazaar", "place:pk-kp-hangu-city-saddar", True, False),
        # two towns named after their districts are two places
        ("place:pk-kp-kohat-city", "place:pk-kp-hangu-city", True, False),
        # a village spelt otherwise in the next district, unless the gazetteer places it
        ("place:pk-kp-kohat-sadar-adda", "place:pk-kp-hangu-saddar", True, True),
        ("place:pk-kp-kohat-sadar-adda", "place:pk-kp-hangu-saddar", False, False),
    ],
    ids=["quarters", "towns", "villages", "villages-placed"],
)
def test_fuse_places_named_alike_in_two_districts(a, b, towns, expected):
    located = {} if towns else {URIRef(a): (33.58, 71.44), URIRef(b): (33.54, 71.06)}
    ctx = FusionContext(
        places=_TWO_TOWNS,
        towns=frozenset({URIRef("place:pk-kp-kohat-city"), URIRef("place:pk-kp-hangu-city")}),
        coordinates=located,
    )
    left = Report(URIRef("urn:a"), "one", "Bombing", "2024-03-26", URIRef(a))
    right = Report(URIRef("urn:b"), "two", "Bombing", "2024-03-26", URIRef(b))
    assert compatible(left, right, ctx) is expected


@pytest.mark.parametrize(
    "told,expected",
    [
        # The first flash gives the dead as the side that fought; the wire, the forces' raid.
        (dict(), 1),
        (dict(kind="Clash"), 1),
        (dict(perpetrator="actor:bla-majeed-brigade"), 1),
        (dict(location="place:pk-ba-kech"), 1),
        # An attack on someone is not the raid against its attackers.
        (dict(targets=["actor:civilians"]), 2),
        # Blamed on a side the raid was not against.
        (dict(perpetrator="actor:ttp"), 2),
        # No dead, another day, only the province, or an ambush: maybe another incident.
        (dict(fatalities=None), 2),
        (dict(date="2025-03-08"), 2),
        (dict(location="place:pk-ba"), 2),
        (dict(kind="Ambush"), 2),
    ],
    ids=[
        "attack",
        "clash",
        "member-group",
        "same-district",
        "named-victim",
        "other-side",
        "no-toll",
        "other-day",
        "province",
        "ambush",
    ],
)
def test_fuse_operation_told_elsewhere_by_the_men_it_killed_is_one_event(told, expected):
    # "Five BLA fighters were gunned down near Turbat", then "the FC said it killed seven
    # BLA men in a raid in Kech".
    fields = dict(kind="Attack", perpetrator="actor:bla", fatalities=5)
    fields.update(told)
    fields.setdefault("date", "2025-03-09")
    fields.setdefault("location", "place:pk-ba-turbat")
    flash = _attack("d1", fields.pop("date"), fields.pop("location"), **fields)
    raid = _raid("d2", "2025-03-09", "actor:frontier-corps", "actor:bla", 7)
    assert len(_events(_fuse([flash, raid]))) == expected


def _raid(doc_id: str, day: str, forces: str, against: str, toll: int) -> Extraction:
    """A report of the forces' operation in Kech against ``against``."""
    return _attack(
        doc_id,
        day,
        "place:pk-ba-kech",
        "MilitaryOperation",
        perpetrator=forces,
        targets=[against],
        fatalities=toll,
    )


@pytest.mark.parametrize(
    "flash,against,expected",
    [
        # "Six killed near Turbat" with no side named, then "the FC killed six in a raid".
        (dict(), None, 1),
        (dict(), "actor:ttp", 1),
        # Another toll, a named victim, or another day: perhaps another incident.
        (dict(fatalities=4), None, 2),
        (dict(targets=["actor:civilians"]), None, 2),
        (dict(date="2025-05-13"), None, 2),
        (dict(location="place:pk-ba"), None, 2),
    ],
    ids=["no-side", "raid-names-its-foe", "other-toll", "named-victim", "other-day", "province"],
)
def test_fuse_unblamed_deaths_with_the_toll_of_a_raid_there_that_day_are_one_event(
    flash, against, expected
):
    """A first flash that names neither who killed nor who died, and the forces' raid at the
    place (or around it) that day with the very same toll: the raid, told by its dead."""
    fields = dict(kind="Attack", fatalities=6)
    fields.update(flash)
    day, place = fields.pop("date", "2025-05-12"), fields.pop("location", "place:pk-ba-turbat")
    first = _attack("d1", day, place, **fields)
    raid = _attack(
        "d2",
        "2025-05-12",
        "place:pk-ba-kech",
        "MilitaryOperation",
        perpetrator="actor:frontier-corps",
        targets=[against] if against else [],
        fatalities=6,
    )
    assert len(_events(_fuse([first, raid]))) == expected


def test_fuse_operation_told_by_the_men_it_killed_keeps_the_raid_and_its_forces():
    # "Four TTP militants were shot dead near Turbat", then "troops killed six TTP men in a raid".
    flash = _attack("d1", "2025-04-04", "place:pk-ba-turbat", perpetrator="actor:ttp", fatalities=4)
    raid = _raid("d2", "2025-04-04", "actor:pakistan-army", "actor:ttp", 6)
    fused = _fuse([flash, raid])
    [event] = _events(fused)
    assert (event, RDF.type, CKG.MilitaryOperation) in fused
    assert (event, RDF.type, CKG.Attack) not in fused
    assert set(fused.objects(event, CKG.perpetrator)) == {entity_iri("actor:pakistan-army")}


def test_fused_triples_are_the_fused_part_graph_and_keep_the_lookups_fusion_makes():
    """Fusion fills a Triples instead of an rdflib graph: the same triples, the same answers."""
    from kg.graph.fusion import fused_part, fused_triples, graph_input
    from kg.graph.triples import Triples

    source = graph_input(document_graph(ex) for ex in quetta_reports())
    triples = fused_triples(source)
    graph = fused_part(source)
    assert set(triples) == set(graph) and len(triples) == len(graph) > 0
    assert isomorphic(triples.to_graph(), graph)
    for cls in (CKG.Event, CKG.Claim, CKG.Place):
        assert set(triples.subjects(RDF.type, cls)) == set(graph.subjects(RDF.type, cls))
    assert set(triples.subject_objects(CKG.partOf)) == set(graph.subject_objects(CKG.partOf))
    [event] = triples.subjects(RDF.type, CKG.Event)
    assert (event, RDF.type, CKG.Event) in triples
    assert triples.value(event, CKG.fatalities) == graph.value(event, CKG.fatalities)
    assert triples.value(event, CKG.hasNoSuchValue) is None
    twice = Triples([(event, RDF.type, CKG.Event), (event, RDF.type, CKG.Event)])
    assert len(twice) == 1 and list(twice) == [(event, RDF.type, CKG.Event)]


def test_terms_are_the_namespace_terms():
    from kg.core.namespaces import Terms

    terms = Terms(CKG)
    assert terms.hasClaim == CKG.hasClaim and terms.hasClaim is terms.hasClaim
    assert terms["Attack"] == CKG.Attack and isinstance(terms.Attack, URIRef)


_GRAINS = {
    URIRef("place:pk-kp"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-kp-karak"): _KP,
    URIRef("place:pk-kp-bannu"): _KP,
    URIRef("place:pk-kp-latambar"): _KP | {URIRef("place:pk-kp-karak")},
    URIRef("place:pk-kp-domel"): _KP | {URIRef("place:pk-kp-bannu")},
    URIRef("place:pk-kp-karak-sarki-road"): _KP | {URIRef("place:pk-kp-karak")},
    URIRef("place:pk-kp-latambar-sarki-road"): _KP
    | {URIRef("place:pk-kp-karak"), URIRef("place:pk-kp-latambar")},
    URIRef("place:pk-kp-domel-sarki-road"): _KP
    | {URIRef("place:pk-kp-bannu"), URIRef("place:pk-kp-domel")},
    URIRef("place:pk-kp-latambar-warsak-chowk"): _KP
    | {URIRef("place:pk-kp-karak"), URIRef("place:pk-kp-latambar")},
}


@pytest.mark.parametrize(
    "b,day,located,expected",
    [
        # one paper puts the road in the district, the next under the town of that district
        ("place:pk-kp-latambar-sarki-road", "2025-02-03", False, True),
        # the same name under a town of another district is another road
        ("place:pk-kp-domel-sarki-road", "2025-02-03", False, False),
        # another locality of the town, another day, a place the gazetteer holds
        ("place:pk-kp-latambar-warsak-chowk", "2025-02-03", False, False),
        ("place:pk-kp-latambar-sarki-road", "2025-02-06", False, False),
        ("place:pk-kp-latambar-sarki-road", "2025-02-03", True, False),
    ],
    ids=["town-of-the-district", "other-district", "other-locality", "other-day", "located"],
)
def test_fuse_one_locality_placed_in_its_district_and_in_a_town_of_it(b, day, located, expected):
    """The same unlisted locality, put by one report straight in its district and by another
    under a town of that district, is one place: two grains of one name."""
    a = "place:pk-kp-karak-sarki-road"
    ctx = FusionContext(
        places=_GRAINS,
        towns=frozenset({URIRef("place:pk-kp-latambar"), URIRef("place:pk-kp-domel")}),
        coordinates={URIRef(a): (33.1, 71.1), URIRef(b): (33.2, 71.0)} if located else {},
    )
    left = Report(URIRef("urn:a"), "one", "Ambush", "2025-02-03", URIRef(a))
    right = Report(URIRef("urn:b"), "two", "Ambush", day, URIRef(b))
    assert compatible(left, right, ctx) is expected


_FORCES = {
    URIRef("actor:ctd"): frozenset({URIRef("actor:police")}),
    URIRef("actor:punjab-police"): frozenset({URIRef("actor:police")}),
    URIRef("actor:bla-majeed-brigade"): frozenset({URIRef("actor:bla")}),
    URIRef("actor:bla-fateh-squad"): frozenset({URIRef("actor:bla")}),
}
_MIANWALI = {
    URIRef("place:pk-pb"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-pb-mianwali"): frozenset({URIRef("place:pk-pb"), URIRef("place:pk")}),
}


@pytest.mark.parametrize(
    "kind,a,b,expected",
    [
        # one paper credits the raid to the police's counter-terrorism wing, the next to the
        # police: two forces of one service on one operation
        ("MilitaryOperation", "actor:ctd", "actor:punjab-police", True),
        # two factions of one group blamed for attacks a day apart stay two
        ("Attack", "actor:bla-majeed-brigade", "actor:bla-fateh-squad", False),
        # a force of no common service
        ("MilitaryOperation", "actor:ctd", "actor:frontier-corps", False),
    ],
    ids=["operation", "attack", "other-service"],
)
def test_fuse_an_operation_credited_to_two_forces_of_one_service(kind, a, b, expected):
    ctx = FusionContext(places=_MIANWALI, actors=_FORCES)
    where = URIRef("place:pk-pb-mianwali")
    left = Report(URIRef("urn:a"), "one", kind, "2025-04-20", where, perpetrator=URIRef(a))
    right = Report(URIRef("urn:b"), "two", kind, "2025-04-21", where, perpetrator=URIRef(b))
    assert compatible(left, right, ctx) is expected


def _unplaced_world(second_district: str | None) -> list[Extraction]:
    """An operation at an unplaced locality in one report; in another the same operation in
    its district, the locality placed in that district by a third report (and, optionally, a
    namesake placed in another district by a fourth)."""
    country = Entity("place:pk", "Pakistan", "Country", lat=30.0, lon=70.0)
    province = Entity(
        "place:pk-ba", "Balochistan", "Province", parent="place:pk", lat=28.5, lon=65.5
    )
    zhob = Entity(
        "place:pk-ba-zhob", "Zhob District", "District", parent="place:pk-ba", lat=31.3, lon=69.4
    )
    kech = Entity(
        "place:pk-ba-kech", "Kech District", "District", parent="place:pk-ba", lat=26.0, lon=62.5
    )
    loose = Entity("place:gul-kach", "Gul Kach", "City", from_lexicon=False)
    placed = Entity(
        "place:pk-ba-zhob-gul-kach", "Gul Kach", "City", parent=zhob.key, from_lexicon=False
    )
    rows = [
        ("d1", [loose], loose.key, "2023-06-02", 6),
        ("d2", [zhob, province, country], zhob.key, "2023-06-02", 6),
        ("d3", [placed, zhob, province, country], placed.key, "2023-03-10", 2),
    ]
    if second_district:
        other = Entity(
            f"place:pk-ba-{second_district}-gul-kach",
            "Gul Kach",
            "City",
            parent=kech.key,
            from_lexicon=False,
        )
        rows.append(("d4", [other, kech, province, country], other.key, "2023-01-15", 3))
    extractions = []
    for doc_id, entities, where, day, toll in rows:
        text = f"Troops killed {toll} militants in an operation in Gul Kach, the ISPR said."
        doc = document(doc_id, text)
        record = report(doc, text, "MilitaryOperation", date=day, location=where, fatalities=toll)
        extractions.append(Extraction(doc, entities, [record], [], []))
    return extractions  # fmt: skip


@pytest.mark.parametrize("namesake,expected", [(None, 2), ("kech", 4)])
def test_fuse_an_unplaced_locality_is_the_one_placed_place_of_its_name(namesake, expected):
    """A locality one report could not place is the place of that name another report put
    in its district, when only one place bears the name: its operation joins the report
    that gives the district; with two placed namesakes it stays unplaced."""
    fused = _fuse(_unplaced_world(namesake))
    assert len(_events(fused)) == expected


_NAMESAKE = {
    URIRef("place:pk-ba"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-ba-kohlu"): frozenset({URIRef("place:pk-ba"), URIRef("place:pk")}),
    URIRef("place:pk-ba-kohlu-city"): frozenset(
        {URIRef("place:pk-ba-kohlu"), URIRef("place:pk-ba"), URIRef("place:pk")}
    ),
    URIRef("place:pk-ba-kahan"): frozenset(
        {URIRef("place:pk-ba-kohlu"), URIRef("place:pk-ba"), URIRef("place:pk")}
    ),
    URIRef("place:pk-ba-kohlu-mela-chowk"): frozenset(
        {URIRef("place:pk-ba-kohlu"), URIRef("place:pk-ba"), URIRef("place:pk")}
    ),
    URIRef("place:pk-ba-kohlu-city-court-road"): frozenset(
        {
            URIRef("place:pk-ba-kohlu-city"),
            URIRef("place:pk-ba-kohlu"),
            URIRef("place:pk-ba"),
            URIRef("place:pk"),
        }
    ),
    URIRef("place:pk-ba-kahan-court-road"): frozenset(
        {
            URIRef("place:pk-ba-kahan"),
            URIRef("place:pk-ba-kohlu"),
            URIRef("place:pk-ba"),
            URIRef("place:pk"),
        }
    ),
}


@pytest.mark.parametrize(
    "b,kind,day,located,expected",
    [
        # "in Kohlu" read as the district in one flash, the town in the next: two sites of it
        ("place:pk-ba-kohlu-city-court-road", "SuicideBombing", "2024-05-02", False, True),
        ("place:pk-ba-kohlu-city-court-road", "Bombing", "2024-05-02", False, True),
        # a site of another town of the district, another day, another kind, a known place
        ("place:pk-ba-kahan-court-road", "SuicideBombing", "2024-05-02", False, False),
        ("place:pk-ba-kohlu-city-court-road", "SuicideBombing", "2024-05-03", False, False),
        ("place:pk-ba-kohlu-city-court-road", "Kidnapping", "2024-05-02", False, False),
        ("place:pk-ba-kohlu-city-court-road", "SuicideBombing", "2024-05-02", True, False),
    ],
    ids=["namesake-town", "less-exact", "other-town", "other-day", "other-kind", "located"],
)
def test_fuse_a_site_put_in_a_district_may_be_a_site_of_the_town_named_after_it(
    b, kind, day, located, expected
):
    """A site no gazetteer holds, put by one report straight in a district, and a site of the
    town that district is named after, in another report of the same day and kind: two
    landmarks of one town, one incident."""
    a = URIRef("place:pk-ba-kohlu-mela-chowk")
    ctx = FusionContext(
        places=_NAMESAKE,
        towns=frozenset({URIRef("place:pk-ba-kohlu-city"), URIRef("place:pk-ba-kahan")}),
        coordinates={a: (29.9, 69.25)} if located else {},
    )
    left = Report(URIRef("urn:a"), "one", "SuicideBombing", "2024-05-02", a, fatalities=4)
    right = Report(URIRef("urn:b"), "two", kind, day, URIRef(b), fatalities=7)
    assert compatible(left, right, ctx) is expected


_DARBAN = {
    **_GRAINS,
    URIRef("place:pk-kp-karak-city"): _KP | {URIRef("place:pk-kp-karak")},
    URIRef("place:pk-kp-karak-city-sarki-road"): _KP
    | {URIRef("place:pk-kp-karak"), URIRef("place:pk-kp-karak-city")},
}


@pytest.mark.parametrize(
    "day,tolls,expected",
    [
        ("2025-02-03", (3, 3), True),
        # a report dating the attack "a day earlier" than the raid it tells first, same toll
        ("2025-02-04", (3, 3), True),
        ("2025-02-04", (3, 2), False),
        ("2025-02-04", (3, None), False),
        ("2025-02-05", (3, 3), False),
    ],
    ids=["same-day", "next-day-same-toll", "next-day-other-toll", "next-day-no-toll", "two-days"],
)
def test_fuse_one_locality_at_two_grains_a_day_apart_with_one_toll(day, tolls, expected):
    """One unlisted locality, under its district in one report and under the district's
    namesake town in another, dated a day apart by the two but with the same toll."""
    ctx = FusionContext(places=_DARBAN, towns=frozenset({URIRef("place:pk-kp-karak-city")}))
    left = Report(
        URIRef("urn:a"),
        "one",
        "Attack",
        "2025-02-03",
        URIRef("place:pk-kp-karak-sarki-road"),
        fatalities=tolls[0],
    )
    right = Report(
        URIRef("urn:b"),
        "two",
        "Attack",
        day,
        URIRef("place:pk-kp-karak-city-sarki-road"),
        fatalities=tolls[1],
    )
    assert compatible(left, right, ctx) is expected


_SINDH = {
    URIRef("place:pk-sd"): frozenset({URIRef("place:pk")}),
    URIRef("place:pk-sd-kashmore"): frozenset({URIRef("place:pk-sd"), URIRef("place:pk")}),
}


@pytest.mark.parametrize(
    "day,toll,kind,who,groups",
    [
        # an analysis names the picket ("at Sodhi Mori") but no district; the flash gave
        # the district: the same day, kind, toll and gang make one attack
        ("2023-06-11", 3, "Attack", "actor:sabzoi-gang", 1),
        # nothing but the day, kind and toll in common: the locality may lie anywhere
        ("2023-06-11", 3, "Attack", None, 2),
        ("2023-06-11", 2, "Attack", "actor:sabzoi-gang", 2),
        ("2023-06-12", 3, "Attack", "actor:sabzoi-gang", 2),
        ("2023-06-11", 3, "Kidnapping", "actor:sabzoi-gang", 2),
    ],
    ids=["same-gang", "no-actor", "other-toll", "other-day", "other-kind"],
)
def test_fuse_a_locality_no_report_placed_joins_the_placed_report_of_its_attack(
    day, toll, kind, who, groups
):
    ctx = FusionContext(
        places=_SINDH,
        coordinates={URIRef("place:pk-sd-kashmore"): (28.4, 69.6)},
    )
    gang = URIRef("actor:sabzoi-gang")
    flash = Report(
        URIRef("urn:a"),
        "one",
        "Attack",
        "2023-06-11",
        URIRef("place:pk-sd-kashmore"),
        perpetrator=gang,
        fatalities=3,
    )
    analysis = Report(
        URIRef("urn:b"),
        "two",
        kind,
        day,
        URIRef("place:sodhi-mori"),
        perpetrator=URIRef(who) if who else None,
        fatalities=toll,
        background=True,
    )
    assert len(cluster_reports([flash, analysis], ctx)) == groups


def test_fuse_a_recalled_incident_pairs_with_the_other_sources_recalled_one():
    """Two reports of a protest shooting each recall the shelling of the day before: the
    recalled shelling of one report pairs with the other's recalled shelling, not with the
    shooting that report leads with, though both would match it equally well otherwise."""
    valley = URIRef("place:pk-kp-bara-valley")
    district = URIRef("place:pk-kp-khyber")
    ctx = FusionContext(
        places={
            URIRef("place:pk-kp"): frozenset({URIRef("place:pk")}),
            district: _KP,
            valley: _KP | {district},
        }
    )
    crowd = frozenset({URIRef("actor:protesters")})
    reports = [
        Report(URIRef("urn:a1"), "a", "Attack", "2025-05-11", valley, targets=crowd, fatalities=4),
        Report(URIRef("urn:a2"), "a", "Attack", "2025-05-10", district, background=True),
        Report(URIRef("urn:b1"), "b", "Attack", "2025-05-11", valley, targets=crowd, fatalities=6),
        Report(
            URIRef("urn:b2"),
            "b",
            "Attack",
            "2025-05-10",
            valley,
            targets=crowd,
            fatalities=1,
            background=True,
        ),
    ]
    groups = cluster_reports(reports, ctx)
    assert [[str(r.iri) for r in g] for g in groups] == [["urn:a1", "urn:b1"], ["urn:a2", "urn:b2"]]
