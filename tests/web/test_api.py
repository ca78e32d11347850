"""Every REST endpoint: results, filters, paging, 422 on bad parameters, 404 on unknown ids."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only


@pytest.fixture(scope="module")
def client(located_store):
    return TestClient(create_app(located_store), base_url=LOCAL)


def ids(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


def test_openapi_schema_lists_every_route(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
                 "/api/actors", "/api/actors/{code}", "/api/places", "/api/places/{geonameid}", "/api/search",
                 "/api/timeseries", "/api/timeline", "/api/dyads", "/api/stats"):
        assert path in schema["paths"], path
    assert not any(p.startswith(("/events", "/articles")) for p in schema["paths"]), "pages are not API"


def test_stats(client):
    assert client.get("/api/stats").json()["events"] == 5


def test_events_list_filters_and_paging(client):
    everything = client.get("/api/events?limit=2").json()
    assert everything["total"] == 5 and everything["count"] == 2 and everything["next_offset"] == 2
    assert len(ids(client, "/api/events?limit=2&offset=4")) == 1
    assert len(ids(client, "/api/events?country=PSE")) == 1  # the place's country
    assert len(ids(client, "/api/events?country=geo")) == 2  # either side's code, any case
    assert len(ids(client, "/api/events?type=assault")) == 2
    assert len(ids(client, "/api/events?quad_class=1")) == 2
    assert len(ids(client, "/api/events?actor=QAT")) == 2
    assert len(ids(client, "/api/events?recipient=protesters")) == 1  # text fragment
    assert len(ids(client, "/api/events?since=2024-12-01")) == 2
    assert len(ids(client, "/api/events?until=2024-05-05")) == 2
    assert len(ids(client, "/api/events?modality=negated")) == 1
    dated = client.get("/api/events?order=-date").json()["items"]
    assert dated[0]["day"] == "2024-12-02" and dated[-1]["day"] is None


@pytest.mark.parametrize("query", [
    "limit=0", "limit=501", "limit=abc", "offset=-1", "since=2024-13-01", "since=yesterday",
    "since=2024-06-01&until=2024-05-01", "country=ISRAEL", "country=I5R", "type=BOGUS", "quad_class=5",
    "modality=perhaps", "order=random", "article=xyz", "actor=" + "a" * 101,
])
def test_bad_event_parameters_are_422_with_a_message(client, query):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 422, query
    error = r.json()["error"]
    assert error["code"] == "E600" and error["message"].startswith("invalid request parameter")
    assert error["details"][0]["param"]


def test_event_detail_has_evidence_sources_and_offsets(client, located_store):
    strike = client.get("/api/events?type=ASSAULT&modality=asserted").json()["items"][0]
    r = client.get(f"/api/events/{strike['id'][:8]}")  # a unique prefix works
    data = r.json()
    assert data["id"] == strike["id"] and len(data["evidence"]) == 2
    assert {a["source"] for a in data["articles"]} == {"Outlet A", "Outlet B"}
    first = data["evidence"][0]
    assert first["sentence_start"] == 0
    assert first["sentence"][first["trigger"][0]:first["trigger"][1]] == "struck"
    assert data["location"]["name"] == "Gaza City" and data["counts"][0]["number"] == 7


@pytest.mark.parametrize("url,status", [
    ("/api/events/abcdef0123", 404), ("/api/events/NOT-HEX", 422), ("/api/events/abc", 422),
    ("/api/articles/abcdef0123", 404), ("/api/articles/zz'--", 422),
    ("/api/actors/XYZ", 404), ("/api/actors/1SR", 422),
    ("/api/places/12345", 404), ("/api/places/0", 422), ("/api/places/gaza", 422),
    ("/api/no-such-route", 404),
])
def test_unknown_ids_are_404_and_malformed_ids_422(client, url, status):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == ("E404" if status == 404 else "E600")


def test_articles_list_detail_and_highlights(client):
    page = client.get("/api/articles?limit=2").json()
    assert page["count"] == 2 and page["next_offset"] == 2
    assert len(client.get("/api/articles?source=Outlet C").json()["items"]) == 1
    assert client.get("/api/articles?language=english").status_code == 422
    assert client.get("/api/articles?since=May").status_code == 422
    article_id = next(a["id"] for a in page["items"] if a["title"] == "Report A")
    detail = client.get(f"/api/articles/{article_id}").json()
    assert len(detail["events"]) == 3  # strike, urge, undated consult
    texts = {detail["text"][h["start"]:h["end"]] for h in detail["highlights"]}
    assert {"struck", "urged"} <= texts


def test_actors_list_and_profile(client):
    page = client.get("/api/actors").json()
    by_code = {a["code"]: a for a in page["items"]}
    assert by_code["GEO"]["as_actor"] == 2 and by_code["GEO"]["as_recipient"] == 1
    assert by_code["QAT"]["name"] == "Qatar"
    assert [a["code"] for a in client.get("/api/actors?q=IS").json()["items"]] == ["ISR"]
    assert client.get("/api/actors?q=I$R").status_code == 422
    profile = client.get("/api/actors/isr").json()
    assert profile["code"] == "ISR" and profile["events"] == 1 and profile["names"][0]["text"] == "Israeli aircraft"
    assert client.get("/api/actors/ISR?since=2024-12-01").status_code == 404  # no events in that range


def test_places_list_and_detail(client):
    page = client.get("/api/places").json()
    assert {p["name"] for p in page["items"]} == {"Gaza City", "Tbilisi"}
    assert client.get("/api/places?country=GEO").json()["total"] == 1
    gaza = client.get("/api/places/281133").json()
    assert gaza["events"] == 1 and abs(gaza["latitude"] - 31.50161) < 1e-4


def test_dyads(client):
    rows = client.get("/api/dyads").json()["items"]
    assert {"actor": "GEO", "recipient": "GEO"} in [{k: r[k] for k in ("actor", "recipient")} for r in rows]
    assert client.get("/api/dyads?limit=0").status_code == 422


def test_search_all_terms_ranked_with_snippets(client):
    r = client.get('/api/search?q="gaza city" killed').json()
    assert r["terms"] == ["gaza city", "killed"] and r["total"] == 1  # "killing" in A does not match "killed"
    item = r["items"][0]
    assert item["title"] == "Report B"
    start, end = item["snippet_matches"][0]
    assert item["snippet"][start:end].lower() in ("gaza city", "killed")
    assert client.get("/api/search?q=50%25 ").json()["total"] == 0  # % is a character, not a wildcard
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=" + "x" * 201).status_code == 422
    assert client.get("/api/search?q=" + "+".join("abcdefghi")).status_code == 422  # nine terms


def test_timeseries_by_every_key(client):
    month = client.get("/api/timeseries?interval=month").json()
    assert month["periods"][0] == "2024-05-01" and month["periods"][-1] == "2024-12-01" and len(month["periods"]) == 8
    total = month["series"][0]
    assert total["key"] == "all" and sum(total["events"]) == 4  # the undated event is not in any period
    assert total["goldstein"][0] == pytest.approx(-7.0)
    by_quad = {s["key"]: sum(s["events"]) for s in client.get("/api/timeseries?by=quad_class").json()["series"]}
    assert by_quad == {"4": 3, "1": 1}
    dyads = client.get("/api/timeseries?by=dyad&interval=day").json()
    assert "GEO > GEO" in {s["key"] for s in dyads["series"]}
    assert {s["key"] for s in client.get("/api/timeseries?by=country").json()["series"]} == {"PSE", "GEO", "?"}
    assert len(client.get("/api/timeseries?by=type&top=1").json()["series"]) == 1
    weekly = client.get("/api/timeseries?interval=week&country=GEO").json()
    assert weekly["periods"] == ["2024-12-02"]
    for bad in ("interval=year", "by=colour", "top=0", "top=51"):
        assert client.get(f"/api/timeseries?{bad}").status_code == 422


def test_timeline_points_carry_source_counts(client):
    tl = client.get("/api/timeline").json()
    assert tl["mode"] == "events" and tl["dated"] == 4
    strike = next(p for p in tl["points"] if p["event"] == "ASSAULT" and p["actor"] == "ISR")
    assert strike["num_sources"] == 2 and strike["mentions"] == 2
    assert client.get("/api/timeline?limit=1").json()["mode"] == "daily"
