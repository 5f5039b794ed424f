"""The event filter: a fitted model drops extracted events that do not look like listed incidents."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.core.model import Document
from kg.core.resources import lexicons_dir
from kg.extract import extract
from kg.extract.event_filter import (
    FEATURES,
    WEIGHTS_FILE,
    EventFilterError,
    disabled,
    keep_incidents,
)

PUBLISHED = date(2025, 3, 4)
RECALLED = (
    "Militants stormed a police station in Turbat on Saturday, killing four policemen. "
    "The province has seen attacks by militants for years, and in 2014 militants attacked a school."
)
VAGUE_KIDNAPPING = (
    "Two soldiers were martyred when terrorists attacked a check post in Tank on Monday. "
    "Separately, gunmen kidnapped a trader in Pakistan last year."
)


def _events(text, off=False):
    document = Document("d", text, published=PUBLISHED)
    if off:
        with disabled():
            return extract(document).events
    return extract(document).events


@pytest.mark.parametrize("text", [RECALLED, VAGUE_KIDNAPPING])
def test_a_recalled_incident_with_only_a_year_and_a_region_is_dropped_the_news_kept(text):
    before = _events(text, off=True)
    after = _events(text)
    assert len(before) == 2
    assert [(e.kind, e.date) for e in after] == [(before[0].kind, before[0].date)]
    assert len(after[0].date) == 10  # the day's incident stays


def test_a_single_incident_with_its_day_place_and_toll_is_kept():
    events = _events("Gunmen attacked a Levies post in Kalat on Sunday, killing three personnel.")
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Attack", "2025-03-02", 3)]


def test_the_only_event_of_an_article_is_kept_whatever_its_score():
    # an unknown neighbourhood and no toll: the lowest-scored kind of event, but all there is
    text = (
        "SUKKUR: A hand grenade was lobbed at a shop in Nawan Goth late on Friday, wounding two "
        "people. No group said it carried out the attack."
    )
    before, after = _events(text, off=True), _events(text)
    assert len(before) == 1 and after == before


def test_an_event_with_a_death_toll_is_kept_even_at_a_coarse_place():
    # a campaign placed only at the country scores low, but its dead are news
    text = (
        "Drones struck several towns across Pakistan on Thursday, killing 14 people, the military "
        "said. In Bahawalpur, a drone hit a seminary, killing five."
    )
    before, after = _events(text, off=True), _events(text)
    assert [e.fatalities for e in before] == [14, 5]
    assert after == before


def test_the_shipped_weights_fit_this_versions_features():
    data = json.loads((lexicons_dir() / WEIGHTS_FILE).read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert len(data["weights"]) == len(FEATURES)
    assert 0 < data["threshold"] < 1
    assert data["fitted_on"] and not any("final" in f for f in data["fitted_on"])


def test_weights_for_other_features_are_an_error_naming_the_file(tmp_path):
    path = tmp_path / "event_filter.json"
    path.write_text(json.dumps({"features": ["bias"], "weights": [0.0], "threshold": 0.5}))
    events = _events(RECALLED, off=True)
    with pytest.raises(EventFilterError, match=str(path)):
        keep_incidents(events, Document("d", RECALLED, published=PUBLISHED), {}, weights_path=path)


def test_without_a_weights_file_every_event_is_kept(tmp_path):
    events = _events(RECALLED, off=True)
    document = Document("d", RECALLED, published=PUBLISHED)
    assert keep_incidents(events, document, {}, weights_path=tmp_path / "none.json") == events
