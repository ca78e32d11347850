"""The local server against a hostile web: DNS rebinding, an open redirect after login, and a time
series that a few far-off dates would have made millions of periods long."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput
from eventwire.store import DuckDBStore
from eventwire.store.explore import MAX_PERIODS
from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"


# --- Host header: DNS rebinding ---------------------------------------------------------------
@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:8000", "localhost.attacker.example",
                                  "127.0.0.1.nip.io"])
def test_a_page_of_another_site_cannot_read_a_tokenless_server_by_dns_rebinding(located_store, host):
    client = TestClient(create_app(located_store), base_url=LOCAL)
    for path in ("/api/articles", "/", "/static/eventwire.js", "/api/events"):
        r = client.get(path, headers={"Host": host})
        assert r.status_code == 400, (path, r.status_code)
        assert "E605" in r.text and "Report A" not in r.text  # nothing of the store
    r = client.get("/api/articles", headers={"Host": host})
    assert r.json()["error"]["code"] == "E605"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", "app.localhost:8000",
                                  "10.1.2.3:8000", "192.168.0.7"])
def test_loopback_names_and_ip_addresses_are_answered(located_store, host):
    client = TestClient(create_app(located_store), base_url=LOCAL)
    assert client.get("/api/articles", headers={"Host": host}).status_code == 200


def test_a_name_given_with_host_is_answered_and_a_token_lifts_the_check(located_store):
    named = TestClient(create_app(located_store, hosts=["newsdesk.lan"]), base_url=LOCAL)
    assert named.get("/api/stats", headers={"Host": "NewsDesk.lan:8000"}).status_code == 200
    assert named.get("/api/stats", headers={"Host": "rebind.attacker.example"}).status_code == 400
    gated = TestClient(create_app(located_store, token="s3cret"), base_url=LOCAL)
    # with a token, any name reaches the token check: the rebinding page does not know the token
    assert gated.get("/api/stats", headers={"Host": "rebind.attacker.example"}).status_code == 401
    ok = gated.get("/api/stats", headers={"Host": "eventwire.example", "Authorization": "Bearer s3cret"})
    assert ok.status_code == 200


# --- no open redirect after login ---------------------------------------------------------------
@pytest.mark.parametrize("path, location", [
    ("//evil.example/?token=T", "/evil.example/"),
    ("//evil.example/x?token=T&a=1", "/evil.example/x?a=1"),
    ("/%2F%2Fevil.example/?token=T", "/evil.example/"),
    ("/%5C%5Cevil.example/?token=T", "/evil.example/"),
    ("/%09/evil.example/?token=T", "/%09/evil.example/"),
    ("/events?token=T&country=ISR", "/events?country=ISR"),
])
def test_logging_in_redirects_only_within_the_server(located_store, path, location):
    client = TestClient(create_app(located_store, token="T"), base_url=LOCAL, follow_redirects=False)
    r = client.get(LOCAL + path)  # a whole URL: "//evil.example/" alone would be read as another host
    assert r.status_code == 303
    assert r.headers["location"] == location
    assert not r.headers["location"].startswith("//") and "evil.example/" not in r.headers["location"].split("/")[0]


# --- bounded time series --------------------------------------------------------------------
@pytest.fixture
def far_dates_store(tmp_path, located_events):
    """The located events, plus copies dated in years 9998 and 9999 (the last day of the calendar)."""
    from dataclasses import replace

    articles, events = located_events()
    far = []
    for n, day in enumerate(("9998-11-30", "9999-12-31", "9999-12-27")):
        ev = replace(events[n % 2], date=day, evidence=events[n % 2].evidence, actor=events[n % 2].actor)
        ev.id = f"far{n}{ev.compute_id()[4:]}"
        far.append(ev)
    db = tmp_path / "far.duckdb"
    with DuckDBStore(db) as store:
        store.write_batch(Batch(articles, stages=StageOutput(events + far, [(a.id, None, 0) for a in articles])))
    return db


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize("by", ["dyad", "none", "quad_class"])
def test_a_time_series_over_far_dates_is_bounded(far_dates_store, interval, by):
    client = TestClient(create_app(far_dates_store), base_url=LOCAL)
    started = time.monotonic()
    r = client.get("/api/timeseries", params={"interval": interval, "by": by, "top": 50})
    assert r.status_code == 200 and time.monotonic() - started < 10
    body = r.json()
    assert len(body["periods"]) <= MAX_PERIODS and len(r.content) < 2_000_000
    for series in body["series"]:
        assert len(series["events"]) == len(body["periods"])
    shown = sum(sum(s["events"]) for s in body["series"])
    assert shown + body["omitted_events"] == sum(s["total"] for s in body["series"])
    if interval != "month":  # by month, 2024 to 9999 is more than MAX_PERIODS months too
        assert body["omitted_events"] >= 1


def test_pages_with_far_dates_answer(far_dates_store):
    client = TestClient(create_app(far_dates_store), base_url=LOCAL)
    for path in ("/overview", "/events?since=9998-01-01", "/api/timeline?since=9999-01-01"):
        started = time.monotonic()
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert time.monotonic() - started < 10
    data = client.get("/api/timeseries", params={"interval": "day", "since": "9999-12-01"}).json()
    assert data["periods"][-1] == "9999-12-31" and json.dumps(data)
