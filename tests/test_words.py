"""Word classes (kg/lexicons/words) and the patterns built from them, on invented lists."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

import kg.extract.patterns
import kg.extract.patterns.build
import kg.extract.words
from kg.core.resources import words_dir
from kg.extract.dates import find_dates
from kg.extract.patterns import Patterns, alternation, get_patterns
from kg.extract.wordlists import WordlistError
from kg.extract.words import get_words, load_words, load_words_from_rows

# Every class the date rules read, with invented words where a test adds one.
DATE_ROWS = """# invented date words
word\tclass\tvalue
January\tmonth\t1
Jan\tmonth_abbreviation\t1
Monday\tweekday\t0
yesterday\trelative_day\t1
two\tdays_count\t2
late\tmonth_modifier\t
in\tyear_preposition\t
around\tmidnight_preposition\t
yesteryear\tyear_relative\t1
"""


def _write(tmp_path, text: str, name: str = "dates.tsv"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_words(tmp_path)


def test_words_doctests_run():
    assert doctest.testmod(kg.extract.words).failed == 0
    assert doctest.testmod(kg.extract.patterns).failed == 0
    assert doctest.testmod(kg.extract.patterns.build).failed == 0


def test_words_load_reads_classes_and_values(tmp_path):
    words = _write(tmp_path, DATE_ROWS)
    assert words["month"] == ("January",)
    assert words.numbers("weekday") == {"monday": 0}
    assert words["month_modifier"] == ("late",)


@pytest.mark.parametrize("row", ["justaword", "\tmonth"])
def test_words_load_rejects_a_row_without_its_class(tmp_path, row):
    with pytest.raises(WordlistError):
        _write(tmp_path, f"word\tclass\n{row}\n")


def test_words_unknown_class_fails_loudly():
    with pytest.raises(WordlistError):
        load_words_from_rows([("in", "locative", "")])["locatve"]


@pytest.mark.parametrize(
    "words,expected",
    [
        (["of", "of them"], r"of\s+them|of"),
        (["a.m.", "b"], r"a\.m\.|b"),
        (["Few", "few"], "few"),
        ([], "(?!)"),
    ],
)
def test_words_alternation_is_escaped_and_longest_first(words, expected):
    assert alternation(words, lower=True) == expected


def test_words_a_month_added_to_the_file_is_read_as_a_date(tmp_path):
    """A word added to a data file is matched by the rule that reads its class."""
    before = Patterns(_write(tmp_path, DATE_ROWS))
    text = "The attack came on 4 Thermidor 2024."
    assert find_dates(text, patterns=before) == []
    after = Patterns(_write(tmp_path, DATE_ROWS + "Thermidor\tmonth\t7\n"))
    assert [d.value for d in find_dates(text, patterns=after)] == ["2024-07-04"]


def test_words_a_relative_day_reads_its_value(tmp_path):
    patterns = Patterns(_write(tmp_path, DATE_ROWS + "the day before yesterday\trelative_day\t2\n"))
    [found] = find_dates(
        "Gunmen struck the day before yesterday.", date(2025, 3, 3), patterns=patterns
    )
    assert found.value == "2025-03-01"


@pytest.mark.parametrize(
    "name,text",
    [("past_tense", "Gunmen slew two guards"), ("also", "Elsewhere, two died")],
)
def test_words_a_pattern_matches_a_word_of_its_class(name, text):
    word = text.split()[1].lower().strip(",") if name == "past_tense" else "elsewhere"
    patterns = Patterns(load_words_from_rows([(word, name, "")]))
    assert getattr(patterns, name).search(text)


def test_words_every_class_a_pattern_reads_is_shipped():
    """Building every pattern from the shipped files names no missing class."""
    patterns = get_patterns()
    assert patterns.caseless_patterns()
    assert patterns.date_patterns and patterns.count.pattern


def test_words_shipped_files_have_a_header_comment_per_class():
    """Each class in a file is described in that file's header comment."""
    for path in sorted(words_dir().glob("*.tsv")):
        text = path.read_text(encoding="utf-8")
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        names = {line.split("\t")[1] for line in text.splitlines()[1:] if "\t" in line}
        names.discard("class")
        missing = [n for n in names if f"# {n}:" not in header]
        assert not missing, f"{path.name}: {missing}"
    assert get_words()["locative"]


@pytest.mark.parametrize(
    "text,field,expected",
    [
        # "slain" is a killed word of casualty_words.tsv: a one-person figure reads it.
        ("QUETTA: A soldier was slain when militants attacked a check post in Kech on Monday.",
         "fatalities", [1]),
        # "critically injured" is an injured word there too.
        ("QUETTA: A policeman was critically injured when gunmen opened fire on a check post "
         "in Kech on Monday.", "injured", [1]),
        # "reached" revises a toll (update words): Tuesday dates the tally, not a new incident.
        ("QUETTA: Militants ambushed a convoy in Kech district on Monday, killing 12 soldiers. "
         "The death toll reached 26 on Tuesday, officials said.", "fatalities", [26]),
    ],
)  # fmt: skip
def test_words_rules_read_the_casualty_words(text, field, expected):
    from kg.core.model import Document
    from kg.extract import extract

    events = extract(Document("w", text, published=date(2025, 1, 8))).events
    assert [getattr(e, field) for e in events] == expected
