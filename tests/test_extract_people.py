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
        ("The CTD said it had arrested Habibullah alias Qari Zahid, a commander of the TTP, in Tank.", "Habibullah alias Qari Zahid"),
        ("Among the dead was Sher Khan alias Lala, who ran the gang's hideouts in Kohlu.", "Sher Khan alias Lala"),
    ],
)  # fmt: skip
def test_a_name_and_the_name_a_man_goes_by_are_one_person(text, name):
    assert name in _people(text)


def test_a_compound_given_name_after_a_post_is_kept_whole():
    text = "Gunmen shot dead SHO Din Muhammad Marri near his home in Sibi on Tuesday."
    assert "Din Muhammad Marri" in _people(text)
