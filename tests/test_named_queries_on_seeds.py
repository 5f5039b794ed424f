"""Every named query gives a real answer on the graph built from seeds/."""

from __future__ import annotations

import pytest

from kg.sparql.named import list_queries, run_query

# No article in seeds/ reports an attack on a named project; that query is tested on one below.
NAMES = [q.name for q in list_queries() if q.name != "attacks_on_project"]


@pytest.mark.parametrize("name", NAMES)
def test_named_query_answers_on_seed_build(seeds_store, name):
    result = run_query(seeds_store, name)
    assert result.rows, f"{name} returned no rows on the seeds build"


@pytest.mark.parametrize(
    "name,param,value,column,expected",
    [
        (
            "attacks_by_group",
            "group",
            "https://w3id.org/conflict-kg/id/actor/bla",
            "groupLabel",
            "Balochistan Liberation Army",
        ),
        (
            "attacks_on_project",
            "project",
            "https://w3id.org/conflict-kg/id/project/cpec",
            None,
            None,
        ),
        (
            "fatalities_by_province_month",
            "province",
            "https://w3id.org/conflict-kg/id/place/pk-ba",
            "provinceLabel",
            "Balochistan",
        ),
    ],
)
def test_named_query_parameter_narrows_the_answer(
    seeds_store, name, param, value, column, expected
):
    everything = run_query(seeds_store, name).rows
    narrowed = run_query(seeds_store, name, **{param: value})
    assert len(narrowed.rows) <= len(everything)
    if column:
        index = [str(v) for v in narrowed.vars].index(column)
        assert narrowed.rows and {str(row[index]) for row in narrowed.rows} == {expected}


def test_named_query_conflicting_claims_lists_quetta_tolls(seeds_store):
    rows = run_query(seeds_store, "conflicting_claims").rows
    assert len({str(row[0]) for row in rows}) >= 1


def test_named_query_attacks_on_project_over_time(tmp_path):
    import kg
    from kg.store.embedded import open_store

    article = tmp_path / "dasu.md"
    article.write_text(
        "---\npublished: 2025-02-05\n---\nMilitants attacked a camp of the Dasu hydropower project "
        "in Upper Kohistan on Tuesday, killing two guards. The TTP claimed responsibility.\n",
        encoding="utf-8",
    )
    kg.build([article], tmp_path / "out", viewer=False)
    with open_store(tmp_path / "out", read_only=True) as store:
        result = run_query(
            store, "attacks_on_project", project="https://w3id.org/conflict-kg/id/project/dasu"
        )
    assert len(result.rows) == 1
