"""Relations the text states: bordersWith, fundedBy, memberOf, opposes, targets."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract


def _relations(text: str) -> set[tuple[str, str, str]]:
    extraction = extract(Document("r", text, published=date(2025, 1, 13)))
    return {(r.subject, r.predicate, r.object) for r in extraction.relations}


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Balochistan, Pakistan's largest province, shares borders with Afghanistan and Iran.",
            {
                ("place:pk-ba", "bordersWith", "place:af"),
                ("place:pk-ba", "bordersWith", "place:ir"),
            },
        ),
        (
            "In Musakhail, a district bordering Punjab, gunmen killed 23 travellers on Sunday.",
            {("place:pk-ba-musakhel", "bordersWith", "place:pk-pb")},
        ),
    ],
)
def test_relations_borders_with(text, expected):
    assert expected <= _relations(text)


def test_relations_borders_with_needs_the_border_words():
    assert not any(
        p == "bordersWith"
        for _, p, _ in _relations("Balochistan and Afghanistan held talks in Quetta.")
    )


def test_relations_project_funded_by_from_lexicon():
    text = "The insurgents target projects of the China-Pakistan Economic Corridor (CPEC)."
    assert ("project:cpec", "fundedBy", "place:cn") in _relations(text)


def test_relations_member_of_from_lexicon_and_text():
    text = "The BLA claimed the attack in Turbat on Saturday, saying its Majeed Brigade had carried it out."
    assert ("actor:bla-majeed-brigade", "memberOf", "actor:bla") in _relations(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "BLA militants attacked a Frontier Corps convoy in Turbat on Saturday, killing six soldiers.",
            {
                ("actor:bla", "opposes", "actor:frontier-corps"),
                ("actor:bla", "targets", "actor:frontier-corps"),
            },
        ),
    ],
)
def test_relations_opposes_and_targets_from_events(text, expected):
    assert expected <= _relations(text)


def test_relations_carry_evidence_from_the_text():
    document = Document(
        "r", "Balochistan shares borders with Afghanistan and Iran.", published=date(2025, 1, 13)
    )
    [relation, *_] = [r for r in extract(document).relations if r.predicate == "bordersWith"]
    assert (
        document.content[relation.evidence.start : relation.evidence.end]
        == relation.evidence.sentence
    )
    assert 0 < relation.confidence <= 1


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The Baloch insurgency primarily targets projects linked to the China-Pakistan Economic Corridor (CPEC).",
            ("actor:baloch-separatists", "targets", "project:cpec"),
        ),
        (
            "The TTP often attacks police stations, accusing the government of injustice.",
            ("actor:ttp", "targets", "actor:police"),
        ),
    ],
)
def test_relations_group_targets_stated_in_general_terms(text, expected):
    assert expected in _relations(text)
