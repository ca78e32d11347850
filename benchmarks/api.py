"""p50/p95 latency of the story page, the storylines overview and the main API queries on 1,000,000 events.

Builds a scratch store with SQL (``_synthetic_store.py``: 50,000 articles,
1,000,000 event mentions, about 333,000 merged events, one large storyline
of 2,000 articles and 480 typical ones of 100 articles), starts a real
`eventwire serve --no-cache` on loopback and times sequential requests
through HTTP (the store is opened read-only per request, as in production;
the answer cache is off, or repeats would come from memory:
``benchmarks/load.py`` measures the server with it).

The typical-story figures request a different storyline each time (30 of
them), so nothing is served warm from a previous request of the same page.

    python benchmarks/api.py [--events 1000000] [--requests 30]

Printed last: the story page's p95 for a typical storyline (the headline),
after the worst p95 over all the main queries.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _serving import free_port, percentile, wait_for
from _synthetic_store import TYPICAL_STORY, build_store, large_story_id, typical_story_ids


def time_urls(client: httpx.Client, urls: list[str], requests: int) -> tuple[float, float]:
    """Warm up on the first URL, then request ``requests`` URLs round-robin; (p50, p95) in ms."""
    for _ in range(3):
        assert client.get(urls[0]).status_code == 200, urls[0]
    times = []
    for i in range(requests):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return statistics.median(times), percentile(times, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--big-story", type=int, default=2000, help="articles in the large storyline")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per query (after 3 warm-ups)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build_store(db, args.events, args.articles, args.big_story)
        print(f"store: {args.events:,} events, {args.articles:,} articles built in {time.perf_counter() - t0:.1f} s "
              f"({db.stat().st_size / 2**20:.0f} MiB)")
        port = free_port()
        server = subprocess.Popen(
            # --no-cache: every request runs its queries (the answer cache would serve repeats from memory)
            [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port), "--no-cache"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                wait_for(f"http://127.0.0.1:{port}")
                typical = typical_story_ids(args.articles, args.big_story, 30)
                large = large_story_id()
                sizes = {sid: client.get(f"/api/stories/{sid}?limit=1").json() for sid in (typical[0], large)}
                print(f"typical storyline: {TYPICAL_STORY} articles, {sizes[typical[0]]['num_events']:,} merged events; "
                      f"large storyline: {args.big_story:,} articles, {sizes[large]['num_events']:,} merged events")
                event = client.get(f"/api/events?limit=1&offset={args.events // 2}").json()["items"][0]
                merged = client.get(f"/api/merged-events?story={large}&limit=1&offset=100").json()["items"][0]
                queries = [
                    ("page: story, typical storyline (30 different ones)", [f"/stories/{s}" for s in typical]),
                    ("page: story, large storyline", [f"/stories/{large}"]),
                    ("page: home (storylines overview)", ["/"]),
                    ("page: overview of all events (four drawings)", ["/overview"]),
                    ("page: overview filtered to one country", ["/overview?country=ISR"]),
                    ("page: merged event (every mention)", [f"/merged/{merged['id']}"]),
                    ("page: event", [f"/events/{event['id']}"]),
                    ("page: actor ISR (four drawings)", ["/actors/ISR"]),
                    ("API stories, first page", ["/api/stories?limit=50"]),
                    ("API one story, typical (30 different ones)", [f"/api/stories/{s}" for s in typical]),
                    ("API one story, large (first 500 timeline rows)", [f"/api/stories/{large}"]),
                    ("API merged events of the large story", [f"/api/merged-events?story={large}&limit=50"]),
                    ("API one merged event", [f"/api/merged-events/{merged['id']}"]),
                    ("API contradictions of the large story", [f"/api/contradictions?story={large}&limit=50"]),
                    ("API events, first page", ["/api/events?limit=50"]),
                    ("API events, filtered", ["/api/events?country=ISR&type=ASSAULT&since=2023-06-01&until=2024-06-01&limit=50"]),
                    ("API one event", [f"/api/events/{event['id']}"]),
                    ("API one article", [f"/api/articles/{event['article_id']}"]),
                    ("API actors", ["/api/actors?limit=50"]),
                    ("API one actor", ["/api/actors/ISR"]),
                    ("API places", ["/api/places?limit=100"]),
                    ("API time series by dyad, weekly", ["/api/timeseries?by=dyad&interval=week&top=10"]),
                    ("API time series by quad class, daily", ["/api/timeseries?by=quad_class&interval=day"]),
                    ("API search", ["/api/search?q=ceasefire+border&limit=20"]),
                ]
                # deep paging sorts the whole table: reported, but not one of the main queries
                extra = [("API events, deep page by date (offset = half the events)",
                          [f"/api/events?order=-date&limit=50&offset={args.events // 2}"])]
                worst, figures = 0.0, {}
                for name, urls in extra + queries:
                    p50, p95 = time_urls(client, urls, args.requests)
                    figures[name] = p95
                    if (name, urls) in queries:
                        worst = max(worst, p95)
                    print(f"{name:<56} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"worst p95 over the main queries on {args.events:,} events: {worst:.1f} ms (target < 300 ms)")
    print(f"story page p95, typical storyline, {args.events:,} events in the store: "
          f"{figures[queries[0][0]]:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
