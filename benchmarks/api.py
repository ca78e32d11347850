"""p50/p95 latency of the web UI's main page and the main API queries on 1,000,000 synthetic events.

Builds a scratch store (50,000 articles, 1,000,000 events generated with SQL:
16 event types, 30 actor codes, two years of dates, 60% with a place), starts
a real `eventwire serve` on loopback and times sequential requests through
HTTP (the store is opened read-only per request, as in production). Until
stories land, the overview page (the same four drawings the story page will
have, over every event) stands in for the story page.

    python benchmarks/api.py [--events 1000000] [--requests 30]

The headline figure, printed last, is the worst p95 over the main queries
(deep paging, offset = half the events, is printed first but not counted).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from eventwire.store import DuckDBStore

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
QUAD = [1, 1, 1, 1, 2, 2, 2, 1, 3, 3, 3, 4, 3, 4, 4, 4]
CODES = ["ISR", "PSE", "USA", "EGY", "QAT", "GEO", "RUS", "UKR", "SDN", "TCD", "VEN", "COL", "ARM", "AZE", "IRN",
         "IRQ", "SYR", "LBN", "TUR", "FRA", "DEU", "GBR", "CHN", "IND", "PAK", "AFG", "YEM", "SAU", "ETH", "SOM"]
WORDS = ["ceasefire", "talks", "border", "troops", "protest", "aid", "convoy", "strike", "minister", "election",
         "court", "village", "crossing", "market", "rally", "sanctions", "envoy", "shelling", "hostages", "police"]


def build_store(path: Path, n_events: int, n_articles: int) -> None:
    """Create the schema through the store (migrations), then fill it with set-based SQL."""
    with DuckDBStore(path) as store:
        con = store.con
        words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
        con.execute(f"""
            INSERT INTO articles (id, url, source, title, published, published_precision, published_basis,
                                  language, format, text, headings, seq, ingested_at)
            SELECT substr(md5('a' || i), 1, 16), 'https://news.example/' || i, 'Outlet ' || (i % 40),
                   'Report ' || i || ' on ' || {words}[1 + i % 20] || ' and ' || {words}[1 + (i * 7) % 20],
                   DATE '2023-01-01' + CAST(i % 730 AS INTEGER), 'day', 'metadata', 'en', 'txt',
                   repeat('Officials said the ' || {words}[1 + i % 20] || ' near the ' || {words}[1 + (i * 3) % 20]
                          || ' continued on Monday. ', 8) || 'Report number ' || i || '.',
                   '[]', i, now()
            FROM range(1, {n_articles} + 1) t(i)
        """)
        types = "[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
        quads = "[" + ", ".join(str(q) for q in QUAD) + "]"
        codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
        con.execute(f"""
            INSERT INTO events
            SELECT id, article_id, 0, event, NULL, '190', '19', quad, goldstein, NULL, NULL, 'asserted', NULL,
                   actor_code || ' forces', actor_code, 'MIL', recipient_code || ' officials', recipient_code, 'GOV',
                   CAST(day AS VARCHAR), day, 'day', 'publication',
                   CASE WHEN located THEN 'Place ' || (i % 500) END, CASE WHEN located THEN 100000 + i % 500 END,
                   CASE WHEN located THEN -40 + (i % 500) * 0.16 END, CASE WHEN located THEN -20 + (i % 500) * 0.3 END,
                   CASE WHEN located THEN recipient_code END, NULL, CASE WHEN located THEN 'clause' ELSE 'unknown' END,
                   sentence, 0.7, i,
                   json_object('id', id, 'event', event, 'quad_class', quad, 'goldstein', goldstein,
                               'modality', 'asserted', 'date', CAST(day AS VARCHAR), 'date_precision', 'day',
                               'date_basis', 'publication', 'location', NULL, 'location_basis', 'unknown',
                               'counts', json('[]'), 'context', json('[]'), 'confidence', 0.7,
                               'actor', json_array(json_object('text', actor_code || ' forces', 'code', actor_code, 'sector', 'MIL')),
                               'recipient', json_array(json_object('text', recipient_code || ' officials', 'code', recipient_code, 'sector', 'GOV')),
                               'evidence', json_array(json_object('article_id', article_id, 'sentence_index', 0,
                                   'sentence', sentence, 'trigger', json_array(0, 9), 'arguments', json_object(),
                                   'rule', 'synthetic', 'confidence', 0.7)))
            FROM (
                SELECT i, substr(md5('e' || i), 1, 16) AS id, substr(md5('a' || (1 + i % {n_articles})), 1, 16) AS article_id,
                       {types}[1 + i % 16] AS event, {quads}[1 + i % 16] AS quad,
                       CASE WHEN {quads}[1 + i % 16] <= 2 THEN 3.0 ELSE -7.0 END AS goldstein,
                       {codes}[1 + (i * 7) % 30] AS actor_code, {codes}[1 + (i * 13 + 5) % 30] AS recipient_code,
                       DATE '2023-01-01' + CAST((i * 31) % 730 AS INTEGER) AS day, i % 5 < 3 AS located,
                       'Synthetic sentence ' || i || ' about the ' || {words}[1 + i % 20] || '.' AS sentence
                FROM range(1, {n_events} + 1) t(i)
            )
        """)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per query (after 3 warm-ups)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build_store(db, args.events, args.articles)
        print(f"store: {args.events:,} events, {args.articles:,} articles built in {time.perf_counter() - t0:.1f} s "
              f"({db.stat().st_size / 2**20:.0f} MiB)")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                for _ in range(100):
                    try:
                        if client.get("/api/stats").status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                some_event = client.get(f"/api/events?limit=1&offset={args.events // 2}").json()["items"][0]
                queries = [
                    ("API events, first page", "/api/events?limit=50"),
                    ("API events, filtered", "/api/events?country=ISR&type=ASSAULT&since=2023-06-01&until=2024-06-01&limit=50"),
                    ("API one event", f"/api/events/{some_event['id']}"),
                    ("API one article", f"/api/articles/{some_event['article_id']}"),
                    ("API actors", "/api/actors?limit=50"),
                    ("API one actor", "/api/actors/ISR"),
                    ("API places", "/api/places?limit=100"),
                    ("API time series by dyad, weekly", "/api/timeseries?by=dyad&interval=week&top=10"),
                    ("API time series by quad class, daily", "/api/timeseries?by=quad_class&interval=day"),
                    ("API search", "/api/search?q=ceasefire+border&limit=20"),
                    ("page: event", f"/events/{some_event['id']}"),
                    ("page: actor ISR (four drawings)", "/actors/ISR"),
                    ("page: overview, filtered to one country", "/?country=ISR"),
                    ("page: overview of all events (stands in for the story page)", "/"),
                ]
                # deep paging sorts the whole table: reported, but not one of the main queries
                extra = [("API events, deep page by date (offset = half the events)", f"/api/events?order=-date&limit=50&offset={args.events // 2}")]
                worst = 0.0
                for name, url in extra + queries:
                    for _ in range(3):
                        assert client.get(url).status_code == 200, url
                    times = []
                    for _ in range(args.requests):
                        start = time.perf_counter()
                        r = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                        assert r.status_code == 200, (url, r.status_code)
                    p50, p95 = statistics.median(times), percentile(times, 0.95)
                    if (name, url) in queries:
                        worst = max(worst, p95)
                    print(f"{name:<62} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"worst p95 over the main queries on {args.events:,} events: {worst:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
