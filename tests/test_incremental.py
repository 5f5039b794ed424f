"""Incremental fusion (kg.graph.incremental) gives the graph a fusion of everything gives.

Each test changes, adds and removes articles after a first fusion, fuses only what changed,
and compares the default graph with the one a fusion of every article makes of the same
store, or with a fresh build of the same final files.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from handmade import WORLD, document, evidence, extraction, statistic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.core.model import Entity, EventRecord
from kg.graph import incremental
from kg.graph.fusion import refresh_fused
from kg.graph.incremental import STATE_FILE, forget_state, open_state, refresh_fused_incrementally
from kg.graph.mapping import document_graph
from kg.graph.matching import Incident, Report
from kg.publish import incremental as derived
from kg.store.embedded import OxigraphStore, open_store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# ---------------------------------------------------------------------------
# Store level: hand-made articles, random edits
# ---------------------------------------------------------------------------

_PLACES = [
    "place:pk-ba-quetta-station",
    "place:pk-ba-quetta-city",
    "place:pk-ba-quetta",
    "place:pk-ba-kech",
    "place:pk-ba-turbat",
    "place:pk-ba",
    "place:pk-sd-karachi",
    "place:pk-ba-new-village",  # not in the lexicon; its district varies between articles
    "place:pk-ba-new-village-bazaar",  # in the new village: its district varies with it
    None,
]
_ACTORS = [
    "actor:bla",
    "actor:bla-majeed-brigade",
    "actor:ttp",
    "actor:baloch-separatists",
    "actor:security-forces",
    "actor:the-bla",  # not in the lexicon, labelled "BLA": merged into actor:bla
    None,
]
_KINDS = ["Bombing", "SuicideBombing", "Attack", "Ambush", "MilitaryOperation", "Clash"]
_DATES = ["2024-11-08", "2024-11-09", "2024-11-10", "2024-11-14", "2024-11", "2024", None]
_VILLAGE = "place:pk-ba-new-village"
_UNLISTED = {
    "actor:the-bla": Entity("actor:the-bla", "BLA", "ArmedGroup", from_lexicon=False),
}

_report = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(_KINDS),
        "date": st.sampled_from(_DATES),
        "location": st.sampled_from(_PLACES),
        "perpetrator": st.sampled_from(_ACTORS),
        "fatalities": st.sampled_from([None, 5, 24, 26]),
        "background": st.booleans(),
    }
)
_article = st.tuples(
    st.lists(_report, min_size=1, max_size=3),
    st.sampled_from(["place:pk-ba-kech", "place:pk-ba-quetta"]),  # the new village's district
    st.sampled_from(["2024-11-09", "2024-11-10", "2024-11-12"]),  # published
    st.sampled_from([None, "place:pk-ba", "place:pk-ba-quetta"]),  # a statistic's scope
)


def _label(key: str | None) -> str:
    if key is None:
        return "somewhere"
    entity = WORLD.get(key) or _UNLISTED.get(key)
    if entity is None:
        return "New Village Bazaar" if key.endswith("bazaar") else "New Village"
    return entity.label


def _extraction(doc_id: str, version: int, article):
    reports, village_parent, published, scope = article
    sentences = [
        f"Report {n} of version {version} names {_label(r['location'])} and "
        f"{_label(r['perpetrator'])}."
        for n, r in enumerate(reports)
    ]
    doc = document(doc_id, *sentences, published=published)
    events = []
    for n, (fields, sentence) in enumerate(zip(reports, sentences, strict=True)):
        record = EventRecord(
            id=f"{doc_id}-{n}", evidence=[evidence(doc, sentence)], confidence=0.6, **fields
        )
        events.append(record)
    listed = [k for r in reports for k in (r["location"], r["perpetrator"]) if k in WORLD]
    ex = extraction(doc, keys=listed)
    for key in {k for r in reports for k in (r["location"], r["perpetrator"])}:
        if key in _UNLISTED:
            ex.entities.append(_UNLISTED[key])
        elif key is not None and key.startswith(_VILLAGE):
            if key != _VILLAGE:  # the bazaar, in the village
                bazaar = Entity(key, _label(key), "Site", parent=_VILLAGE, from_lexicon=False)
                ex.entities.append(bazaar)
            if all(e.key != _VILLAGE for e in ex.entities):
                village = Entity(
                    _VILLAGE, _label(_VILLAGE), "City", parent=village_parent, from_lexicon=False
                )
                ex.entities.append(village)
            ex.entities.extend(
                dataclasses.replace(WORLD[k], mentions=[])
                for k in (village_parent, "place:pk-ba", "place:pk")
                if all(e.key != k for e in ex.entities)
            )
    ex.events[:] = events
    if scope is not None:  # a statistic: its scope is a link from a carried node to an entity
        ex.statistics.append(statistic(doc, sentences[0], "killed", 3, scope=scope))
        if all(e.key != scope for e in ex.entities):
            ex.entities.append(dataclasses.replace(WORLD[scope], mentions=[]))
    return ex


def _default_graph(store) -> set:
    return set(store.read_graph(None))


_KEY = "test"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.lists(_article, min_size=2, max_size=6),
    edits=st.lists(
        st.tuples(st.sampled_from(["change", "add", "remove"]), st.integers(0, 9), _article),
        min_size=1,
        max_size=4,
    ),
)
def test_incremental_fusion_equals_fusing_everything(tmp_path_factory, monkeypatch, first, edits):
    monkeypatch.setattr(incremental, "_FULL_SHARE", float("inf"))  # however much changed
    out = tmp_path_factory.mktemp("incr")
    with open_store(out) as store:
        ids = [f"d{i}" for i in range(len(first))]
        for doc_id, article in zip(ids, first, strict=True):
            store.replace_document(doc_id, document_graph(_extraction(doc_id, 0, article)))
        change = refresh_fused_incrementally(store, open_state(out, _KEY))
        assert change.full and open_state(out, _KEY).usable

        changed = set()
        state = open_state(out, _KEY)
        assert state.usable
        for version, (what, n, article) in enumerate(edits, start=1):
            if what == "add" or not ids:
                doc_id = f"d{len(ids) + version * 10}"
                ids.append(doc_id)
            else:
                doc_id = ids[n % len(ids)]
            # What a build does: read what an article said before replacing it.
            state.remember(store, [doc_id])
            if what == "remove" and doc_id in ids and len(ids) > 1:
                ids.remove(doc_id)
                store.remove_document(doc_id)
            else:
                graph = document_graph(_extraction(doc_id, version, article))
                store.replace_document(doc_id, graph)
            changed.add(doc_id)
        change = refresh_fused_incrementally(store, state, changed=changed)
        assert not change.full
        incremental_graph = _default_graph(store)
        refresh_fused(store)  # everything fused again, the way it was always done
        assert _default_graph(store) == incremental_graph
        # The state kept is the one a fusion of everything keeps.
        again = refresh_fused_incrementally(store, open_state(out, _KEY))
        assert not again.full and again.removed == again.added == 0


def test_an_article_replaced_unseen_makes_the_next_fusion_fuse_everything(tmp_path):
    article = ([{"kind": "Bombing", "date": "2024-11-09", "location": "place:pk-ba-kech",
                 "perpetrator": "actor:bla", "fatalities": 5, "background": False}],
               "place:pk-ba-kech", "2024-11-09", None)  # fmt: skip
    with open_store(tmp_path) as store:
        for doc_id in ("d0", "d1"):
            store.replace_document(doc_id, document_graph(_extraction(doc_id, 0, article)))
        refresh_fused_incrementally(store, open_state(tmp_path, _KEY))
        # Replaced without reading first what it said (as a build does): the state cannot
        # take out its old rows, so everything is fused again, correctly.
        store.replace_document("d0", document_graph(_extraction("d0", 1, article)))
        change = refresh_fused_incrementally(store, open_state(tmp_path, _KEY), changed={"d0"})
        assert change.full
        fused = _default_graph(store)
        refresh_fused(store)
        assert _default_graph(store) == fused


def _one(kind, day, place, toll, published):
    fields = {"kind": kind, "date": day, "location": place, "perpetrator": None,
              "fatalities": toll, "background": False}  # fmt: skip
    return [fields], "place:pk-ba-kech", published, None


def _incidents_after_adding_last(tmp_path, articles, later):
    """Fuse every article but ``later``, add it by an incremental rebuild, check the result
    equals a fusion of everything, and give the number of fused incidents."""
    with open_store(tmp_path) as store:
        for doc_id in sorted(set(articles) - {later}):
            graph = document_graph(_extraction(doc_id, 0, articles[doc_id]))
            store.replace_document(doc_id, graph)
        refresh_fused_incrementally(store, open_state(tmp_path, _KEY))
        state = open_state(tmp_path, _KEY)
        state.remember(store, [later])
        store.replace_document(later, document_graph(_extraction(later, 0, articles[later])))
        change = refresh_fused_incrementally(store, state, changed={later})
        assert not change.full
        fused = _default_graph(store)
        refresh_fused(store)
        assert _default_graph(store) == fused
        events = {s for s, p, o in fused if str(p).endswith("#type") and str(o).endswith("#Event")}
        events = {s for s in events if "/event/" in str(s)}
        return len(events)


@pytest.mark.parametrize("later", ["d0", "d1"], ids=["news-added", "editorial-added"])
def test_an_undated_editorial_joins_its_incident_whichever_article_comes_later(
    tmp_path, monkeypatch, later
):
    """The editorial names the district, the news the station in its city: the pair is
    found from either side of a rebuild, as a fusion of everything finds it."""
    monkeypatch.setattr(incremental, "_FULL_SHARE", float("inf"))
    articles = {
        "d0": _one("Bombing", "2024-11-09", "place:pk-ba-quetta-station", 5, "2024-11-09"),
        "d1": _one("Bombing", None, "place:pk-ba-quetta", 5, "2024-11-12"),
        "d2": _one("Ambush", "2024-11-09", "place:pk-ba-kech", 3, "2024-11-09"),
    }
    assert _incidents_after_adding_last(tmp_path, articles, later) == 2


@pytest.mark.parametrize("later", ["d0", "d1"], ids=["first-days-added", "toll-added"])
def test_a_fight_of_several_days_is_one_incident_whichever_report_comes_later(
    tmp_path, monkeypatch, later
):
    """Clashes told on their first day from a town and six days on, toll risen, from the
    district: a rebuild pairs them from either side, as a fusion of everything does."""
    monkeypatch.setattr(incremental, "_FULL_SHARE", float("inf"))
    articles = {
        "d0": _one("Clash", "2024-11-08", "place:pk-ba-turbat", 5, "2024-11-09"),
        "d1": _one("Clash", "2024-11-14", "place:pk-ba-kech", 24, "2024-11-14"),
        "d2": _one("Bombing", "2024-11-12", "place:pk-ba-quetta", 3, "2024-11-12"),
    }
    assert _incidents_after_adding_last(tmp_path, articles, later) == 2


def test_state_file_keeps_every_field_of_a_report_and_an_incident():
    listed = {*incremental._REPORT_TERMS, *incremental._REPORT_PLAIN, *incremental._REPORT_OTHER}
    assert listed == {f.name for f in dataclasses.fields(Report)}
    assert {f.name for f in dataclasses.fields(Incident)} == {
        "kind", "date", "location", "perpetrator", "basis", "conflicts", "key",
    }  # fmt: skip


def test_a_state_for_other_code_or_outputs_is_not_used(tmp_path):
    with open_store(tmp_path) as store:
        ex = _extraction("d0", 0, ([{"kind": "Bombing", "date": "2024-11-09",
                                     "location": "place:pk-ba-kech", "perpetrator": "actor:bla",
                                     "fatalities": 5, "background": False}],
                                   "place:pk-ba-kech", "2024-11-09", None))  # fmt: skip
        store.replace_document("d0", document_graph(ex))
        assert not open_state(tmp_path, "one").usable  # none yet
        refresh_fused_incrementally(store, open_state(tmp_path, "one"), token="t1")
    assert open_state(tmp_path, "one", token="t1").usable
    assert open_state(tmp_path, "one").usable
    assert not open_state(tmp_path, "two", token="t1").usable
    assert not open_state(tmp_path, "one", token="t2").usable
    forget_state(tmp_path)
    assert not open_state(tmp_path, "one").usable
    (tmp_path / STATE_FILE).write_bytes(b"not a database")
    assert not open_state(tmp_path, "one").usable
    forget_state(tmp_path)  # a damaged state is removed
    forget_state(tmp_path)  # and a missing one is no error
    assert not (tmp_path / STATE_FILE).exists()


# ---------------------------------------------------------------------------
# Build level: real articles, a rebuild against a fresh build
# ---------------------------------------------------------------------------


_FILES = [
    "graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "events.csv",
    "entities.csv", "edges.csv", "events.geojson", "graph.graphml", "graph.gexf", "graph.cyjs",
    "neo4j/nodes.csv", "neo4j/relationships.csv", "graph.html",
]  # fmt: skip


def _dump(out: Path) -> list[str]:
    with open_store(out, read_only=True) as store:
        target = out.parent / f"{out.name}-default.nt"
        store.dump(target, "nt")
    return sorted(target.read_text(encoding="utf-8").splitlines())


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _tolls_dates_removed_added(inputs: Path) -> None:
    """A toll and a date changed, an article removed, one added that reports the Quetta
    bombing again with a toll of its own."""
    _edit(inputs / "002-quetta-station-toll-26-ani.md", "26", "29")
    _edit(inputs / "005-turbat-fc-coach-attack-dawn.md", "2025-01-05", "2025-01-07")
    (inputs / "010-gwadar-port-authority-attack.md").unlink()
    added = (inputs / "001-quetta-station-bombing-ap.md").read_text(encoding="utf-8")
    (inputs / "013-quetta-station-again.md").write_text(
        added.replace("at least 24", "at least 31"), encoding="utf-8"
    )


def _places_and_groups_moved(inputs: Path) -> None:
    """One report moved to another city and blamed on another group; one moved a day."""
    text = (inputs / "003-quetta-station-27-killed-fridaytimes.md").read_text(encoding="utf-8")
    text = text.replace("Quetta", "Turbat").replace("Balochistan Liberation Army", "TTP")
    (inputs / "003-quetta-station-27-killed-fridaytimes.md").write_text(text, encoding="utf-8")
    _edit(inputs / "009-karachi-airport-bombing-ap.md", "Sunday", "Monday")


def _removed_only(inputs: Path) -> None:
    """Three articles removed, among them the only report of an incident."""
    for name in ("001-quetta-station-bombing-ap", "008-karachi-airport-china-condemns"):
        (inputs / f"{name}.md").unlink()
    (inputs / "011-2024-security-statistics-crss-ispr.md").unlink()


@pytest.mark.parametrize(
    "edit", [_tolls_dates_removed_added, _places_and_groups_moved, _removed_only]
)
def test_a_rebuild_after_changes_equals_a_fresh_build(tmp_path, monkeypatch, edit):
    inputs = tmp_path / "articles"
    shutil.copytree(SEEDS / "corpus" / "articles", inputs)
    for path in sorted((SEEDS / "regional" / "articles").iterdir())[:4]:
        shutil.copy(path, inputs / path.name)
    kept = tmp_path / "kept"
    first = kg.build([inputs], kept)
    assert first.ok, first.errors
    assert open_state(kept, "?").path.is_file()
    edit(inputs)

    full, units, whole = [], [], []
    monkeypatch.setattr(
        incremental, "_full", lambda *a, _f=incremental._full, **k: full.append(1) or _f(*a, **k)
    )
    monkeypatch.setattr(  # a full network projection: the store's whole default graph
        derived,
        "to_networkx",
        lambda g, _f=derived.to_networkx, **k: whole.append(len(g)) or _f(g, **k),
    )
    unit_quads = OxigraphStore.unit_quads
    monkeypatch.setattr(
        OxigraphStore, "unit_quads", lambda *a: units.append(a[1:]) or unit_quads(*a)
    )
    again = kg.build([inputs], kept, prune=True)
    assert again.ok, again.errors
    assert again.built or again.pruned
    assert not full, "the rebuild fused everything again"
    index = json.loads((kept / "export-index.json").read_text(encoding="utf-8"))
    assert 0 < len(units) < len(index["keys"]) / 3, "the RDF files were written whole"
    assert whole and max(whole) < 3000, f"the network was projected whole: {whole}"

    monkeypatch.undo()
    _same_as_fresh(inputs, kept, again, tmp_path / "fresh")

    # Again, from what the first rebuild kept: a toll revised in one more article.
    _edit(inputs / "004-kacchi-ibo-27-terrorists-ispr.md", "27", "28")
    third = kg.build([inputs], kept, prune=True)
    assert third.built == ["004-kacchi-ibo-27-terrorists-ispr"]
    _same_as_fresh(inputs, kept, third, tmp_path / "fresh-again")


def _same_as_fresh(inputs: Path, kept: Path, rebuilt, fresh: Path) -> None:
    built = kg.build([inputs], fresh)
    assert built.ok
    assert _dump(kept) == _dump(fresh)
    for name in _FILES:
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), name
    assert (rebuilt.entities, rebuilt.events, rebuilt.triples) == (
        built.entities,
        built.events,
        built.triples,
    )


def test_a_build_interrupted_after_writing_fuses_everything_next(tmp_path, monkeypatch):
    inputs = tmp_path / "articles"
    shutil.copytree(SEEDS / "corpus" / "articles", inputs)
    out = tmp_path / "out"
    assert kg.build([inputs], out, viewer=False, formats=["csv"]).ok
    _edit(inputs / "002-quetta-station-toll-26-ani.md", "26", "29")

    def stop(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.pipeline.refresh_outputs", stop)
    with pytest.raises(KeyboardInterrupt):
        kg.build([inputs], out, viewer=False, formats=["csv"])
    # Marked stale before the article was written.
    with sqlite3.connect(out / STATE_FILE) as db:
        assert dict(db.execute("SELECT name, value FROM meta"))["valid"] == "0"
    monkeypatch.undo()
    assert kg.build([inputs], out, viewer=False, formats=["csv"]).ok
    with sqlite3.connect(out / STATE_FILE) as db:
        assert dict(db.execute("SELECT name, value FROM meta"))["valid"] == "1"
    fresh = tmp_path / "fresh"
    assert kg.build([inputs], fresh, viewer=False, formats=["csv"]).ok
    assert _dump(out) == _dump(fresh)


def test_the_incremental_tables_read_what_the_full_ones_read():
    """table_context is table_facts for entities, articles and geometries: same predicates,
    and table_entity_edges is table_edges without the events."""
    from kg.sparql.named import internal_query

    def predicates(text: str) -> set[str]:
        if "VALUES ?p {" in text:
            body = text[text.index("VALUES ?p {") :]
            return set(re.findall(r"\w+:\w+", body[: body.index("}")]))
        body = text[text.index("FILTER(?p IN (") :]
        return set(re.findall(r"\w+:\w+", body[: body.index("))")]))

    assert predicates(internal_query("table_context")) == predicates(internal_query("table_facts"))
    edges, entity_edges = internal_query("table_edges"), internal_query("table_entity_edges")
    assert (
        entity_edges.split("PREFIX", 1)[1].replace("  FILTER NOT EXISTS { ?s a ckg:Event }\n", "")
        == edges.split("PREFIX", 1)[1]
    )


def _town_article(doc_id: str, town_at: tuple[float, float] | None, place: str, day: str):
    """An article reporting an attack at ``place``; unless ``town_at`` is None it also names a
    lexicon town known only by its province, and gives its position."""
    text = f"Gunmen attacked a checkpost on the road to Sangan Bazar ({doc_id})."
    doc = document(doc_id, text, published="2024-11-10")
    record = EventRecord(
        id=f"{doc_id}-0",
        evidence=[evidence(doc, text)],
        confidence=0.6,
        kind="Attack",
        date=day,
        location=place,
        fatalities=2,
    )
    ex = extraction(doc, keys=["place:pk-ba-turbat"])
    if town_at is not None:
        ex.entities.append(
            Entity("place:pk-ba-sangan-bazar", "Sangan Bazar", "City", parent="place:pk-ba",
                   lat=town_at[0], lon=town_at[1])
        )  # fmt: skip
    ex.events[:] = [record]
    return ex


def test_a_town_moved_by_another_article_is_fused_again(tmp_path, monkeypatch):
    """Where a town lies is what most articles say; when a new article moves it far from
    the place another source gave, the reports there are compared again."""
    monkeypatch.setattr(incremental, "_FULL_SHARE", float("inf"))
    near, far = (26.05, 63.1), (30.5, 67.5)
    town = "place:pk-ba-sangan-bazar"
    articles = {
        "d0": _town_article("d0", None, "place:pk-ba-turbat", "2024-11-09"),
        "d1": _town_article("d1", near, town, "2024-11-09"),
        "d2": _town_article("d2", far, "place:pk-ba-turbat", "2024-11-01"),
        "d3": _town_article("d3", far, "place:pk-ba-turbat", "2024-11-03"),
    }
    counts = []
    with open_store(tmp_path) as store:
        for doc_id in ("d0", "d1", "d2"):
            store.replace_document(doc_id, document_graph(articles[doc_id]))
        refresh_fused_incrementally(store, open_state(tmp_path, _KEY))
        counts.append(len(_incidents(_default_graph(store))))
        state = open_state(tmp_path, _KEY)
        state.remember(store, ["d3"])
        store.replace_document("d3", document_graph(articles["d3"]))
        change = refresh_fused_incrementally(store, state, changed={"d3"})
        assert not change.full
        fused = _default_graph(store)
        counts.append(len(_incidents(fused)))
        refresh_fused(store)
        assert _default_graph(store) == fused
    # d0 and d1 are one incident while the town lies near Turbat, two once it lies far off
    assert counts == [2, 4]


def _incidents(graph: set) -> set:
    return {
        s
        for s, p, o in graph
        if str(p).endswith("#type") and str(o).endswith("#Event") and "/event/" in str(s)
    }
