"""The tables and the network as notebook users want them: pandas DataFrames, networkx.

pandas is optional (``pip install 'conflict-kg[pandas]'``); without it the frame functions
raise :class:`MissingExtra`, which names the extra to install.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kg.core.errors import KgError
from kg.publish.formats.csv_tables import (
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    entity_rows,
    event_rows,
    table_facts,
)

__all__ = ["MissingExtra", "events_frame", "entities_frame", "python_value"]

# Columns holding whole numbers, possibly missing (pandas' nullable "Int64").
_INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities",
                "fatalities_min", "fatalities_max", "timestamp")  # fmt: skip
_FLOAT_COLUMNS = ("latitude", "longitude", "confidence")


class MissingExtra(KgError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def _pandas():
    try:
        import pandas
    except ImportError:
        raise MissingExtra(
            "DataFrames need pandas: pip install 'conflict-kg[pandas]'", name="pandas"
        ) from None
    return pandas


def python_value(text):
    """A table cell as Python: a number when it is one, else the value itself.

    >>> python_value("0.725"), python_value("12"), python_value("Quetta"), python_value(None)
    (0.725, 12, 'Quetta', None)
    """
    if not isinstance(text, str):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return (
        int(number) if number == number.to_integral_value() and "." not in text else float(number)
    )


def events_frame(store):
    """The fused events of ``store`` as a DataFrame with events.csv's columns.

    ``event_date`` is a datetime64 column, counts are nullable integers, coordinates and
    ``confidence`` floats, so ``frame.groupby([frame.event_date.dt.to_period("M"),
    "admin1"], dropna=False)`` works at once (an unknown admin1 is missing, not "").
    """
    pd = _pandas()
    rows = event_rows(store, table_facts(store))
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    frame["event_date"] = pd.to_datetime(frame["event_date"], format="%Y-%m-%d")
    for column in _INT_COLUMNS:
        frame[column] = pd.array([python_value(v) for v in frame[column]], dtype="Int64")
    for column in _FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column].map(python_value), errors="coerce")
    return frame


def entities_frame(store):
    """The actors, places and projects of ``store`` as a DataFrame with entities.csv's columns.

    ``mentions`` and ``sources`` are lists of strings; coordinates are floats.
    """
    pd = _pandas()
    rows = entity_rows(store, table_facts(store))
    frame = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    for column in ("mentions", "sources"):
        frame[column] = frame[column].map(lambda text: [p for p in (text or "").split(";") if p])
    for column in ("latitude", "longitude"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame
