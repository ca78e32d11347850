"""GDELT 2.0 rows from one event: dates at their precision, places as GDELT writes them, counts, SOURCEURL."""

from __future__ import annotations

import pytest

from eventwire.export.gdelt import columns, date_columns, full_name, gdelt_row
from eventwire.export.geo import admin1_of, fips_adm1
from eventwire.export.rows import SourceIndex, web_url

EVENT_ID = "ab" * 32

#: three articles from two outlets; the first has two evidence sentences: 4 mentions, 3 articles, 2 sources
ARTICLES = {
    "a1": {"id": "a1", "source": "Outlet A", "url": "/home/user/news/a1.html", "title": "A1"},
    "a2": {"id": "a2", "source": "Outlet A", "url": "https://outlet-a.example/2", "title": "A2"},
    "b1": {"id": "b1", "source": "Outlet B", "url": "javascript:alert(1)", "title": "B1"},
}


def event_row(*, date="2024-05-05", day="2024-05-05", location=None, articles=("a1", "a1", "a2", "b1"), **data):
    evidence = [{"article_id": a, "sentence_index": i + 1, "sentence": "Troops shelled the town.", "trigger": [7, 14]}
                for i, a in enumerate(articles)]
    data = {"id": EVENT_ID, "event": "ASSAULT", "cameo": "194", "cameo_root": "19", "quad_class": 4,
            "goldstein": -10.0, "actor": [], "recipient": [], "evidence": evidence, "location": location, **data}
    return {"id": EVENT_ID, "date": date, "day": day, "article_id": articles[0] if articles else None,
            "article_source": "Outlet A", "article_raw_ref": "/home/user/news/a1.html", "data": data}


def sources(known=ARTICLES):
    return SourceIndex(lambda ids: {i: known[i] for i in ids if i in known})


def named(values):
    return dict(zip([n for n, _ in columns()], values))


def test_mentions_sources_and_articles_are_counted_apart():
    row = named(gdelt_row(event_row(), sources()))
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (4, 2, 3)  # a swap of any two fails


@pytest.mark.parametrize(("articles", "known", "expected"), [
    (("a1", "a2", "b1"), ARTICLES, "https://outlet-a.example/2"),  # a file path is passed over for the first web URL
    (("a1", "b1"), ARTICLES, ""),  # a local path and a javascript: link are no URLs
    (("zz",), {}, ""),  # an article with nothing known: empty, not its outlet or where it was read from
])
def test_sourceurl_is_a_web_address_or_empty(articles, known, expected):
    assert named(gdelt_row(event_row(articles=articles), sources(known)))["SOURCEURL"] == expected


def test_web_url():
    assert web_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    for bad in ("Reuters", "/tmp/a.html", "file:///tmp/a.html", "javascript:alert(1)", "https://", "", None, 3):
        assert web_url(bad) is None


@pytest.mark.parametrize(("date", "expected"), [
    ("2024-05-05", [20240505, 202405, 2024, pytest.approx(2024 + 125 / 366, abs=1e-4)]),
    ("2024-07", [20240700, 202407, 2024, pytest.approx(2024 + 182 / 366, abs=1e-4)]),
    ("2028", [20280000, 202800, 2028, 2028.0]),
    ("2024-W31", [20240000, 202400, 2024, pytest.approx(2024 + 210 / 366, abs=1e-4)]),  # 29 July - 4 August
    ("2024-W02", [20240100, 202401, 2024, pytest.approx(2024 + 7 / 366, abs=1e-4)]),  # 8-14 January
])
def test_partial_dates_keep_their_precision(date, expected):
    assert date_columns(date) == expected


def test_a_year_is_not_written_as_its_first_day():
    row = named(gdelt_row(event_row(date="2028", day="2028-01-01"), sources()))
    assert (row["Day"], row["MonthYear"], row["Year"]) == (20280000, 202800, 2028)
    assert gdelt_row(event_row(date=None, day=None), sources()) is None  # no date, no row


TBILISI = {"name": "Tbilisi", "geonameid": 611717, "latitude": 41.69, "longitude": 44.83, "country": "GEO",
           "admin1": "T'bilisi", "feature": "city"}


@pytest.mark.parametrize(("location", "adm1", "name"), [
    (TBILISI, "GG51", "Tbilisi, T'bilisi, Georgia"),
    ({**TBILISI, "admin1": "51"}, "GG51", "Tbilisi, T'bilisi, Georgia"),  # the admin1 as a code
    ({**TBILISI, "admin1": None}, "GG", "Tbilisi, Georgia"),  # admin1 unknown: the country code alone
    ({**TBILISI, "admin1": "Nowhere Oblast"}, "GG", "Tbilisi, Nowhere Oblast, Georgia"),  # not in the gazetteer
    ({"name": "Gaza City", "country": "PSE", "admin1": "Gaza Strip", "feature": "city", "latitude": 31.5,
      "longitude": 34.47}, "GZ", "Gaza City, Gaza Strip, Palestine"),  # GZ is a FIPS country, not GZGZ
    ({"name": "Geneva", "country": "CHE", "admin1": "Geneva", "feature": "city", "latitude": 46.2,
      "longitude": 6.15}, "SZ", "Geneva, Geneva, Switzerland"),  # GeoNames' Swiss codes are not FIPS ones
    ({"name": "California", "country": "USA", "admin1": "California", "feature": "admin1", "latitude": 37.2,
      "longitude": -119.5}, "USCA", "California, United States"),
    ({"name": "Georgia", "country": "GEO", "feature": "country", "latitude": 42.0, "longitude": 43.5}, "GG", "Georgia"),
    ({"name": "Doha", "country": "QAT", "admin1": "01", "feature": "city", "latitude": 25.29, "longitude": 51.53},
     "QA01", "Doha, Qatar"),  # a code the gazetteer does not name: in ADM1Code, not in the name
    ({"name": "New York", "country": "USA", "admin1": "New York", "feature": "city", "latitude": 40.7,
      "longitude": -74.0}, "USNY", "New York, New York, United States"),  # a city keeps its state's name
])
def test_action_geo_adm1_and_full_name(location, adm1, name):
    row = named(gdelt_row(event_row(location=location), sources()))
    assert row["ActionGeo_ADM1Code"] == adm1 and row["ActionGeo_FullName"] == name
    assert full_name(location) == name


def test_admin1_of_reads_names_and_codes():
    assert admin1_of("GEO", "T'bilisi") == admin1_of("GEO", "51") == ("51", "T'bilisi")
    assert admin1_of("PSE", "gaza strip") == ("GZ", "Gaza Strip")
    assert admin1_of("GEO", None) == (None, None) and admin1_of("GEO", "Atlantis") == (None, "Atlantis")
    assert admin1_of("QAT", "01") == ("01", None)  # a code the gazetteer has no name for
    assert fips_adm1("GEO", "T'bilisi", "") == ""  # no FIPS country, no ADM1
