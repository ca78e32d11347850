"""Every route and every parameter of the OpenAPI schema, fed hostile values.

Injection payloads, path traversal, wrong types, out-of-range numbers and
very long strings must give 200/404/422 (or 401 without a token), never a
500, never a file outside the static folder, and must leave the store as it
was (SQL is parameterised, so a payload is only ever a value).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only

INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE events; --",
    "ISR') UNION SELECT text, text, text FROM articles --",
    '" OR ""="',
    "%' AND 1=1 --",
    "1; SELECT pg_sleep(5)",
    "\\'; COPY articles TO '/tmp/leak.csv'; --",
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "<script>alert(1)</script>",
    "\u0000",
    "\u202e\u200f",
    "a" * 5000,
]
NUMBERS = ["-1", "0", "99999999999999999999", "1e309", "NaN", "abc", "1.5", ""]
ALLOWED = {200, 404, 422}


@pytest.fixture(scope="module")
def app(demo_store):
    return create_app(demo_store)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False, base_url=LOCAL)


def _fingerprint(db: Path) -> str:
    from eventwire.db import Eventwire

    with Eventwire(db, read_only=True) as ew:
        stats = ew.stats()
    return hashlib.sha256(repr(sorted(stats.items())).encode()).hexdigest()


def _routes(client):
    spec = client.get("/api/openapi.json").json()
    for path, methods in spec["paths"].items():
        op = methods.get("get")
        if op:
            yield path, op.get("parameters", [])


def _fill(path: str, params: list[dict], override: dict[str, str]) -> str:
    def value(p: dict) -> str:
        if p["name"] in override:
            return override[p["name"]]
        return "1" if _kind(p) == "integer" else "abcdef12"

    for p in params:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", value(p))
    return path


def _kind(p: dict) -> str:
    schema = p.get("schema", {})
    return schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type") != "null"), "string")


def _payloads(p: dict) -> list[str]:
    """Numbers get every bad number and a few injections; text gets every injection and a few bad numbers."""
    if _kind(p) in ("integer", "number", "boolean"):
        return NUMBERS + INJECTIONS[:3]
    return INJECTIONS + NUMBERS[:3]


def test_the_schema_has_routes_and_parameters(client):
    routes = list(_routes(client))
    assert len(routes) >= 15
    assert sum(len(params) for _, params in routes) >= 60


@pytest.mark.slow
def test_every_query_parameter_with_hostile_values(client, demo_store):
    before = _fingerprint(demo_store)
    checked = 0
    for path, params in _routes(client):
        for p in (q for q in params if q["in"] == "query"):
            for payload in _payloads(p):
                url = _fill(path, params, {})
                response = client.get(url, params={p["name"]: payload})
                assert response.status_code in ALLOWED, (url, p["name"], payload[:40], response.status_code)
                assert "Traceback" not in response.text and "duckdb" not in response.text.lower()
                checked += 1
    assert checked > 400
    assert _fingerprint(demo_store) == before


def test_every_path_parameter_with_hostile_values(client, demo_store):
    before = _fingerprint(demo_store)
    for path, params in _routes(client):
        for p in (q for q in params if q["in"] == "path"):
            for payload in INJECTIONS + NUMBERS:
                if not payload or "/" in payload:
                    continue  # a path segment cannot be empty or hold a slash
                url = _fill(path, params, {p["name"]: quote(payload, safe="")})
                response = client.get(url)
                assert response.status_code in ALLOWED, (url[:80], response.status_code)
    assert _fingerprint(demo_store) == before


@pytest.mark.parametrize("url", [
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2fapi.py",
    "/static/world/../../../api.py",
    "/static//etc/passwd",
    "/api/articles/..%2F..%2Fetc%2Fpasswd",
    "/articles/..%2F..%2Fetc%2Fpasswd",
])
def test_no_path_escapes_the_package(client, url):
    response = client.get(url)
    assert response.status_code in (404, 422, 400)
    assert "root:" not in response.text and "def create_app" not in response.text


def test_pages_with_hostile_filters_render_escaped(client):
    for url in ("/events", "/overview", "/stories", "/search", "/actors", "/places"):
        response = client.get(url, params={"q": "<script>alert(1)</script>", "country": "<b>x</b>"})
        assert response.status_code in ALLOWED
        assert "<script>alert(1)</script>" not in response.text
        assert not re.search(r"<b>x</b>", response.text)
