"""Find date expressions in news text and resolve them against the publication date.

A resolved date is a string at the precision the words allow: ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``. Rules, in the order a reader applies them:

- Absolute dates ("January 4, 2025", "4 January 2025", "2025-01-04",
  "November 2024", "in 2024") resolve without a publication date.
- A day and month without a year ("January 4", "Jan. 4", "4 January") takes
  the year that puts it nearest the publication date, preferring the past:
  news reports what has happened.
- A weekday ("on Saturday", "Saturday's blast", "late Sunday") is the most
  recent such day on or before publication; "last Saturday" is strictly
  before it.
- Relative words: "yesterday", "today", "N days ago", "last month" /
  "this month" (month precision), "last week" (the month when the seven days
  before publication fall in one month, else nothing), "last year",
  "this year" / "earlier this year" (year precision). A span running up to
  publication ("over the last four days", "in the past 48 hours") is the month
  its days fall in, or nothing when it reaches into the month before.
- An incident straddling midnight takes the day it ran into: "around
  midnight on Sunday" is Monday, and a day range ("August 25-26",
  "Sunday and Monday") resolves to its last day. ACLED codes one date per
  event; the last day is the one on which the reported toll stands. A range
  of three days or more ("conducted from July 16 to 20") is an operation run
  over days: it is dated to the day it began. A night
  named by its two days ("on the night of May 4-5", as military statements
  write it, or "the night between Friday and Saturday") is the first day's:
  the report counts the night as the evening's that it begins.

Without a publication date, only absolute dates resolve; the rest are kept
with ``value=None``. Nothing is guessed: a bare number such as "24-26" is not
a date.

>>> from datetime import date
>>> resolve_date("on Saturday", date(2024, 11, 9))
'2024-11-09'
>>> resolve_date("last month", date(2024, 11, 10))
'2024-10'
>>> resolve_date("August 25-26", date(2024, 11, 10))
'2024-08-26'
>>> resolve_date("January 4", None) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from kg.core.dates import PartialDate, date_precision, parse_partial_date
from kg.extract.caseless import Caseless, contains_any, lowered
from kg.extract.patterns import Patterns, get_patterns

__all__ = [
    "DateMatch",
    "find_dates",
    "resolve_date",
    "precision_of",
    "news_month",
    "date_before",
    "date_counted_back",
    "dates_out_of_calendar",
]


def _maybe_date(text: str, lower: str | None, patterns: Patterns) -> bool:
    """A substring test far cheaper than any pattern: no keyword, no date.

    Most sentences hold none, so every keyword is looked for; ``str.find`` on the keywords
    one by one beats one regex scan for all of them, whose first letters (a, e, s, t ...)
    are those of most words.
    """
    keywords = patterns.date_keywords
    return contains_any(lower if lower is not None else text.lower(), keywords)


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in a text.

    ``value`` is the resolved date string, or ``None`` when the words cannot
    be resolved (a weekday or "last month" without a publication date).
    """

    start: int
    end: int
    text: str
    value: str | None
    relative: bool
    # A range of days ("March 26 and 27", "Sunday and Monday"): its first day, resolved.
    first: str | None = None


def precision_of(value: str | None) -> str | None:
    """Return "day", "month" or "year" for a resolved date string.

    >>> precision_of("2024-08")
    'month'
    """
    return date_precision(value)


def find_dates(
    text: str,
    published: date | None = None,
    *,
    lower: str | None = None,
    patterns: Patterns | None = None,
) -> list[DateMatch]:
    """Return the date expressions in ``text``, left to right, without overlaps.

    Args:
        text: any text; a sentence is typical.
        published: the publication date relative words are resolved against.
        lower: ``text`` lower-cased, if the caller has it (see :mod:`kg.extract.caseless`).
        patterns: patterns built from other word lists (default: the shipped ones).

    >>> [d.value for d in find_dates("In November 2024, and on January 4", date(2025, 1, 13))]
    ['2024-11', '2025-01-04']
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    weekdays: set[int] = set()  # where a bare weekday starts
    if lower is None:
        lower = lowered(text)
    patterns = patterns or get_patterns()
    if not _maybe_date(text, lower, patterns):
        return found
    hints = patterns.date_hints
    hinted: dict[int, bool] = {}  # three patterns share the month hint: test it once
    for name, pattern in patterns.date_patterns:
        caseless = isinstance(pattern, Caseless)
        hint = hints.get(name)
        if hint is not None:
            if id(hint) not in hinted:
                hinted[id(hint)] = bool(hint.search(text, lower))
            if not hinted[id(hint)]:
                continue
        for match in pattern.finditer(text, lower) if caseless else pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            # A Caseless match may be on the lower-cased text; the rules read the words as written.
            groups = _groups_as_written(match, text) if caseless else match.groupdict()
            resolved = _in_calendar(
                text[start:end], _resolve, name, match, groups, published, patterns
            )
            if resolved is None:
                resolved = (None, True)
            if resolved is _SKIP:
                continue
            value, relative = resolved
            first = _range_start(name, match, groups, published, patterns) if value else None
            if _days_long(first, value):
                # "The operation was conducted from July 16 to 20": a sweep run over days is
                # dated to the day it began; only a range of two days in a row is a night it
                # ran past.
                value = first
            found.append(DateMatch(start, end, text[start:end], value, relative, first))
            taken.append((start, end))
            if name == "weekday":
                weekdays.add(start)
    found.sort(key=lambda d: d.start)
    if weekdays:
        found = _without_apposed_weekdays(found, weekdays, text)
    return found


_APPOSITION = re.compile(r"\s*(?:,|\(|\s)\s*")


def _without_apposed_weekdays(found: list[DateMatch], weekdays: set[int], text: str):
    """Drop a weekday written beside the calendar day it names: "on Sunday, February 5".

    The calendar day says which Sunday; read alone, the weekday would be the
    latest one before publication, which a round-up's older incident is not.
    """
    kept = []
    for here, after in zip(found, [*found[1:], None], strict=True):
        if (
            here.start in weekdays
            and after is not None
            and after.start not in weekdays
            and precision_of(after.value) == "day"
            and _APPOSITION.fullmatch(text, here.end, after.start)
        ):
            continue
        kept.append(here)
    return kept


def resolve_date(text: str, published: date | None = None) -> str | None:
    """Return the first date in ``text`` resolved against ``published``, or None.

    >>> resolve_date("around midnight on Sunday", date(2024, 8, 27))
    '2024-08-26'
    >>> resolve_date("in November 2024")
    '2024-11'
    """
    for match in find_dates(text, published):
        if match.value:
            return match.value
    return None


_SKIP = object()
# The date phrases of the document being extracted that fell outside the calendar.
_OUT_OF_CALENDAR: ContextVar[list[str] | None] = ContextVar("out_of_calendar", default=None)


@contextmanager
def dates_out_of_calendar() -> Iterator[list[str]]:
    """Collect, while extracting one document, the date phrases left undated because
    they fall outside the calendar (years 1 to 9999)."""
    found: list[str] = []
    token = _OUT_OF_CALENDAR.set(found)
    try:
        yield found
    finally:
        _OUT_OF_CALENDAR.reset(token)


def _in_calendar(phrase: str, resolve: Callable, *args):
    """``resolve(*args)``, or None when the date it computes is outside the calendar.

    "Yesterday" in an article published 0001-01-01, or "999999 days ago", is no date
    Python can hold; the article is built without it, and the phrase is noted for the
    build's warnings (:func:`dates_out_of_calendar`).
    """
    try:
        return resolve(*args)
    except OverflowError:
        found = _OUT_OF_CALENDAR.get()
        if found is not None:
            found.append(phrase)
        return None


def _groups_as_written(match: re.Match, text: str) -> dict[str, str | None]:
    """``match.groupdict()`` taken from ``text``, for a match found on its lower-cased copy."""
    return {
        name: text[match.start(name) : match.end(name)] if match.start(name) >= 0 else None
        for name in match.re.groupindex
    }


def _resolve(name: str, match: re.Match, groups: dict, published: date | None, patterns: Patterns):
    if name == "iso":
        return _day(int(groups["year"]), int(groups["m"]), int(groups["day"])), False
    if name in ("mdy", "dmy"):
        month = patterns.month_numbers[groups["month"].rstrip(".").lower()]
        day = int(groups["day2"] or groups["day"])
        if groups["day2"] and _night_of(match, patterns):
            # "On the night of May 4-5" names one night, the 4th's.
            day = int(groups["day"])
        if not 1 <= int(groups["day"]) <= 31 or not 1 <= day <= 31:
            return _SKIP
        if groups.get("year"):
            return _day(int(groups["year"]), month, day), False
        if groups.get("yrel"):
            year = _relative_year(groups["yrel"], published, patterns)
            return (_day(year, month, day) if year else None), True
        return _nearest_day(month, day, published), True
    if name == "my":
        return _month_year(groups, match, published, patterns)
    if name == "year":
        return groups["year"], False
    if name == "weekday":
        return _weekday(groups, match, published, patterns), True
    return _relative(groups, published, patterns), True


def _days_long(first: str | None, last: str | None) -> bool:
    """Whether a range of days runs over three days or more."""
    if not first or not last or len(first) != 10 or len(last) != 10:
        return False
    return (date.fromisoformat(last) - date.fromisoformat(first)).days >= 2


def _range_start(
    name: str, match: re.Match, groups: dict, published: date | None, patterns: Patterns
) -> str | None:
    """The first day of a range of days ("August 25-26", "Sunday and Monday"), else None."""
    if name in ("mdy", "dmy") and groups.get("day2"):
        first = _resolve(name, match, {**groups, "day2": None}, published, patterns)
    elif name == "weekday" and groups.get("weekday2") and not _night_of(match, patterns):
        last = _resolve(name, match, groups, published, patterns)[0]
        numbers = patterns.weekday_numbers
        span = (numbers[groups["weekday2"].lower()] - numbers[groups["weekday"].lower()]) % 7
        return (date.fromisoformat(last) - timedelta(days=span)).isoformat() if last else None
    else:
        return None
    return first[0] if isinstance(first, tuple) else None


def _month_year(groups: dict, match: re.Match, published: date | None, patterns: Patterns):
    word = groups["month"]
    month = patterns.month_numbers[word.rstrip(".").lower()]
    if groups.get("year"):
        return f"{groups['year']}-{month:02d}", False
    if groups.get("yrel"):
        year = _relative_year(groups["yrel"], published, patterns)
        return (f"{year}-{month:02d}" if year else None), True
    mod = (groups.get("mod") or "").lower()
    # A month name alone is a date only when the words make it one: "in November",
    # "last March", "since May"; "May" or "March" alone are usually not dates.
    before = match.string[max(0, match.start() - 12) : match.start()].lower()
    if not mod and not patterns.month_cue.search(before):
        return _SKIP
    common = word.lower() in patterns.common_months
    if word.endswith(".") or (common and not mod and "in" not in before):
        return _SKIP
    if published is None:
        return None, True
    if mod == "last":
        year = published.year if month < published.month else published.year - 1
    elif mod == "this":
        year = published.year
    else:
        year = published.year if month <= published.month + 1 else published.year - 1
    return f"{year}-{month:02d}", True


def _relative_year(words: str, published: date | None, patterns: Patterns) -> int | None:
    """The year "last year" or "this year" names, told from publication."""
    if published is None:
        return None
    return published.year - patterns.relative_years[re.sub(r"\s+", " ", words.lower())]


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return str(PartialDate(year, month, day))
    except ValueError:  # "February 30"
        return None


def _nearest_day(month: int, day: int, published: date | None) -> str | None:
    if published is None:
        return None
    best: tuple[int, date] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        if _day(year, month, day) is None:
            continue
        candidate = date(year, month, day)
        gap = (published - candidate).days
        # Past dates are what news reports; a future one must be three times nearer to win.
        cost = gap if gap >= 0 else -3 * gap
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1].isoformat() if best else None


def _night_of(match: re.Match, patterns: Patterns) -> bool:
    """Whether the words before a two-day range name the night between its days: "the night
    between Friday and Saturday", or "the night of May 4-5" with the days in one figure. A
    range spelt out after "night of" ("the night of May 4 and 5") keeps its last day, like
    any other range."""
    before = match.string[max(0, match.start() - 30) : match.start()].lower()
    found = patterns.night_of.search(before)
    if found is None:
        return False
    return bool(found.group("between")) or bool(
        re.search(r"\d\s*[-–]\s*\d", match.string[match.start() : match.end()])
    )


def _weekday(
    groups: dict, match: re.Match, published: date | None, patterns: Patterns
) -> str | None:
    if published is None:
        return None
    last = bool(groups.get("last"))
    # "Sunday and Monday" is a range: it resolves to its last day, unless it names the night
    # between them ("the night between Sunday and Monday"), which is the first's.
    second = groups.get("weekday2")
    if second and _night_of(match, patterns):
        second = None
    wanted = patterns.weekday_numbers[(second or groups["weekday"]).lower()]
    back = (published.weekday() - wanted) % 7
    if last and back == 0:
        back = 7
    day = published - timedelta(days=back)
    if groups.get("mid") or groups.get("midafter"):
        # Around midnight on Sunday: the incident ran into Monday.
        day += timedelta(days=1)
        if day > published:
            day = published
    return day.isoformat()


def _relative(groups: dict, published: date | None, patterns: Patterns) -> str | None:
    if published is None:
        return None
    rel = re.sub(r"\s+", " ", groups["rel"].lower())
    unit = groups.get("unit") or groups.get("unit2") or groups.get("unit3")
    back = patterns.relative_days.get(rel)
    if back is not None:
        return (published - timedelta(days=back)).isoformat()
    if rel.endswith("ago"):
        n = groups["n"].lower()
        days = int(n) if n.isdigit() else patterns.days_count_numbers[n]
        return (published - timedelta(days=days)).isoformat()
    if groups.get("span"):
        return _span_back(groups, published, patterns)
    this = "this" in rel and "previous" not in rel
    if unit == "year":
        return str(published.year if this else published.year - 1)
    if unit == "month":
        if this:
            return f"{published.year}-{published.month:02d}"
        first = published.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    # A week: the month if the days it covers fall in one month, else the year. This week
    # runs from its Monday to publication; last week is the seven days before that Monday.
    if this:
        end, start = published, published - timedelta(days=published.weekday())
    else:
        end = published - timedelta(days=published.weekday() + 1)
        start = end - timedelta(days=6)
    if (start.year, start.month) == (end.year, end.month):
        return f"{end.year}-{end.month:02d}"
    return str(end.year) if start.year == end.year else None


def _span_back(groups: dict, published: date, patterns: Patterns) -> str | None:
    """A span running up to publication ("over the last four days", "in the past 48 hours"):
    the month all its days fall in. A span reaching into the month before says no more than
    the other dates of the report do, and is left unresolved."""
    raw = groups["span"].lower()
    n = int(raw) if raw.isdigit() else patterns.days_count_numbers[raw]
    days = -(-n // 24) if groups["spanunit"].lower() == "hours" else n
    start = published - timedelta(days=days)
    if (start.year, start.month) == (published.year, published.month):
        return f"{published.year}-{published.month:02d}"
    return None


def news_month(published: date | None) -> str | None:
    """The month of an incident a report tells as news without giving its day: the month the
    report is published in. On the first of a month the incident may be the night before's,
    in the month before, so it has no month.

    >>> news_month(date(2024, 7, 3))
    '2024-07'
    >>> news_month(date(2024, 7, 1)) is None
    True
    """
    if published is None or published.day == 1:
        return None
    return str(PartialDate(published.year, published.month))


def _gap_count(match: re.Match) -> int | None:
    """The number a gap's count word gives ("two", "12"), or None for none or a vague one."""
    raw = re.sub(r"\s+", " ", (match.group("n") or "").lower())
    if raw.isdigit():
        return int(raw)
    return get_patterns().days_count_numbers.get(raw)


# "less than a week after", "two days before", "weeks after": the gap between two incidents.
def date_before(text: str, reference: str | None) -> str | None:
    """Date an earlier incident from a gap to a later one ("came a week after ...").

    The gap gives a range of days before ``reference`` (a ``YYYY-MM-DD`` date); the result
    is the precision that whole range shares: a day, a month or a year.

    >>> date_before("came less than a week after the group hijacked a train", "2025-03-16")
    '2025-03'
    >>> date_before("two days after the blast", "2024-08-28")
    '2024-08-26'
    >>> date_before("after the blast", "2024-08-28") is None
    True
    """
    patterns = get_patterns()
    match = patterns.gap.search(text)
    day = parse_partial_date(reference)
    if match is None or day is None or not day.is_day:
        return None
    unit = match.group("unit").lower()
    days = patterns.gap_units[unit]
    n = _gap_count(match)
    if n is None:  # "days after", "several weeks after": two or more
        n = 0 if unit.endswith("s") else 1
    hedge = re.sub(r"\s+", " ", (match.group("hedge") or "").lower())
    bound = patterns.gap_hedges.get(hedge)
    if n == 0:
        low, high = 2 * days, 9 * days
    elif bound == "below":
        low, high = max(0, (n - 1) * days), n * days
    elif bound == "above":
        low, high = n * days, (n + 1) * days
    elif days == 1 and not hedge:
        low = high = n
    else:  # a round figure: "a week after" is five to nine days
        low, high = max(0, n * days - days // 3 - 1), n * days + days // 3 + 1
    shifted = _in_calendar(match.group(), lambda: (day.shifted(-low), day.shifted(-high)))
    if shifted is None:
        return None
    end, start = shifted
    if start == end:
        return str(start)
    if (start.year, start.month) == (end.year, end.month):
        return str(PartialDate(end.year, end.month))
    return str(PartialDate(end.year)) if start.year == end.year else None


def date_counted_back(text: str, reference: str | None) -> str | None:
    """Date an incident counted back from a later one ("a month earlier", "two weeks earlier").

    A gap of days gives a day, as :func:`date_before` does; a gap of weeks or months names the
    month its count falls in: "a month earlier" is the month before, the way a reader takes it.
    A gap with no count ("weeks earlier") gives no date.

    >>> date_counted_back("A month earlier, gunmen ...", "2024-10-16")
    '2024-09'
    >>> date_counted_back("a couple of weeks earlier", "2023-04-19")
    '2023-04'
    >>> date_counted_back("two days earlier", "2023-04-19")
    '2023-04-17'
    """
    patterns = get_patterns()
    match = patterns.gap_back.search(text)
    day = parse_partial_date(reference)
    if match is None or day is None or not day.is_day:
        return None
    unit = match.group("unit").lower()
    days = patterns.gap_units[unit]
    if days == 1:
        return date_before(match.group(), reference)
    n = _gap_count(match)
    if n is None:
        if not match.group("n") or unit.endswith("s"):
            return None  # "weeks earlier": no count
        n = 1
    back = _in_calendar(match.group(), day.shifted, -n * days)
    return str(PartialDate(back.year, back.month)) if back is not None else None
