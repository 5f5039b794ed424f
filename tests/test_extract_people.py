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
