"""Every export format round-trips: what is written reads back as the store's events."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import jsonschema
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.db import Eventwire
from eventwire.export import export_events
from eventwire.export.gdelt import global_event_id
from eventwire.store.filters import EventFilter

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "src/eventwire/export/plover.schema.json").read_text())

def load_gdelt(path: Path, official: list[tuple[str, str]]) -> list[dict]:
    """The rows of a GDELT export loaded by DuckDB with GDELT's own column names and types."""
    assert len(official) == 61
    columns = "{" + ", ".join(f"'{n}': '{t}'" for n, t in official) + "}"
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=false, quote='', escape='', columns={columns})")
    assert rel.columns == [n for n, _ in official]
    assert [str(t) for t in rel.types] == [t for _, t in official]
    return [dict(zip(rel.columns, row)) for row in rel.fetchall()]


@pytest.fixture()
def ew(located_store):
    with Eventwire(located_store, read_only=True) as store:
        yield store


def store_events(ew, **filters):
    return {r["id"]: r for r in ew.iter_events(EventFilter(**filters))}


def test_plover_round_trip_and_schema(ew, tmp_path):
    out = tmp_path / "events.jsonl"
    summary = export_events(ew, "plover", out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    for r in records:
        jsonschema.validate(r, SCHEMA)
    expected = store_events(ew, modality="asserted")
    dated = {i: e for i, e in expected.items() if e["day"]}
    assert summary.written == len(records) == len(dated) and summary.skipped == 1  # the undated event
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == set(dated)
    strike = next(r for r in records if r["event"] == ["ASSAULT"])
    assert strike["actor"] == [{"code": "ISR", "sector": "MIL", "entity_text": "Israeli aircraft", "identifier_text": "Israel"}]
    assert all("source" not in r for r in records)  # the current format names the acting side once: actor
    assert strike["event_loc"] == {"geonameid": 281133, "name": "Gaza City", "latitude": 31.50161,
                                   "longitude": 34.46672, "feature_code": "city", "country_code": "PSE",
                                   "admin1_code": "GZ", "admin1_name": "Gaza Strip"}
    assert strike["event_text"] == ["struck", "air strike"] and strike["dead"] == 7
    assert strike["num_sources"] == 2 and strike["mode"] == ["aerial"] and strike["quad_code"] == 4
    urge = next(r for r in records if r["event"] == ["REQUEST"])
    assert urge["quad_code"] == 3  # PLOVER's verbal conflict, although CAMEO's 020 is verbal cooperation
    assert strike["cite_info"]["codebook"].startswith("plover-") and strike["cite_info"]["version"]
    for i, r in by_id.items():
        assert r["date"] == dated[i]["day"] and r["event"] == [dated[i]["event"]]


def test_plover_schema_rejects_what_the_manual_does_not_allow():
    good = {"id": "x", "date": "2024-05-05", "actor": [], "event": ["ASSAULT"]}
    jsonschema.validate(good, SCHEMA)
    jsonschema.validate({**good, "enddate": "2024-05-07", "event_loc": {"country_code": "PSE", "admin1_code": "GZ"}}, SCHEMA)
    for bad in ({**good, "date": "05/05/2024"}, {**good, "event": ["FIGHT"]}, {k: v for k, v in good.items() if k != "id"},
                {**good, "quad_code": 7}, {**good, "actor": [{"code": "ISR", "colour": "blue"}]},
                {k: v for k, v in good.items() if k != "actor"}, {**good, "source": []},
                {**good, "actor": [{"actor_text": "Israeli aircraft"}]}, {**good, "enddate": "2024-05"},
                {**good, "event_loc": {"country code": "PS"}}, {**good, "event_loc": {"country_code": "PS"}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA)


def test_gdelt_round_trip(ew, tmp_path, gdelt_official):
    out = tmp_path / "events.tsv"
    export_events(ew, "gdelt", out)
    rows = load_gdelt(out, gdelt_official)
    expected = {global_event_id(i): e for i, e in store_events(ew, modality="asserted").items() if e["day"]}
    assert {r["GlobalEventID"] for r in rows} == set(expected)
    for r in rows:
        e = expected[r["GlobalEventID"]]
        assert r["Day"] == int(e["day"].replace("-", "")) and r["EventCode"] == e["cameo"]
        assert r["EventRootCode"] == e["cameo_root"] and r["QuadClass"] == e["quad_class"]
        assert r["GoldsteinScale"] == e["goldstein"] and r["AvgTone"] is None
    strike = next(r for r in rows if r["EventCode"] == "195")
    assert strike["Actor1Code"] == "ISRMIL" and strike["Actor1CountryCode"] == "ISR" and strike["Actor1Type1Code"] == "MIL"
    assert strike["ActionGeo_CountryCode"] == "GZ"  # FIPS 10-4 for the Gaza Strip, not ISO "PS"
    assert strike["ActionGeo_ADM1Code"] == "GZ" and strike["ActionGeo_Type"] == 4  # Gaza's FIPS code is a country's
    assert strike["ActionGeo_FullName"] == "Gaza City, Gaza Strip, Palestine"
    assert strike["ActionGeo_Lat"] == pytest.approx(31.50161) and strike["ActionGeo_FeatureID"] == "281133"
    assert strike["NumMentions"] == 2 and strike["NumSources"] == 2 and strike["NumArticles"] == 2
    assert strike["SOURCEURL"] == "https://news.example/a" and strike["MonthYear"] == 202405
    assert strike["FractionDate"] == pytest.approx(2024 + 125 / 366, abs=1e-4)  # 5 May is day 126 of a leap year
    arrest = next(r for r in rows if r["EventCode"] == "173")
    assert arrest["ActionGeo_CountryCode"] == "GG"  # FIPS 10-4 for Georgia (ISO alpha-2 would be GE)
    assert arrest["Actor2Code"] == "GEOCVL" and arrest["IsRootEvent"] == 1


def test_acled_round_trip(ew, tmp_path, acled_official):
    out = tmp_path / "events.csv"
    summary = export_events(ew, "acled", out)
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0].keys()) == acled_official
    assert summary.written == 2  # strike and arrest; the negated clash is not asserted, verbal events have no ACLED type
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["country"] == "Palestine" and strike["location"] == "Gaza City" and strike["geo_precision"] == "1"
    assert strike["fatalities"] == "7" and strike["source"] == "Outlet A; Outlet B" and strike["actor1"] == "Israel"
    assert float(strike["latitude"]) == pytest.approx(31.50161)
    assert "struck a house" in strike["notes"]
    assert strike["disorder_type"] == "Political violence" and strike["year"] == "2024"
    assert strike["iso"] == "275" and strike["region"] == "Middle East" and strike["time_precision"] == "1"
    assert strike["event_id_cnty"].startswith("PSE") and strike["timestamp"].isdigit()


def test_acled_columns_from_the_resolved_event():
    from eventwire.export.acled import acled_row, disorder_type, interaction
    from eventwire.export.rows import SourceIndex

    data = {"acled_type": "Protests", "acled_subtype": "Protest with intervention", "acled_inter1": 6,
            "acled_inter2": 1, "acled_actor1": "Protesters (Kenya)", "acled_actor2": "Police Forces of Kenya",
            "fatalities": 0, "date_precision": "day", "id": "abc123",
            "actor": [{"text": "Traders", "sector": "BUS"}], "recipient": [],
            "location": {"name": "Nairobi", "country": "KEN", "admin1": "Nairobi", "latitude": -1.28,
                         "longitude": 36.82, "feature": "city"},
            "counts": [{"kind": "protesters", "number": 200}], "evidence": []}
    row = acled_row({"data": data, "day": "2021-05-06", "id": "abc123"}, SourceIndex(lambda ids: {}))
    assert row["actor1"] == "Protesters (Kenya)" and row["actor2"] == "Police Forces of Kenya"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (6, 1, "16")
    assert row["disorder_type"] == "Demonstrations" and row["civilian_targeting"] == ""
    assert row["iso"] == "404" and row["region"] == "Eastern Africa" and row["tags"] == "crowd size=200"
    assert row["event_id_cnty"] == "KENABC123"
    assert interaction(6, 0) == "60" and interaction(7, 3) == "37"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"


def test_acled_one_row_per_merged_event(storied_store, tmp_path):
    with Eventwire(storied_store, read_only=True) as store:
        strikes = [r for r in store.iter_events() if r["data"].get("acled_subtype") == "Air/drone strike"]
        assert len(strikes) >= 2 and len({store.merged_ids([r["id"] for r in strikes])[r["id"]] for r in strikes}) == 1
        out = tmp_path / "merged.csv"
        export_events(store, "acled", out)
    rows = list(csv.DictReader(out.open()))
    assert [r["sub_event_type"] for r in rows].count("Air/drone strike") == 1


def test_csv_round_trip_all_modalities(ew, tmp_path):
    out = tmp_path / "flat.csv"
    export_events(ew, "csv", out)
    rows = list(csv.DictReader(out.open()))
    expected = store_events(ew)
    assert {r["id"] for r in rows} == set(expected) and len(rows) == 5
    for r in rows:
        e = expected[r["id"]]
        assert r["event"] == e["event"] and r["modality"] == e["modality"] and r["sentence"] == e["sentence"]
        assert r["article_source"] == e["article_source"]
        assert r["article_url"] == e["article_url"] and r["article_url"].startswith("https://news.example/")
        assert r["cameo"] == "'" + e["cameo"] and r["cameo_root"] == "'" + e["cameo_root"]  # text, leading zero kept
    urge = next(r for r in rows if r["event"] == "REQUEST")
    assert urge["cameo"].lstrip("'") == "020" and urge["cameo_root"].lstrip("'") == "02"


def test_csv_cameo_reads_back_as_text_in_pandas(ew, tmp_path):
    pd = pytest.importorskip("pandas")  # not a dependency of eventwire; the csv test above checks the convention
    out = tmp_path / "flat.csv"
    export_events(ew, "csv", out)
    frame = pd.read_csv(out)
    codes = dict(zip(frame["event"], frame["cameo"].str.lstrip("'")))
    assert codes["REQUEST"] == "020" and codes["CONSULT"] == "040"
    assert set(frame["article_url"]) == {"https://news.example/a", "https://news.example/c"}  # first evidence articles


def test_parquet_partitioned_by_month_round_trip(ew, tmp_path):
    folder = tmp_path / "pq"
    export_events(ew, "parquet", folder)
    months = sorted(p.name for p in folder.iterdir())
    assert months == ["month=2024-05", "month=2024-12", "month=unknown"]
    con = duckdb.connect()
    rows = con.sql(f"SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning=true)").fetchall()
    cols = con.sql(f"SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning=true) LIMIT 0").columns
    got = {r[cols.index("id")]: dict(zip(cols, r)) for r in rows}
    expected = store_events(ew)
    assert set(got) == set(expected)
    for i, e in expected.items():
        g = got[i]
        assert json.loads(g["data"]) == e["data"]
        assert (g["day"].isoformat() if g["day"] else None) == e["day"]
        assert g["goldstein"] == e["goldstein"] and g["latitude"] == e["latitude"]
        assert g["article_url"] == e["article_url"] and g["article_url"].startswith("https://news.example/")
        assert g["cameo"] == e["cameo"]  # Parquet has types: the code is plain text


def test_filters_and_modality_choice(ew, tmp_path):
    out = tmp_path / "geo.csv"
    assert export_events(ew, "csv", out, EventFilter(country="GEO")).written == 2
    assert export_events(ew, "acled", out, modality="any").written == 3  # the negated clash too
    assert export_events(ew, "plover", out, modality="negated").written == 1


def test_cli_export_writes_files_and_reports(located_store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "e.jsonl"
    result = runner.invoke(app, ["export", "--format", "plover", "--out", str(out), "--db", str(located_store)])
    assert result.exit_code == 0, result.output
    assert "exported 3 events as plover" in result.output and len(out.read_text().splitlines()) == 3
    result = runner.invoke(app, ["export", "-f", "gdelt", "--db", str(located_store), "--type", "COERCE"])
    assert result.exit_code == 0 and result.stdout.count("\n") == 1 and len(result.stdout.split("\t")) == 61
    bad = runner.invoke(app, ["export", "-f", "parquet", "--db", str(located_store)])
    assert bad.exit_code == 1 and "E610" in bad.output
    assert runner.invoke(app, ["export", "-f", "xml", "--db", str(located_store)]).exit_code == 2
    assert runner.invoke(app, ["export", "-f", "csv", "--since", "May", "--db", str(located_store)]).exit_code == 2


@pytest.mark.slow
def test_demo_corpus_gdelt_loads_with_official_columns_and_plover_validates(demo_store, tmp_path, gdelt_official):
    with Eventwire(demo_store, read_only=True) as ew:
        export_events(ew, "gdelt", tmp_path / "demo.tsv")
        export_events(ew, "plover", tmp_path / "demo.jsonl")
        asserted = ew.count_events(EventFilter(modality="asserted"))
    rows = load_gdelt(tmp_path / "demo.tsv", gdelt_official)
    assert len(rows) > 100 and len(rows) <= asserted
    assert all(r["SOURCEURL"] is None or r["SOURCEURL"].startswith(("http://", "https://")) for r in rows)
    located = [r for r in rows if r["ActionGeo_CountryCode"]]
    assert all(r["ActionGeo_ADM1Code"].startswith(r["ActionGeo_CountryCode"]) for r in located)
    assert sum(len(r["ActionGeo_ADM1Code"]) > 2 for r in located) > len(located) / 2  # most places have their ADM1
    assert all(r["EventRootCode"] and 1 <= r["QuadClass"] <= 4 for r in rows)
    lines = (tmp_path / "demo.jsonl").read_text().splitlines()
    assert len(lines) == len(rows)
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


def test_cli_export_of_one_story(storied_store, tmp_path):
    with Eventwire(storied_store, read_only=True) as ew:
        gaza = next(s for s in ew.stories() if s["num_articles"] == 2)
        expected = {e["id"] for e in ew.iter_events(EventFilter(story=gaza["id"]))}
    assert len(expected) == 3  # two strike reports and the call for talks
    runner = CliRunner()
    out = tmp_path / "story.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "--story", gaza["id"][:8], "--out", str(out),
                                 "--db", str(storied_store)])
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))} == expected
    assert runner.invoke(app, ["export", "-f", "csv", "--story", "Gaza", "--db", str(storied_store)]).exit_code == 2
