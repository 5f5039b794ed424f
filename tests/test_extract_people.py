"""People's names as a reader sees them in reports of violence: whole, with the name a man
goes by and the first word of a compound given name."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract


def _people(text: str) -> set[str]:
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    return {e.label for e in extraction.entities if e.kind == "Person" and e.mentions}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a bare given name names the man only with the name he goes by
        ("The CTD said it had arrested Habibullah alias Qari Zahid, a commander of the TTP, in Tank.", "Habibullah alias Qari Zahid"),
        # a full name is his name; the alias is another name for him
        ("Among the dead was Sher Khan alias Lala, who ran the gang's hideouts in Kohlu.", "Sher Khan"),
    ],
)  # fmt: skip
def test_a_name_and_the_name_a_man_goes_by_are_one_person(text, name):
    assert _people(text) == {name}


def test_full_names_before_their_aliases_label_each_man():
    text = (
        "The slain militants were identified as Rahim Dad Marri alias Shahzaib, Karim Bakhsh "
        "alias Kamran and Noor Ahmed Bugti alias Sangat, the military said."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    people = {
        e.label: [m.text for m in e.mentions] for e in extraction.entities if e.kind == "Person"
    }
    assert people == {
        "Rahim Dad Marri": ["Rahim Dad Marri", "Shahzaib"],
        "Karim Bakhsh": ["Karim Bakhsh", "Kamran"],
        "Noor Ahmed Bugti": ["Noor Ahmed Bugti", "Sangat"],
    }


def test_a_compound_given_name_after_a_post_is_kept_whole():
    text = "Gunmen shot dead SHO Din Muhammad Marri near his home in Sibi on Tuesday."
    assert "Din Muhammad Marri" in _people(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a post's word before the name is no part of it
        ("City Mayor Saleem Akhtar Kasi opened the rebuilt bridge on Monday.", "Saleem Akhtar Kasi"),
        ("Senior Member Board of Revenue Tariq Aziz Memon attended the review.", "Tariq Aziz Memon"),
        # "Mir" before a name of three words is an honorific the name goes without
        ("Chief Minister Mir Shoaib Ahmed Rind condemned the attack in Sibi.", "Shoaib Ahmed Rind"),
        # a given name of the "-ul" form opens the name; it is not the post's area
        ("Home Minister Shamsul Arif Bhatti said the police would hunt the attackers down.", "Shamsul Arif Bhatti"),
        ("Deputy Commissioner Zahoor Hassan Kundi said the road was reopened.", "Zahoor Hassan Kundi"),
        ("Prime Minister Chaudhry Naeem Akhtar visited the wounded in Kotli.", "Chaudhry Naeem Akhtar"),
        # a verb that opens the sentence is no part of the name after it
        ("Quoting Kamran Ahmed Rind, a police spokesman, the paper said two men were held.", "Kamran Ahmed Rind"),
    ],
)  # fmt: skip
def test_a_name_after_a_post_or_an_honorific_is_the_name_alone(text, name):
    assert name in _people(text)
    assert not {p for p in _people(text) if p != name and name in p}
