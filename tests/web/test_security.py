"""Security basics: headers, escaping, static paths, the token, and a store locked by a writer."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.web.app import create_app
from eventwire.web.html import templates

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "web" / "templates"


@pytest.fixture(scope="module")
def client(located_store):
    return TestClient(create_app(located_store), base_url=LOCAL)


#: the Content-Security-Policy every answer carries, directive by directive (written out here, not
#: imported from eventwire.web.security, so that a change to the policy has to change this test too)
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
#: every other security header, with its exact value
EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def parse_csp(header: str) -> dict[str, list[str]]:
    """A CSP header as {directive: [sources]}; a directive given twice fails (browsers keep the first)."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if not words:
            continue
        name = words[0].lower()
        assert name not in directives, f"{name} given twice in {header!r}"
        directives[name] = words[1:]
    return directives


def test_parse_csp():
    assert parse_csp("default-src 'self'; img-src 'self' data: ;") == {"default-src": ["'self'"],
                                                                      "img-src": ["'self'", "data:"]}
    with pytest.raises(AssertionError):
        parse_csp("script-src 'self'; script-src https:")


@pytest.mark.parametrize("url", ["/", "/events", "/api/events", "/api/stats", "/static/eventwire.js", "/nope",
                                 "/api/nope", "/api/events?limit=-5"])
def test_every_response_has_exactly_the_security_headers(client, url):
    """Mutations this catches (each planted in web/security.py and seen failing):
    ``script-src 'self' https: 'unsafe-eval'``; ``frame-ancestors 'none'`` removed; ``base-uri 'none'``
    removed; ``object-src 'self'``; ``X-Frame-Options: SAMEORIGIN``; ``Referrer-Policy`` dropped."""
    r = client.get(url)
    assert parse_csp(r.headers["content-security-policy"]) == EXPECTED_CSP
    assert len(r.headers.get_list("content-security-policy")) == 1
    for name, value in EXPECTED_HEADERS.items():
        assert r.headers.get_list(name) == [value], name


def test_refusals_and_redirects_carry_the_security_headers_too(located_store):
    """A 401 (API and login page) and the 303 after a ``?token=`` login are answers like any other."""
    anon = TestClient(create_app(located_store, token="s3cret-token"), base_url=LOCAL)
    for r in (anon.get("/api/events"), anon.get("/events"),
              anon.get("/events?token=s3cret-token", follow_redirects=False)):
        assert r.status_code in (303, 401)
        assert parse_csp(r.headers["content-security-policy"]) == EXPECTED_CSP, r.status_code
        for name, value in EXPECTED_HEADERS.items():
            assert r.headers.get_list(name) == [value], (r.status_code, name)


def test_templates_autoescape_and_have_no_inline_script_or_handlers():
    assert templates.env.autoescape is True
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text()
        assert "|safe" not in source.replace(" ", ""), path.name
        assert not re.search(r"\son[a-z]+\s*=", source), f"inline event handler in {path.name}"
        for tag in re.findall(r"<script[^>]*>", source):
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script in {path.name}"


@pytest.mark.parametrize("path", [
    "/static/..%2f..%2fapi.py", "/static/%2e%2e/%2e%2e/api.py", "/static/../../db.py",
    "/static/..%5c..%5capi.py", "/static//etc/passwd", "/static/world/..%2f..%2f..%2fapi.py",
])
def test_static_routes_do_not_leave_the_static_folder(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert b"create_app" not in r.content and b"root:" not in r.content


def test_sql_metacharacters_are_just_text(client):
    assert client.get("/api/events", params={"actor": "x' OR '1'='1"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "'; DROP TABLE articles; --"}).json()["total"] == 0
    assert client.get("/api/stats").json()["articles"] == 3


def test_token_protects_api_and_pages(located_store):
    app = create_app(located_store, token="s3cret-token")
    anon = TestClient(app, base_url=LOCAL)
    r = anon.get("/api/events")
    assert r.status_code == 401 and r.json()["error"]["code"] == "E602" and r.headers["www-authenticate"] == "Bearer"
    page = anon.get("/events")
    assert page.status_code == 401 and 'name="token"' in page.text
    assert anon.get("/static/eventwire.css").status_code == 200  # assets for the login page
    assert anon.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anon.get("/api/events", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert anon.get("/api/events", headers={"X-Eventwire-Token": "s3cret-token"}).status_code == 200
    assert anon.get("/events?token=wrong", follow_redirects=False).status_code == 401
    browser = TestClient(app, base_url=LOCAL)
    login = browser.get("/events?type=ASSAULT&token=s3cret-token", follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/events?type=ASSAULT"
    cookie = login.cookies.get("eventwire_session")
    assert cookie and "s3cret-token" not in cookie and "httponly" in login.headers["set-cookie"].lower()
    assert browser.get("/events?type=ASSAULT").status_code == 200  # the cookie now does it


def test_login_form_never_posts_off_site(located_store):
    anon = TestClient(create_app(located_store, token="t"), base_url=LOCAL)
    page = anon.get("//evil.example/x")
    assert 'action="//' not in page.text


HOLD_WRITE_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)")
print("locked", flush=True)
time.sleep(30)
"""


def test_store_locked_by_a_writer_gives_503_with_retry_after(located_store, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_LOCK_WAIT", "1")  # a request waits this long for a writer before the 503
    db = tmp_path / "busy.duckdb"
    db.write_bytes(Path(located_store).read_bytes())
    client = TestClient(create_app(db), base_url=LOCAL)
    assert client.get("/api/stats").status_code == 200
    writer = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        r = client.get("/api/events")
        assert r.status_code == 503 and r.headers["retry-after"] == "2"
        assert r.json()["error"]["code"] == "E601"
        page = client.get("/events")
        assert page.status_code == 503 and "try again" in page.text.lower() and "Traceback" not in page.text
    finally:
        writer.kill()
        writer.wait()
    deadline = time.time() + 10
    while time.time() < deadline and client.get("/api/stats").status_code != 200:
        time.sleep(0.2)
    assert client.get("/api/stats").status_code == 200  # serves again once the writer is gone
