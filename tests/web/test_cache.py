"""The server's answer cache: repeated requests come from memory, a changed store empties it,
the token still guards it, and errors and other methods are never kept."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from eventwire.db import Eventwire
from eventwire.web.app import create_app
from eventwire.web.cache import ResponseCache, store_fingerprint

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only


def cache_of(app) -> ResponseCache:
    app.build_middleware_stack()
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


@pytest.fixture
def store(located_store, tmp_path):
    path = tmp_path / "cached.duckdb"
    shutil.copy(located_store, path)
    return path


def test_a_repeated_request_is_answered_from_memory_with_the_same_body_and_headers(store):
    app = create_app(store)
    client = TestClient(app, base_url=LOCAL)
    first = client.get("/api/events", params={"limit": 5})
    second = client.get("/api/events", params={"limit": 5})
    cache = cache_of(app)
    assert (cache.misses, cache.hits) == (1, 1)
    assert second.content == first.content and second.status_code == 200
    for header in ("content-security-policy", "x-frame-options", "cache-control", "content-type"):
        assert second.headers[header] == first.headers[header]
    assert second.headers.get_list("content-security-policy") == first.headers.get_list("content-security-policy")
    client.get("/api/events", params={"limit": 6})  # another query string is another answer
    assert cache.misses == 2


def test_a_store_that_changes_empties_the_cache(store, tmp_path):
    app = create_app(store)
    client = TestClient(app, base_url=LOCAL)
    before = client.get("/api/stats").json()
    assert client.get("/api/stats").json() == before and cache_of(app).hits == 1
    fingerprint = store_fingerprint(str(store))
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "talks.txt").write_text(
        "Envoys meet in Doha\n\nDOHA, March 3, 2024 - Qatari mediators met Egyptian envoys in Doha on Sunday "
        "to discuss a new truce, officials said.\n", encoding="utf-8")
    with Eventwire(store) as ew:
        ew.ingest([str(extra)])
    assert store_fingerprint(str(store)) != fingerprint
    after = client.get("/api/stats").json()
    assert after["articles"] == before["articles"] + 1
    assert cache_of(app).hits == 1  # the changed store was not answered from memory


def test_errors_and_refused_requests_are_not_kept(store):
    app = create_app(store, token="s3cret-token")
    client = TestClient(app, base_url=LOCAL)
    assert client.get("/api/events", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    refused = client.get("/api/events")  # same URL, no token: the gate answers before the cache
    assert refused.status_code == 401
    cache = cache_of(app)
    assert cache.hits == 0
    for _ in range(2):
        assert client.get("/api/events/ffffffffffff", headers={"Authorization": "Bearer s3cret-token"}).status_code == 404
    assert cache.hits == 0 and len(cache.entries) == 1


def test_no_cache_when_asked_or_for_a_postgresql_store(store):
    app = create_app(store, cache=False)
    client = TestClient(app, base_url=LOCAL)
    client.get("/api/stats")
    client.get("/api/stats")
    app.build_middleware_stack()
    layer, kinds = app.middleware_stack, []
    while hasattr(layer, "app"):
        kinds.append(type(layer))
        layer = layer.app
    assert ResponseCache not in kinds
    assert not ResponseCache(None, "postgresql://u@localhost/db").enabled


def test_while_a_writer_holds_the_store_cached_answers_are_served_and_new_ones_wait(store, monkeypatch):
    """A batch being written (the writer holds FILE.turn, the file changes): what the cache holds is the
    last committed state and is answered at once; what it does not hold waits for the writer."""
    import os
    import time

    from eventwire.store.duckdb_store import Turnstile

    monkeypatch.setenv("EVENTWIRE_LOCK_WAIT", "0.5")
    app = create_app(store)
    client = TestClient(app, base_url=LOCAL, raise_server_exceptions=False)
    before = client.get("/api/stats")
    writer = Turnstile(str(store))
    assert writer.hold(time.monotonic() + 5)
    try:
        later = time.time() + 5
        os.utime(store, (later, later))  # the file changes under the writer
        started = time.monotonic()
        during = client.get("/api/stats")
        assert during.status_code == 200 and during.content == before.content
        assert time.monotonic() - started < 0.4  # no wait for the writer
        waited = client.get("/api/events", params={"limit": 2})  # not cached: waits, then busy
        assert waited.status_code == 503 and waited.json()["error"]["code"] == "E601"
    finally:
        writer.let_go()
    cache = cache_of(app)
    client.get("/api/stats")  # the writer is gone: the change empties the cache
    assert cache.fingerprint == store_fingerprint(str(store)) and len(cache.entries) == 1
