"""Build the map's world outline from a Natural Earth TopoJSON file at install time.

The outline is not committed: ``scripts/setup.sh`` fetches the npm package
``world-atlas`` (Natural Earth 1:50m countries, which keeps small territories
such as the Gaza Strip) with ``npm pack`` and runs::

    python -m eventwire.web.world countries-50m.json src/eventwire/web/static/world/countries.json

which decodes the TopoJSON (quantised, delta-encoded shared arcs) into one
SVG path per country in an equirectangular projection (x = longitude,
y = -latitude, in degrees), so the browser only has to insert paths.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
OUTLINE = HERE / "static" / "world" / "countries.json"
DECIMALS = 2


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc (undoing quantisation and delta encoding)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def ring_points(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs; a negative index (~i) means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def ring_path(points: list[tuple[float, float]]) -> str:
    """SVG path data of one closed ring (y flipped so north is up), near-duplicate points dropped."""
    parts: list[str] = []
    last = None
    for lon, lat in points:
        xy = (round(lon, DECIMALS), round(-lat, DECIMALS))
        if xy == last:
            continue
        parts.append(f"{xy[0]:g} {xy[1]:g}")
        last = xy
    if len(parts) < 3:
        return ""
    return "M" + "L".join(parts) + "Z"


def geometry_path(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> str:
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return ""
    return "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)


def build_outline(topology: dict[str, Any], object_name: str = "countries") -> dict[str, Any]:
    """One path per country: ``{"countries": [{"id", "name", "d"}], "viewBox": [...]}``."""
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"][object_name]["geometries"]:
        d = geometry_path(geometry, arcs)
        if d:
            countries.append({
                "id": str(geometry.get("id", "")),
                "name": (geometry.get("properties") or {}).get("name", ""),
                "d": d,
            })
    return {
        "source": "world-atlas countries-50m (Natural Earth 1:50m admin-0 countries, public domain; package ISC)",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "viewBox": [-180, -90, 360, 180],
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m eventwire.web.world TOPOJSON OUT.json", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    outline = build_outline(json.loads(source.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(outline, separators=(",", ":")), encoding="utf-8")
    print(f"world outline: {len(outline['countries'])} countries -> {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
