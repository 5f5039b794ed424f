"""A date at the precision a text gives it: a day, a month or a year.

News names "January 4, 2025", "last month" or "in 2024"; ACLED codes a day, and
``ckg:date`` is an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``. Records keep the
string forms ``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY``; :class:`PartialDate` is the one
place that reads them, so every question of precision ("is the day known?", "do these two
dates agree?") is answered here.

>>> d = PartialDate.parse("2024-11")
>>> d.precision, str(d), d.agrees(PartialDate.parse("2024-11-09"))
('month', '2024-11', True)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["PartialDate", "parse_partial_date", "date_precision", "PRECISIONS"]

#: The precisions, finest first.
PRECISIONS = ("day", "month", "year")

_FORM = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year, or a day.

    Args:
        year: 1-9999.
        month: 1-12, or None when only the year is known.
        day: a day of that month, or None; needs a month.

    Raises:
        ValueError: the parts name no calendar date.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError if none such

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

        >>> PartialDate.parse("2024-02-29")
        PartialDate(year=2024, month=2, day=29)

        Raises:
            ValueError: ``text`` is none of the three forms, or names no calendar date.
        """
        match = _FORM.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, day: date) -> PartialDate:
        """The day of a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        """The ISO 8601 form at this precision.

        >>> str(PartialDate(2024, 3)), str(PartialDate(987))
        ('2024-03', '0987')
        """
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def precision(self) -> str:
        """ "day", "month" or "year"."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def is_day(self) -> bool:
        """True when the day is known."""
        return self.day is not None

    def interval(self) -> tuple[date, date]:
        """The first and last day this date covers.

        >>> PartialDate(2024, 2).interval()
        (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
        """
        if self.day is not None:
            day = date(self.year, self.month, self.day)
            return day, day
        if self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            return date(self.year, self.month, 1), date(self.year, self.month, last)
        return date(self.year, 1, 1), date(self.year, 12, 31)

    def contains(self, other: PartialDate) -> bool:
        """True when every day ``other`` covers is one this date covers.

        >>> PartialDate(2024, 11).contains(PartialDate(2024, 11, 9))
        True
        >>> PartialDate(2024, 11, 9).contains(PartialDate(2024, 11))
        False
        """
        first, last = self.interval()
        other_first, other_last = other.interval()
        return first <= other_first and other_last <= last

    def gap(self, other: PartialDate) -> int:
        """Days between the two dates' spans: 0 or less when they overlap (a month and a day
        in it), 1 for two consecutive days.

        >>> PartialDate(2024, 11, 9).gap(PartialDate(2024, 11, 12))
        3
        """
        first, last = self.interval()
        other_first, other_last = other.interval()
        return (max(first, other_first) - min(last, other_last)).days

    def agrees(self, other: PartialDate, window_days: int = 0) -> bool:
        """True when the two dates may name the same day.

        A month or a year must contain the other date (calendar spans never overlap
        otherwise); two days may be up to ``window_days`` apart (an overnight attack, a
        next-day report). Symmetric.

        >>> PartialDate(2024, 11).agrees(PartialDate(2024, 11, 9))
        True
        >>> PartialDate(2024, 10).agrees(PartialDate(2024, 11, 1))
        False
        >>> PartialDate(2024, 11, 9).agrees(PartialDate(2024, 11, 10), window_days=1)
        True
        """
        both_days = self.day is not None and other.day is not None
        return self.gap(other) <= (window_days if both_days else 0)

    def days_before(self, other: PartialDate) -> int:
        """Days from this day to ``other`` (negative when ``other`` comes first); both days.

        >>> PartialDate(2024, 8, 26).days_before(PartialDate(2024, 8, 28))
        2

        Raises:
            ValueError: one of the two is not a day.
        """
        if self.day is None or other.day is None:
            raise ValueError("days_before needs two days")
        return (other.interval()[0] - self.interval()[0]).days

    def starts_after(self, other: PartialDate) -> bool:
        """True when this date's first day comes after the last day of ``other``.

        >>> PartialDate(2024, 12).starts_after(PartialDate(2024, 11, 9))
        True
        """
        return self.interval()[0] > other.interval()[1]

    def shifted(self, days: int) -> PartialDate:
        """This day moved by ``days`` (a day only).

        >>> str(PartialDate(2024, 3, 1).shifted(-1))
        '2024-02-29'
        """
        if self.day is None:
            raise ValueError("only a day can be shifted")
        return PartialDate.from_date(self.interval()[0] + timedelta(days=days))


@lru_cache(maxsize=4096)
def parse_partial_date(value: str | None) -> PartialDate | None:
    """:meth:`PartialDate.parse`, or None for a missing or malformed value.

    >>> parse_partial_date("2024-02-30") is None, parse_partial_date(None) is None
    (True, True)
    """
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def date_precision(value: str | None) -> str | None:
    """ "day", "month" or "year" for a date string, None for a missing or malformed one.

    >>> date_precision("2024-08"), date_precision("2024-08-31"), date_precision("soon")
    ('month', 'day', None)
    """
    found = parse_partial_date(value)
    return found.precision if found is not None else None
