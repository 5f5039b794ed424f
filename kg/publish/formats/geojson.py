"""events.geojson: one point Feature per fused incident, for QGIS, Leaflet, kepler.gl.

RFC 7946: a FeatureCollection in WGS 84, coordinates ``[longitude, latitude]``; an event
whose place has no coordinates (nor any enclosing area with some) keeps its Feature with
a ``null`` geometry, as the RFC allows, so the file still lists every event.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.publish.formats.base import atomic_target
from kg.publish.formats.csv_tables import event_rows, store_facts

__all__ = ["FEATURE_PROPERTIES", "event_features", "write_geojson"]

#: Each Feature's properties: events.csv's columns under shorter names where QGIS shows them.
FEATURE_PROPERTIES = {
    "date": "event_date",
    "time_precision": "time_precision",
    "type": "ckg_type",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "fatalities": "fatalities",
    "fatalities_min": "fatalities_min",
    "fatalities_max": "fatalities_max",
    "location": "location",
    "admin1": "admin1",
    "admin2": "admin2",
    "geo_precision": "geo_precision",
    "perpetrator": "actor1",
    "target": "actor2",
    "sources": "sources",
    "iri": "iri",
}


def event_features(store) -> dict:
    """The GeoJSON FeatureCollection of the fused events in ``store`` (see the module notes)."""
    made = getattr(store, "tables", None)
    tables = made() if callable(made) else None
    features = []
    for row in tables[0] if tables is not None else event_rows(store, store_facts(store)):
        point = None
        if row.get("latitude") is not None and row.get("longitude") is not None:
            point = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
        properties = {name: row.get(column) for name, column in FEATURE_PROPERTIES.items()}
        features.append(
            {"type": "Feature", "id": row["iri"], "geometry": point, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(store, out_dir: Path) -> dict[str, Path]:
    """Write events.geojson into ``out_dir``.

    Returns:
        ``{"geojson": path}``.
    """
    target = out_dir / "events.geojson"
    with atomic_target(target) as tmp:
        Path(tmp).write_text(
            json.dumps(event_features(store), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    return {"geojson": target}
